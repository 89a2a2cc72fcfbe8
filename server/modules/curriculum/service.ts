import type { Locale, LocalisedText } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { readerLocale, resolveText } from '../../platform/localised';
import { assertRulesKept, type RuleProblem, ruleViolation } from '../../platform/rules';
import type { OrganisationView } from '../partners/schemas';
import * as repo from './repository';
import type {
  CourseSummary,
  CourseView,
  CreateCourseInput,
  CreateProgrammeInput,
  ProgrammeView,
  UpdateCourseInput,
  UpdateProgrammeInput,
} from './schemas';

const unique = <T>(values: T[]): T[] => [...new Set(values)];

// ---------- views

export function toCourseSummary(row: repo.CourseRow, locale: Locale): CourseSummary {
  return {
    id: row.id,
    programmeId: row.programmeId,
    code: row.code,
    title: resolveText(row.title, locale),
    level: row.level,
    hours: row.hours,
    thematicArea: row.thematicArea,
  };
}

function toProgramme(row: repo.ProgrammeRow, courseRows: repo.CourseRow[], locale: Locale): ProgrammeView {
  return {
    id: row.id,
    code: row.code,
    title: resolveText(row.title, locale),
    description: resolveText(row.description, locale),
    thematicArea: row.thematicArea,
    courses: courseRows.filter((c) => c.programmeId === row.id).map((c) => toCourseSummary(c, locale)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function courseView(db: Queryable, row: repo.CourseRow, locale: Locale): Promise<CourseView> {
  const programme = await repo.findProgramme(db, row.programmeId);
  if (!programme) throw new Error('course without programme');
  const partners = await repo.partnersOfCourse(db, row.id);
  const org = (p: (typeof partners)[number]): OrganisationView => ({ id: p.id, name: p.name, acronym: p.acronym, kind: p.kind });
  return {
    ...toCourseSummary(row, locale),
    programme: { id: programme.id, code: programme.code, title: resolveText(programme.title, locale) },
    description: resolveText(row.description, locale),
    learningObjectives: row.learningObjectives.map((o) => resolveText(o, locale)),
    pillars: row.pillars,
    resolutions: row.resolutions,
    donors: partners.filter((p) => p.role === 'donor').map(org),
    deliveringPartners: partners.filter((p) => p.role === 'delivering_partner').map(org),
    attendanceThreshold: Number(row.attendanceThreshold),
    testMaxScore: row.testMaxScore === null ? null : Number(row.testMaxScore),
    postTestPassMark: row.postTestPassMark === null ? null : Number(row.postTestPassMark),
    tailoredForIso2: row.tailoredForIso2,
    needsAssessment: row.needsAssessment,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------- programmes

export async function listProgrammes(db: Database, actor: Actor): Promise<{ items: ProgrammeView[] }> {
  const locale = readerLocale(actor);
  const [rows, courseRows] = [await repo.listProgrammes(db), await repo.listCourses(db)];
  return { items: rows.map((r) => toProgramme(r, courseRows, locale)) };
}

export async function getProgramme(db: Database, actor: Actor, id: string): Promise<ProgrammeView> {
  const locale = readerLocale(actor);
  const row = await repo.findProgramme(db, id);
  if (!row) throw notFound('Programme');
  return toProgramme(row, await repo.listCourses(db, { programmeIds: [id] }), locale);
}

async function assertProgrammeCodeFree(db: Queryable, code: string, exceptId?: string) {
  if (await repo.programmeCodeTaken(db, code, exceptId)) {
    throw ruleViolation('curriculum.programme_code_taken', { code }, 'code');
  }
}

export async function createProgramme(db: Database, actor: Actor, audit: AuditContext, input: CreateProgrammeInput) {
  const id = await db.transaction(async (tx) => {
    await assertProgrammeCodeFree(tx, input.code);
    const row = await repo.insertProgramme(tx, {
      code: input.code,
      title: input.title,
      description: input.description ?? {},
      thematicArea: input.thematicArea,
    });
    await writeAudit(tx, audit, {
      action: 'programme.create',
      recordType: 'programme',
      recordId: row.id,
      details: { code: row.code },
    });
    return row.id;
  });
  return getProgramme(db, actor, id);
}

export async function updateProgramme(db: Database, actor: Actor, audit: AuditContext, id: string, input: UpdateProgrammeInput) {
  await db.transaction(async (tx) => {
    const before = await repo.findProgramme(tx, id);
    if (!before) throw notFound('Programme');
    if (input.code !== undefined) await assertProgrammeCodeFree(tx, input.code, id);
    await repo.updateProgramme(tx, id, input);
    await writeAudit(tx, audit, {
      action: 'programme.update',
      recordType: 'programme',
      recordId: id,
      details: { fields: Object.keys(input) },
    });
  });
  return getProgramme(db, actor, id);
}

// ---------- courses

export async function listCourses(
  db: Database,
  actor: Actor,
  filter: { programmeId?: string; level?: CourseSummary['level'] },
): Promise<{ items: CourseSummary[] }> {
  const locale = readerLocale(actor);
  const rows = await repo.listCourses(db, {
    programmeIds: filter.programmeId ? [filter.programmeId] : undefined,
    level: filter.level,
  });
  return { items: rows.map((r) => toCourseSummary(r, locale)) };
}

export async function getCourse(db: Database, actor: Actor, id: string): Promise<CourseView> {
  const locale = readerLocale(actor);
  const row = await repo.findCourse(db, id);
  if (!row) throw notFound('Course');
  return courseView(db, row, locale);
}

/** A course as stored, after an edit: every rule is checked on this merged state. */
type CourseState = {
  programmeId: string;
  pillars: string[];
  resolutions: number[];
  donorIds: string[];
  deliveringPartnerIds: string[];
  testMaxScore: number | null;
  postTestPassMark: number | null;
  tailoredForIso2: string | null;
};

/** The references and scores of a course: unknown pillars, resolutions, organisations or states are 422 naming the field. */
async function assertCourseRules(db: Queryable, state: CourseState, changed: Set<string>): Promise<void> {
  const problems: RuleProblem[] = [];
  if (changed.has('programmeId') && !(await repo.findProgramme(db, state.programmeId))) {
    problems.push({ rule: 'reference.programme_unknown', path: 'programmeId' });
  }
  if (changed.has('pillars')) {
    const known = await repo.existingPillars(db, state.pillars);
    const unknown = state.pillars.filter((p) => !known.has(p));
    if (unknown.length)
      problems.push({ rule: 'reference.pillar_unknown', params: { pillars: unknown.join(', ') }, path: 'pillars' });
  }
  if (changed.has('resolutions')) {
    const known = await repo.existingResolutions(db, state.resolutions);
    const unknown = state.resolutions.filter((n) => !known.has(n));
    if (unknown.length) {
      problems.push({ rule: 'reference.resolution_unknown', params: { resolutions: unknown.join(', ') }, path: 'resolutions' });
    }
  }
  for (const field of ['donorIds', 'deliveringPartnerIds'] as const) {
    if (!changed.has(field)) continue;
    const known = await repo.existingOrganisations(db, state[field]);
    const unknown = state[field].filter((id) => !known.has(id));
    if (unknown.length)
      problems.push({ rule: 'reference.organisation_unknown', params: { ids: unknown.join(', ') }, path: field });
  }
  if (changed.has('tailoredForIso2') && state.tailoredForIso2 && !(await repo.stateExists(db, state.tailoredForIso2))) {
    problems.push({ rule: 'reference.state_unknown', params: { states: state.tailoredForIso2 }, path: 'tailoredForIso2' });
  }
  if (state.postTestPassMark !== null) {
    if (state.testMaxScore === null) {
      problems.push({ rule: 'curriculum.pass_mark_needs_max', path: 'postTestPassMark' });
    } else if (state.postTestPassMark > state.testMaxScore) {
      problems.push({ rule: 'curriculum.pass_mark_above_max', params: { max: state.testMaxScore }, path: 'postTestPassMark' });
    }
  }
  assertRulesKept(problems);
}

async function assertCourseCodeFree(db: Queryable, code: string, exceptId?: string) {
  if (await repo.courseCodeTaken(db, code, exceptId)) {
    throw ruleViolation('curriculum.course_code_taken', { code }, 'code');
  }
}

async function sortPillars(db: Queryable, codes: string[]): Promise<string[]> {
  const order = (await repo.pillarOrder(db)).map((p) => p.code);
  return unique(codes).sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export async function createCourse(db: Database, actor: Actor, audit: AuditContext, input: CreateCourseInput) {
  const id = await db.transaction(async (tx) => {
    const state: CourseState = {
      programmeId: input.programmeId,
      pillars: unique(input.pillars ?? []),
      resolutions: unique(input.resolutions ?? []).sort((a, b) => a - b),
      donorIds: unique(input.donorIds ?? []),
      deliveringPartnerIds: unique(input.deliveringPartnerIds ?? []),
      testMaxScore: input.testMaxScore ?? null,
      postTestPassMark: input.postTestPassMark ?? null,
      tailoredForIso2: input.tailoredForIso2 ?? null,
    };
    await assertCourseRules(
      tx,
      state,
      new Set(['programmeId', 'pillars', 'resolutions', 'donorIds', 'deliveringPartnerIds', 'tailoredForIso2']),
    );
    await assertCourseCodeFree(tx, input.code);
    const row = await repo.insertCourse(tx, {
      programmeId: state.programmeId,
      code: input.code,
      title: input.title,
      description: input.description ?? {},
      learningObjectives: input.learningObjectives ?? [],
      level: input.level,
      hours: input.hours,
      thematicArea: input.thematicArea,
      pillars: await sortPillars(tx, state.pillars),
      resolutions: state.resolutions,
      attendanceThreshold: input.attendanceThreshold ?? 0.8,
      testMaxScore: state.testMaxScore,
      postTestPassMark: state.postTestPassMark,
      tailoredForIso2: state.tailoredForIso2,
      needsAssessment: input.needsAssessment ?? null,
    });
    await repo.replacePartnersOfRole(tx, row.id, 'donor', state.donorIds);
    await repo.replacePartnersOfRole(tx, row.id, 'delivering_partner', state.deliveringPartnerIds);
    await writeAudit(tx, audit, {
      action: 'course.create',
      recordType: 'course',
      recordId: row.id,
      details: { code: row.code, programmeId: row.programmeId },
    });
    return row.id;
  });
  return getCourse(db, actor, id);
}

export async function updateCourse(db: Database, actor: Actor, audit: AuditContext, id: string, input: UpdateCourseInput) {
  await db.transaction(async (tx) => {
    const before = await repo.findCourse(tx, id, { forUpdate: true });
    if (!before) throw notFound('Course');
    const partners = await repo.partnersOfCourse(tx, id);
    const changed = new Set(Object.keys(input));
    const state: CourseState = {
      programmeId: input.programmeId ?? before.programmeId,
      pillars: unique(input.pillars ?? before.pillars),
      resolutions: unique(input.resolutions ?? before.resolutions).sort((a, b) => a - b),
      donorIds: unique(input.donorIds ?? partners.filter((p) => p.role === 'donor').map((p) => p.id)),
      deliveringPartnerIds: unique(
        input.deliveringPartnerIds ?? partners.filter((p) => p.role === 'delivering_partner').map((p) => p.id),
      ),
      testMaxScore:
        input.testMaxScore !== undefined ? input.testMaxScore : before.testMaxScore === null ? null : Number(before.testMaxScore),
      postTestPassMark:
        input.postTestPassMark !== undefined
          ? input.postTestPassMark
          : before.postTestPassMark === null
            ? null
            : Number(before.postTestPassMark),
      tailoredForIso2: input.tailoredForIso2 !== undefined ? input.tailoredForIso2 : before.tailoredForIso2,
    };
    await assertCourseRules(tx, state, changed);
    if (input.code !== undefined) await assertCourseCodeFree(tx, input.code, id);
    const values: Partial<typeof before> = {};
    if (input.programmeId !== undefined) values.programmeId = state.programmeId;
    if (input.code !== undefined) values.code = input.code;
    if (input.title !== undefined) values.title = input.title as LocalisedText;
    if (input.description !== undefined) values.description = input.description;
    if (input.learningObjectives !== undefined) values.learningObjectives = input.learningObjectives;
    if (input.level !== undefined) values.level = input.level;
    if (input.hours !== undefined) values.hours = input.hours;
    if (input.thematicArea !== undefined) values.thematicArea = input.thematicArea;
    if (input.pillars !== undefined) values.pillars = await sortPillars(tx, state.pillars);
    if (input.resolutions !== undefined) values.resolutions = state.resolutions;
    if (input.attendanceThreshold !== undefined) values.attendanceThreshold = input.attendanceThreshold;
    if (input.testMaxScore !== undefined) values.testMaxScore = state.testMaxScore;
    if (input.postTestPassMark !== undefined) values.postTestPassMark = state.postTestPassMark;
    if (input.tailoredForIso2 !== undefined) values.tailoredForIso2 = state.tailoredForIso2;
    if (input.needsAssessment !== undefined) values.needsAssessment = input.needsAssessment;
    if (Object.keys(values).length > 0) await repo.updateCourse(tx, id, values);
    if (input.donorIds !== undefined) await repo.replacePartnersOfRole(tx, id, 'donor', state.donorIds);
    if (input.deliveringPartnerIds !== undefined)
      await repo.replacePartnersOfRole(tx, id, 'delivering_partner', state.deliveringPartnerIds);
    await writeAudit(tx, audit, {
      action: 'course.update',
      recordType: 'course',
      recordId: id,
      details: { fields: [...changed] },
    });
  });
  return getCourse(db, actor, id);
}
