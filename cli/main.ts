import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config';
import { type Role, roles } from '../server/db/schema';
import { describeDemoAccounts, seedDemo } from '../server/db/seed/demo';
import { seedReference } from '../server/db/seed/reference';
import { AppError } from '../server/errors';
import { findUserByEmail } from '../server/modules/users/repository';
import * as users from '../server/modules/users/service';
import { verifyAuditChain } from '../server/platform/audit';
import { type DatabaseHandle, openDatabase } from '../server/platform/db';
import { systemActor } from '../server/platform/startup';
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
  audit verify                      check the audit log's hash chain; exits 1 at the first problem
  db roles [--owner NAME] [--owner-password P] [--app-password Q]
                                    PostgreSQL, before the first start, connected (DATABASE_URL) as an
                                    administrator: create the owner of the tables (default tadrib_owner)
                                    and the runtime role tadrib_app; prints the two URLs to configure
                                    (passwords not given are generated)

The database is the one the server uses: DATABASE_URL, else PGlite in TADRIB_DATA_DIR (./data).
Roles: ${roles.join(', ')}`;

const cli = systemActor('system:cli');

async function withDatabase<T>(run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(loadConfig().database);
  try {
    await handle.migrate();
    return await run(handle);
  } finally {
    await handle.close();
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
}

class UsageError extends Error {}

async function userId(handle: DatabaseHandle, email: string): Promise<string> {
  const user = await findUserByEmail(handle.db, email);
  if (!user) throw new UsageError(`No user with the email ${email}`);
  return user.id;
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
  switch (`${command}${sub ? ` ${sub}` : ''}`) {
    case 'migrate':
      await withDatabase(async () => console.log('Migrations applied.'));
      return 0;
    case 'seed':
      await withDatabase(async (handle) => {
        await seedReference(handle.db);
        console.log('Reference data loaded: 54 member states, 4 strategy pillars, resolutions, agency types.');
        if (values.demo) {
          const scale = Number(values.scale ?? '1');
          if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
            throw new UsageError('--scale must be a number from 0.1 to 1000');
          const started = Date.now();
          const { history } = await seedDemo(handle, cli, { history: true, scale });
          console.log(`Demo accounts:\n${describeDemoAccounts()}`);
          console.log(
            history
              ? `Demo history at scale ${scale}: ${history.officials} officials, ${history.sessions} sessions, ${history.nominations} nominations (${((Date.now() - started) / 1000).toFixed(1)} s).`
              : 'The demo history was already there: left as it is.',
          );
        }
      });
      return 0;
    case 'users create': {
      const role = required(values.role, 'role');
      if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
      await withDatabase(async (handle) => {
        const { user, temporaryPassword } = await users.createUser(handle.db, cli, {
          email: required(values.email, 'email'),
          displayName: required(values.name, 'name'),
          role: role as Role,
          stateIso2: values.state?.toUpperCase() ?? null,
          password: values.password,
        });
        console.log(`Created ${user.email} (${user.role}${user.stateIso2 ? `, ${user.stateIso2}` : ''}).`);
        if (temporaryPassword) console.log(`Temporary password (to be changed at first sign-in): ${temporaryPassword}`);
      });
      return 0;
    }
    case 'users reset-password':
      await withDatabase(async (handle) => {
        const email = required(values.email, 'email');
        const { temporaryPassword } = await users.resetPassword(handle.db, cli, await userId(handle, email), values.password);
        console.log(`Password of ${email} reset; their sessions have ended.`);
        if (temporaryPassword) console.log(`Temporary password (to be changed at first sign-in): ${temporaryPassword}`);
      });
      return 0;
    case 'users deactivate':
      await withDatabase(async (handle) => {
        const email = required(values.email, 'email');
        await users.deactivateUser(handle.db, cli, await userId(handle, email));
        console.log(`${email} deactivated; their sessions have ended.`);
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
        ].join('\n'),
      );
      return 0;
    }
    case 'audit verify':
      return withDatabase(async (handle) => {
        const verdict = await verifyAuditChain(handle.db);
        if (verdict.ok) {
          console.log(`Audit log intact: ${verdict.checked} rows checked.`);
          return 0;
        }
        console.error(`Audit log BROKEN at row ${verdict.firstProblem?.seq}: ${verdict.firstProblem?.problem}`);
        console.error(`${verdict.checked} rows before it are intact.`);
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
    else if (error instanceof AppError) console.error(`${error.code}: ${error.message}`);
    else console.error(error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
