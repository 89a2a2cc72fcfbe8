import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type DirectStatement, type Queryable, queryRows, readRows } from '../../platform/db';
import { asSystem } from '../../platform/wall';
import { completionSql } from '../delivery/completion';
import { BASE_YEAR } from './period';

/**
 * Keeps the results facts (server/db/schema/results.ts) equal to what the source records say.
 * Triggers queue the officials and sessions a change touches; `ensureResultsFresh`, called by
 * every read of results, recomputes just those before answering. One refresh at a time (an
 * advisory lock), so that several API processes never interleave their recomputations.
 */

const REFRESH_LOCK = 472_019_004;
/** Above this many queued persons, recomputing everything set-wise is quicker than person by person. */
const FULL_REBUILD_ABOVE = 20_000;

type Run = (text: string) => Promise<Record<string, unknown>[]>;

const dialect = new PgDialect();
const rendered = (query: ReturnType<typeof sql>): string => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (params.length > 0) throw new Error('results refresh SQL must not take parameters');
  return text;
};

const cubeKey = 'year, state_iso2, sex, agency_type, programme_id';
const cubeMeasures = `count(*)::int as participations,
  count(*) filter (where pre_score is not null and post_score is not null)::int as paired_tests,
  coalesce(sum(post_score - pre_score) filter (where pre_score is not null and post_score is not null), 0) as gain_sum,
  coalesce(sum((post_score - pre_score) * (post_score - pre_score))
    filter (where pre_score is not null and post_score is not null), 0) as gain_square_sum,
  count(*) filter (where pre_score is not null and post_score is not null and max_score > pre_score)::int as normalised_tests,
  coalesce(sum((post_score - pre_score) / (max_score - pre_score))
    filter (where pre_score is not null and post_score is not null and max_score > pre_score), 0) as normalised_gain_sum,
  count(*) filter (where follow_up_answered)::int as follow_up_answers,
  count(*) filter (where follow_up_answered and applied)::int as applied`;
/** The summed measures of the enrolments, columns of every cube and of the month facts (in this order). */
export const cubeSums = [
  'participations',
  'paired_tests',
  'gain_sum',
  'gain_square_sum',
  'normalised_tests',
  'normalised_gain_sum',
  'follow_up_answers',
  'applied',
];

/**
 * A literal uuid[] of ids read from uuid columns (checked again here): the planner then sees the
 * exact list and uses the indexes, where a temporary table without statistics misleads it.
 */
