import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { type Role, roles } from '../server/db/schema';
import { describeDemoAccounts, seedDemo } from '../server/db/seed/demo';
import { seedReference } from '../server/db/seed/reference';
import { AppError } from '../server/errors';
import { findUserByEmail } from '../server/modules/users/repository';
import * as users from '../server/modules/users/service';
import { type AuditContext, checkpointAuditChain, verifyAuditChain, writeAudit } from '../server/platform/audit';
import { BackupError, createBackup, restoreBackup } from '../server/platform/backup';
import { loadServerKeys, type ServerKeys } from '../server/platform/keys';
import { DataDirLockedError } from '../server/platform/pglite-lock';
import { protectWithKeys, systemActor } from '../server/platform/startup';
import { type CommandDatabase, openCommandDatabase } from './database';
import { createRoles } from './roles';

const usage = `Usage: npm run tadrib -- <command> [options]

Commands:
  migrate                           apply database migrations
  seed [--demo [--scale N]]         load reference data; --demo adds the demo accounts and the
                                    demo history of trainings (scale 1: ~60 sessions, ~1,100 trained)
  users create --email E --name N --role R [--state XX] [--password P]
                                    create a user (without --password a temporary one is printed)
  users reset-password --email E [--password P]
  users deactivate --email E
  audit verify                      check the audit log's keyed hash chain against the signed
                                    checkpoints; exits 1 at the first problem
  backup FILE [--force]             write the whole database to FILE (consistent while the server
                                    runs); --force overwrites an existing FILE
  restore FILE [--force]            load a backup into an empty database (server stopped);
                                    --force replaces everything in a database that is not empty
  credentials rotate-key            a new key signs certificates from now on; the old key's private
                                    part is deleted and its public key stays published (JWKS), so
                                    certificates signed before still verify
  db roles [--owner NAME] [--owner-password P] [--app-password Q]
                                    PostgreSQL, before the first start, connected (DATABASE_URL) as an
                                    administrator: create the owner of the tables (default tadrib_owner)
                                    and the runtime role tadrib_app; prints the two URLs to configure
                                    (passwords not given are generated)

The database is the one the server uses: DATABASE_URL, else PGlite in TADRIB_DATA_DIR (./data);
and so are the keys: TADRIB_KEYS_DIR (./keys), or the key variables of the environment.
Roles: ${roles.join(', ')}`;

type Session = { handle: CommandDatabase; keys: ServerKeys; cli: AuditContext };

