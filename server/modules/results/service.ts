import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Locale, type LocalisedText, settings, users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { readerLocale, resolveText } from '../curriculum/localised';
import { programmesOfOrganisation } from '../partners/service';
import { followThrough } from '../recommendations/service';
import { pillarTitles, programmeTitles, stateNames } from './export-repository';
import { ensureResultsFresh } from './freshness';
import { type Period, parsePeriod, previousPeriod } from './period';
import * as repo from './repository';
import type {
  Breakdown,
  BreakdownRow,
  Dashboard,
  DashboardRow,
  Dimension,
  HeadlineFigure,
  IndicatorCode,
  RecordMeasure,
  RecordRow,
  ResultsFilter,
} from './schemas';
import { indicatorCodes } from './schemas';
import { cellsToWithhold, isSmall, SUPPRESSION_THRESHOLD } from './suppression';

/**
 * The results: every figure computed from the records at the moment it is asked for (the facts are
 * brought up to date first), narrowed to what the reader may see:
 *  - office staff: everything;
 *  - a focal point: their own state's officials;
 *  - a partner: the programmes its organisation funds or co-delivers, aggregates only, with
 *    persons under 5 withheld.
 */

type Scope = {
  kind: 'office' | 'state' | 'partner';
  stateIso2: string | null;
  programmeIds: string[] | null;
  suppress: boolean;
};

async function scopeOf(db: Queryable, actor: Actor): Promise<Scope> {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return { kind: 'office', stateIso2: null, programmeIds: null, suppress: false };
    case 'focal_point':
      if (!actor.stateIso2) throw new AppError('FORBIDDEN', 'Your account has no member state');
      return { kind: 'state', stateIso2: actor.stateIso2, programmeIds: null, suppress: false };
    case 'partner': {
      const [user] = await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, actor.userId));
      const programmeIds = user?.organisationId ? await programmesOfOrganisation(db, user.organisationId) : [];
      return { kind: 'partner', stateIso2: null, programmeIds, suppress: true };
    }
    default:
      throw new AppError('FORBIDDEN', 'Your role does not allow this');
  }
}

/** The reader's filters within their scope; asking outside it is refused, never silently widened. */
function narrowingOf(scope: Scope, filter: ResultsFilter): repo.Narrowing {
  if (scope.stateIso2 && filter.state && filter.state !== scope.stateIso2)
    throw new AppError('FORBIDDEN', "You see your own state's figures only");
  if (scope.programmeIds && filter.programme && !scope.programmeIds.includes(filter.programme))
    throw new AppError('FORBIDDEN', 'You see the programmes your organisation supports only');
  const state = scope.stateIso2 ?? filter.state;
  const programmes = filter.programme ? [filter.programme] : (scope.programmeIds ?? undefined);
  return {
    ...(state ? { state } : {}),
    ...(programmes ? { programmes } : {}),
    ...(filter.sex ? { sex: filter.sex } : {}),
    ...(filter.agencyType ? { agencyType: filter.agencyType } : {}),
    ...(filter.courseLevel ? { courseLevel: filter.courseLevel } : {}),
    ...(filter.thematicArea ? { thematicArea: filter.thematicArea } : {}),
    ...(filter.pillar ? { pillar: filter.pillar } : {}),
    ...(filter.modality ? { modality: filter.modality } : {}),
  };
}

async function periodsOf(db: Queryable, filter: ResultsFilter): Promise<{ current: Period; previous: Period }> {
  const currentYear = new Date().getUTCFullYear();
  const firstYear = (await repo.firstYearWithData(db)) ?? currentYear;
  let current = parsePeriod(filter, { firstYear: Math.min(firstYear, currentYear), currentYear });
  if (filter.year !== undefined) {
    // A year within the period (a drill-down from a bar of the chart by year).
    const from = current.from > `${filter.year}-01-01` ? current.from : `${filter.year}-01-01`;
    const to = current.to < `${filter.year}-12-31` ? current.to : `${filter.year}-12-31`;
    if (from > to)
      throw new AppError('VALIDATION_FAILED', 'The year is outside the period', {
        details: [{ path: 'year', message: 'Outside the period' }],
      });
    current = parsePeriod({ from, to }, { firstYear, currentYear });
  }
  return { current, previous: previousPeriod(current) };
}

