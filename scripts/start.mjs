/**
 * `npm start`: serves the build (dist/server, dist/web), building it first when it is missing
 * or older than the sources, so that a fresh clone's `npm ci && npm start` works and later
 * starts reuse the build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['dist/server/main.js', 'dist/server/table-worker.js', 'dist/web/index.html'].map((f) => path.join(root, f));
const sources = ['server', 'cli', 'web', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json'];

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(path.join(file, entry)));
  }
  return latest;
}

const built = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const changed = Math.max(
  ...sources
    .map((s) => path.join(root, s))
    .filter(existsSync)
    .map(newest),
);
if (built < changed) {
  console.log(built ? 'Sources changed since the last build: building.' : 'No build yet: building.');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// Stack traces name the TypeScript sources (the build writes source maps).
process.setSourceMapsEnabled(true);
await import(path.join(root, 'dist/server/main.js'));
