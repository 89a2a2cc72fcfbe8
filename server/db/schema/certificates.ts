import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Locale } from '../../../contract/enums';
import { nominations, trainingSessions } from './delivery';
import { users } from './identity';
import { officials } from './registry';

/** Why a certificate was revoked (issue 10): an error, fraud, the completion withdrawn, or replaced by a re-issue. */
export const revocationReasons = ['error', 'fraud', 'completion_withdrawn', 'superseded'] as const;
export type RevocationReason = (typeof revocationReasons)[number];

/**
 * A W3C Bitstring Status List: the revocation bits of up to `size` certificates. The bits are not
 * stored: a bit is set when the certificate holding that index is revoked (certificates), so the
 * published list can never disagree with the certificates.
 */
export const credentialStatusLists = pgTable(
  'credential_status_lists',
  {
    id: integer('id').primaryKey(),
    /** 131,072 bits (16 KiB), the minimum the W3C recommendation sets for herd privacy. */
    size: integer('size').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('credential_status_lists_size_positive', sql`${t.size} > 0`)],
);

/** One certificate per completion (nomination), signed as an Open Badges 3.0 VC-JWT. */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => nominations.id),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    /** The official it was issued to (a merge moves the nomination, so the certificate is re-issued). */
    officialId: uuid('official_id')
      .notNull()
      .references(() => officials.id),
    statusListId: integer('status_list_id')
      .notNull()
      .references(() => credentialStatusLists.id),
    statusIndex: integer('status_index').notNull(),
    /** Short code printed on the paper certificate, for the public lookup. */
    verificationCode: text('verification_code').notNull(),
    /** The issuer key (RFC 7638 thumbprint) that signed it. */
    kid: text('kid').notNull(),
    jwt: text('jwt').notNull(),
    /** The language of the participant when issued: the PDF's. */
    locale: text('locale').$type<Locale>().notNull(),
    trainingOfTrainers: boolean('training_of_trainers').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    issuedBy: uuid('issued_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    revocationReason: text('revocation_reason').$type<RevocationReason>(),
    revocationNote: text('revocation_note'),
    supersededBy: uuid('superseded_by').references((): AnyPgColumn => certificates.id),
  },
  (t) => [
    unique('certificates_status_slot_key').on(t.statusListId, t.statusIndex),
    unique('certificates_verification_code_key').on(t.verificationCode),
    // Never two valid certificates for one completion.
    uniqueIndex('certificates_one_valid_per_nomination').on(t.nominationId).where(sql`${t.revokedAt} is null`),
    index('certificates_session_idx').on(t.sessionId),
    index('certificates_official_idx').on(t.officialId),
    check('certificates_status_index_range', sql`${t.statusIndex} >= 0`),
    check('certificates_revocation_complete', sql`(${t.revokedAt} is null) = (${t.revocationReason} is null)`),
    check(
      'certificates_revocation_reason_valid',
      sql`${t.revocationReason} is null or ${t.revocationReason} in ('error','fraud','completion_withdrawn','superseded')`,
    ),
  ],
);

/** Failed public verifications (unknown code, invalid credential, name not matching) per address, for the back-off. */
export const credentialVerificationFailures = pgTable(
  'credential_verification_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('credential_verification_failures_address_idx').on(t.address, t.at)],
);
