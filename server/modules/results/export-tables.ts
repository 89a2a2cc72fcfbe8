import type { Locale, LocalisedText } from '../../db/schema';
import type { Translator } from '../../platform/i18n';
import { resolveText } from '../../platform/localised';
import type { Names } from './export-repository';
import type {
  Breakdown,
  BreakdownRow,
  Dashboard,
  DashboardRow,
  Dimension,
  HeadlineFigure,
  IndicatorCode,
  ResultsFilter,
} from './schemas';

/**
 * The tables of a results export, written once in the reader's language and then put in a
 * CSV file, a workbook or the PDF report. A withheld figure (a partner's small cell) is a cell
 * of its own: it is written "<5", never 0 and never left blank.
 */

export type FigureFormat = 'count' | 'share' | 'score' | 'rating';

export type Cell =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; value: number; format: FigureFormat }
  | { kind: 'withheld' }
  | { kind: 'empty' };

export type ExportTable = {
  /** Stable name of the table (headline, by_year…; breakdown_<dimension>). */
  key: string;
  title: string;
  headers: string[];
  rows: Cell[][];
  /** The last row holds the totals. */
  hasTotal: boolean;
};

export type DocumentFact = { label: string; value: string };

export type ExportDocument = {
  title: string;
  facts: DocumentFact[];
  tables: ExportTable[];
  /** Without extension: tadrib-results-2024-2025, tadrib-results-state-2024. */
  filename: string;
  /** "<5": the text written for a withheld figure. */
  withheld: string;
};

/** How each headline indicator is written: shares are 0–1, test gains in score points, ratings 1–5. */
export const indicatorFormats: Record<IndicatorCode, FigureFormat> = {
  officials_trained: 'count',
  participations: 'count',
  states_reached: 'count',
  women_share: 'share',
  knowledge_gain: 'score',
  normalised_gain: 'share',
  satisfaction: 'rating',
  application_rate: 'share',
  recommendations_implemented: 'share',
};

export const text = (value: string): Cell => ({ kind: 'text', text: value });

/** A figure, withheld when suppressed and missing, empty when there is nothing to count. */
export function figure(value: number | null, format: FigureFormat, suppressed: boolean): Cell {
  if (value !== null && Number.isFinite(value)) return { kind: 'figure', value, format };
  return suppressed ? { kind: 'withheld' } : { kind: 'empty' };
}

/** The names that label filters and scopes, read once per export. */
export type ExportNames = {
  states: Map<string, Names>;
  pillars: Map<string, Names>;
  programmes: Map<string, LocalisedText>;
};

type Period = Dashboard['period'];
type Scope = Dashboard['scope'];

export function periodText(tr: Translator, period: Period): string {
  return period.wholeYears ? period.label : `${tr.formatDay(period.from)} – ${tr.formatDay(period.to)}`;
}

/** "2024", "2024-2025" or "2024-07-01-2025-06-30", for file names. */
export function periodSlug(period: Period): string {
  if (!period.wholeYears) return `${period.from}-${period.to}`;
  const from = period.from.slice(0, 4);
  const to = period.to.slice(0, 4);
  return from === to ? from : `${from}-${to}`;
}

export const dimensionName = (tr: Translator, dimension: Dimension) => tr.t(`results.dimensions.${dimension}`);

const named = (names: Names | undefined, lang: Locale, fallback: string) => names?.[lang] ?? fallback;

/** What a catalogue calls a coded value (an agency type, a level…), or the code itself when it has no name. */
function codeLabel(tr: Translator, family: string, code: string): string {
  const key = `${family}.${code}`;
  return tr.has(key) ? tr.t(key) : code;
}

export function stateName(tr: Translator, names: ExportNames, iso2: string): string {
  return named(names.states.get(iso2), tr.lang, iso2);
}

export function programmeTitle(tr: Translator, names: ExportNames, id: string): string {
  return resolveText(names.programmes.get(id), tr.lang).text || id;
}

function scopeText(tr: Translator, scope: Scope, names: ExportNames): string {
  switch (scope.kind) {
    case 'office':
      return tr.t('resultsExport.scope.office');
    case 'state':
      return tr.t('resultsExport.scope.state', { state: stateName(tr, names, scope.stateIso2 ?? '') });
    case 'partner': {
      const titles = (scope.programmeIds ?? []).map((id) => programmeTitle(tr, names, id));
      return titles.length
        ? tr.t('resultsExport.scope.partner', { programmes: titles.join('; ') })
        : tr.t('resultsExport.scope.partnerNone');
    }
  }
}

/** The narrowing the reader asked for, each as "Dimension: value". */
function filterText(tr: Translator, filter: ResultsFilter, names: ExportNames): string {
  const parts: string[] = [];
  const add = (dimension: Dimension, value: string) =>
    parts.push(tr.t('resultsExport.facts.filter', { dimension: dimensionName(tr, dimension), value }));
  if (filter.state) add('state', stateName(tr, names, filter.state));
  if (filter.programme) add('programme', programmeTitle(tr, names, filter.programme));
  if (filter.sex) add('sex', tr.t(`registry.sex.${filter.sex}`));
  if (filter.agencyType) add('agency_type', codeLabel(tr, 'agencyTypes', filter.agencyType));
  if (filter.courseLevel) add('course_level', codeLabel(tr, 'curriculum.levels', filter.courseLevel));
  if (filter.thematicArea) add('thematic_area', codeLabel(tr, 'curriculum.thematicAreas', filter.thematicArea));
  if (filter.pillar) add('pillar', named(names.pillars.get(filter.pillar), tr.lang, filter.pillar));
  if (filter.modality) add('modality', codeLabel(tr, 'sessions.modalities', filter.modality));
  if (filter.year) add('year', String(filter.year));
  return parts.length ? parts.join('; ') : tr.t('resultsExport.facts.noFilters');
}

