import type { Locale } from '../../db/schema';

/**
 * IATI activity XML, standard 2.03 (https://iatistandard.org/en/iati-standard/203/activity-standard/):
 * one iati-activity per programme, with its results. The schema fixes the order of the elements;
 * the code lists used are named where they are written.
 */

export type Narratives = Partial<Record<Locale, string>>;

export type IatiDimension = { name: 'sex' | 'state'; value: string };
export type IatiActual = { value: number; dimensions: IatiDimension[] };
export type IatiPeriod = { start: string; end: string; actuals: IatiActual[] };

export type IatiIndicator = {
  /** IndicatorMeasure code list: 1 unit, 2 percentage. */
  measure: 1 | 2;
  /** Whether a higher value is better. */
  ascending: boolean;
  title: Narratives;
  description: Narratives;
  baseline: { year: number; isoDate: string; value: number } | null;
  periods: IatiPeriod[];
};

export type IatiResult = {
  /** ResultType code list: 1 output, 2 outcome. */
  type: 1 | 2;
  title: Narratives;
  indicators: IatiIndicator[];
};

export type IatiOrganisation = {
  ref: string | null;
  /** OrganisationType code list (10 government, 21 international NGO, 40 multilateral, 80 academic, 90 other). */
  type: string;
  /** OrganisationRole code list: 1 funding, 2 accountable, 3 extending, 4 implementing. */
  role: '1' | '2' | '3' | '4';
  name: string;
};

export type IatiActivity = {
  identifier: string;
  lastUpdated: Date;
  title: Narratives;
  description: Narratives;
  participatingOrgs: IatiOrganisation[];
  /** ActivityStatus code list: 1 pipeline, 2 implementation, 3 finalisation. */
  status: 1 | 2 | 3;
  /** ActivityDateType code list: 1 planned start, 2 actual start, 3 planned end, 4 actual end. */
  dates: { type: 1 | 2 | 3 | 4; isoDate: string }[];
  /** Share of the activity per country (ISO 3166-1 alpha-2); with `regionalPercentage`, adding up to 100. */
  recipientCountries: { code: string; percentage: number }[];
  /** Share given to Africa as a region: countries with too few persons to name, or all when none yet. */
  regionalPercentage: number;
  results: IatiResult[];
};

export type IatiReportingOrg = { ref: string; name: string };

/**
 * The sector of every programme: DAC 5-digit purpose code 15210, "Security system management and
 * reform" — technical co-operation and training for law-enforcement, intelligence, justice and
 * border officials under civilian, rule-of-law oversight, which is what the office delivers.
 * 15220 (civilian peace-building, conflict prevention) fits prevention of violent extremism
 * projects, not the training of security officials.
 */
export const IATI_SECTOR = { vocabulary: '1', code: '15210', name: 'Security system management and reform' };
/** DAC region code 298, "Africa, regional": the share not given to a named country. */
export const AFRICA_REGIONAL = '298';
/** ActivityScope 2: regional (programmes serve several African states). */
const REGIONAL_SCOPE = '2';
/** The office is a multilateral (OrganisationType 40) body. */
export const OFFICE_ORGANISATION_TYPE = '40';

/** XML 1.0 forbids most control characters, even escaped: they are dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const FORBIDDEN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(FORBIDDEN_XML, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const attributes = (values: Record<string, string | number | boolean | null | undefined>) =>
  Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

const element = (name: string, attrs: Record<string, string | number | boolean | null | undefined>, children = '') =>
  children ? `<${name}${attributes(attrs)}>${children}</${name}>` : `<${name}${attributes(attrs)}/>`;

const LANGUAGE_ORDER: Locale[] = ['en', 'fr', 'ar', 'pt'];

function narratives(values: Narratives): string {
  return LANGUAGE_ORDER.filter((lang) => values[lang]?.trim())
    .map((lang) => element('narrative', { 'xml:lang': lang }, escapeXml(values[lang]?.trim() ?? '')))
    .join('');
}

/** A figure as IATI writes it: a plain decimal, at most two decimals. */
const figureText = (value: number) => String(Math.round(value * 100) / 100);

