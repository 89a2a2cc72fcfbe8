import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/precompress.ts';

const vendorGroups = [
  { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  {
    name: 'mantine',
    test: /[\\/]node_modules[\\/](@mantine|@floating-ui|react-remove-scroll|react-textarea-autosize|clsx)[\\/]/,
  },
  { name: 'tanstack', test: /[\\/]node_modules[\\/]@tanstack[\\/]/ },
  { name: 'i18n', test: /[\\/]node_modules[\\/](i18next|react-i18next)[\\/]/ },
  // The forms check the server's request schemas in the browser.
  { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
];

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // Vendor code changes less often than the app: separate chunks stay cached across releases,
    // which matters to users on slow links.
    rolldownOptions: { output: { codeSplitting: { groups: vendorGroups } } },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
