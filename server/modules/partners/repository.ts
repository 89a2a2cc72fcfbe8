import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  contributions,
  type OrganisationKind,
  organisationContacts,
  organisations,
  partnerAgreements,
  programmes,
  storedFiles,
  users,
} from '../../db/schema';
import { type Queryable, queryRows } from '../../platform/db';

export type OrganisationRow = typeof organisations.$inferSelect;
export type ContactRow = typeof organisationContacts.$inferSelect;
export type AgreementRow = typeof partnerAgreements.$inferSelect;

// ---------- organisations

export type OrganisationFilter = { kind?: OrganisationKind; q?: string; country?: string };

/** `%` and `_` typed by the user are matched as themselves. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const listOrganisations = (db: Queryable, filter: OrganisationFilter = {}) =>
  db
    .select()
    .from(organisations)
    .where(
      and(
        filter.kind ? eq(organisations.kind, filter.kind) : undefined,
        filter.country ? eq(organisations.countryIso2, filter.country) : undefined,
        filter.q
          ? or(ilike(organisations.name, likePattern(filter.q)), ilike(organisations.acronym, likePattern(filter.q)))
          : undefined,
      ),
    )
    .orderBy(asc(organisations.name));

export async function findOrganisation(db: Queryable, id: string, lock = false): Promise<OrganisationRow | undefined> {
  const query = db.select().from(organisations).where(eq(organisations.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findOrganisationsByIds(db: Queryable, ids: string[]): Promise<OrganisationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(organisations).where(inArray(organisations.id, ids));
}

/** Another organisation of that name, any case. */
export async function findOrganisationByName(
  db: Queryable,
  name: string,
  exceptId?: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(and(sql`lower(${organisations.name}) = lower(${name})`, exceptId ? ne(organisations.id, exceptId) : undefined));
  return row;
}

export async function insertOrganisation(db: Queryable, values: typeof organisations.$inferInsert): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateOrganisation(db: Queryable, id: string, values: Partial<typeof organisations.$inferInsert>) {
  const [row] = await db
    .update(organisations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organisations.id, id))
    .returning();
  return row;
}

/** The organisation a partner user belongs to (users.organisation_id), if any. */
export async function organisationOfUser(db: Queryable, userId: string): Promise<string | null> {
  const [row] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, userId));
  return row?.organisationId ?? null;
}

export async function countsOf(db: Queryable, organisationId: string) {
  const [row] = await queryRows<{ contacts: number; agreements: number; contributions: number }>(
    db,
    sql`select
      (select count(*)::int from organisation_contacts where organisation_id = ${organisationId}) as contacts,
      (select count(*)::int from partner_agreements where organisation_id = ${organisationId}) as agreements,
      (select count(*)::int from contributions where organisation_id = ${organisationId}) as contributions`,
  );
  return {
    contacts: Number(row?.contacts ?? 0),
    agreements: Number(row?.agreements ?? 0),
    contributions: Number(row?.contributions ?? 0),
  };
}

// ---------- contacts

export const listContacts = (db: Queryable, organisationId: string) =>
  db
    .select()
    .from(organisationContacts)
    .where(eq(organisationContacts.organisationId, organisationId))
    .orderBy(asc(organisationContacts.fullName));

export async function findContact(db: Queryable, id: string): Promise<ContactRow | undefined> {
  const [row] = await db.select().from(organisationContacts).where(eq(organisationContacts.id, id));
  return row;
}

export async function insertContact(db: Queryable, values: typeof organisationContacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(organisationContacts).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateContact(db: Queryable, id: string, values: Partial<typeof organisationContacts.$inferInsert>) {
  const [row] = await db
    .update(organisationContacts)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organisationContacts.id, id))
    .returning();
  return row;
}

export async function deleteContact(db: Queryable, id: string): Promise<void> {
  await db.delete(organisationContacts).where(eq(organisationContacts.id, id));
}

// ---------- agreements

