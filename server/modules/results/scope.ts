import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import type { Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { programmesOfOrganisation } from '../partners/service';
import type { Narrowing } from './facts-sql';
import { type Period, parsePeriod, previousPeriod } from './period';
import { firstYearWithData } from './repository';
import type { ResultsFilter } from './schemas';
import { type Cell, type CellFilter, MAX_FILTERS, SUPPRESSION_THRESHOLD } from './suppression';

/**
 * The results: every figure computed from the records at the moment it is asked for (the facts are
 * brought up to date first), narrowed to what the reader may see:
 *  - office staff: everything;
 *  - a focal point: their own state's officials;
 *  - a partner: the programmes its organisation funds or co-delivers, aggregates only, under the
 *    disclosure control of ./suppression.ts (whole years, few filters, counts withheld under 5 and
 *    rounded to base 5, means only where no containing cell differs by 1 to 4 records). The same
 *    control applies to whatever is published (the IATI file: `{ published: true }`).
 * A focal point sees exact figures: they may open the records of their state with the names, so
 * withholding their aggregates would protect no one from them.
 */
export type Scope = {
  kind: 'office' | 'state' | 'partner';
  stateIso2: string | null;
  programmeIds: string[] | null;
  suppress: boolean;
};

/** Options of a results query: `published` applies the partners' disclosure control whoever asks. */
export type ResultsOptions = { published?: boolean };

export async function scopeOf(db: Queryable, actor: Actor, options: ResultsOptions = {}): Promise<Scope> {
  const scope = await readerScope(db, actor);
  return options.published ? { ...scope, suppress: true } : scope;
}

/** Shared by every office reader's request: frozen, as nothing may change it. */
const OFFICE_SCOPE: Scope = Object.freeze({ kind: 'office', stateIso2: null, programmeIds: null, suppress: false });

async function readerScope(db: Queryable, actor: Actor): Promise<Scope> {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return OFFICE_SCOPE;
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
export function narrowingOf(scope: Scope, filter: ResultsFilter): Narrowing {
  if (scope.stateIso2 && filter.state && filter.state !== scope.stateIso2)
    throw new AppError('FORBIDDEN', "You see your own state's figures only");
  if (scope.programmeIds && filter.programme && !scope.programmeIds.includes(filter.programme))
    throw new AppError('FORBIDDEN', 'You see the programmes your organisation supports only');
  // Field by field, not by spreading one object per filter: every results request narrows.
  const narrowing: Narrowing = {};
  const state = scope.stateIso2 ?? filter.state;
  if (state) narrowing.state = state;
  const programmes = filter.programme ? [filter.programme] : (scope.programmeIds ?? undefined);
  if (programmes) narrowing.programmes = programmes;
  if (filter.sex) narrowing.sex = filter.sex;
  if (filter.agencyType) narrowing.agencyType = filter.agencyType;
  if (filter.courseLevel) narrowing.courseLevel = filter.courseLevel;
  if (filter.thematicArea) narrowing.thematicArea = filter.thematicArea;
  if (filter.pillar) narrowing.pillar = filter.pillar;
  if (filter.modality) narrowing.modality = filter.modality;
  return narrowing;
}

/** The filters of a request as a cell of the query space (the period apart). */
export function cellFilters(filter: ResultsFilter): Cell['filters'] {
  const entries: [CellFilter, string | undefined][] = [
    ['state', filter.state],
    ['programme', filter.programme],
    ['sex', filter.sex],
    ['agencyType', filter.agencyType],
    ['courseLevel', filter.courseLevel],
    ['thematicArea', filter.thematicArea],
    ['pillar', filter.pillar],
    ['modality', filter.modality],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/**
 * The query space of aggregate-only readers: whole calendar years (two spans a day apart would
 * isolate that day's persons) and at most MAX_FILTERS filters at once.
 */
export function checkAggregateQuery(filter: ResultsFilter, period: Period): void {
  if (!period.wholeYears) throw ruleViolation('results.period_whole_years', {}, 'from');
  if (Object.keys(cellFilters(filter)).length > MAX_FILTERS) {
    throw ruleViolation('results.too_many_filters', { max: MAX_FILTERS }, 'filters');
  }
}

export async function periodsOf(db: Queryable, filter: ResultsFilter): Promise<{ current: Period; previous: Period }> {
  const currentYear = new Date().getUTCFullYear();
  const firstYear = (await firstYearWithData(db)) ?? currentYear;
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

export const scopeView = (scope: Scope) => ({
  kind: scope.kind,
  stateIso2: scope.stateIso2,
  programmeIds: scope.programmeIds,
  suppression: { applied: scope.suppress, threshold: SUPPRESSION_THRESHOLD },
});

export const periodView = (p: Period) => ({ from: p.from, to: p.to, wholeYears: p.wholeYears, label: p.label });
