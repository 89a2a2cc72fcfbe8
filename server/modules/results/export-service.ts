import type { Config } from '../../config';
import type { Locale, OrganisationKind } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import { today } from '../../platform/dates';
import type { Queryable } from '../../platform/db';
import { type Translator, translator } from '../../platform/i18n';
import { readerLocale, resolveText } from '../../platform/localised';
import { renderPdf } from '../../platform/pdf';
import { ruleViolation } from '../../platform/rules';
import { africaMap } from './africa-map';
import { toCsv, toXlsx } from './export-files';
import {
  type IatiProgrammeRow,
  iatiProgrammes,
  pillarTitles,
  programmePartners,
  programmeTitles,
  stateNames,
} from './export-repository';
import {
  breakdownTable,
  dashboardTables,
  documentFacts,
  type ExportDocument,
  type ExportNames,
  periodSlug,
  withheldText,
} from './export-tables';
import {
  AFRICA_REGIONAL,
  type IatiActivity,
  type IatiIndicator,
  type IatiOrganisation,
  type IatiPeriod,
  type IatiResult,
  iatiXml,
  type Narratives,
  OFFICE_ORGANISATION_TYPE,
  percentages,
} from './iati';
import { reportFooter, reportHtml } from './report';
import type { Breakdown, BreakdownRow, Dashboard, ResultsFilter } from './schemas';
import { getBreakdown, getDashboard } from './service';

/**
 * The exports of the results: spreadsheets of the dashboard or of one breakdown, the results
 * report (HTML and PDF) and IATI activity XML. Figures come from the same service as the
 * dashboard, so an export shows what the screen shows, scope and withheld cells included.
 */

export type ExportFile = { filename: string; contentType: string; body: Buffer | string };

export type ExportQuery = ResultsFilter & {
  table: 'dashboard' | 'breakdown';
  dimension?: Breakdown['dimension'];
  format: 'csv' | 'xlsx';
};

function languageOf(actor: Actor, filter: ResultsFilter): Locale {
  return filter.lang ?? readerLocale(actor);
}

async function namesFor(db: Queryable, scope: Dashboard['scope'], filter: ResultsFilter): Promise<ExportNames> {
  const programmeIds = [...new Set([...(scope.programmeIds ?? []), ...(filter.programme ? [filter.programme] : [])])];
  const [states, pillars, programmes] = await Promise.all([stateNames(db), pillarTitles(db), programmeTitles(db, programmeIds)]);
  return { states, pillars, programmes };
}

function documentOf(
  tr: Translator,
  source: Dashboard | Breakdown,
  filter: ResultsFilter,
  names: ExportNames,
  tables: ExportDocument['tables'],
  name: string,
): ExportDocument {
  return {
    title: `${tr.t('app.name')} — ${tr.t('resultsExport.title')}`,
    facts: documentFacts(tr, source, filter, names, today()),
    tables,
    filename: `tadrib-${name}-${periodSlug(source.period)}`,
    withheld: withheldText(source.scope),
  };
}

export async function exportFile(db: Queryable, actor: Actor, query: ExportQuery): Promise<ExportFile> {
  const { table, dimension, format, ...filter } = query;
  if (table === 'breakdown' && !dimension) {
    throw new AppError('VALIDATION_FAILED', 'A breakdown export needs a dimension', {
      details: [{ path: 'dimension', message: 'Required when table is breakdown' }],
    });
  }
  if (table === 'dashboard' && dimension) {
    throw new AppError('VALIDATION_FAILED', 'The dashboard export takes no dimension', {
      details: [{ path: 'dimension', message: 'Only with table=breakdown' }],
    });
  }
  const lang = languageOf(actor, filter);
  const tr = translator(lang);
  let doc: ExportDocument;
  if (table === 'breakdown' && dimension) {
    const breakdown = await getBreakdown(db, actor, { ...filter, lang, dimension });
    const names = await namesFor(db, breakdown.scope, filter);
    doc = documentOf(tr, breakdown, filter, names, [breakdownTable(tr, breakdown)], `results-${dimension.replaceAll('_', '-')}`);
  } else {
    const dashboard = await getDashboard(db, actor, { ...filter, lang });
    const names = await namesFor(db, dashboard.scope, filter);
    doc = documentOf(tr, dashboard, filter, names, dashboardTables(tr, dashboard), 'results');
  }
  if (format === 'csv') return { filename: `${doc.filename}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(doc) };
  return {
    filename: `${doc.filename}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: await toXlsx(doc, tr.dir === 'rtl'),
  };
}

