import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AccountLinkPurpose } from '../../../contract/enums';
import { users } from './identity';

/**
 * Single-use links mailed to a user (issue 11): an invitation to choose a password for a new
 * account, or a password reset. The mail carries a random token; only its SHA-256 is stored (the
 * id), like a session's, so a copy of the database opens no account. A link is spent when used
 * (`used_at`) and dead after `expires_at`; issuing a new one removes the user's unused ones of the
 * same purpose. Outside the state wall, like the other sign-in tables (migration 0014).
 */
export const accountLinks = pgTable(
  'account_links',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<AccountLinkPurpose>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** The admin who sent an invitation; null for a reset the user asked for. */
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('account_links_user_idx').on(t.userId, t.purpose),
    check('account_links_purpose_valid', sql`${t.purpose} in ('invitation','password_reset')`),
  ],
);

/**
 * Password reset requests, counted per typed address and per network address so that the limits
 * hold across processes, whether or not the address belongs to an account (counting only real
 * accounts would tell them apart). The typed address is kept as its SHA-256 only.
 */
export const passwordResetRequests = pgTable(
  'password_reset_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    emailHash: text('email_hash').notNull(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('password_reset_requests_email_idx').on(t.emailHash, t.at),
    index('password_reset_requests_address_idx').on(t.address, t.at),
  ],
);
