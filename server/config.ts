import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Every setting the server reads from its environment, validated once at boot. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  /**
   * Connects as the owner of the tables, for migrations and bulk loads, when DATABASE_URL connects
   * as the runtime role tadrib_app (see `npm run tadrib -- db roles`).
   */
  TADRIB_OWNER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'TADRIB_OWNER_DATABASE_URL must be a postgres:// URL')
    .optional(),
  TADRIB_DATA_DIR: z.string().default('./data'),
  /** Seed demo accounts (and later demo records) when the database is empty. */
  TADRIB_DEMO: z.enum(['true', 'false']).default('true'),
  /** Cookies carry the Secure flag; set to false only for plain-HTTP local use. */
  TADRIB_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  TADRIB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  TADRIB_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  TADRIB_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  TADRIB_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  TADRIB_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  TADRIB_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** The Chromium that prints PDF reports (Debian: apt-get install chromium fonts-noto-core). Never downloaded. */
  TADRIB_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /**
   * The IATI organisation identifier of the office, written as reporting-org and in every
   * iati-identifier of the IATI export. The default is a placeholder, not a registered identifier:
   * set the office's own (e.g. its XM-DAC or XI-IATI code) before publishing.
   */
  TADRIB_IATI_ORG_REF: z
    .string()
    .regex(
      /^[A-Z]{2}-[A-Za-z0-9]+-[A-Za-z0-9._-]+$/,
      'TADRIB_IATI_ORG_REF must be an IATI organisation identifier, e.g. XM-DAC-41147',
    )
    .default('XI-TADRIB-OFFICE'),
  /** The office's name as written in the IATI export's reporting-org. */
  TADRIB_IATI_ORG_NAME: z.string().trim().min(1).default('Counter-Terrorism Training and Cooperation Programme Office'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; ownerUrl?: string } | { kind: 'pglite'; dataDir: string };
  seedDemo: boolean;
  secureCookies: 'always' | 'never' | 'auto';
  session: { idleMs: number; absoluteMs: number };
  loginLimit: { perAccount: number; perAddress: number; windowMs: number };
  trustProxy: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  version: string;
  chromiumPath: string;
  iati: { orgRef: string; orgName: string };
};

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if (e.TADRIB_OWNER_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid configuration:\n  TADRIB_OWNER_DATABASE_URL: needs DATABASE_URL (the runtime connection)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          ...(e.TADRIB_OWNER_DATABASE_URL ? { ownerUrl: e.TADRIB_OWNER_DATABASE_URL } : {}),
        }
      : { kind: 'pglite', dataDir: path.resolve(e.TADRIB_DATA_DIR) },
    seedDemo: e.TADRIB_DEMO === 'true',
    secureCookies: e.TADRIB_SECURE_COOKIES === 'true' ? 'always' : e.TADRIB_SECURE_COOKIES === 'false' ? 'never' : 'auto',
    session: {
      idleMs: e.TADRIB_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.TADRIB_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    loginLimit: {
      perAccount: e.TADRIB_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perAddress: e.TADRIB_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: e.TADRIB_LOGIN_WINDOW_MINUTES * 60_000,
    },
    trustProxy: e.TADRIB_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    version: packageJson.version,
    chromiumPath: e.TADRIB_CHROMIUM_PATH,
    iati: { orgRef: e.TADRIB_IATI_ORG_REF, orgName: e.TADRIB_IATI_ORG_NAME },
  };
}
