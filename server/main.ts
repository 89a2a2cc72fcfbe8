import { buildApp } from './app';
import { loadConfig } from './config';
import { checkpointAuditChain, verifyAuditChain } from './platform/audit';
import { openDatabase } from './platform/db';
import { loadServerKeys } from './platform/keys';
import { purgeExpiredSessions } from './platform/sessions';
import { prepareDatabase } from './platform/startup';

const config = loadConfig();
const { keys, created: createdKeys } = loadServerKeys(config.keys);
const handle = await openDatabase(config.database);
// An empty database gets the demo accounts and the demo history of trainings (scale 1).
const prepared = await prepareDatabase(handle, keys, { seedDemo: config.seedDemo, demoHistory: true });
const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, keys });
if (createdKeys.length > 0) {
  app.log.warn(`new keys created (back them up, away from the database backups): ${createdKeys.join(', ')}`);
}

const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
app.log.info(
  `database: ${where}; ${prepared.seededReference ? 'reference data seeded' : 'reference data already present'}${prepared.seededDemo ? '; demo data seeded' : ''}`,
);

const housekeeping = setInterval(() => {
  purgeExpiredSessions(handle.db, config).catch((err) => app.log.warn({ err }, 'session purge failed'));
}, 15 * 60_000);
housekeeping.unref();

const checkpointChain = () =>
  checkpointAuditChain(handle.db, keys).catch((err) => app.log.warn({ err }, 'audit checkpoint failed'));
const checkpoints = setInterval(checkpointChain, config.auditCheckpointMs);
checkpoints.unref();
// A log that no longer agrees with its checkpoints stops nothing: it is reported here and on the audit page.
verifyAuditChain(handle.db, keys).then(
  (verdict) => {
    if (!verdict.ok) app.log.warn(`AUDIT LOG BROKEN: ${verdict.firstProblem?.problem} (see the audit page)`);
  },
  (err) => app.log.warn({ err }, 'audit chain check failed'),
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info(`${signal}: shutting down`);
  clearInterval(housekeeping);
  clearInterval(checkpoints);
  await app.close();
  await checkpointChain();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
const url = `http://localhost:${config.port}`;
const lines = [`Tadrib ${config.version} is serving ${url} (API docs: ${url}/api/docs)`];
if (prepared.demo) lines.push('Demo accounts:', prepared.demo);
else if (!prepared.hasUsers)
  lines.push(
    'No accounts yet: create the first admin with',
    '  npm run tadrib -- users create --role admin --email you@example.org --name "Your Name"',
  );
console.log(lines.join('\n'));
