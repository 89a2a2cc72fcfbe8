/**
 * `npm run db:check`: fails when the schema files hold a change that no migration makes, i.e. when
 * `drizzle-kit generate` would write a new migration. It generates into a copy of the migrations
 * folder, so the checkout is left as it was. (test/api/schema-drift.test.ts checks the other
 * direction: what the migrations create is declared in the schema files.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const migrations = path.join(root, 'server/db/migrations');

// drizzle applies only the migrations whose `when` is later than the last one a database applied:
// a migration whose `when` is earlier than the one before it (two branches generated in the other
// order) would be skipped by a database that had applied that one.
const journal = JSON.parse(readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8'));
for (const [i, entry] of journal.entries.entries()) {
  const before = journal.entries[i - 1];
  if (before && entry.when <= before.when) {
    console.error(
      `db:check: ${entry.tag}'s \`when\` (${entry.when}) is not later than ${before.tag}'s (${before.when}) in meta/_journal.json; ` +
        'a database that applied the one before would skip it. Give it a later `when`.',
    );
    process.exit(1);
  }
}
const copy = mkdtempSync(path.join(os.tmpdir(), 'tadrib-migrations-'));
try {
  cpSync(migrations, copy, { recursive: true });
  const before = new Set(readdirSync(copy));
  const result = spawnSync(
    'npx',
    // drizzle-kit prefixes `--out` with './': it must be relative.
    [
      'drizzle-kit',
      'generate',
      '--dialect',
      'postgresql',
      '--schema',
      './server/db/schema/index.ts',
      '--out',
      path.relative(root, copy),
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const added = readdirSync(copy).filter((f) => !before.has(f));
  // drizzle-kit may print an error and still exit 0: it must have said there is nothing to do, or written a file.
  if (result.status !== 0 || (added.length === 0 && !/No schema changes/.test(result.stdout))) {
    console.error(result.stdout, result.stderr);
    console.error('db:check: drizzle-kit generate failed');
    process.exit(1);
  }
  if (added.length > 0) {
    console.error(
      `db:check: the schema files hold changes that no migration makes; drizzle-kit would write ${added.join(', ')}.\n` +
        'Run `npm run db:generate` (or write the SQL migration by hand, see CONTRIBUTING.md) and commit it.',
    );
    process.exit(1);
  }
  console.log('db:check: the migrations make every change of the schema files');
} finally {
  rmSync(copy, { recursive: true, force: true });
}