const agreementColumns = {
  agreement: partnerAgreements,
  document: { name: storedFiles.name, mediaType: storedFiles.mediaType, size: storedFiles.size },
  contributions: sql<number>`(select count(*)::int from contributions c where c.agreement_id = ${partnerAgreements.id})`,
};

export type AgreementWithDocument = {
  agreement: AgreementRow;
  document: { name: string; mediaType: string; size: number } | null;
  contributions: number;
};

export async function listAgreements(db: Queryable, organisationId: string): Promise<AgreementWithDocument[]> {
  return db
    .select(agreementColumns)
    .from(partnerAgreements)
    .leftJoin(storedFiles, eq(storedFiles.id, partnerAgreements.documentFileId))
    .where(eq(partnerAgreements.organisationId, organisationId))
    .orderBy(desc(partnerAgreements.validFrom), asc(partnerAgreements.title));
}

export async function findAgreementWithDocument(db: Queryable, id: string): Promise<AgreementWithDocument | undefined> {
  const [row] = await db
    .select(agreementColumns)
    .from(partnerAgreements)
    .leftJoin(storedFiles, eq(storedFiles.id, partnerAgreements.documentFileId))
    .where(eq(partnerAgreements.id, id));
  return row;
}

export async function findAgreement(db: Queryable, id: string, lock = false): Promise<AgreementRow | undefined> {
  const query = db.select().from(partnerAgreements).where(eq(partnerAgreements.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertAgreement(db: Queryable, values: typeof partnerAgreements.$inferInsert): Promise<AgreementRow> {
  const [row] = await db.insert(partnerAgreements).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateAgreement(db: Queryable, id: string, values: Partial<typeof partnerAgreements.$inferInsert>) {
  const [row] = await db
    .update(partnerAgreements)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(partnerAgreements.id, id))
    .returning();
  return row;
}

export async function deleteAgreement(db: Queryable, id: string): Promise<void> {
  await db.delete(partnerAgreements).where(eq(partnerAgreements.id, id));
}

export async function contributionsCiting(db: Queryable, agreementId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(contributions).where(eq(contributions.agreementId, agreementId));
  return Number(row?.n ?? 0);
}

// ---------- contributions

export type ContributionFilter = {
  organisationId?: string;
  programmeId?: string;
  currency?: string;
  earmarked?: boolean;
  year?: number;
};

function contributionWhere(filter: ContributionFilter): SQL | undefined {
  return and(
    filter.organisationId ? eq(contributions.organisationId, filter.organisationId) : undefined,
    filter.programmeId ? eq(contributions.programmeId, filter.programmeId) : undefined,
    filter.currency ? eq(contributions.currency, filter.currency) : undefined,
    filter.earmarked === undefined ? undefined : eq(contributions.earmarked, filter.earmarked),
    filter.year
      ? sql`${contributions.periodFrom} <= make_date(${filter.year}::int, 12, 31) and ${contributions.periodTo} >= make_date(${filter.year}::int, 1, 1)`
      : undefined,
  );
}

const contributionColumns = {
  contribution: contributions,
  organisation: { id: organisations.id, name: organisations.name, acronym: organisations.acronym, kind: organisations.kind },
  programme: { id: programmes.id, code: programmes.code, title: programmes.title, thematicArea: programmes.thematicArea },
  agreement: { id: partnerAgreements.id, title: partnerAgreements.title, kind: partnerAgreements.kind },
};

export async function listContributions(db: Queryable, filter: ContributionFilter) {
  return db
    .select(contributionColumns)
    .from(contributions)
    .innerJoin(organisations, eq(organisations.id, contributions.organisationId))
    .innerJoin(programmes, eq(programmes.id, contributions.programmeId))
    .leftJoin(partnerAgreements, eq(partnerAgreements.id, contributions.agreementId))
    .where(contributionWhere(filter))
    .orderBy(desc(contributions.periodFrom), asc(organisations.name), asc(programmes.code));
}
export type ContributionWithRefs = Awaited<ReturnType<typeof listContributions>>[number];

export async function findContributionWithRefs(db: Queryable, id: string): Promise<ContributionWithRefs | undefined> {
  const [row] = await db
    .select(contributionColumns)
    .from(contributions)
    .innerJoin(organisations, eq(organisations.id, contributions.organisationId))
    .innerJoin(programmes, eq(programmes.id, contributions.programmeId))
    .leftJoin(partnerAgreements, eq(partnerAgreements.id, contributions.agreementId))
    .where(eq(contributions.id, id));
  return row;
}

export async function findContribution(db: Queryable, id: string, lock = false) {
  const query = db.select().from(contributions).where(eq(contributions.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function insertContribution(db: Queryable, values: typeof contributions.$inferInsert) {
  const [row] = await db.insert(contributions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateContribution(db: Queryable, id: string, values: Partial<typeof contributions.$inferInsert>) {
  const [row] = await db
    .update(contributions)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(contributions.id, id))
    .returning();
  return row;
}

export async function deleteContribution(db: Queryable, id: string): Promise<void> {
  await db.delete(contributions).where(eq(contributions.id, id));
}

export async function programmeExists(db: Queryable, id: string): Promise<boolean> {
  const [row] = await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.id, id));
  return Boolean(row);
}

/** A sum per currency (and per group), split by earmarking, added up by PostgreSQL: exact. */
export type TotalRow = {
  groupId: string | null;
  currency: string;
  amount: string;
  earmarked: string;
  unearmarked: string;
  contributions: number;
};

export async function contributionTotals(
  db: Queryable,
  filter: ContributionFilter,
  groupBy: 'none' | 'organisation' | 'programme',
): Promise<TotalRow[]> {
  const group =
    groupBy === 'organisation'
      ? sql`${contributions.organisationId}::text`
      : groupBy === 'programme'
        ? sql`${contributions.programmeId}::text`
        : sql`null::text`;
  const where = contributionWhere(filter);
  const rows = await queryRows<TotalRow>(
    db,
    sql`select ${group} as "groupId", ${contributions.currency} as currency,
          sum(${contributions.amount})::text as amount,
          coalesce(sum(${contributions.amount}) filter (where ${contributions.earmarked}), 0)::text as earmarked,
          coalesce(sum(${contributions.amount}) filter (where not ${contributions.earmarked}), 0)::text as unearmarked,
          count(*)::int as contributions
        from ${contributions}
        ${where ? sql`where ${where}` : sql``}
        group by 1, 2
        order by 1, 2`,
  );
  return rows.map((r) => ({ ...r, contributions: Number(r.contributions) }));
}

// ---------- sessions an organisation co-delivered or funded

/**
 * Every (organisation, session, basis) link: the organisation is a delivering partner or a donor
 * of the session's course, or contributed to the session's programme for a period that overlaps
 * the session's dates.
 */
const sessionLinks = sql`
  select cp.organisation_id, s.id as session_id,
         case cp.role when 'donor' then 'course_donor' else 'delivering_partner' end as basis
    from course_partners cp
    join training_sessions s on s.course_id = cp.course_id
  union
  select k.organisation_id, s.id, 'programme_contribution'
    from contributions k
    join courses c on c.programme_id = k.programme_id
    join training_sessions s on s.course_id = c.id and s.start_date <= k.period_to and s.end_date >= k.period_from`;

/** Where a session worked: the states invited to it and those of its accepted participants. */
const sessionStates = sql`
  select session_id, state_iso2 from session_quotas
  union
  select n.session_id, o.state_iso2 from nominations n join officials o on o.id = n.official_id where n.status = 'accepted'`;

export type OrganisationSessionRow = {
  id: string;
  code: string;
  status: string;
  startDate: string;
  endDate: string;
  venueCity: string | null;
  venueCountry: string | null;
  modality: string;
  courseId: string;
  courseCode: string;
  courseTitle: Record<string, string>;
  thematicArea: string;
  programmeId: string;
  programmeCode: string;
  bases: string[];
  states: string[];
};

export async function sessionsOfOrganisation(db: Queryable, organisationId: string): Promise<OrganisationSessionRow[]> {
  return queryRows<OrganisationSessionRow>(
    db,
    sql`with links as (${sessionLinks}), states as (${sessionStates})
      select s.id, s.code, s.status, s.start_date::text as "startDate", s.end_date::text as "endDate",
             s.venue_city as "venueCity", s.venue_country as "venueCountry", s.modality,
             c.id as "courseId", c.code as "courseCode", c.title as "courseTitle", c.thematic_area as "thematicArea",
             p.id as "programmeId", p.code as "programmeCode",
             (select array_agg(distinct l.basis order by l.basis) from links l
               where l.session_id = s.id and l.organisation_id = ${organisationId}) as bases,
             coalesce((select array_agg(distinct st.state_iso2 order by st.state_iso2) from states st
               where st.session_id = s.id), '{}') as states
        from training_sessions s
        join courses c on c.id = s.course_id
        join programmes p on p.id = c.programme_id
       where s.id in (select session_id from links where organisation_id = ${organisationId})
       order by s.start_date desc, s.code`,
  );
}

export async function countSessionsOfOrganisation(db: Queryable, organisationId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with links as (${sessionLinks}) select count(distinct session_id)::int as n from links where organisation_id = ${organisationId}`,
  );
  return Number(row?.n ?? 0);
}

/** The programmes an organisation funds (contributions) or co-delivers or funds (course partners). */
export async function programmesOfOrganisation(db: Queryable, organisationId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select programme_id::text as id from contributions where organisation_id = ${organisationId}
        union
        select c.programme_id::text from course_partners cp join courses c on c.id = cp.course_id
         where cp.organisation_id = ${organisationId}
        order by 1`,
  );
  return rows.map((r) => r.id);
}

// ---------- who does what where

export type MatrixFilter = {
  fromYear?: number;
  toYear?: number;
  programmeId?: string;
  kind?: OrganisationKind;
  basis?: 'delivered' | 'funded';
  stateIso2?: string;
  theme?: string;
};

export type MatrixRow = { organisationId: string; stateIso2: string; theme: string; sessions: number; bases: string[] };

/**
 * One row per partner, state and theme (the thematic area of the session's course), counting the
 * sessions (not cancelled) the partner delivered or funded there. Cancelled sessions did not happen.
 */
export async function matrixRows(db: Queryable, filter: MatrixFilter): Promise<MatrixRow[]> {
  const conditions: SQL[] = [sql`s.status <> 'cancelled'`];
  if (filter.fromYear !== undefined) conditions.push(sql`extract(year from s.start_date) >= ${filter.fromYear}`);
  if (filter.toYear !== undefined) conditions.push(sql`extract(year from s.start_date) <= ${filter.toYear}`);
  if (filter.programmeId) conditions.push(sql`c.programme_id = ${filter.programmeId}`);
  if (filter.kind) conditions.push(sql`o.kind = ${filter.kind}`);
  if (filter.basis) conditions.push(sql`l.basis = ${filter.basis}`);
  if (filter.stateIso2) conditions.push(sql`st.state_iso2 = ${filter.stateIso2}`);
  if (filter.theme) conditions.push(sql`c.thematic_area = ${filter.theme}`);
  const rows = await queryRows<MatrixRow>(
    db,
    sql`with links as (
          select organisation_id, session_id,
                 case basis when 'delivering_partner' then 'delivered' else 'funded' end as basis
            from (${sessionLinks}) raw
        ), states as (${sessionStates})
        select l.organisation_id::text as "organisationId", st.state_iso2 as "stateIso2", c.thematic_area as theme,
               count(distinct s.id)::int as sessions, array_agg(distinct l.basis order by l.basis) as bases
          from links l
          join organisations o on o.id = l.organisation_id
          join training_sessions s on s.id = l.session_id
          join courses c on c.id = s.course_id
          join states st on st.session_id = s.id
         where ${sql.join(conditions, sql` and `)}
         group by 1, 2, 3`,
  );
  return rows.map((r) => ({ ...r, sessions: Number(r.sessions) }));
}
