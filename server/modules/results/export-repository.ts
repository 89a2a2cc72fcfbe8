import { asc, inArray, sql } from 'drizzle-orm';
import {
  type Locale,
  type LocalisedText,
  memberStates,
  type OrganisationKind,
  programmes,
  strategyPillars,
} from '../../db/schema';
import { type Queryable, queryRows } from '../../platform/db';

/** The SQL the exports need beside the figures: names to label filters and scopes, programmes and partners for IATI. */

export type Names = Record<Locale, string>;

export async function stateNames(db: Queryable): Promise<Map<string, Names>> {
  const rows = await db.select().from(memberStates);
  return new Map(rows.map((r) => [r.iso2, { en: r.nameEn, fr: r.nameFr, ar: r.nameAr, pt: r.namePt }]));
}

export async function pillarTitles(db: Queryable): Promise<Map<string, Names>> {
  const rows = await db.select().from(strategyPillars);
  return new Map(rows.map((r) => [r.code, { en: r.titleEn, fr: r.titleFr, ar: r.titleAr, pt: r.titlePt }]));
}

export async function programmeTitles(db: Queryable, ids: string[]): Promise<Map<string, LocalisedText>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: programmes.id, title: programmes.title })
    .from(programmes)
    .where(inArray(programmes.id, ids))
    .orderBy(asc(programmes.code));
  return new Map(rows.map((r) => [r.id, r.title]));
}

export type IatiProgrammeRow = {
  id: string;
  code: string;
  title: LocalisedText;
  description: LocalisedText;
  createdOn: string;
  updatedAt: Date;
  /** Sessions not cancelled: first start and last end, and whether one has not ended yet. */
  sessions: number;
  firstStart: string | null;
  lastEnd: string | null;
  running: boolean;
};

/** Every programme with the dates of its sessions (cancelled ones left out). */
export async function iatiProgrammes(db: Queryable, today: string): Promise<IatiProgrammeRow[]> {
  const rows = await queryRows<{
    id: string;
    code: string;
    title: LocalisedText;
    description: LocalisedText;
    created_on: string;
    updated_at: Date | string;
    sessions: number | string;
    first_start: string | null;
    last_end: string | null;
    running: boolean;
  }>(
    db,
    sql`select p.id, p.code, p.title, p.description, to_char(p.created_at, 'YYYY-MM-DD') as created_on, p.updated_at,
          count(s.id) as sessions,
          to_char(min(s.start_date), 'YYYY-MM-DD') as first_start,
          to_char(max(s.end_date), 'YYYY-MM-DD') as last_end,
          coalesce(bool_or(s.end_date >= ${today}::date or s.status in ('planned', 'open')), false) as running
        from programmes p
        left join courses c on c.programme_id = p.id
        left join training_sessions s on s.course_id = c.id and s.status <> 'cancelled'
        group by p.id
        order by p.code`,
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    description: r.description,
    createdOn: r.created_on,
    updatedAt: new Date(r.updated_at),
    sessions: Number(r.sessions),
    firstStart: r.first_start,
    lastEnd: r.last_end,
    running: r.running,
  }));
}

export type ProgrammePartnerRow = {
  programmeId: string;
  name: string;
  acronym: string | null;
  kind: OrganisationKind;
  role: 'donor' | 'delivering_partner';
};

/** Who funds or co-delivers the courses of each programme (course_partners), once per programme and role. */
export async function programmePartners(db: Queryable): Promise<ProgrammePartnerRow[]> {
  const rows = await queryRows<{
    programme_id: string;
    name: string;
    acronym: string | null;
    kind: OrganisationKind;
    role: 'donor' | 'delivering_partner';
  }>(
    db,
    sql`select distinct c.programme_id, o.name, o.acronym, o.kind, cp.role
        from course_partners cp
        join courses c on c.id = cp.course_id
        join organisations o on o.id = cp.organisation_id
        order by c.programme_id, cp.role, o.name`,
  );
  return rows.map((r) => ({ programmeId: r.programme_id, name: r.name, acronym: r.acronym, kind: r.kind, role: r.role }));
}