function indicatorXml(indicator: IatiIndicator): string {
  const baseline = indicator.baseline
    ? element('baseline', {
        year: indicator.baseline.year,
        'iso-date': indicator.baseline.isoDate,
        value: figureText(indicator.baseline.value),
      })
    : '';
  const periods = indicator.periods
    .map((p) =>
      element(
        'period',
        {},
        element('period-start', { 'iso-date': p.start }) +
          element('period-end', { 'iso-date': p.end }) +
          p.actuals
            .map((a) =>
              element(
                'actual',
                { value: figureText(a.value) },
                a.dimensions.map((d) => element('dimension', { name: d.name, value: d.value })).join(''),
              ),
            )
            .join(''),
      ),
    )
    .join('');
  return element(
    'indicator',
    { measure: indicator.measure, ascending: indicator.ascending ? '1' : '0' },
    element('title', {}, narratives(indicator.title)) +
      element('description', {}, narratives(indicator.description)) +
      baseline +
      periods,
  );
}

function resultXml(result: IatiResult): string {
  return element(
    'result',
    { type: result.type, 'aggregation-status': '1' },
    element('title', {}, narratives(result.title)) + result.indicators.map(indicatorXml).join(''),
  );
}

function activityXml(activity: IatiActivity, reporting: IatiReportingOrg): string {
  const recipients = [
    ...activity.recipientCountries.map((c) =>
      element('recipient-country', { code: c.code, percentage: c.percentage.toFixed(2) }),
    ),
    ...(activity.regionalPercentage > 0
      ? [
          element('recipient-region', {
            code: AFRICA_REGIONAL,
            vocabulary: '1',
            percentage: activity.regionalPercentage.toFixed(2),
          }),
        ]
      : []),
  ].join('');
  return element(
    'iati-activity',
    { 'last-updated-datetime': activity.lastUpdated.toISOString(), 'xml:lang': 'en', hierarchy: 1 },
    [
      element('iati-identifier', {}, escapeXml(activity.identifier)),
      element(
        'reporting-org',
        { ref: reporting.ref, type: OFFICE_ORGANISATION_TYPE },
        element('narrative', {}, escapeXml(reporting.name)),
      ),
      element('title', {}, narratives(activity.title)),
      element('description', { type: '1' }, narratives(activity.description)),
      ...activity.participatingOrgs.map((o) =>
        element('participating-org', { ref: o.ref, type: o.type, role: o.role }, element('narrative', {}, escapeXml(o.name))),
      ),
      element('activity-status', { code: activity.status }),
      ...activity.dates.map((d) => element('activity-date', { type: d.type, 'iso-date': d.isoDate })),
      element('activity-scope', { code: REGIONAL_SCOPE }),
      recipients,
      element(
        'sector',
        { vocabulary: IATI_SECTOR.vocabulary, code: IATI_SECTOR.code, percentage: '100' },
        element('narrative', { 'xml:lang': 'en' }, escapeXml(IATI_SECTOR.name)),
      ),
      ...activity.results.map(resultXml),
    ]
      .map((child) => `\n    ${child}`)
      .join('')
      .concat('\n  '),
  );
}

export function iatiXml(activities: IatiActivity[], reporting: IatiReportingOrg, generatedAt: Date): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="${generatedAt.toISOString()}">
  ${activities.map((a) => activityXml(a, reporting)).join('\n  ')}
</iati-activities>
`;
}

/** Percentages that add up to exactly 100.00: the largest share absorbs the rounding. */
export function percentages(weights: { code: string; weight: number }[]): { code: string; percentage: number }[] {
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  if (total <= 0) return [];
  const shares = weights
    .filter((w) => w.weight > 0)
    .map((w) => ({ code: w.code, percentage: Math.round((w.weight / total) * 10_000) / 100 }));
  const largest = shares.reduce(
    (a, b) => (b.percentage > a.percentage ? b : a),
    shares[0] as { code: string; percentage: number },
  );
  const drift = Math.round((100 - shares.reduce((sum, s) => sum + s.percentage, 0)) * 100) / 100;
  largest.percentage = Math.round((largest.percentage + drift) * 100) / 100;
  return shares;
}
