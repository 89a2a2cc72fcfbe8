import {
  type Badge,
  type Code,
  type CSSVariablesResolver,
  createTheme,
  darken,
  luminance,
  type MantineTheme,
  type MantineThemeComponent,
  type Menu,
  mergeThemeOverrides,
  type Notification,
  type Table,
} from '@mantine/core';

/**
 * A component's theme entry, typed as its own `Component.extend` types it (Mantine's `extend` only
 * returns its input) without importing the component: importing Menu or Table here would put them,
 * and the positioning code menus need, in the code the sign-in page waits for.
 */
const extend = <Component extends { extend: (input: never) => MantineThemeComponent }>(
  input: Parameters<Component['extend']>[0],
): MantineThemeComponent => input as MantineThemeComponent;

// System fonts only: nothing extra to download on a slow link, and every platform has one
// that covers Latin and Arabic scripts.
const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif';

/** WCAG 2.1 AA (1.4.3): the contrast ratio text of normal size needs against its background. */
export const minimumTextContrast = 4.5;

export const contrastRatio = (a: string, b: string): number => {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
};

/** The colour itself when it reads on every background given, else the least darkened version that does. */
export function readableOn(colour: string, backgrounds: string[]): string {
  let readable = colour;
  for (let step = 1; backgrounds.some((bg) => contrastRatio(readable, bg) < minimumTextContrast); step++) {
    readable = darken(colour, step * 0.05);
  }
  return readable;
}

/** The shade of filled buttons, links and coloured text: blue 8 carries white text at 5:1. */
export const mainShade = 8;

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: mainShade,
  // Filled badges and buttons write black on a light colour and white on a dark one, switching
  // where both reach 4.5:1 (a background's luminance of 0.179).
  autoContrast: true,
  luminanceThreshold: 0.179,
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts },
  defaultRadius: 'sm',
  components: {
    // Badges sit in table cells; a squeezed column must not cut "Active" down to "Act…".
    Badge: extend<typeof Badge>({ styles: { root: { minWidth: 'max-content' } } }),
    // Identifiers and hashes (a 64-character audit hash, a request id) have no space to wrap at:
    // on a phone they break anywhere rather than push the page wider than the screen.
    Code: extend<typeof Code>({ styles: { root: { overflowWrap: 'anywhere' } } }),
    // Mantine's hidden focus placeholder is a focusable child a menu may not hold (ARIA); without
    // it the menu opens with its first entry focused.
    Menu: extend<typeof Menu>({ defaultProps: { withInitialFocusPlaceholder: false } }),
    // A table wider than its frame scrolls inside it: keyboard users scroll it once it has focus.
    TableScrollContainer: extend<typeof Table.ScrollContainer>({
      defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } },
    }),
  },
});

/**
 * Text colours that read at 4.5:1 wherever the default palette puts them: helper text (dimmed)
 * and links on white and on the grey of the sign-in frame, coloured text (`c="green"`) and the
 * text of light and outline badges and buttons on their own tint. Mantine's green, orange,
 * yellow, lime and teal stay too light even at their darkest shade, so they are darkened just
 * enough.
 */
export const cssVariablesResolver: CSSVariablesResolver = (mantine: MantineTheme) => {
  const pages = [mantine.white, mantine.colors.gray[0], mantine.colors.gray[1]];
  const primary = mantine.colors[mantine.primaryColor] ?? mantine.colors.blue;
  const light: Record<string, string> = {
    '--mantine-color-dimmed': readableOn(mantine.colors.gray[6], pages),
    // Placeholders drawn as text (a file input's "choose a file") are read like helper text.
    '--mantine-color-placeholder': readableOn(mantine.colors.gray[6], pages),
    // Links also sit on the tint of the menu's current entry.
    '--mantine-color-anchor': readableOn(primary[mainShade], [...pages, primary[1]]),
  };
  for (const [name, shades] of Object.entries(mantine.colors)) {
    if (name === 'dark') continue;
    const onPage = readableOn(shades[mainShade], pages);
    light[`--mantine-color-${name}-text`] = onPage;
    light[`--mantine-color-${name}-outline`] = onPage;
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], [...pages, shades[1], shades[2]]);
  }
  return { variables: {}, light, dark: {} };
};

/** The theme with the names of the close buttons Mantine draws itself (notifications), in the reader's language. */
export const themeFor = (closeLabel: string) =>
  mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        Notification: extend<typeof Notification>({ defaultProps: { closeButtonProps: { 'aria-label': closeLabel } } }),
      },
    }),
  );
