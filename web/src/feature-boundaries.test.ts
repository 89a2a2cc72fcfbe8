import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Features stand side by side: a feature imports shared code (web/src/api, components, hooks, i18n)
// and its own files, never another feature's. What several features need moves to shared code.
const features = path.join(import.meta.dirname, 'features');
const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']*)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `feature/file → other-feature/target` for each import of a file into another feature's folder. */
function crossFeatureImports(file: string, source: string): string[] {
  const own = path.relative(features, file).split(path.sep)[0];
  return [...source.matchAll(SPECIFIER)].flatMap(([, specifier]) => {
    const target = path.relative(features, path.resolve(path.dirname(file), specifier ?? ''));
    const folder = target.split(path.sep)[0];
    const inFeatures = !target.startsWith('..') && !path.isAbsolute(target);
    return inFeatures && folder !== own ? [`${path.relative(features, file)} → ${target}`] : [];
  });
}

describe('features import only shared code and their own files', () => {
  it('finds an import into another feature (the check can fail)', () => {
    const file = path.join(features, 'participation', 'Page.tsx');
    expect(crossFeatureImports(file, "import { x } from '../attendance/delivery';\nimport('../nominations/Page');")).toEqual([
      `participation${path.sep}Page.tsx → attendance${path.sep}delivery`,
      `participation${path.sep}Page.tsx → nominations${path.sep}Page`,
    ]);
    expect(crossFeatureImports(file, "import { y } from './own';\nimport { z } from '../../components/ErrorAlert';")).toEqual([]);
  });

  it('no file under web/src/features imports another feature', () => {
    const found = sourceFiles(features).flatMap((file) => crossFeatureImports(file, readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