export type ReportDocument = { html: string; filename: string; footer: string; dir: 'ltr' | 'rtl' };

export async function resultsReport(db: Queryable, actor: Actor, filter: ResultsFilter): Promise<ReportDocument> {
  const lang = languageOf(actor, filter);
  const tr = translator(lang);
  const dashboard = await getDashboard(db, actor, { ...filter, lang });
  const names = await namesFor(db, dashboard.scope, filter);
  const facts = documentFacts(tr, dashboard, filter, names, today());
  return {
    html: reportHtml({ tr, dashboard, facts, map: africaMap() }),
    filename: `tadrib-results-report-${periodSlug(dashboard.period)}-${lang}`,
    footer: reportFooter(tr, dashboard),
    dir: tr.dir,
  };
}

export async function resultsReportPdf(
  db: Queryable,
  actor: Actor,
  filter: ResultsFilter,
  config: Pick<Config, 'chromiumPath'>,
): Promise<ExportFile> {
  const report = await resultsReport(db, actor, filter);
  const pdf = await renderPdf(report.html, { executablePath: config.chromiumPath, footer: report.footer, dir: report.dir });
  return { filename: `${report.filename}.pdf`, contentType: 'application/pdf', body: pdf };
}

// ---- IATI ----

/** OrganisationType code list for each kind of partner. */
const organisationTypes: Record<OrganisationKind, string> = {
  un_entity: '40',
  international_body: '40',
  regional_body: '40',
  donor_government: '10',
  academic_institution: '80',
  civil_society: '21',
  other: '90',
};

const LANGUAGES: Locale[] = ['en', 'fr', 'ar', 'pt'];

/** Catalogue text in the four languages. */
function inEveryLanguage(key: string, vars?: Record<string, unknown>): Narratives {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, translator(lang).t(key, vars)]));
}

/** Years of a period, each clamped to it: 2024-07-01..2025-12-31 → [2024-07-01..2024-12-31, 2025-01-01..2025-12-31]. */
function yearSpans(period: { from: string; to: string }): { year: number; start: string; end: string }[] {
  const spans: { year: number; start: string; end: string }[] = [];
  for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year += 1) {
    const start = `${year}-01-01` > period.from ? `${year}-01-01` : period.from;
    const end = `${year}-12-31` < period.to ? `${year}-12-31` : period.to;
    spans.push({ year, start, end });
  }
  return spans;
}

/** The IATI identifier of a programme: the office's organisation identifier, then the programme's code. */
const activityIdentifier = (orgRef: string, code: string) => `${orgRef}-${code.trim().replace(/\s+/g, '-')}`;

function statusAndDates(programme: IatiProgrammeRow, day: string): Pick<IatiActivity, 'status' | 'dates'> {
  if (!programme.firstStart || !programme.lastEnd) return { status: 1, dates: [{ type: 1, isoDate: programme.createdOn }] };
  const started = programme.firstStart <= day;
  if (!started) {
    return {
      status: 1,
      dates: [
        { type: 1, isoDate: programme.firstStart },
        { type: 3, isoDate: programme.lastEnd },
      ],
    };
  }
  // Sessions still to come or under way: in implementation; all delivered: finalisation (a programme stays open to new sessions).
  return programme.running
    ? {
        status: 2,
        dates: [
          { type: 2, isoDate: programme.firstStart },
          { type: 3, isoDate: programme.lastEnd },
        ],
      }
    : {
        status: 3,
        dates: [
          { type: 2, isoDate: programme.firstStart },
          { type: 4, isoDate: programme.lastEnd },
        ],
      };
}

type MeasureOf = (row: BreakdownRow) => number | null;

/**
 * IATI files are published: their figures come from the results under the disclosure control of
 * aggregate-only readers (./suppression.ts: counts withheld under 5 and rounded to base 5, shares
 * from rounded parts, means only where no containing cell differs by 1 to 4 records), and a
 * figure withheld there is left out here.
 */