function uuidList(ids: string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'{${ids.join(',')}}'::uuid[]`;
}

/**
 * The day the person's previous completed enrolment ended (with the same value of `by`), over every
 * completed enrolment of the person: the refresh always takes all of a person's enrolments.
 */
const previousDay = (by: string) => `lag(s.end_date) over (partition by person.id${by} order by s.end_date, c.nomination_id)`;

/**
 * Per enrolment (of `enrolment`), the days of the person's previous and next completed enrolments
 * with each of its pillars, in the order of its pillars (ties in nomination order, as `previousDay`).
 */
const previousInPillars = `pillar_days as (
      select nomination_id, array_agg(previous order by ord) as previous_in_pillars,
        array_agg(next order by ord) as next_in_pillars
      from (select e.nomination_id, u.ord,
              lag(e.ended_on) over w as previous, lead(e.ended_on) over w as next
            from enrolment e cross join lateral unnest(e.pillars) with ordinality u(pillar, ord)
            window w as (partition by e.official_id, u.pillar order by e.ended_on, e.nomination_id)) x
      group by nomination_id)`;

/**
 * The enrolment facts of these persons (with every record merged into them), or of everyone; written
 * in the order of their day, so that a span's partial months read few pages (migration 0038).
 */
function enrolmentFactsInsert(persons: { list: string; records: string } | null): string {
  const scope = persons
    ? sql.raw(`n.status = 'accepted' and n.official_id = any(${persons.records})`)
    : sql.raw(`n.status = 'accepted'`);
  return `insert into result_enrolments (nomination_id, official_id, session_id, course_id, programme_id, state_iso2, sex,
      agency_type, course_level, thematic_area, modality, pillars, ended_on, year, pre_score, post_score, max_score,
      follow_up_answered, applied, previous_ended_on, previous_in_programme, previous_in_level, previous_in_theme,
      previous_in_modality, previous_in_pillars, next_in_pillars)
    with enrolment as (
    select c.nomination_id, person.id as official_id, c.session_id, s.course_id, co.programme_id, person.state_iso2, person.sex,
      coalesce(ag.type, 'unknown'), co.level, co.thematic_area, s.modality, co.pillars, s.end_date as ended_on,
      extract(year from s.end_date)::smallint, pre.score, c.post_score, co.test_max_score,
      f.responded_at is not null, f.applied,
      ${previousDay('')}, ${previousDay(', co.programme_id')}, ${previousDay(', co.level')},
      ${previousDay(', co.thematic_area')}, ${previousDay(', s.modality')}
    from (${rendered(completionSql(scope, { setWise: persons === null }))}) c
    join officials o on o.id = c.official_id
    join officials person on person.id = coalesce(o.merged_into_id, o.id)
    left join agencies ag on ag.id = person.agency_id
    join training_sessions s on s.id = c.session_id
    join courses co on co.id = s.course_id
    left join test_scores pre on pre.nomination_id = c.nomination_id and pre.kind = 'pre'
    left join follow_ups f on f.nomination_id = c.nomination_id
    where c.completed),
    ${previousInPillars}
    select e.*, coalesce(p.previous_in_pillars, '{}'), coalesce(p.next_in_pillars, '{}')
    from enrolment e left join pillar_days p using (nomination_id)
    order by e.ended_on, e.session_id, e.official_id`;
}

function refreshStatements(persons: { list: string; records: string } | null): string[] {
  const everyone = persons === null;
  const inRefresh = persons ? `official_id = any(${persons.list})` : 'true';
  return [
    // Take the persons' old contribution out of the cube…
    everyone
      ? 'truncate result_cube'
      : `update result_cube c set ${cubeSums.map((m) => `${m} = c.${m} - old.${m}`).join(', ')}
         from (select ${cubeKey}, ${cubeMeasures} from result_enrolments where ${inRefresh} group by ${cubeKey}) old
         where (c.${cubeKey.split(', ').join(', c.')}) = (old.${cubeKey.split(', ').join(', old.')})`,
    ...signatureStatements(inRefresh, everyone ? 'rebuild' : 'subtract'),
    ...attributeStatements(inRefresh, everyone ? 'rebuild' : 'subtract'),
    ...dimensionStatements(inRefresh, everyone ? 'rebuild' : 'subtract'),
    ...periodStatements(inRefresh, everyone ? 'rebuild' : 'subtract'),
    everyone ? 'truncate result_enrolments' : `delete from result_enrolments where ${inRefresh}`,
    everyone ? 'truncate result_officials' : `delete from result_officials where ${inRefresh}`,
    // …recompute their completed enrolments from the source records…
    enrolmentFactsInsert(persons),
    `insert into result_programme_slots (programme_id, slot)
       select p.programme_id, (select coalesce(max(slot), 0) from result_programme_slots) + row_number() over (order by p.programme_id)
       from (select distinct programme_id from result_enrolments e where ${inRefresh}
             and not exists (select 1 from result_programme_slots s where s.programme_id = e.programme_id)) p`,
    // …one row per person with the years (overall and per programme) they completed a training in…
    `insert into result_officials (official_id, state_iso2, sex, agency_type, family_name, given_names, years, programme_years)
       with per_programme as (
         select e.official_id, e.state_iso2, e.sex, e.agency_type, s.slot,
           bit_or(1::bigint << (e.year - ${BASE_YEAR})) as years
         from result_enrolments e join result_programme_slots s on s.programme_id = e.programme_id
         where ${inRefresh.replace('official_id', 'e.official_id')}
         group by 1, 2, 3, 4, 5),
       person as (
         select distinct pp.official_id, pp.state_iso2, pp.sex, pp.agency_type, o.family_name, o.given_names
         from per_programme pp join officials o on o.id = pp.official_id),
       grid as (
         select p.official_id, p.state_iso2, p.sex, p.agency_type, p.family_name, p.given_names, k.slot,
           coalesce(pp.years, 0) as years
         from person p
         cross join generate_series(1, (select max(slot) from result_programme_slots)) k(slot)
         left join per_programme pp on pp.official_id = p.official_id and pp.slot = k.slot)
       select official_id, state_iso2, sex, agency_type, family_name, given_names, bit_or(years), array_agg(years order by slot)
       from grid group by 1, 2, 3, 4, 5, 6`,
    // …and their new contribution back into the cube.
    `insert into result_cube (${cubeKey}, ${cubeSums.join(', ')})
       select ${cubeKey}, ${cubeMeasures} from result_enrolments where ${inRefresh} group by ${cubeKey}
       on conflict (${cubeKey}) do update set ${cubeSums.map((m) => `${m} = result_cube.${m} + excluded.${m}`).join(', ')}`,
    'delete from result_cube where participations = 0',
    ...signatureStatements(inRefresh, 'add'),
    ...attributeStatements(inRefresh, 'add'),
    ...dimensionStatements(inRefresh, 'add'),
    ...periodStatements(inRefresh, 'add'),
  ];
}

/** Every programme together, in result_attribute_signatures (a key column cannot be null). */
export const EVERY_PROGRAMME = '00000000-0000-0000-0000-000000000000';

/** The enrolments (alias e) of the refresh with each attribute value they carry (alias a). */
const withAttributes = (inRefresh: string) =>
  `result_enrolments e cross join lateral (
     select 'course_level'::text, e.course_level union all select 'thematic_area', e.thematic_area
     union all select 'modality', e.modality union all select 'pillar', p from unnest(e.pillars) p) a(attribute, value)
   where ${inRefresh.replace('official_id', 'e.official_id')}`;
const attributeCubeKey = `attribute, value, ${cubeKey}`;
const attributeCube = (inRefresh: string) =>
  `select ${attributeCubeKey}, ${cubeMeasures} from ${withAttributes(inRefresh)} group by ${attributeCubeKey}`;
const attributeSignatureKey = 'attribute, value, programme_id, state_iso2, sex, agency_type, years';
/** Persons per attribute value with their years mask, per programme and (programme null) for all programmes. */
const attributeSignatures = (inRefresh: string) =>
  `select attribute, value, coalesce(programme_id, '${EVERY_PROGRAMME}'::uuid) as programme_id, state_iso2, sex,
     agency_type, years, count(*)::int as persons
   from (select e.official_id, e.state_iso2, e.sex, e.agency_type, a.attribute, a.value, e.programme_id,
           bit_or(1::bigint << (e.year - ${BASE_YEAR})) as years
         from ${withAttributes(inRefresh)}
         group by grouping sets ((e.official_id, e.state_iso2, e.sex, e.agency_type, a.attribute, a.value, e.programme_id),
                                 (e.official_id, e.state_iso2, e.sex, e.agency_type, a.attribute, a.value))) p
   group by 1, 2, 3, 4, 5, 6, 7`;
const sessionStates = (inRefresh: string) =>
  `select session_id, state_iso2, count(*)::int as enrolments from result_enrolments where ${inRefresh} group by 1, 2`;
const matches = (target: string, source: string, key: string) =>
  `(${key.split(', ').map((k) => `${target}.${k}`)}) = (${key.split(', ').map((k) => `${source}.${k}`)})`;

/**
 * The facts by attribute value and the states of each session, kept like the cube: the refreshed
 * persons' enrolments taken out (before) and put back (after).
 */
function attributeStatements(inRefresh: string, step: 'rebuild' | 'subtract' | 'add'): string[] {
  if (step === 'rebuild') return ['truncate result_attribute_cube, result_attribute_signatures, result_session_states'];
  if (step === 'subtract')
    return [
      `update result_attribute_cube c set ${cubeSums.map((m) => `${m} = c.${m} - old.${m}`).join(', ')}
       from (${attributeCube(inRefresh)}) old where ${matches('c', 'old', attributeCubeKey)}`,
      `update result_attribute_signatures g set persons = g.persons - old.persons from (${attributeSignatures(inRefresh)}) old
       where ${matches('g', 'old', attributeSignatureKey)}`,
      `update result_session_states g set enrolments = g.enrolments - old.enrolments from (${sessionStates(inRefresh)}) old
       where (g.session_id, g.state_iso2) = (old.session_id, old.state_iso2)`,
    ];
  return [
    `insert into result_attribute_cube (${attributeCubeKey}, ${cubeSums.join(', ')}) ${attributeCube(inRefresh)}
     on conflict (${attributeCubeKey}) do update set ${cubeSums.map((m) => `${m} = result_attribute_cube.${m} + excluded.${m}`).join(', ')}`,
    `insert into result_attribute_signatures (${attributeSignatureKey}, persons) ${attributeSignatures(inRefresh)}
     on conflict (${attributeSignatureKey}) do update set persons = result_attribute_signatures.persons + excluded.persons`,
    `insert into result_session_states (session_id, state_iso2, enrolments) ${sessionStates(inRefresh)}
     on conflict (session_id, state_iso2) do update set enrolments = result_session_states.enrolments + excluded.enrolments`,
    'delete from result_attribute_cube where participations = 0',
    'delete from result_attribute_signatures where persons = 0',
    'delete from result_session_states where enrolments = 0',
  ];
}

/**
 * The enrolments (alias e) of the refresh with each value they carry along each dimension of a
 * breakdown (alias d): 'total' (one value, ''), state, sex, agency type, programme, course level,
 * thematic area, modality and each of their pillars.
 */
const withDimensions = (inRefresh: string) =>
  `result_enrolments e cross join lateral (
     select 'total'::text, ''::text union all select 'state', e.state_iso2 union all select 'sex', e.sex
     union all select 'agency_type', e.agency_type union all select 'programme', e.programme_id::text
     union all select 'course_level', e.course_level union all select 'thematic_area', e.thematic_area
     union all select 'modality', e.modality union all select 'pillar', p from unnest(e.pillars) p) d(dimension, value)
   where ${inRefresh.replace('official_id', 'e.official_id')}`;
const dimensionSignatureKey = 'dimension, value, programme_id, state_iso2, sex, years';
/** Persons per dimension value and state with the years they trained with that value in, per programme and for all. */
const dimensionSignatures = (inRefresh: string) =>
  `select dimension, value, coalesce(programme_id, '${EVERY_PROGRAMME}'::uuid) as programme_id, state_iso2, sex, years,
     count(*)::int as persons
   from (select e.official_id, e.state_iso2, e.sex, d.dimension, d.value, e.programme_id,
           bit_or(1::bigint << (e.year - ${BASE_YEAR})) as years
         from ${withDimensions(inRefresh)}
         group by grouping sets ((e.official_id, e.state_iso2, e.sex, d.dimension, d.value, e.programme_id),
                                 (e.official_id, e.state_iso2, e.sex, d.dimension, d.value))) p
   group by 1, 2, 3, 4, 5, 6`;
const dimensionCubeKey = 'dimension, value, programme_id, state_iso2, sex, year';
const dimensionCube = (inRefresh: string) =>
  `select d.dimension, d.value, coalesce(e.programme_id, '${EVERY_PROGRAMME}'::uuid) as programme_id, e.state_iso2, e.sex,
     e.year, ${cubeMeasures}
   from ${withDimensions(inRefresh)}
   group by grouping sets ((d.dimension, d.value, e.programme_id, e.state_iso2, e.sex, e.year),
                           (d.dimension, d.value, e.state_iso2, e.sex, e.year))`;

/**
 * The facts by dimension value (no agency type in their key: a few rows per value where the
 * signatures above have thousands), kept like the cube: the refreshed persons taken out, put back.
 */
function dimensionStatements(inRefresh: string, step: 'rebuild' | 'subtract' | 'add'): string[] {
  if (step === 'rebuild') return ['truncate result_dimension_signatures, result_dimension_cube'];
  if (step === 'subtract')
    return [
      `update result_dimension_cube c set ${cubeSums.map((m) => `${m} = c.${m} - old.${m}`).join(', ')}
       from (${dimensionCube(inRefresh)}) old where ${matches('c', 'old', dimensionCubeKey)}`,
      `update result_dimension_signatures g set persons = g.persons - old.persons from (${dimensionSignatures(inRefresh)}) old
       where ${matches('g', 'old', dimensionSignatureKey)}`,
    ];
  return [
    `insert into result_dimension_cube (${dimensionCubeKey}, ${cubeSums.join(', ')}) ${dimensionCube(inRefresh)}
     on conflict (${dimensionCubeKey}) do update set ${cubeSums.map((m) => `${m} = result_dimension_cube.${m} + excluded.${m}`).join(', ')}`,
    `insert into result_dimension_signatures (${dimensionSignatureKey}, persons) ${dimensionSignatures(inRefresh)}
     on conflict (${dimensionSignatureKey}) do update set persons = result_dimension_signatures.persons + excluded.persons`,
    'delete from result_dimension_cube where participations = 0',
    'delete from result_dimension_signatures where persons = 0',
  ];
}

/** Months since January ${BASE_YEAR} of a day (result_month_facts.month). */
const monthOf = (day: string) => `((extract(year from ${day})::int - ${BASE_YEAR}) * 12 + extract(month from ${day})::int - 1)`;

/**
 * The facts by month (result_month_facts) and by day (result_day_facts): their key, and each
 * enrolment (e) with every value it carries there (d: dimension, value, programme, and the day of
 * the person's previous enrolment with that value; for each programme alone, the previous one in
 * the programme).
 */
const periodFacts = {
  month: {
    table: 'result_month_facts',
    key: 'dimension, value, programme_id, month, state_iso2, sex',
    period: monthOf('e.ended_on'),
    values: `(values
       ('total'::text, ''::text, '${EVERY_PROGRAMME}'::uuid, e.previous_ended_on),
       ('state', e.state_iso2, '${EVERY_PROGRAMME}', e.previous_ended_on),
       ('sex', e.sex, '${EVERY_PROGRAMME}', e.previous_ended_on),
       ('agency_type', e.agency_type, '${EVERY_PROGRAMME}', e.previous_ended_on),
       ('programme', e.programme_id::text, '${EVERY_PROGRAMME}', e.previous_in_programme),
       ('course_level', e.course_level, '${EVERY_PROGRAMME}', e.previous_in_level),
       ('thematic_area', e.thematic_area, '${EVERY_PROGRAMME}', e.previous_in_theme),
       ('modality', e.modality, '${EVERY_PROGRAMME}', e.previous_in_modality),
       ('total', '', e.programme_id, e.previous_in_programme),
       ('state', e.state_iso2, e.programme_id, e.previous_in_programme),
       ('sex', e.sex, e.programme_id, e.previous_in_programme),
       ('agency_type', e.agency_type, e.programme_id, e.previous_in_programme)
       union all select 'pillar', p.pillar, '${EVERY_PROGRAMME}'::uuid, p.previous
       from unnest(e.pillars, e.previous_in_pillars) p(pillar, previous)) d(dimension, value, programme_id, previous)`,
  },
  day: {
    table: 'result_day_facts',
    key: 'dimension, value, day, state_iso2, sex',
    period: 'e.ended_on',
    values: `(select 'total'::text, ''::text, e.previous_ended_on
       union all select 'pillar', p.pillar, p.previous
       from unnest(e.pillars, e.previous_in_pillars) p(pillar, previous)) d(dimension, value, previous)`,
  },
} as const;
type Grain = keyof typeof periodFacts;
/** The key columns of the facts that are the person's (of result_enrolments), not of the value carried. */
const personColumns = ['state_iso2', 'sex'];

/**
 * The refresh's enrolments by month (or day) and dimension value. Persons first in a span starting
 * in month A are, in a later month m (or a day of it), `firsts_none` and `firsts_back[m − A + 1]`
 * (cumulative: firsts_back[j] counts the previous ones j or more months back).
 */
function factsOf(inRefresh: string, grain: Grain): string {
  const { key, period, values } = periodFacts[grain];
  const columns = key.split(', ');
  const positions = (n: number) => Array.from({ length: n }, (_, i) => i + 1).join(', ');
  // Each key column from where it is carried: the period, the person (e), or the value (d).
  const keyValues = columns.map((c) => (c === grain ? `${period} as ${grain}` : personColumns.includes(c) ? `e.${c}` : `d.${c}`));
  return `with g as (
     select ${keyValues.join(', ')},
       ${monthOf('e.ended_on')} - ${monthOf('d.previous')} as back, ${cubeMeasures}
     from result_enrolments e cross join lateral ${values}
     where ${inRefresh.replace('official_id', 'e.official_id')}
     group by ${positions(columns.length + 1)}),
   backs as (
     select ${key}, array_agg(n order by j) as firsts_back
     from (select ${key}, j, sum(participations)::int as n
           from g cross join generate_series(1, g.back) j group by ${positions(columns.length + 1)}) c
     group by ${positions(columns.length)})
   select ${key}, ${cubeSums.map((m) => `sum(${m})${m.endsWith('sum') ? '' : '::int'} as ${m}`).join(', ')},
     coalesce(sum(participations) filter (where g.back is null), 0)::int as firsts_none,
     coalesce(backs.firsts_back, '{}') as firsts_back
   from g left join backs using (${key})
   group by ${key}, backs.firsts_back`;
}
/** Two arrays of counts added (or subtracted) element by element, the shorter one read as zeros beyond its end. */
const arraySum = (a: string, sign: '+' | '-', b: string) =>
  `array(select coalesce(${a}[i], 0) ${sign} coalesce(${b}[i], 0)
         from generate_series(1, greatest(cardinality(${a}), cardinality(${b}))) i order by i)`;

/** The facts by month and by day, kept like the cube: the refreshed persons taken out, put back. */
function periodStatements(inRefresh: string, step: 'rebuild' | 'subtract' | 'add'): string[] {
  if (step === 'rebuild') return ['truncate result_month_facts, result_day_facts'];
  return (['month', 'day'] as const).flatMap((grain) => {
    const { table, key } = periodFacts[grain];
    if (step === 'subtract')
      return [
        `update ${table} f set ${cubeSums.map((m) => `${m} = f.${m} - old.${m}`).join(', ')},
           firsts_none = f.firsts_none - old.firsts_none, firsts_back = ${arraySum('f.firsts_back', '-', 'old.firsts_back')}
         from (${factsOf(inRefresh, grain)}) old where ${matches('f', 'old', key)}`,
      ];
    return [
      `insert into ${table} (${key}, ${cubeSums.join(', ')}, firsts_none, firsts_back) ${factsOf(inRefresh, grain)}
       on conflict (${key}) do update set ${cubeSums.map((m) => `${m} = ${table}.${m} + excluded.${m}`).join(', ')},
         firsts_none = ${table}.firsts_none + excluded.firsts_none,
         firsts_back = ${arraySum(`${table}.firsts_back`, '+', 'excluded.firsts_back')}`,
      `delete from ${table} where participations = 0`,
    ];
  });
}

/** Persons grouped by state, sex, agency type and years, overall and per programme, from result_officials. */
const personSignatures = (inRefresh: string) =>
  `select state_iso2, sex, agency_type, years, count(*)::int as persons
   from result_officials where ${inRefresh} group by 1, 2, 3, 4`;
const programmeSignatures = (inRefresh: string) =>
  `select s.programme_id, o.state_iso2, o.sex, o.agency_type, o.programme_years[s.slot] as years, count(*)::int as persons
   from result_officials o join result_programme_slots s on coalesce(o.programme_years[s.slot], 0) <> 0
   where ${inRefresh.replace('official_id', 'o.official_id')} group by 1, 2, 3, 4, 5`;

/** Takes the refreshed persons out of the signatures (before), or puts them back (after). */
function signatureStatements(inRefresh: string, step: 'rebuild' | 'subtract' | 'add'): string[] {
  if (step === 'rebuild') return ['truncate result_person_signatures, result_programme_signatures'];
  if (step === 'subtract')
    return [
      `update result_person_signatures g set persons = g.persons - old.persons from (${personSignatures(inRefresh)}) old
       where (g.state_iso2, g.sex, g.agency_type, g.years) = (old.state_iso2, old.sex, old.agency_type, old.years)`,
      `update result_programme_signatures g set persons = g.persons - old.persons from (${programmeSignatures(inRefresh)}) old
       where (g.programme_id, g.state_iso2, g.sex, g.agency_type, g.years)
           = (old.programme_id, old.state_iso2, old.sex, old.agency_type, old.years)`,
    ];
  return [
    `insert into result_person_signatures (state_iso2, sex, agency_type, years, persons) ${personSignatures(inRefresh)}
     on conflict (state_iso2, sex, agency_type, years) do update set persons = result_person_signatures.persons + excluded.persons`,
    `insert into result_programme_signatures (programme_id, state_iso2, sex, agency_type, years, persons)
     ${programmeSignatures(inRefresh)}
     on conflict (programme_id, state_iso2, sex, agency_type, years)
     do update set persons = result_programme_signatures.persons + excluded.persons`,
    'delete from result_person_signatures where persons = 0',
    'delete from result_programme_signatures where persons = 0',
  ];
}

function sessionStatements(sessions: string | null): string[] {
  const everyone = sessions === null;
  const inRefresh = sessions ? `session_id = any(${sessions})` : 'true';
  return [
    everyone ? 'truncate result_sessions' : `delete from result_sessions where ${inRefresh}`,
    `insert into result_sessions (session_id, programme_id, course_level, modality, thematic_area, pillars, ended_on, year,
        ratings, rating_sum)
       select s.id, co.programme_id, co.level, s.modality, co.thematic_area, co.pillars, s.end_date,
         extract(year from s.end_date)::smallint,
         count(r.id) filter (where r.ratings ? 'overall')::int,
         coalesce(sum((r.ratings->>'overall')::int) filter (where r.ratings ? 'overall'), 0)::int
       from training_sessions s
       join courses co on co.id = s.course_id
       left join evaluation_responses r on r.session_id = s.id
       where ${inRefresh.replace('session_id', 's.id')}
       group by s.id, co.programme_id, co.level, s.modality, co.thematic_area, co.pillars, s.end_date`,
  ];
}

async function refresh(run: Run, options: { everyone: boolean }): Promise<void> {
  await run(`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
  let everyone = options.everyone;
  if (!everyone) {
    const queued = await run(`with queued as (delete from result_dirty_officials returning official_id)
      select official_id::text as id from queued
      union select o.merged_into_id::text from officials o join queued q on q.official_id = o.id where o.merged_into_id is not null`);
    const sessions = await run('delete from result_dirty_sessions returning session_id::text as id');
    if (queued.length > FULL_REBUILD_ABOVE) everyone = true;
    else {
      if (queued.length > 0) {
        const ids = queued.map((r) => String(r.id));
        const list = uuidList(ids);
        // The records merged into these persons carry nominations that count for them.
        const absorbed = await run(`select id::text as id from officials where merged_into_id = any(${list})`);
        const records = uuidList([...ids, ...absorbed.map((r) => String(r.id))]);
        for (const statement of refreshStatements({ list, records })) await run(statement);
      }
      if (sessions.length > 0)
        for (const statement of sessionStatements(uuidList(sessions.map((r) => String(r.id))))) await run(statement);
    }
  }
  if (everyone) {
    await run('truncate result_dirty_officials, result_dirty_sessions');
    for (const statement of [...refreshStatements(null), ...sessionStatements(null)]) await run(statement);
  }
  // Whatever was queued beside the facts is read afresh from now on: one new version for it all.
  await run('delete from result_dirty_context');
  // One row, written by the first refresh (none before it reads as version 0): a database that only
  // ran its migrations holds no row, so a backup restores into it as into any empty database.
  await run(
    'insert into result_version (id, version) values (1, 1) on conflict (id) do update set version = result_version.version + 1',
  );
}

