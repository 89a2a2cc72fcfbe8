/**
 * `npx tsx scripts/app-icons.ts`: renders the app icon (web/public/icons/icon.svg) to the PNG sizes
 * the web app manifest names, with the system Chromium. Run after changing the SVG; the PNGs are
 * committed, so that a build needs no browser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/public/icons');
const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');

// A maskable icon keeps its drawing inside the central 80 % (the safe zone), on a full-bleed background.
const sizes = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  for (const { file, size, maskable } of sizes) {
    await page.setViewportSize({ width: size, height: size });
    const inner = maskable ? Math.round(size * 0.8) : size;
    const html = `<body style="margin:0;background:${maskable ? '#1c7ed6' : 'transparent'};display:grid;place-items:center;width:${size}px;height:${size}px">
      <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body>`;
    await page.setContent(html);
    await page.screenshot({ path: path.join(dir, file), omitBackground: !maskable });
  }
} finally {
  await browser.close();
}