type IndicatorSpec = {
  code:
    | 'officials_trained'
    | 'participations'
    | 'women_share'
    | 'knowledge_gain'
    | 'normalised_gain'
    | 'application_rate'
    | 'satisfaction';
  measure: 1 | 2;
  value: MeasureOf;
  /** Counts are split by sex and state; ratios and means are not. */
  split: boolean;
};

/** Shares are written as percentages (IndicatorMeasure 2). */
const percent =
  (pick: MeasureOf): MeasureOf =>
  (row) => {
    const v = pick(row);
    return v === null ? null : v * 100;
  };

const outputIndicators: IndicatorSpec[] = [
  {
    code: 'officials_trained',
    measure: 1,
    value: (r) => r.officialsTrained,
    split: true,
  },
  {
    code: 'participations',
    measure: 1,
    value: (r) => r.participations,
    split: true,
  },
  { code: 'women_share', measure: 2, value: percent((r) => r.womenShare), split: false },
];
const outcomeIndicators: IndicatorSpec[] = [
  { code: 'knowledge_gain', measure: 1, value: (r) => r.knowledgeGain, split: false },
  {
    code: 'normalised_gain',
    measure: 2,
    value: percent((r) => r.normalisedGain),
    split: false,
  },
  {
    code: 'application_rate',
    measure: 2,
    value: percent((r) => r.applicationRate),
    split: false,
  },
  { code: 'satisfaction', measure: 1, value: (r) => r.satisfaction, split: false },
];

/** The cells of a split that are published (withheld ones are null). */
const publishedSplit = (spec: IndicatorSpec, rows: BreakdownRow[]): BreakdownRow[] => rows.filter((r) => spec.value(r) !== null);

/** The IATI file is public: its figures are those of aggregate-only readers, whoever exports it. */
const published = { published: true };

type YearFigures = { start: string; end: string; bySex: Breakdown; byState: Breakdown };

function indicatorOf(
  spec: IndicatorSpec,
  years: YearFigures[],
  baseline: { year: number; row: BreakdownRow } | null,
): IatiIndicator | null {
  const periods: IatiPeriod[] = [];
  for (const y of years) {
    const total = spec.value(y.bySex.total);
    if (total === null) continue;
    const actuals = [{ value: total, dimensions: [] as IatiPeriod['actuals'][number]['dimensions'] }];
    if (spec.split) {
      const sexes = y.bySex.rows.filter((r) => r.key === 'female' || r.key === 'male');
      for (const row of publishedSplit(spec, sexes))
        actuals.push({ value: spec.value(row) as number, dimensions: [{ name: 'sex', value: row.key }] });
      for (const row of publishedSplit(spec, y.byState.rows))
        actuals.push({ value: spec.value(row) as number, dimensions: [{ name: 'state', value: row.key }] });
    }
    periods.push({ start: y.start, end: y.end, actuals });
  }
  if (periods.length === 0) return null;
  const baselineValue = baseline ? spec.value(baseline.row) : null;
  return {
    measure: spec.measure,
    ascending: true,
    title: inEveryLanguage(`results.indicators.${spec.code}`),
    description: inEveryLanguage(`results.definitions.${spec.code}`),
    baseline:
      baseline && baselineValue !== null
        ? { year: baseline.year, isoDate: `${baseline.year}-12-31`, value: baselineValue }
        : null,
    periods,
  };
}

/**
 * Each country's share of the published (rounded) participations; countries whose figure is
 * withheld are not named but counted in Africa's regional share, the published total less the
 * named countries; all of it regional when nothing was delivered in the period.
 */
function recipientShares(breakdown: Breakdown): Pick<IatiActivity, 'recipientCountries' | 'regionalPercentage'> {
  const named = breakdown.rows.filter((r) => r.participations !== null && r.participations > 0);
  const namedSum = named.reduce((sum, r) => sum + (r.participations as number), 0);
  const anyWithheld = breakdown.rows.some((r) => r.participations === null);
  const regional = anyWithheld ? Math.max(0, (breakdown.total.participations ?? 0) - namedSum) : 0;
  const shares = percentages([
    ...named.map((r) => ({ code: r.key, weight: r.participations as number })),
    { code: AFRICA_REGIONAL, weight: regional },
  ]);
  if (shares.length === 0) return { recipientCountries: [], regionalPercentage: 100 };
  return {
    recipientCountries: shares.filter((s) => s.code !== AFRICA_REGIONAL),
    regionalPercentage: shares.find((s) => s.code === AFRICA_REGIONAL)?.percentage ?? 0,
  };
}

