import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Locale, Role } from '../../../contract/enums';
import { organisations } from './partners';
import { memberStates } from './reference';
import { officials } from './registry';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** Member state of a focal point or participant; null for everyone else. */
    stateIso2: text('state_iso2').references(() => memberStates.iso2),
    /** A participant's own record in the registry: what they may see of themselves. */
    officialId: uuid('official_id').references((): AnyPgColumn => officials.id),
    /** A partner user's organisation: their results are those of the programmes it funds or co-delivers. */
    organisationId: uuid('organisation_id').references((): AnyPgColumn => organisations.id),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    locale: text('locale').$type<Locale>().notNull().default('en'),
    active: boolean('active').notNull().default(true),
    /** Base32 TOTP secret once enrolment is confirmed; pending secret while enrolling. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** Last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** The sign-in before the last one, shown to the user so that they notice one they did not make. */
    previousSignInAt: timestamp('previous_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    // One account per person in the registry.
    uniqueIndex('users_official_key').on(t.officialId).where(sql`${t.officialId} is not null`),
    index('users_state_idx').on(t.stateIso2),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check(
      'users_role_valid',
      sql`${t.role} in ('admin','programme_officer','me_officer','trainer','focal_point','participant','partner')`,
    ),
    check('users_locale_valid', sql`${t.locale} in ('en','fr','ar','pt')`),
    check('users_organisation_for_partner', sql`${t.organisationId} is null or ${t.role} = 'partner'`),
    check('users_state_for_role', sql`(${t.role} in ('focal_point','participant')) = (${t.stateIso2} is not null)`),
  ],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** Server-side sessions; the cookie carries a random token whose SHA-256 is the id. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** password: second factor still to give; enrol: must enrol TOTP first; full: signed in. */
    stage: text('stage').$type<'password' | 'enrol' | 'full'>().notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    address: text('address'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('auth_sessions_user_idx').on(t.userId),
    check('auth_sessions_stage_valid', sql`${t.stage} in ('password','enrol','full')`),
  ],
);

/**
 * Failed sign-ins, kept in the database so that the limits hold across processes. A failure from a
 * client that showed a valid device cookie for the account names that device (and counts against it
 * alone); any other failure counts against the account's untrusted clients and against the address.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    address: text('address').notNull(),
    /** The trusted device (login_devices.id) the attempt came from; null for an untrusted client. */
    deviceId: text('device_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_failures_account_idx').on(t.account, t.at),
    index('login_failures_address_idx').on(t.address, t.at),
    index('login_failures_device_idx').on(t.deviceId, t.at),
  ],
);

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * completed a sign-in gets a random token bound to that account; its SHA-256 is the id here.
 */
export const loginDevices = pgTable(
  'login_devices',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_devices_user_idx').on(t.userId)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => users.id),
});