const scopeView = (scope: Scope) => ({
  kind: scope.kind,
  stateIso2: scope.stateIso2,
  programmeIds: scope.programmeIds,
  suppression: { applied: scope.suppress, threshold: SUPPRESSION_THRESHOLD },
});

const periodView = (p: Period) => ({ from: p.from, to: p.to, wholeYears: p.wholeYears, label: p.label });

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Mean gain with its 95 % confidence interval (normal approximation: mean ± 1.96 standard errors). */
export function meanWithInterval(
  n: number,
  sum: number,
  squareSum: number,
): { mean: number | null; ci95: [number, number] | null } {
  if (n <= 0) return { mean: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { mean, ci95: null };
  const variance = Math.max(0, (squareSum - n * mean * mean) / (n - 1));
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half] };
}

// ---- Labels ----

type Labeller = (key: string) => string;

async function labellerFor(db: Queryable, dimension: Dimension, lang: Locale, keys: string[]): Promise<Labeller> {
  const t = translator(lang);
  const fromCatalogue = (prefix: string) => (key: string) => (t.has(`${prefix}.${key}`) ? t.t(`${prefix}.${key}`) : key);
  switch (dimension) {
    case 'state': {
      const names = await stateNames(db);
      return (key) => names.get(key)?.[lang] ?? key;
    }
    case 'programme': {
      const titles = await programmeTitles(db, keys);
      return (key) => resolveText(titles.get(key) as LocalisedText | undefined, lang).text || key;
    }
    case 'pillar': {
      const titles = await pillarTitles(db);
      return (key) => (titles.get(key) ? `${key} — ${titles.get(key)?.[lang]}` : key);
    }
    case 'sex':
      return fromCatalogue('registry.sex');
    case 'agency_type':
      return fromCatalogue('agencyTypes');
    case 'course_level':
      return fromCatalogue('curriculum.levels');
    case 'modality':
      return fromCatalogue('sessions.modalities');
    default:
      return (key) => key;
  }
}

async function languageOf(db: Queryable, actor: Actor, filter: ResultsFilter): Promise<Locale> {
  return filter.lang ?? (await readerLocale(db, actor));
}

// ---- Dashboard ----

function dashboardRows(map: Map<string, repo.Split>, label: Labeller, suppress: boolean, order: 'key' | 'value'): DashboardRow[] {
  const entries = [...map.entries()];
  if (order === 'value') entries.sort((a, b) => b[1].officials - a[1].officials || a[0].localeCompare(b[0]));
  else entries.sort((a, b) => a[0].localeCompare(b[0]));
  const withheld = {
    officials: suppress ? cellsToWithhold(entries.map(([, v]) => v.officials)) : new Set<number>(),
    participations: suppress ? cellsToWithhold(entries.map(([, v]) => v.participations)) : new Set<number>(),
    women: suppress ? cellsToWithhold(entries.map(([, v]) => v.women)) : new Set<number>(),
  };
  return entries.map(([key, v], i) => {
    const hideOfficials = withheld.officials.has(i);
    const hideParticipations = withheld.participations.has(i);
    // Women and men both at least 5, or the share would reveal a small group.
    const hideWomen = withheld.women.has(i) || (suppress && isSmall(v.officials - v.women)) || hideOfficials;
    return {
      key,
      label: label(key),
      officialsTrained: hideOfficials ? null : v.officials,
      participations: hideParticipations ? null : v.participations,
      women: hideWomen ? null : v.women,
      suppressed: hideOfficials || hideParticipations || hideWomen,
    };
  });
}

