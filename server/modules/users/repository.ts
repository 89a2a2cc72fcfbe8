import { and, asc, count, eq, ilike, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { agencies, officials, type Role, recoveryCodes, users } from '../../db/schema';
import type { Queryable } from '../../platform/db';

export { stateExists } from '../reference/repository';

export type UserRow = typeof users.$inferSelect;

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export type UserFilter = { q?: string; role?: Role; stateIso2?: string; active?: boolean };

function filterCondition(filter: UserFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.displayName, pattern)));
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.stateIso2) conditions.push(eq(users.stateIso2, filter.stateIso2));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  return and(...conditions);
}

export async function listUsers(
  db: Queryable,
  filter: UserFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const where = filterCondition(filter);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.displayName), asc(users.email))
    .offset(page.offset)
    .limit(page.limit);
  const [totals] = await db.select({ n: count() }).from(users).where(where);
  return { rows, total: Number(totals?.n ?? 0) };
}

/** Counts active admins, locking their rows so that two concurrent demotions cannot both pass. */
export async function countActiveAdminsForUpdate(db: Queryable): Promise<number> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .for('update');
  return rows.length;
}

/** The official an account would be linked to, locked so that two accounts cannot claim it at once. */
export async function findOfficialForLink(
  db: Queryable,
  id: string,
): Promise<{ id: string; stateIso2: string; mergedIntoId: string | null } | undefined> {
  const [row] = await db
    .select({ id: officials.id, stateIso2: officials.stateIso2, mergedIntoId: officials.mergedIntoId })
    .from(officials)
    .where(eq(officials.id, id))
    .for('update');
  return row;
}

/** The account already linked to an official, other than `exceptUserId`. */
export async function findUserLinkedTo(
  db: Queryable,
  officialId: string,
  exceptUserId?: string,
): Promise<{ id: string; email: string } | undefined> {
  const [row] = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.officialId, officialId), exceptUserId ? ne(users.id, exceptUserId) : undefined));
  return row;
}

export type OfficialCandidateRow = {
  id: string;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  agencyName: string | null;
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Officials of a state that an account may be linked to: not merged, without an account (other
 * than `userId`'s). `keys` are the search text's name keys, each beginning one of the official's.
 */
export async function listOfficialCandidates(
  db: Queryable,
  filter: { stateIso2: string; text?: string; keys?: string[]; userId?: string },
  limit: number,
): Promise<OfficialCandidateRow[]> {
  const conditions: (SQL | undefined)[] = [eq(officials.stateIso2, filter.stateIso2), isNull(officials.mergedIntoId)];
  conditions.push(
    sql`not exists (select 1 from users u where u.official_id = ${officials.id}${filter.userId ? sql` and u.id <> ${filter.userId}` : sql``})`,
  );
  if (filter.text) {
    const alternatives: (SQL | undefined)[] = [ilike(officials.nameOriginal, `%${escapeLike(filter.text)}%`)];
    if (filter.keys && filter.keys.length > 0) {
      alternatives.push(and(...filter.keys.map((key) => sql`(' ' || ${officials.nameKeys}) like ${`% ${escapeLike(key)}%`}`)));
    }
    conditions.push(or(...alternatives));
  }
  return db
    .select({
      id: officials.id,
      familyName: officials.familyName,
      givenNames: officials.givenNames,
      nameOriginal: officials.nameOriginal,
      agencyName: agencies.name,
    })
    .from(officials)
    .leftJoin(agencies, eq(agencies.id, officials.agencyId))
    .where(and(...conditions))
    .orderBy(
      // The edited account's own official first, so that the picker can always show it.
      ...(filter.userId
        ? [sql`exists (select 1 from users u where u.id = ${filter.userId} and u.official_id = ${officials.id}) desc`]
        : []),
      asc(officials.familyName),
      asc(officials.givenNames),
      asc(officials.id),
    )
    .limit(limit);
}

export async function insertUser(db: Queryable, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateUser(db: Queryable, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  if (!row) throw new Error('update returned no row');
  return row;
}

/** A completed sign-in (password and, where needed, second factor): the last one becomes the previous one. */
export async function recordSignIn(db: Queryable, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ previousSignInAt: sql`${users.lastSignInAt}`, lastSignInAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function deleteRecoveryCodes(db: Queryable, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

export async function insertRecoveryCodes(db: Queryable, userId: string, codeHashes: string[]): Promise<void> {
  await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks a recovery code used; false when it is unknown or already used. */
export async function consumeRecoveryCode(db: Queryable, userId: string, codeHash: string): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

/** Records a TOTP time step as used, atomically; false when it (or a later one) was used already. */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step, updatedAt: new Date() })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length > 0;
}

/** Accounts whose TOTP secret (or pending one) is still stored as plain base32, from before sealing. */
export async function unsealedTotpSecrets(db: Queryable) {
  return db
    .select({ id: users.id, totpSecret: users.totpSecret, totpPendingSecret: users.totpPendingSecret })
    .from(users)
    .where(or(sql`${users.totpSecret} not like 'v1.%'`, sql`${users.totpPendingSecret} not like 'v1.%'`));
}

export async function storeTotpSecrets(
  db: Queryable,
  userId: string,
  secrets: { totpSecret: string | null; totpPendingSecret: string | null },
): Promise<void> {
  await db.update(users).set(secrets).where(eq(users.id, userId));
}

/** Recovery code hashes still stored unkeyed, from before keying. */
export async function unkeyedRecoveryHashes(db: Queryable) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(sql`${recoveryCodes.codeHash} not like 'h1.%'`);
}

export async function storeRecoveryHash(db: Queryable, id: string, codeHash: string): Promise<void> {
  await db.update(recoveryCodes).set({ codeHash }).where(eq(recoveryCodes.id, id));
}
