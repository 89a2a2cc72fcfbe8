import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { locales } from './contract/enums';
import { precompress } from './scripts/precompress.ts';
import { offlineReads, PERSONAL_DATA_CACHE } from './web/src/offline/caches';

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
  // Menus and popovers, with their positioning code: the first page's language menu fetches them
  // once drawn (web/src/components/LanguageSwitch.tsx), without the rest of Mantine.
  {
    name: 'mantine-menu',
    test: /[\\/]node_modules[\\/](@floating-ui[\\/]|@mantine[\\/]core[\\/]esm[\\/](components[\\/](Menu|Popover)|utils[\\/]Floating)[\\/])/,
  },
  // The forms check the server's request schemas in the browser.
  { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
  { name: 'mantine-more', test: mantine },
  { name: 'app', tags: ['$initial' as const] },
  { name: 'shared', minShareCount: 2 },
];

const catalogue = (locale: string): { app: { name: string; tagline: string } } =>
  JSON.parse(readFileSync(new URL(`./web/src/i18n/${locale}.json`, import.meta.url), 'utf8'));

/**
 * One web app manifest per language (manifest-<lang>.webmanifest), named from that language's
 * catalogue; the page points its <link rel="manifest"> at the reader's language
 * (web/src/offline/serviceWorker.ts), so the installed app is named in it.
 */
function webAppManifests(): Plugin {
  return {
    name: 'tadrib-web-app-manifests',
    apply: 'build',
    generateBundle() {
      for (const locale of locales) {
        const { app } = catalogue(locale);
        const manifest = {
          id: '/',
          name: app.name,
          short_name: app.name,
          description: app.tagline,
          lang: locale,
          dir: locale === 'ar' ? 'rtl' : 'ltr',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          theme_color: '#1c7ed6',
          background_color: '#ffffff',
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        };
        this.emitFile({ type: 'asset', fileName: `manifest-${locale}.webmanifest`, source: JSON.stringify(manifest, null, 2) });
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [
    react(),
    webAppManifests(),
    // The service worker (registered in production builds only, web/src/offline/serviceWorker.ts):
    // the app shell and hashed assets precached; app routes fall back to index.html offline (never
    // /api); the reads the offline pages need answered from the network first, from the cache
    // only without network; the app empties that cache at sign-in and sign-out.
    VitePWA({
      injectRegister: false,
      manifest: false,
      strategies: 'generateSW',
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        // The results map's data and large vendor chunks are assets too.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            urlPattern: offlineReads,
            handler: 'NetworkFirst',
            method: 'GET',
            options: {
              cacheName: PERSONAL_DATA_CACHE,
              networkTimeoutSeconds: 8,
              cacheableResponse: { statuses: [200] },
              expiration: { maxEntries: 50, maxAgeSeconds: 7 * 24 * 3600 },
            },
          },
        ],
      },
    }),
    // Last: it compresses what the others wrote (the service worker and manifests too).
    precompress(),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: { output: { codeSplitting: { groups: chunkGroups } } },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