function headlineOf(
  counts: repo.Counts,
  suppress: boolean,
  recommendations: { current: number | null; previous: number | null; basis: number },
): HeadlineFigure[] {
  const { current: c, previous: p } = counts;
  const figure = (
    code: IndicatorCode,
    value: number | null,
    previous: number | null,
    options: { persons?: number[]; previousPersons?: number[]; basis?: number | null; ci95?: [number, number] | null } = {},
  ): HeadlineFigure => {
    // A figure resting on fewer than 5 persons is withheld from partners (the previous period's apart).
    const small = suppress && (options.persons ?? []).some((n) => isSmall(n));
    const previousSmall = suppress && (options.previousPersons ?? []).some((n) => isSmall(n));
    return {
      code,
      value: small ? null : value,
      previous: previousSmall ? null : previous,
      suppressed: small,
      ci95: small ? null : (options.ci95 ?? null),
      basis: small ? null : (options.basis ?? null),
    };
  };
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  const previousGain = meanWithInterval(p.pairedTests, p.gainSum, p.gainSquareSum);
  const rated = c.ratings >= 0;
  return [
    figure('officials_trained', c.officials, p.officials, { persons: [c.officials], previousPersons: [p.officials] }),
    figure('participations', c.participations, p.participations, {
      persons: [c.participations],
      previousPersons: [p.participations],
    }),
    figure('states_reached', c.statesReached, p.statesReached),
    figure('women_share', ratio(c.women, c.officials), ratio(p.women, p.officials), {
      persons: [c.women, c.officials - c.women],
      previousPersons: [p.women, p.officials - p.women],
      basis: c.officials,
    }),
    figure('knowledge_gain', gain.mean, previousGain.mean, {
      persons: [c.pairedTests],
      previousPersons: [p.pairedTests],
      basis: c.pairedTests,
      ci95: gain.ci95,
    }),
    figure(
      'normalised_gain',
      c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
      p.normalisedTests > 0 ? p.normalisedGainSum / p.normalisedTests : null,
      { persons: [c.normalisedTests], previousPersons: [p.normalisedTests], basis: c.normalisedTests },
    ),
    figure(
      'satisfaction',
      rated && c.ratings > 0 ? c.ratingSum / c.ratings : null,
      rated && p.ratings > 0 ? p.ratingSum / p.ratings : null,
      { persons: [Math.max(c.ratings, 0)], previousPersons: [Math.max(p.ratings, 0)], basis: rated ? c.ratings : null },
    ),
    figure('application_rate', ratio(c.applied, c.followUpAnswers), ratio(p.applied, p.followUpAnswers), {
      persons: [c.applied, c.followUpAnswers - c.applied],
      previousPersons: [p.applied, p.followUpAnswers - p.applied],
      basis: c.followUpAnswers,
    }),
    figure('recommendations_implemented', recommendations.current, recommendations.previous, {
      basis: recommendations.basis,
    }),
  ];
}

async function recommendationsFigure(
  db: Queryable,
  periods: { current: Period; previous: Period },
  scope: Scope,
): Promise<{ current: number | null; previous: number | null; basis: number }> {
  const state = scope.stateIso2 ? { stateIso2: scope.stateIso2 } : {};
  const [now, before] = await Promise.all([
    followThrough(db, { fromYear: periods.current.fromYear, toYear: periods.current.toYear, ...state }),
    followThrough(db, { fromYear: periods.previous.fromYear, toYear: periods.previous.toYear, ...state }),
  ]);
  return { current: now.rate, previous: before.rate, basis: now.recommendations };
}

export async function getDashboard(db: Queryable, actor: Actor, filter: ResultsFilter): Promise<Dashboard> {
  const scope = await scopeOf(db, actor);
  const narrowing = narrowingOf(scope, filter);
  await ensureResultsFresh(db);
  const periods = await periodsOf(db, filter);
  const lang = await languageOf(db, actor, filter);
  const counts = repo.yearlyFactsCanAnswer(periods.current, narrowing)
    ? await repo.countsFromYearlyFacts(db, periods, narrowing)
    : await repo.countsFromEnrolments(db, periods, narrowing);
  const recommendations = await recommendationsFigure(db, periods, scope);
  const labels = async (dimension: Dimension, map: Map<string, repo.Split>) => labellerFor(db, dimension, lang, [...map.keys()]);
  const s = scope.suppress;
  return {
    period: periodView(periods.current),
    previousPeriod: periodView(periods.previous),
    scope: scopeView(scope),
    headline: headlineOf(counts, s, recommendations),
    byYear: dashboardRows(counts.byYear, (k) => k, s, 'key'),
    byState: dashboardRows(counts.byState, await labels('state', counts.byState), s, 'value'),
    bySex: dashboardRows(counts.bySex, await labels('sex', counts.bySex), s, 'key'),
    byProgramme: dashboardRows(counts.byProgramme, await labels('programme', counts.byProgramme), s, 'value'),
    byAgencyType: dashboardRows(counts.byAgencyType, await labels('agency_type', counts.byAgencyType), s, 'value'),
  };
}

