import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { transitionsEnded } from './browser';

/** axe-core's checks of WCAG 2.0 and 2.1, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const blocking = new Set(['serious', 'critical']);

/** A serious or critical violation on one screen: which rule, and the elements that break it. */
export type Violation = { rule: string; impact: string; targets: string[] };

/**
 * Runs axe-core on what the page shows now (open dialogs and menus included) and returns its
 * serious and critical violations. The script is evaluated by the browser's debugger, which the
 * app's Content-Security-Policy does not restrict.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await transitionsEnded(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async (tags) => {
    // axe skips text it takes for an icon font's ligature: it compares the text drawn whole with its
    // first letter drawn alone, which joined Arabic letters always fail, so on an Arabic page no text
    // had its contrast checked. axe decides per font family from the first three texts it meets in
    // it: three Latin words first, in the page's own font, make it check every Arabic text.
    const probe = document.createElement('div');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.cssText = 'background:#fff;color:#000;font-size:10px;line-height:1';
    for (const word of ['Latin', 'text', 'first'])
      probe.append(Object.assign(document.createElement('span'), { textContent: word }));
    document.body.prepend(probe);
    try {
      return await (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
    } finally {
      probe.remove();
    }
  }, wcagTags);
  return result.violations
    .filter((v) => v.impact && blocking.has(v.impact))
    .map((v) => ({ rule: v.id, impact: v.impact as string, targets: v.nodes.map((node) => node.target.join(' ')) }));
}

/** One line per violation: `<where>: serious color-contrast (3) a.x | p.y`. */
export const describeViolations = (where: string, violations: Violation[]) =>
  violations.map((v) => `${where}: ${v.impact} ${v.rule} (${v.targets.length}) ${v.targets.slice(0, 5).join(' | ')}`);