/** The lines written above every table: period, comparison period, scope, filters, date, and what "<5" means. */
export function documentFacts(
  tr: Translator,
  source: { period: Period; previousPeriod: Period; scope: Scope },
  filter: ResultsFilter,
  names: ExportNames,
  generatedOn: string,
): DocumentFact[] {
  const facts: DocumentFact[] = [
    { label: tr.t('resultsExport.facts.period'), value: periodText(tr, source.period) },
    { label: tr.t('resultsExport.facts.previousPeriod'), value: periodText(tr, source.previousPeriod) },
    { label: tr.t('resultsExport.facts.scope'), value: scopeText(tr, source.scope, names) },
    { label: tr.t('resultsExport.facts.filters'), value: filterText(tr, filter, names) },
    { label: tr.t('resultsExport.facts.generated'), value: tr.formatDay(generatedOn) },
  ];
  if (source.scope.suppression.applied) {
    facts.push({
      label: withheldText(source.scope),
      value: tr.t('resultsExport.facts.withheld', { threshold: source.scope.suppression.threshold }),
    });
  }
  return facts;
}

export const withheldText = (scope: Scope) => `<${scope.suppression.threshold}`;

function headlineTable(tr: Translator, headline: HeadlineFigure[]): ExportTable {
  return {
    key: 'headline',
    title: tr.t('resultsExport.tables.headline'),
    headers: [
      tr.t('resultsExport.columns.indicator'),
      tr.t('resultsExport.columns.value'),
      tr.t('resultsExport.columns.previous'),
      tr.t('resultsExport.columns.ciLow'),
      tr.t('resultsExport.columns.ciHigh'),
      tr.t('resultsExport.columns.basis'),
      tr.t('resultsExport.columns.definition'),
    ],
    rows: headline.map((f) => {
      const format = indicatorFormats[f.code];
      return [
        text(tr.t(`results.indicators.${f.code}`)),
        figure(f.value, format, f.suppressed),
        figure(f.previous, format, f.suppressed),
        f.ci95 ? figure(f.ci95[0], format, false) : figure(null, format, f.suppressed),
        f.ci95 ? figure(f.ci95[1], format, false) : figure(null, format, f.suppressed),
        figure(f.basis, 'count', f.suppressed),
        text(tr.t(`results.definitions.${f.code}`)),
      ];
    }),
    hasTotal: false,
  };
}

function dashboardTable(tr: Translator, key: string, dimension: Dimension, rows: DashboardRow[]): ExportTable {
  return {
    key,
    title: tr.t(`resultsExport.tables.${key}`),
    headers: [
      dimensionName(tr, dimension),
      tr.t('results.measures.officialsTrained'),
      tr.t('results.measures.participations'),
      tr.t('results.measures.women'),
    ],
    rows: rows.map((r) => [
      text(r.label),
      figure(r.officialsTrained, 'count', r.suppressed),
      figure(r.participations, 'count', r.suppressed),
      figure(r.women, 'count', r.suppressed),
    ]),
    hasTotal: false,
  };
}

/** Every table of the dashboard: headline figures with their definitions, then each split. */
export function dashboardTables(tr: Translator, dashboard: Dashboard): ExportTable[] {
  return [
    headlineTable(tr, dashboard.headline),
    dashboardTable(tr, 'byYear', 'year', dashboard.byYear),
    dashboardTable(tr, 'byState', 'state', dashboard.byState),
    dashboardTable(tr, 'bySex', 'sex', dashboard.bySex),
    dashboardTable(tr, 'byProgramme', 'programme', dashboard.byProgramme),
    dashboardTable(tr, 'byAgencyType', 'agency_type', dashboard.byAgencyType),
  ];
}

const breakdownMeasures = [
  'officialsTrained',
  'participations',
  'women',
  'womenShare',
  'statesReached',
  'knowledgeGain',
  'normalisedGain',
  'applicationRate',
  'satisfaction',
  'previousOfficialsTrained',
  'previousParticipations',
] as const;

function breakdownCells(row: BreakdownRow, label: string): Cell[] {
  const s = row.suppressed;
  return [
    text(label),
    figure(row.officialsTrained, 'count', s),
    figure(row.participations, 'count', s),
    figure(row.women, 'count', s),
    figure(row.womenShare, 'share', s),
    figure(row.statesReached, 'count', s),
    figure(row.knowledgeGain, 'score', s),
    figure(row.normalisedGain, 'share', s),
    figure(row.applicationRate, 'share', s),
    figure(row.satisfaction, 'rating', s),
    figure(row.previousOfficialsTrained, 'count', s),
    figure(row.previousParticipations, 'count', s),
  ];
}

/** One breakdown: a row per value of the dimension with every measure and the previous period, then the total. */
export function breakdownTable(tr: Translator, breakdown: Breakdown): ExportTable {
  return {
    key: `breakdown_${breakdown.dimension}`,
    title: tr.t('resultsExport.tables.breakdown', { dimension: dimensionName(tr, breakdown.dimension) }),
    headers: [dimensionName(tr, breakdown.dimension), ...breakdownMeasures.map((measure) => tr.t(`results.measures.${measure}`))],
    rows: [...breakdown.rows.map((r) => breakdownCells(r, r.label)), breakdownCells(breakdown.total, tr.t('results.total'))],
    hasTotal: true,
  };
}
