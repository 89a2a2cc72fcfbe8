/**
 * The flags every headless Chromium of Tadrib starts with: the PDF printer (server/platform/pdf.ts),
 * the browser journeys (test/e2e/browser.ts) and the slow-link benchmark (bench/reach.ts). No
 * sandbox (containers have no user namespaces), no GPU, and nothing fetched behind the page's back
 * (updates, sync, QUIC), so that a print or a measurement sees only its own requests.
 */
export const chromiumFlags: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