// ---- Breakdowns ----

function breakdownRow(key: string, label: string, c: repo.BreakdownCounts): BreakdownRow {
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  return {
    key,
    label,
    officialsTrained: c.officials,
    participations: c.participations,
    women: c.women,
    womenShare: ratio(c.women, c.officials),
    statesReached: c.statesReached,
    knowledgeGain: gain.mean,
    normalisedGain: c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
    applicationRate: ratio(c.applied, c.followUpAnswers),
    satisfaction: c.ratings > 0 ? c.ratingSum / c.ratings : null,
    previousOfficialsTrained: c.previousOfficials,
    previousParticipations: c.previousParticipations,
    suppressed: false,
  };
}

/** Partners: persons under 5 withheld per column, with a second cell beside a lone one. */
function suppressBreakdown(rows: BreakdownRow[], counts: repo.BreakdownCounts[]): BreakdownRow[] {
  const column = (pick: (c: repo.BreakdownCounts) => number) => cellsToWithhold(counts.map(pick));
  const officials = column((c) => c.officials);
  const participations = column((c) => c.participations);
  const women = column((c) => c.women);
  const previousOfficials = column((c) => c.previousOfficials);
  const previousParticipations = column((c) => c.previousParticipations);
  return rows.map((row, i) => {
    const c = counts[i] as repo.BreakdownCounts;
    const hideOfficials = officials.has(i);
    const hideWomen = women.has(i) || isSmall(c.officials - c.women) || hideOfficials;
    const hideTests = isSmall(c.pairedTests);
    const hideNormalised = isSmall(c.normalisedTests);
    const hideApplication = isSmall(c.applied) || isSmall(c.followUpAnswers - c.applied);
    const hideRatings = c.ratings >= 0 && isSmall(c.ratings);
    const hidden = {
      officialsTrained: hideOfficials,
      participations: participations.has(i),
      women: hideWomen,
      womenShare: hideWomen,
      knowledgeGain: hideTests,
      normalisedGain: hideNormalised,
      applicationRate: hideApplication,
      satisfaction: hideRatings,
      previousOfficialsTrained: previousOfficials.has(i),
      previousParticipations: previousParticipations.has(i),
    };
    const out = { ...row };
    for (const [field, hide] of Object.entries(hidden)) if (hide) (out as Record<string, unknown>)[field] = null;
    out.suppressed = Object.values(hidden).some(Boolean);
    return out;
  });
}

const asBreakdownCounts = (sums: repo.Sums, previous: repo.Sums): repo.BreakdownCounts => ({
  ...sums,
  key: 'total',
  previousOfficials: previous.officials,
  previousParticipations: previous.participations,
});

export async function getBreakdown(
  db: Queryable,
  actor: Actor,
  query: ResultsFilter & { dimension: Dimension },
): Promise<Breakdown> {
  const scope = await scopeOf(db, actor);
  const narrowing = narrowingOf(scope, query);
  await ensureResultsFresh(db);
  const periods = await periodsOf(db, query);
  const lang = await languageOf(db, actor, query);
  const counts = await repo.breakdownFromEnrolments(db, periods, narrowing, query.dimension);
  const totals = await repo.countsFromEnrolments(db, periods, narrowing);
  const label = await labellerFor(
    db,
    query.dimension,
    lang,
    counts.map((c) => c.key),
  );
  const t = translator(lang);
  let rows = counts.map((c) => breakdownRow(c.key, label(c.key), c));
  const totalCounts = asBreakdownCounts(totals.current, totals.previous);
  let total = breakdownRow('total', t.t('results.total'), totalCounts);
  total.satisfaction = totals.current.ratings > 0 ? totals.current.ratingSum / totals.current.ratings : null;
  if (scope.suppress) {
    rows = suppressBreakdown(rows, counts);
    total = suppressBreakdown([total], [totalCounts])[0] as BreakdownRow;
  }
  return {
    period: periodView(periods.current),
    previousPeriod: periodView(periods.previous),
    scope: scopeView(scope),
    dimension: query.dimension,
    rows,
    total,
  };
}

// ---- Drill-down ----

const PSEUDONYM_KEY = 'results.pseudonym_key';

