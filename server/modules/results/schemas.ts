import { z } from 'zod';
import { locales, modalities, type ResultDimension, resultDimensions, sexes } from '../../../contract/enums';
import { queryInt4 } from '../../platform/schemas';
import { iso2Schema } from '../users/schemas';

/** The indicators of docs/product.md ("Headline indicators"); their definitions live in the catalogues (results.definitions). */
export const indicatorCodes = [
  'officials_trained',
  'participations',
  'states_reached',
  'women_share',
  'knowledge_gain',
  'normalised_gain',
  'satisfaction',
  'application_rate',
  'recommendations_implemented',
] as const;
export type IndicatorCode = (typeof indicatorCodes)[number];

/** What a figure can be broken down by. */
export const dimensions = resultDimensions;
export type Dimension = ResultDimension;

/** A year (2024: the whole year) or a day (2024-07-01). */
const realDay = (v: string) => {
  const date = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === v;
};
const periodBound = z
  .string()
  .refine(
    (v) => /^\d{4}$/.test(v) || (/^\d{4}-\d{2}-\d{2}$/.test(v) && realDay(v)),
    'Use a year like 2024 or a real date like 2024-07-01',
  );

/** The filters every results query takes: the period and any narrowing of the records counted. */
export const resultsFilterSchema = z.object({
  from: periodBound.optional(),
  to: periodBound.optional(),
  state: iso2Schema.optional(),
  programme: z.uuid('Not a valid programme id').optional(),
  sex: z.enum(sexes, 'Use female or male').optional(),
  agencyType: z.string().trim().min(1).max(60).optional(),
  courseLevel: z.string().trim().min(1).max(60).optional(),
  thematicArea: z.string().trim().min(1).max(120).optional(),
  pillar: z.string().trim().min(1).max(10).optional(),
  modality: z.enum(modalities, 'Use in_person, online or blended').optional(),
  year: queryInt4().min(2000).max(2062).optional(),
  lang: z.enum(locales, 'Use en, fr, ar or pt').optional(),
});
export type ResultsFilter = z.infer<typeof resultsFilterSchema>;

const periodSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** True when the period is made of whole calendar years (the figures then come from the yearly facts). */
  wholeYears: z.boolean(),
  label: z.string(),
});

const scopeSchema = z.object({
  /** office: every record; state: a focal point's state; partner: the programmes an organisation funds or co-delivers. */
  kind: z.enum(['office', 'state', 'partner']),
  stateIso2: z.string().nullable(),
  programmeIds: z.array(z.string()).nullable(),
  /** Cells under `threshold` persons are withheld (partners), with secondary suppression. */
  suppression: z.object({ applied: z.boolean(), threshold: z.number() }),
});

export const headlineFigureSchema = z.object({
  code: z.enum(indicatorCodes),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  /** Withheld to protect small numbers of persons (value and previous are then null). */
  suppressed: z.boolean(),
  /** 95 % confidence interval (knowledge gain). */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** How many records the figure rests on (tests paired, ratings, answers…), where that matters. */
  basis: z.number().nullable(),
});
export type HeadlineFigure = z.infer<typeof headlineFigureSchema>;

export const dashboardRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  officialsTrained: z.number().nullable(),
  participations: z.number().nullable(),
  women: z.number().nullable(),
  suppressed: z.boolean(),
});
export type DashboardRow = z.infer<typeof dashboardRowSchema>;

