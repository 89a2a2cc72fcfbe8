import { Badge, Code, createTheme } from '@mantine/core';

// System fonts only: nothing extra to download on a slow link, and every platform has one
// that covers Latin and Arabic scripts.
const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'blue',
  fontFamily: systemFonts,
  headings: { fontFamily: systemFonts },
  defaultRadius: 'sm',
  components: {
    // Badges sit in table cells; a squeezed column must not cut "Active" down to "Act…".
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
    // Identifiers and hashes (a 64-character audit hash, a request id) have no space to wrap at:
    // on a phone they break anywhere rather than push the page wider than the screen.
    Code: Code.extend({ styles: { root: { overflowWrap: 'anywhere' } } }),
  },
});