/** The office's secret for pseudonymous ids: made once, kept in the database (every API process shares it). */
async function pseudonymKey(db: Queryable): Promise<Buffer> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, PSEUDONYM_KEY));
  if (row) return Buffer.from(String((row.value as { key: string }).key), 'base64');
  const key = randomBytes(32).toString('base64');
  await db.insert(settings).values({ key: PSEUDONYM_KEY, value: { key } }).onConflictDoNothing();
  return pseudonymKey(db);
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A stable id that says nothing of the person: P-XXXXX-XXXXX (50 bits of an HMAC). */
export function pseudonymOf(key: Buffer, officialId: string): string {
  const digest = createHmac('sha256', key).update(officialId).digest();
  let bits = 0n;
  for (let i = 0; i < 7; i += 1) bits = (bits << 8n) | BigInt(digest[i] as number);
  let out = '';
  for (let i = 0; i < 10; i += 1) out += crockford[Number((bits >> BigInt(5 * i + 6)) & 31n)];
  return `P-${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Who may see the names behind a figure: programme officers (all) and focal points (their state, already the scope). */
const seesIdentities = (actor: Actor) => actor.role === 'programme_officer' || actor.role === 'focal_point';

export async function getRecords(
  db: Queryable,
  actor: Actor,
  audit: AuditContext,
  query: ResultsFilter & { measure: RecordMeasure; page: number; pageSize: number },
): Promise<{
  period: ReturnType<typeof periodView>;
  measure: RecordMeasure;
  identities: boolean;
  total: number;
  page: number;
  pageSize: number;
  rows: RecordRow[];
}> {
  const scope = await scopeOf(db, actor);
  if (scope.suppress) throw new AppError('FORBIDDEN', 'Partners see aggregates only');
  const narrowing = narrowingOf(scope, query);
  await ensureResultsFresh(db);
  const { current } = await periodsOf(db, query);
  const lang = await languageOf(db, actor, query);
  const identities = seesIdentities(actor);
  const { total, rows } = await repo.recordsFromEnrolments(db, current, narrowing, {
    measure: query.measure,
    withNames: identities,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  const key = await pseudonymKey(db);
  const out: RecordRow[] = rows.map((r) => ({
    officialId: identities ? r.officialId : null,
    pseudonym: r.officialId ? pseudonymOf(key, r.officialId) : null,
    name: identities && r.officialId ? `${r.familyName ?? ''}, ${r.givenNames ?? ''}` : null,
    stateIso2: r.stateIso2,
    sex: r.sex,
    agencyType: r.agencyType,
    participations: r.participations,
    sessionCode: r.sessionCode,
    sessionId: r.sessionId,
    courseTitle: r.courseTitle ? resolveText(r.courseTitle as LocalisedText, lang).text : null,
    endedOn: r.endedOn,
    preScore: r.preScore,
    postScore: r.postScore,
    applied: r.applied,
    ratings: r.ratings,
    meanRating: r.ratings ? (r.ratingSum ?? 0) / r.ratings : null,
  }));
  // Names shown are reads of personal data: audited with the ids shown, like the registry's lists.
  await writeAudit(db, audit, {
    action: identities ? 'results.records.read' : 'results.records.read_pseudonymous',
    recordType: 'official',
    details: {
      measure: query.measure,
      period: { from: current.from, to: current.to },
      filter: narrowing,
      page: query.page,
      total,
      ...(identities ? { ids: [...new Set(rows.flatMap((r) => (r.officialId ? [r.officialId] : [])))] } : {}),
    },
  });
  return {
    period: periodView(current),
    measure: query.measure,
    identities,
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: out,
  };
}

// ---- Definitions ----

const units: Record<IndicatorCode, string> = {
  officials_trained: 'persons',
  participations: 'enrolments',
  states_reached: 'states',
  women_share: 'share',
  knowledge_gain: 'points',
  normalised_gain: 'share',
  satisfaction: 'rating_1_5',
  application_rate: 'share',
  recommendations_implemented: 'share',
};

export async function listIndicators(db: Queryable, actor: Actor, lang: Locale | undefined) {
  const t = translator(lang ?? (await readerLocale(db, actor)));
  return indicatorCodes.map((code) => ({
    code,
    name: t.t(`results.indicators.${code}`),
    definition: t.t(`results.definitions.${code}`),
    unit: units[code],
  }));
}
