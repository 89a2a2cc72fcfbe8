import { existsSync, rmSync } from 'node:fs';
import pg from 'pg';
import { openPglite, openPostgres } from '../../server/platform/db';
import { prepareDatabase } from '../../server/platform/startup';
import { keysIn, postgresAdminUrl, TEMPLATE_DB, templateDir, templateKeysDir, testDatabaseKind, withDatabase } from './databases';

type Teardown = () => Promise<void>;
/** The projects api and api-mocked share one run's template: the first to set up builds it, the last to tear down removes it. */
const shared = globalThis as { tadribApiTemplate?: { built: Promise<Teardown>; users: number } };

/** Builds, once per run, the migrated and seeded database (and its keys folder) every test file copies. */
export async function setup(): Promise<Teardown> {
  shared.tadribApiTemplate ??= { built: buildTemplate(), users: 0 };
  const template = shared.tadribApiTemplate;
  template.users += 1;
  const removeTemplate = await template.built;
  return async () => {
    template.users -= 1;
    if (template.users > 0) return;
    shared.tadribApiTemplate = undefined;
    await removeTemplate();
  };
}

async function buildTemplate(): Promise<Teardown> {
  const keysDir = templateKeysDir();
  rmSync(keysDir, { recursive: true, force: true });
  const keys = keysIn(keysDir);
  if (testDatabaseKind === 'pglite') {
    const dir = templateDir();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    const handle = await openPglite(dir);
    await prepareDatabase(handle, keys, { seedDemo: true });
    await handle.close();
    return async () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(keysDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  const handle = await openPostgres(withDatabase(postgresAdminUrl, TEMPLATE_DB));
  await prepareDatabase(handle, keys, { seedDemo: true });
  await handle.close();
  return async () => {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.end();
    rmSync(keysDir, { recursive: true, force: true });
  };
}
