import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.ts';

const mantine = /[\\/]node_modules[\\/](@mantine|@floating-ui|react-remove-scroll|react-textarea-autosize|clsx)[\\/]/;

/**
 * Vendor code changes less often than the app: separate chunks stay cached across releases, which
 * matters to users on slow links. What the first page needs (`$initial`: the entry's static imports)
 * comes in six files fetched at once from index.html, as many as a browser's connections to a site;
 * the two smallest (the bundler's runtime and boot.ts) free theirs at once for the session and the
 * catalogue that boot.ts asks for meanwhile. What only later pages use comes in one chunk of the
 * rest of Mantine and one of the shared app code, not in dozens of small files each costing a round
 * trip.
 */
const chunkGroups = [
  // web/src/boot.ts and what it runs, alone: it must not wait for any other chunk.
  { name: 'boot', test: /[\\/]web[\\/]src[\\/](boot|api[\\/]early|i18n[\\/]catalogues)\.ts$/ },
  {
    name: 'vendor',
    test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@tanstack|i18next|react-i18next)[\\/]/,
  },
  { name: 'mantine', test: mantine, tags: ['$initial' as const] },
  // The forms check the server's request schemas in the browser.
  { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
  { name: 'mantine-more', test: mantine },
  { name: 'app', tags: ['$initial' as const] },
  { name: 'shared', minShareCount: 2 },
];

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: { groups: chunkGroups } } },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
