import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fromRoot } from './platform/paths';

const secretKey = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: `${name} must be 32 bytes in base64`,
    })
    .transform((v) => Buffer.from(v, 'base64'))
    .optional();

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
  /**
   * The server's secrets (audit chain key, checkpoint signing key, TOTP encryption key) and the
   * signed checkpoints of the audit chain: kept apart from the database so that a copy of the
   * database alone can neither forge the audit log nor yield second factors.
   */
  TADRIB_KEYS_DIR: z.string().default('./keys'),
  /** Deployments may give the keys instead as 32 random bytes in base64 (e.g. `openssl rand -base64 32`). */
  TADRIB_AUDIT_CHAIN_KEY: secretKey('TADRIB_AUDIT_CHAIN_KEY'),
  TADRIB_CHECKPOINT_SIGNING_KEY: secretKey('TADRIB_CHECKPOINT_SIGNING_KEY'),
  TADRIB_TOTP_KEY: secretKey('TADRIB_TOTP_KEY'),
  /** The Ed25519 seed that signs certificates (server/platform/credential-keys.ts); else kept in the keys folder. */
  TADRIB_CREDENTIAL_SIGNING_KEY: secretKey('TADRIB_CREDENTIAL_SIGNING_KEY'),
  /**
   * The address the public reaches Tadrib at: certificates name their issuer, status list and
   * verification page under it, so it must stay the same for as long as certificates are checked.
   */
  TADRIB_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /**
   * The mail server Tadrib sends through (issue 11), e.g. smtp://user:password@mail.example.org:587
   * (STARTTLS when the server offers it) or smtps://…:465. Without it (the embedded default) messages
   * stay in the outbox, where the admin can read them, and nothing is sent.
   */
  TADRIB_SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender of every message, e.g. "Tadrib <no-reply@office.example.org>"; by default no-reply at the public address's host. */
  TADRIB_MAIL_FROM: z
    .string()
    .trim()
    .regex(
      /^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      'TADRIB_MAIL_FROM must be an address, e.g. "Tadrib <no-reply@example.org>"',
    )
    .optional(),
  /** Attempts before a message is marked failed; each retry waits twice as long as the one before. */
  TADRIB_MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** The wait before the first retry (then 2×, 4×… up to six hours). */
  TADRIB_MAIL_RETRY_SECONDS: z.coerce.number().min(0.01).max(86_400).default(60),
  /** How often the delivery worker looks for messages due. */
  TADRIB_MAIL_POLL_SECONDS: z.coerce.number().min(0.01).max(3600).default(5),
  /** How often the head of the audit chain is signed into the checkpoints file (also at shutdown). */
  TADRIB_AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  /** Seed demo accounts (and later demo records) when the database is empty. */
  TADRIB_DEMO: z.enum(['true', 'false']).default('true'),
  /** Cookies carry the Secure flag; set to false only for plain-HTTP local use. */
  TADRIB_SECURE_COOKIES: z.enum(['true', 'false', 'auto']).default('auto'),
  TADRIB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  TADRIB_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /**
   * Sign-in limits (server/platform/login-throttle.ts). Failures from clients without a device
   * cookie for the account lock out those clients only; a trusted device is locked on its own
   * failures; an address that keeps failing waits longer and longer (untrusted clients only).
   */
  TADRIB_LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  TADRIB_LOGIN_MAX_FAILURES_PER_DEVICE: z.coerce.number().int().min(1).default(10),
  TADRIB_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  TADRIB_LOGIN_ADDRESS_FREE_FAILURES: z.coerce.number().int().min(1).default(10),
  TADRIB_LOGIN_ADDRESS_BACKOFF_SECONDS: z.coerce.number().int().min(1).default(2),
  /** How long a device cookie (issued at each completed sign-in) keeps a browser trusted. */
  TADRIB_DEVICE_COOKIE_DAYS: z.coerce.number().int().min(1).default(90),
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
  /** After SIGTERM/SIGINT: seconds readiness answers 503 while requests are still served, so that a load balancer stops sending traffic first. */
  TADRIB_SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
  /** After SIGTERM/SIGINT: seconds in-flight requests have to finish before the process exits anyway. */
  TADRIB_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  /**
   * Reads of the API let through to the database at once, the others waiting their turn
   * (server/platform/admission.ts); 0 lets every read through. Unset: twice the PostgreSQL pool, 2 on PGlite.
   */
  TADRIB_READS_AT_ONCE: z.coerce.number().int().min(0).max(1000).optional(),
  /**
   * Each answer is also checked against its zod schema, and its written bytes against that schema's
   * encoding (server/platform/serializer.ts): on in tests, off by default in production, where the
   * answers are written from their JSON Schemas alone.
   */
  TADRIB_CHECK_RESPONSES: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; ownerUrl?: string } | { kind: 'pglite'; dataDir: string };
  seedDemo: boolean;
  secureCookies: 'always' | 'never' | 'auto';
  session: { idleMs: number; absoluteMs: number };
  loginLimit: {
    /** Failures of untrusted clients on one account within the window before they are locked out. */
    perAccount: number;
    /** Failures of one trusted device within the window before that device is locked out. */
    perDevice: number;
    windowMs: number;
    /** Failures of untrusted clients from one address within the window before back-off begins. */
    addressFreeFailures: number;
    /** The first back-off delay; each further failure doubles it, up to the window. */
    addressFirstDelayMs: number;
    deviceCookieMs: number;
  };
  trustProxy: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  version: string;
  chromiumPath: string;
  iati: { orgRef: string; orgName: string };
  shutdown: { drainMs: number; timeoutMs: number };
  keys: KeysSource;
  /** Without a trailing slash. */
  publicUrl: string;
  auditCheckpointMs: number;
  /** Reads let through to the database at once (0: no queue); null: by the database's kind. */
  readsAtOnce: number | null;
  /** Check every answer against its zod schema (server/platform/serializer.ts). */
  checkResponses: boolean;
  mail: MailConfig;
};

