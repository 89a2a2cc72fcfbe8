import { buildApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './platform/db';
import { Lifecycle } from './platform/lifecycle';
import { purgeExpiredSessions } from './platform/sessions';
import { prepareDatabase } from './platform/startup';

const config = loadConfig();
const lifecycle = new Lifecycle('starting');
const handle = await openDatabase(config.database, `the Tadrib server (port ${config.port})`);
const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, lifecycle });

let stopping = false;
let housekeeping: NodeJS.Timeout | undefined;
/**
 * Readiness turns 503 (and stays so for the drain time, while requests are still served), then
 * the server stops accepting, lets the requests in flight finish, and only then closes the
 * database, so that no write is cut. Past the time-out it exits anyway, with status 1.
 */
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  lifecycle.phase = 'stopping';
  app.log.info(`${signal}: shutting down`);
  clearInterval(housekeeping);
  const deadline = setTimeout(() => {
    app.log.error(`requests still running ${config.shutdown.timeoutMs / 1000} s after ${signal}: exiting anyway`);
    process.exit(1);
  }, config.shutdown.timeoutMs);
  deadline.unref();
  await new Promise((resolve) => setTimeout(resolve, config.shutdown.drainMs));
  await app.close();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

// Listening before the migrations lets an orchestrator see the process live (and not yet ready).
await app.listen({ port: config.port, host: config.host });
// An empty database gets the demo accounts and the demo history of trainings (scale 1).
const prepared = await prepareDatabase(handle, { seedDemo: config.seedDemo, demoHistory: true });
// The command line reaches an embedded database through the server (platform/pglite-socket.ts).
await handle.serveSocket?.();
housekeeping = setInterval(() => {
  purgeExpiredSessions(handle.db, config).catch((err) => app.log.warn({ err }, 'session purge failed'));
}, 15 * 60_000);
housekeeping.unref();
if (!stopping) lifecycle.phase = 'ready';

const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
app.log.info(
  `database: ${where}; ${prepared.seededReference ? 'reference data seeded' : 'reference data already present'}${prepared.seededDemo ? '; demo data seeded' : ''}`,
);
const url = `http://localhost:${config.port}`;
const lines = [`Tadrib ${config.version} is serving ${url} (API docs: ${url}/api/docs)`];
if (prepared.demo) lines.push('Demo accounts:', prepared.demo);
else if (!prepared.hasUsers)
  lines.push(
    'No accounts yet: create the first admin with',
    '  npm run tadrib -- users create --role admin --email you@example.org --name "Your Name"',
  );
console.log(lines.join('\n'));
