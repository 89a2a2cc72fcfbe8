import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_THEME, isLightColor, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrastRatio, cssVariablesResolver, mainShade, minimumTextContrast, theme } from './theme';

const merged = mergeMantineTheme(DEFAULT_THEME, theme);
const { light } = cssVariablesResolver(merged);
const pages = [merged.white, merged.colors.gray[0], merged.colors.gray[1]];

describe('theme contrast (WCAG 2.1 AA, 4.5:1)', () => {
  it('helper text and links read on white and grey pages', () => {
    for (const background of pages) {
      expect(contrastRatio(light['--mantine-color-dimmed'] as string, background)).toBeGreaterThanOrEqual(minimumTextContrast);
      expect(contrastRatio(light['--mantine-color-anchor'] as string, background)).toBeGreaterThanOrEqual(minimumTextContrast);
    }
  });

  it.each(Object.keys(merged.colors).filter((name) => name !== 'dark'))('%s text reads on pages and on its own tint', (name) => {
    const shades = merged.colors[name] as readonly string[];
    for (const background of pages) {
      expect(contrastRatio(light[`--mantine-color-${name}-text`] as string, background)).toBeGreaterThanOrEqual(
        minimumTextContrast,
      );
    }
    for (const background of [...pages, shades[1] as string, shades[2] as string]) {
      expect(contrastRatio(light[`--mantine-color-${name}-light-color`] as string, background)).toBeGreaterThanOrEqual(
        minimumTextContrast,
      );
    }
  });

  it.each(Object.keys(merged.colors))('filled %s carries the text colour Mantine picks for it at 4.5:1', (name) => {
    const filled = (merged.colors[name] as readonly string[])[mainShade] as string;
    // What Mantine's auto contrast writes on a filled badge or button (parseThemeColor).
    const text = isLightColor(filled, merged.luminanceThreshold) ? merged.black : merged.white;
    expect(contrastRatio(filled, text)).toBeGreaterThanOrEqual(minimumTextContrast);
  });
});

/** Each `<Menu.Item … color=…>` in the web sources, as `file: line`. */
function colouredMenuEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return colouredMenuEntries(full);
    if (!entry.name.endsWith('.tsx')) return [];
    return readFileSync(full, 'utf8')
      .split('\n')
      .flatMap((line, index) => (/<Menu\.Item\b[^>]*\scolor=/.test(line) ? [`${path.basename(full)}: ${index + 1}`] : []));
  });
}

describe('menu entries', () => {
  // Mantine draws a menu entry's `color` in shade 6 (red 6 reads at 3.5:1 on white); `c` takes the
  // theme's readable text colour instead.
  it('take their colour as text (c), never as color', () => {
    expect(colouredMenuEntries(import.meta.dirname)).toEqual([]);
  });
});