/** Mail delivery (server/modules/outbox/delivery.ts). */
export type MailConfig = {
  /** null: no mail server, messages stay in the outbox. */
  smtpUrl: string | null;
  from: string;
  maxAttempts: number;
  retryBaseMs: number;
  pollMs: number;
};

/** Where the server's secrets come from: the keys folder, or the environment for the keys given there. */
export type KeysSource = {
  dir: string;
  fromEnvironment: { auditChain?: Buffer; checkpointSigning?: Buffer; totp?: Buffer; credentialSigning?: Buffer };
};

const packageJson = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string };

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
  const keysDir = path.resolve(e.TADRIB_KEYS_DIR);
  const dataDir = path.resolve(e.TADRIB_DATA_DIR);
  if (!e.DATABASE_URL && (keysDir === dataDir || keysDir.startsWith(`${dataDir}${path.sep}`))) {
    throw new Error('Invalid configuration:\n  TADRIB_KEYS_DIR: the keys must be kept outside the database folder');
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
      : { kind: 'pglite', dataDir },
    seedDemo: e.TADRIB_DEMO === 'true',
    secureCookies: e.TADRIB_SECURE_COOKIES === 'true' ? 'always' : e.TADRIB_SECURE_COOKIES === 'false' ? 'never' : 'auto',
    session: {
      idleMs: e.TADRIB_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.TADRIB_SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    loginLimit: {
      perAccount: e.TADRIB_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perDevice: e.TADRIB_LOGIN_MAX_FAILURES_PER_DEVICE,
      windowMs: e.TADRIB_LOGIN_WINDOW_MINUTES * 60_000,
      addressFreeFailures: e.TADRIB_LOGIN_ADDRESS_FREE_FAILURES,
      addressFirstDelayMs: e.TADRIB_LOGIN_ADDRESS_BACKOFF_SECONDS * 1000,
      deviceCookieMs: e.TADRIB_DEVICE_COOKIE_DAYS * 86_400_000,
    },
    trustProxy: e.TADRIB_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    readsAtOnce: e.TADRIB_READS_AT_ONCE ?? null,
    // Unset: on under the test runner (vitest sets NODE_ENV), whichever settings a test passes.
    checkResponses: (e.TADRIB_CHECK_RESPONSES ?? (process.env.NODE_ENV === 'test' ? 'true' : 'false')) === 'true',
    version: packageJson.version,
    chromiumPath: e.TADRIB_CHROMIUM_PATH,
    iati: { orgRef: e.TADRIB_IATI_ORG_REF, orgName: e.TADRIB_IATI_ORG_NAME },
    keys: {
      dir: keysDir,
      fromEnvironment: {
        auditChain: e.TADRIB_AUDIT_CHAIN_KEY,
        checkpointSigning: e.TADRIB_CHECKPOINT_SIGNING_KEY,
        totp: e.TADRIB_TOTP_KEY,
        credentialSigning: e.TADRIB_CREDENTIAL_SIGNING_KEY,
      },
    },
    publicUrl: e.TADRIB_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    auditCheckpointMs: e.TADRIB_AUDIT_CHECKPOINT_MINUTES * 60_000,
    mail: {
      smtpUrl: e.TADRIB_SMTP_URL ?? null,
      from: e.TADRIB_MAIL_FROM ?? `Tadrib <no-reply@${new URL(e.TADRIB_PUBLIC_URL ?? 'http://localhost').hostname}>`,
      maxAttempts: e.TADRIB_MAIL_MAX_ATTEMPTS,
      retryBaseMs: e.TADRIB_MAIL_RETRY_SECONDS * 1000,
      pollMs: e.TADRIB_MAIL_POLL_SECONDS * 1000,
    },
    shutdown: { drainMs: e.TADRIB_SHUTDOWN_DRAIN_SECONDS * 1000, timeoutMs: e.TADRIB_SHUTDOWN_TIMEOUT_SECONDS * 1000 },
  };
}
