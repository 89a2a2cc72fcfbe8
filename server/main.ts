import { buildApp } from './app';
import { loadConfig } from './config';
import { runReminders } from './modules/notifications/reminders';
import { DeliveryWorker, smtpTransport } from './modules/outbox/delivery';
import { checkpointAuditChain, verifyAuditChain } from './platform/audit';
import { openDatabase } from './platform/db';
import { loadServerKeys } from './platform/keys';
import { Lifecycle } from './platform/lifecycle';
import { purgeExpiredSessions } from './platform/sessions';
import { prepareDatabase } from './platform/startup';

const config = loadConfig();
const { keys, created: createdKeys } = loadServerKeys(config.keys);
const lifecycle = new Lifecycle('starting');
const handle = await openDatabase(config.database, `the Tadrib server (port ${config.port})`);
const app = await buildApp({ config, db: handle.db, databaseKind: handle.kind, keys, lifecycle });
if (createdKeys.length > 0) {
  app.log.warn(`new keys created (back them up, away from the database backups): ${createdKeys.join(', ')}`);
}

let stopping = false;
let housekeeping: NodeJS.Timeout | undefined;
let checkpoints: NodeJS.Timeout | undefined;
let mailWorker: DeliveryWorker | null = null;
let reminders: NodeJS.Timeout | undefined;
/** A checkpoint is signed only over a database that was migrated and prepared. */
let prepared = false;
const checkpointChain = () =>
  checkpointAuditChain(handle.db, keys).catch((err) => app.log.warn({ err }, 'audit checkpoint failed'));

/**
 * Readiness turns 503 (and stays so for the drain time, while requests are still served), then
 * the server stops accepting, lets the requests in flight finish, signs a last checkpoint of the
 * audit chain, and only then closes the database, so that no write is cut. Past the time-out it
 * exits anyway, with status 1.
 */
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  lifecycle.phase = 'stopping';
  app.log.info(`${signal}: shutting down`);
  clearInterval(housekeeping);
  clearInterval(checkpoints);
  clearInterval(reminders);
  const deadline = setTimeout(() => {
    app.log.error(`requests still running ${config.shutdown.timeoutMs / 1000} s after ${signal}: exiting anyway`);
    process.exit(1);
  }, config.shutdown.timeoutMs);
  deadline.unref();
  await new Promise((resolve) => setTimeout(resolve, config.shutdown.drainMs));
  await app.close();
  // The messages in hand are sent and marked before the database closes; the others wait in the outbox.
  await mailWorker?.stop();
  if (prepared) await checkpointChain();
  await handle.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

// Listening before the migrations lets an orchestrator see the process live (and not yet ready).
await app.listen({ port: config.port, host: config.host });
// An empty database gets the demo accounts and the demo history of trainings (scale 1).
const preparation = await prepareDatabase(handle, keys, { seedDemo: config.seedDemo, demoHistory: true, issuer: config });
prepared = true;
// The command line reaches an embedded database through the server (platform/pglite-socket.ts).
await handle.serveSocket?.();
housekeeping = setInterval(() => {
  purgeExpiredSessions(handle.db, config).catch((err) => app.log.warn({ err }, 'session purge failed'));
}, 15 * 60_000);
housekeeping.unref();
checkpoints = setInterval(checkpointChain, config.auditCheckpointMs);
checkpoints.unref();
if (config.mail.smtpUrl && !stopping) {
  mailWorker = new DeliveryWorker(handle.db, config.mail, smtpTransport(config.mail), app.log);
  mailWorker.start();
} else if (!config.mail.smtpUrl) {
  app.log.info('mail: no mail server configured (TADRIB_SMTP_URL): messages stay in the outbox, readable by the admin');
}
// The daily reminders and digests (issue 11): looked at every hour, run once a day by whichever
// process takes the day first (server/modules/notifications/reminders.ts); the others find it done.
const dailyJob = () =>
  runReminders(handle.db, { force: false }).then(
    (report) => report && app.log.info({ report }, 'daily reminders sent'),
    (err) => app.log.warn({ err }, 'daily reminders failed'),
  );
reminders = setInterval(dailyJob, 60 * 60_000);
reminders.unref();
setTimeout(dailyJob, 60_000).unref();
// A log that no longer agrees with its checkpoints stops nothing: it is reported here and on the audit page.
verifyAuditChain(handle.db, keys).then(
  (verdict) => {
    if (!verdict.ok) app.log.warn(`AUDIT LOG BROKEN: ${verdict.firstProblem?.problem} (see the audit page)`);
  },
  (err) => app.log.warn({ err }, 'audit chain check failed'),
);
if (!stopping) lifecycle.phase = 'ready';

const where = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
app.log.info(
  `database: ${where}; ${preparation.seededReference ? 'reference data seeded' : 'reference data already present'}${preparation.seededDemo ? '; demo data seeded' : ''}`,
);
const url = `http://localhost:${config.port}`;
const lines = [`Tadrib ${config.version} is serving ${url} (API docs: ${url}/api/docs)`];
if (preparation.demo) lines.push('Demo accounts:', preparation.demo);
else if (!preparation.hasUsers)
  lines.push(
    'No accounts yet: create the first admin with',
    '  npm run tadrib -- users create --role admin --email you@example.org --name "Your Name"',
  );
console.log(lines.join('\n'));