async function programmeActivity(
  db: Queryable,
  actor: Actor,
  programme: IatiProgrammeRow,
  partners: IatiOrganisation[],
  period: { from: string; to: string },
  config: Config['iati'],
  day: string,
): Promise<IatiActivity> {
  const filter = { programme: programme.id, lang: 'en' as const };
  const whole = await getBreakdown(db, actor, { ...filter, from: period.from, to: period.to, dimension: 'state' }, published);
  const years: YearFigures[] = [];
  for (const span of yearSpans(period)) {
    const bounds = { from: span.start, to: span.end };
    const bySex = await getBreakdown(db, actor, { ...filter, ...bounds, dimension: 'sex' }, published);
    if (!bySex.total.participations) continue;
    const byState = await getBreakdown(db, actor, { ...filter, ...bounds, dimension: 'state' }, published);
    years.push({ start: span.start, end: span.end, bySex, byState });
  }
  const baselineYear = Number(period.from.slice(0, 4)) - 1;
  const baselineFigures =
    years.length > 0 && baselineYear >= 2000
      ? await getBreakdown(
          db,
          actor,
          { ...filter, from: String(baselineYear), to: String(baselineYear), dimension: 'sex' },
          published,
        )
      : null;
  const baseline = baselineFigures ? { year: baselineYear, row: baselineFigures.total } : null;
  const results: IatiResult[] = [];
  const outputs = outputIndicators.map((s) => indicatorOf(s, years, baseline)).filter((i): i is IatiIndicator => i !== null);
  if (outputs.length) results.push({ type: 1, title: inEveryLanguage('resultsExport.iati.outputTitle'), indicators: outputs });
  const outcomes = outcomeIndicators.map((s) => indicatorOf(s, years, baseline)).filter((i): i is IatiIndicator => i !== null);
  if (outcomes.length) results.push({ type: 2, title: inEveryLanguage('resultsExport.iati.outcomeTitle'), indicators: outcomes });

  const title = resolveText(programme.title, 'en');
  const description = resolveText(programme.description, 'en');
  const office = { ref: config.orgRef, type: OFFICE_ORGANISATION_TYPE, name: config.orgName };
  return {
    identifier: activityIdentifier(config.orgRef, programme.code),
    lastUpdated: programme.updatedAt,
    title: title.values,
    description: description.lang
      ? description.values
      : Object.fromEntries(
          LANGUAGES.map((lang) => [
            lang,
            translator(lang).t('resultsExport.iati.description', { title: resolveText(programme.title, lang).text }),
          ]),
        ),
    participatingOrgs: [{ ...office, role: '2' }, { ...office, role: '4' }, ...partners],
    ...statusAndDates(programme, day),
    ...recipientShares(whole),
    results,
  };
}

/**
 * One iati-activity per programme, with the results of the period: per calendar year, the totals
 * and their split by sex and by state; the year before the period as baseline.
 */
export async function iatiExport(
  db: Queryable,
  actor: Actor,
  query: Pick<ResultsFilter, 'from' | 'to'>,
  config: Config['iati'],
): Promise<ExportFile> {
  const programmes = await iatiProgrammes(db, today());
  if (programmes.length === 0) throw ruleViolation('results.nothing_to_publish');
  // The period as the results read it (the defaults included), from one cheap breakdown.
  const { period } = await getBreakdown(db, actor, { ...query, lang: 'en', dimension: 'sex' }, published);
  const partnerRows = await programmePartners(db);
  const activities: IatiActivity[] = [];
  for (const programme of programmes) {
    const partners: IatiOrganisation[] = partnerRows
      .filter((p) => p.programmeId === programme.id)
      .map((p) => ({
        ref: null,
        type: organisationTypes[p.kind],
        role: p.role === 'donor' ? '1' : '4',
        name: p.acronym ? `${p.name} (${p.acronym})` : p.name,
      }));
    activities.push(await programmeActivity(db, actor, programme, partners, period, config, today()));
  }
  return {
    filename: `tadrib-iati-activities-${periodSlug(period)}.xml`,
    contentType: 'application/xml; charset=utf-8',
    body: iatiXml(activities, { ref: config.orgRef, name: config.orgName }, new Date()),
  };
}