/** Opens the server's database with the server's keys; what the command wrote gets a checkpoint. */
async function withDatabase<T>(run: (session: Session) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { keys } = loadServerKeys(config.keys);
  const handle = await openCommandDatabase(config.database);
  try {
    // A running server has migrated its database at start; through its socket the command works
    // as the server's runtime role, which may not change the schema.
    if (!handle.throughServer) await handle.migrate();
    await protectWithKeys(handle.db, keys);
    const result = await run({ handle, keys, cli: systemActor('system:cli', keys) });
    await checkpointAuditChain(handle.db, keys);
    return result;
  } finally {
    await handle.close();
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

class UsageError extends Error {}

async function userId({ handle }: Session, email: string): Promise<string> {
  const user = await findUserByEmail(handle.db, email);
  if (!user) throw new UsageError(`No user with the email ${email}`);
  return user.id;
}

async function backup(file: string, force: boolean): Promise<number> {
  if (existsSync(file) && !force) throw new UsageError(`${file} exists: choose another name, or add --force to overwrite it`);
  const started = Date.now();
  const { file: bytes, header } = await withDatabase(({ handle }) => createBackup(handle, loadConfig().version));
  // Written aside, then renamed: FILE is either the previous backup or the whole new one.
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
  const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
  console.log(
    `Backup written to ${file}: ${header.tables.length} tables, ${rows} rows, ${(bytes.length / 1024).toFixed(0)} KiB (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  return 0;
}

async function restore(file: string, force: boolean): Promise<number> {
  if (!existsSync(file)) throw new UsageError(`No file ${file}`);
  const bytes = readFileSync(file);
  const header = await withDatabase(async ({ handle }) => {
    if (handle.throughServer)
      throw new UsageError(
        `The Tadrib server (process ${handle.throughServer.pid}) is using this database: stop it, restore, then start it again.`,
      );
    return restoreBackup(handle, bytes, { replace: force });
  });
  const rows = header.tables.reduce((sum, t) => sum + t.rows, 0);
  console.log(
    `Restored ${file} (made ${header.createdAt} by Tadrib ${header.tadribVersion}): ${header.tables.length} tables, ${rows} rows.`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      scale: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      state: { type: 'string' },
      password: { type: 'string' },
      force: { type: 'boolean' },
      owner: { type: 'string' },
      'owner-password': { type: 'string' },
      'app-password': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command ? 0 : 2;
  }
  if (command === 'backup' || command === 'restore') {
    if (!sub || positionals.length > 2) throw new UsageError(`${command} needs one FILE`);
    return command === 'backup' ? backup(sub, values.force ?? false) : restore(sub, values.force ?? false);
  }
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'migrate':
      await withDatabase(async () => console.log('Migrations applied.'));
      return 0;
    case 'seed':
      await withDatabase(async ({ handle, keys, cli }) => {
        await seedReference(handle.db);
        console.log('Reference data loaded: 54 member states, 4 strategy pillars, resolutions, agency types.');
        if (values.demo) {
          const scale = Number(values.scale ?? '1');
          if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
            throw new UsageError('--scale must be a number from 0.1 to 1000');
          const started = Date.now();
          const { history, certificates } = await seedDemo(handle, cli, {
            history: true,
            scale,
            issuer: { config: loadConfig(), keys },
          });
          console.log(`Demo accounts:\n${describeDemoAccounts()}`);
          console.log(
            history
              ? `Demo history at scale ${scale}: ${history.officials} officials, ${history.sessions} sessions, ${history.nominations} nominations (${((Date.now() - started) / 1000).toFixed(1)} s).`
              : 'The demo history was already there: left as it is.',
          );
          if (certificates)
            console.log(`Certificates issued: ${certificates.certificates}, of which revoked: ${certificates.revoked}.`);
        }
      });
      return 0;
    case 'users create': {
      const role = required(values.role, 'role');
      if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
      await withDatabase(async ({ handle, cli }) => {
        const { user, temporaryPassword } = await users.createUser(handle.db, cli, {
          email: required(values.email, 'email'),
          displayName: required(values.name, 'name'),
          role: role as Role,
          stateIso2: values.state?.toUpperCase() ?? null,
          password: values.password,
          demo: loadConfig().seedDemo,
        });
        console.log(`Created ${user.email} (${user.role}${user.stateIso2 ? `, ${user.stateIso2}` : ''}).`);
        if (temporaryPassword) console.log(`Temporary password (to be changed at first sign-in): ${temporaryPassword}`);
      });
      return 0;
    }
    case 'users reset-password':
      await withDatabase(async (session) => {
        const email = required(values.email, 'email');
        const { temporaryPassword } = await users.resetPassword(
          session.handle.db,
          session.cli,
          await userId(session, email),
          values.password,
          { demo: loadConfig().seedDemo },
        );
        console.log(`Password of ${email} reset; their sessions have ended.`);
        if (temporaryPassword) console.log(`Temporary password (to be changed at first sign-in): ${temporaryPassword}`);
      });
      return 0;
    case 'users deactivate':
      await withDatabase(async (session) => {
        const email = required(values.email, 'email');
        await users.deactivateUser(session.handle.db, session.cli, await userId(session, email));
        console.log(`${email} deactivated; their sessions have ended.`);
      });
      return 0;
    case 'credentials rotate-key':
      await withDatabase(async ({ handle, keys, cli }) => {
        const { retired, current } = keys.credentialSigning.rotate();
        await writeAudit(handle.db, cli, {
          action: 'credentials.key.rotate',
          recordType: 'credential_key',
          recordId: current,
          details: { retired },
        });
        console.log(
          `Certificates are now signed with key ${current}; retired (still published): ${retired.join(', ') || 'none'}.`,
        );
      });
      return 0;
    case 'db roles': {
      const database = loadConfig().database;
      if (database.kind !== 'postgres') {
        throw new UsageError('db roles is for a PostgreSQL server (DATABASE_URL); PGlite switches to tadrib_app by itself');
      }
      const secret = () => randomBytes(24).toString('base64url');
      const urls = await createRoles(database.url, {
        owner: values.owner ?? 'tadrib_owner',
        ownerPassword: values['owner-password'] ?? secret(),
        appPassword: values['app-password'] ?? secret(),
      });
      console.log(
        [
          'Roles ready. Configure the server with:',
          `  DATABASE_URL=${urls.runtimeUrl}`,
          `  TADRIB_OWNER_DATABASE_URL=${urls.ownerUrl}`,
          ...(urls.ownerBypassesWall
            ? []
            : [
                'The owner could not be given BYPASSRLS (connect as a superuser for that): registry search reads every official.',
              ]),
        ].join('\n'),
      );
      return 0;
    }
    case 'audit verify':
      return withDatabase(async ({ handle, keys }) => {
        const verdict = await verifyAuditChain(handle.db, keys);
        const against = verdict.checkpoint
          ? ` (against checkpoint ${verdict.checkpoint.number}: head ${verdict.checkpoint.seq} at ${verdict.checkpoint.time})`
          : ' (no checkpoint yet)';
        if (verdict.ok) {
          console.log(`Audit log intact: ${verdict.checked} rows checked${against}.`);
          return 0;
        }
        console.error(`Audit log BROKEN: ${verdict.firstProblem?.problem}`);
        console.error(`${verdict.checked} rows before it are intact${against}.`);
        return 1;
      });
    default:
      throw new UsageError(`Unknown command: ${positionals.join(' ')}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (error instanceof AppError)
      console.error(`${error.code}: ${error.message}${error.rule ? ` (rule: ${error.rule})` : ''}`);
    else if (error instanceof DataDirLockedError || error instanceof BackupError) console.error(error.message);
    else console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