export const dashboardSchema = z.object({
  period: periodSchema,
  previousPeriod: periodSchema,
  scope: scopeSchema,
  headline: z.array(headlineFigureSchema),
  byYear: z.array(dashboardRowSchema),
  byState: z.array(dashboardRowSchema),
  bySex: z.array(dashboardRowSchema),
  byProgramme: z.array(dashboardRowSchema),
  byAgencyType: z.array(dashboardRowSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const breakdownQuerySchema = resultsFilterSchema.extend({ dimension: z.enum(dimensions, 'Not a known dimension') });

export const breakdownRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  officialsTrained: z.number().nullable(),
  participations: z.number().nullable(),
  women: z.number().nullable(),
  womenShare: z.number().nullable(),
  statesReached: z.number().nullable(),
  knowledgeGain: z.number().nullable(),
  normalisedGain: z.number().nullable(),
  applicationRate: z.number().nullable(),
  satisfaction: z.number().nullable(),
  previousOfficialsTrained: z.number().nullable(),
  previousParticipations: z.number().nullable(),
  suppressed: z.boolean(),
});
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

export const breakdownSchema = z.object({
  period: periodSchema,
  previousPeriod: periodSchema,
  scope: scopeSchema,
  dimension: z.enum(dimensions),
  rows: z.array(breakdownRowSchema),
  total: breakdownRowSchema,
});
export type Breakdown = z.infer<typeof breakdownSchema>;

export const recordMeasures = ['officials', 'participations', 'paired_tests', 'follow_ups', 'rated_sessions'] as const;
export type RecordMeasure = (typeof recordMeasures)[number];

export const recordsQuerySchema = resultsFilterSchema.extend({
  /**
   * officials: the persons an "officials trained" figure counts; participations: the completed
   * enrolments; paired_tests: those with both tests (knowledge gain); follow_ups: those whose
   * graduate answered the follow-up (application rate); rated_sessions: the sessions whose
   * anonymous ratings make the satisfaction figure.
   */
  measure: z.enum(recordMeasures, 'Use officials, participations, paired_tests, follow_ups or rated_sessions'),
  page: queryInt4().min(1).default(1),
  pageSize: queryInt4().min(1).max(200).default(50),
  /**
   * Keyset paging: the `nextCursor` of the page before; the page is then read from where that one
   * ended, at the cost of a first page however deep (`page` only labels it). Without it, `page` is
   * read by number. A place in the list, not a permission: it gives only the reader's own records.
   */
  after: z.string().max(1000).optional(),
});

export const recordRowSchema = z.object({
  /** The registry id when the reader may see identities, else null. */
  officialId: z.string().nullable(),
  /** A stable pseudonymous id (the same person always has the same one); null for a rated session. */
  pseudonym: z.string().nullable(),
  name: z.string().nullable(),
  stateIso2: z.string().nullable(),
  sex: z.string().nullable(),
  agencyType: z.string().nullable(),
  /** officials: completed enrolments of the person in the period; participations: 1; rated sessions: 0. */
  participations: z.number(),
  /** participations only. */
  sessionCode: z.string().nullable(),
  sessionId: z.string().nullable(),
  courseTitle: z.string().nullable(),
  endedOn: z.string().nullable(),
  preScore: z.number().nullable(),
  postScore: z.number().nullable(),
  /** follow_ups: whether the graduate applied what they learned. */
  applied: z.boolean().nullable(),
  /** rated_sessions: how many overall ratings, and their mean. */
  ratings: z.number().nullable(),
  meanRating: z.number().nullable(),
});
export type RecordRow = z.infer<typeof recordRowSchema>;

export const recordsSchema = z.object({
  period: periodSchema,
  measure: z.enum(recordMeasures),
  identities: z.boolean(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  rows: z.array(recordRowSchema),
  /** The `after` of the next page; null on the last, and for rated sessions (paged by number). */
  nextCursor: z.string().nullable(),
});

export const indicatorListSchema = z.array(
  z.object({ code: z.enum(indicatorCodes), name: z.string(), definition: z.string(), unit: z.string() }),
);

export const africaMapSchema = z.object({
  viewBox: z.string(),
  /** One SVG path per member state (ISO alpha-2), in the viewBox's coordinates. */
  states: z.array(z.object({ iso2: z.string(), path: z.string() })),
  /** Other land in the frame (not a member state), drawn in grey without figures. */
  other: z.array(z.string()),
});

export const exportQuerySchema = resultsFilterSchema.extend({
  /** dashboard: every table of the dashboard; or one breakdown by `dimension`. */
  table: z.enum(['dashboard', 'breakdown'], 'Use dashboard or breakdown'),
  dimension: z.enum(dimensions, 'Not a known dimension').optional(),
  format: z.enum(['csv', 'xlsx'], 'Use csv or xlsx'),
});