const runOn =
  (db: Queryable): Run =>
  (text) =>
    queryRows<Record<string, unknown>>(db, sql.raw(text));

/**
 * Brings the results facts up to date with every committed change; cheap when nothing is queued.
 * It recomputes every state's facts whoever's read asked for it: as the system, across the
 * database's state wall (platform/wall.ts). Pass the database, not a transaction.
 */
export async function ensureResultsFresh(db: Queryable): Promise<void> {
  await resultsVersion(db);
}

/**
 * The version the results answer at, once every committed change is in the facts: the same
 * version means the same answers. Read in the statement that finds the queues empty (so every
 * change committed before it is in that version), or after the recomputation that emptied them.
 */
export function resultsVersion(db: Queryable): Promise<string> {
  return asSystem(() => freshVersion(db));
}

const readVersion = async (db: Queryable): Promise<string> => {
  const [row] = await queryRows<{ version: string }>(db, sql`select version::text as version from result_version`);
  return String(row?.version ?? '0');
};

/** Every results read runs it (platform/db.ts `readRows`). */
const VERSION_READ: DirectStatement = {
  name: 'results.version',
  text: `select (select version::text from result_version) as version,
      exists (select 1 from result_dirty_officials) or exists (select 1 from result_dirty_sessions)
        or exists (select 1 from result_dirty_context) as queued`,
};

async function freshVersion(db: Queryable): Promise<string> {
  const [state] = await readRows<{ version: string | null; queued: boolean }>(db, VERSION_READ, []);
  if (!state?.queued) return String(state?.version ?? '0');
  await (db as { transaction: (work: (tx: Queryable) => Promise<void>) => Promise<void> }).transaction((tx) =>
    refresh(runOn(tx), { everyone: false }),
  );
  return readVersion(db);
}

/** Recomputes every fact from the source records (after a bulk load, whose triggers are off). */
export async function rebuildResults(run: Run): Promise<void> {
  await refresh(run, { everyone: true });
}

export const rebuildResultsOn = (db: Queryable): Promise<void> =>
  (db as { transaction: (work: (tx: Queryable) => Promise<void>) => Promise<void> }).transaction((tx) =>
    rebuildResults(runOn(tx)),
  );
