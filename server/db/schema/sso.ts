import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';

/**
 * An identity at the office's OpenID provider (issuer + subject) linked to a Tadrib account.
 * Linked on first use by the provider's verified email; never creates an account.
 */
export const ssoIdentities = pgTable(
  'sso_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    /** The verified email that linked the identity, kept to explain the link. */
    linkedEmail: text('linked_email').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sso_identities_subject_key').on(t.issuer, t.subject),
    // One identity per account at a given provider.
    uniqueIndex('sso_identities_user_key').on(t.userId, t.issuer),
  ],
);

/**
 * A sign-in sent to the provider and not yet back: what the callback must check (state, nonce,
 * PKCE verifier) and the browser that started it. Consumed once; expired rows are purged.
 */
export const oidcPendingLogins = pgTable(
  'oidc_pending_logins',
  {
    /** SHA-256 of the state sent to the provider. */
    id: text('id').primaryKey(),
    /** SHA-256 of the random value in the starting browser's cookie. */
    browserHash: text('browser_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    returnTo: text('return_to').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('oidc_pending_logins_expires_idx').on(t.expiresAt)],
);
