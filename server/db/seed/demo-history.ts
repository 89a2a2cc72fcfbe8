import { eq, inArray } from 'drizzle-orm';
import { storedNameKeys } from '../../modules/registry/names';
import { rebuildResults } from '../../modules/results/freshness';
import type { DatabaseHandle } from '../../platform/db';
import { bulkLoad, type RowSink } from '../bulk-load';
import {
  agencies,
  attendance,
  cascadeTrainings,
  completionOverrides,
  coursePartners,
  courses,
  evaluationReceipts,
  evaluationResponses,
  followUps,
  hrScreenings,
  nominationEvents,
  nominations,
  officials,
  organisations,
  programmes,
  sessionDays,
  sessionQuotas,
  sessionTrainers,
  testScores,
  trainingSessions,
  users,
} from '../schema';
import { organisationSpecs, type ProgrammeSpec, programmeSpecs, ranks, venues, workingLanguages } from './demo-history-data';
import { agencyNames, engagedStates, type NamePool, namePoolOf } from './demo-names';

/**
 * A deterministic, realistic history of the office from October 2020 to October 2025: the
 * programmes and courses of docs/product.md, about 60 sessions in real venues, officials of 34 states
 * (about a fifth of them women), their nominations, screening, attendance, tests, evaluations,
 * follow-ups and cascades, and some persons entered twice with spelling variants. Names are
 * fictional. The same seed gives the same data, ids included.
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chance = (p: number) => next() < p;
  const normal = (mean: number, sd: number) => {
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, int, pick, chance, normal, uuid };
}
type Random = ReturnType<typeof randomSource>;

const HISTORY_START = Date.UTC(2020, 9, 5);
const HISTORY_END = Date.UTC(2025, 9, 24);
const TODAY = '2025-10-31';
const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Person = {
  id: string;
  stateIso2: string;
  agencyId: string;
  familyName: string;
  givenNames: string;
  nameOriginal: string | null;
  sex: 'female' | 'male';
  birthDate: string | null;
  rank: string;
  languages: string[];
  email: string | null;
};

/** A spelling another clerk might have used for the same person. */
function variantSpelling(random: Random, person: Person): Pick<Person, 'familyName' | 'givenNames' | 'birthDate'> {
  const swaps: [RegExp, string][] = [
    [/^Mohamed\b/, 'Mohammed'],
    [/^Mohammed\b/, 'Muhammad'],
    [/^Ould /, 'Wld '],
    [/^Youssef\b/, 'Yousef'],
    [/é/g, 'e'],
    [/ï/g, 'i'],
    [/^Aïssata/, 'Aissata'],
    [/^Ibrahim\b/, 'Ibrahima'],
  ];
  let { familyName, givenNames } = person;
  const applicable = swaps.filter(([from]) => from.test(givenNames) || from.test(familyName));
  if (applicable.length > 0) {
    const [from, to] = random.pick(applicable);
    givenNames = givenNames.replace(from, to);
    familyName = familyName.replace(from, to);
  } else if (random.chance(0.5)) {
    [familyName, givenNames] = [givenNames, familyName]; // names entered in the other order
  } else {
    familyName = familyName.toUpperCase();
  }
  return { familyName, givenNames, birthDate: random.chance(0.7) ? person.birthDate : null };
}

export type HistoryActors = { officerId: string; trainerId: string; focalPointIds: Record<string, string> };

/**
 * The shape of a scale: N times the officials and sessions of scale 1; cohorts grow with the scale
 * too (large online cohorts), so that scale 100 holds about 110,000 officials and over a million
 * enrolments, the load the results must stay fast on.
 */
export function scaleShape(scale: number) {
  return {
    sessions: Math.max(1, Math.round(60 * scale)),
    cohortFactor: 1 + Math.max(0, scale - 1) / 17,
    /** Officials per engaged state before everyone nominated is someone already known (~1,100 × scale in all). */
    peoplePerState: Math.ceil(Math.max(2_200, 1_100 * scale) / engagedStates.length),
  };
}

export type HistorySummary = { officials: number; sessions: number; nominations: number; participantOfficialId: string | null };

/**
 * Produces every row of the history into `sink`, in an order that respects references. The
 * participant of `participantState` is linked to the first official of that state accepted.
 */
export async function generateDemoHistory(
  scale: number,
  actors: HistoryActors,
  sink: RowSink,
  options: { seed?: number; participantState?: string | null } = {},
): Promise<HistorySummary> {
  const random = randomSource(options.seed ?? 2020);
  const shape = scaleShape(scale);
  const summary: HistorySummary = { officials: 0, sessions: 0, nominations: 0, participantOfficialId: null };

  const orgIds: { id: string; kind: string }[] = [];
  for (const o of organisationSpecs) {
    const id = random.uuid();
    await sink.add(organisations, { id, name: o.name, acronym: o.acronym, kind: o.kind });
    orgIds.push({ id, kind: o.kind });
  }
  const donors = orgIds.filter((o) => o.kind === 'donor_government');
  const deliverers = orgIds.filter((o) => o.kind !== 'donor_government');

  const courseList: { id: string; spec: ProgrammeSpec['courses'][number] }[] = [];
  for (const p of programmeSpecs) {
    const programmeId = random.uuid();
    await sink.add(programmes, { id: programmeId, code: p.code, title: p.title, thematicArea: p.thematicArea });
    for (const c of p.courses) {
      const id = random.uuid();
      await sink.add(courses, {
        id,
        programmeId,
        code: c.code,
        title: c.title,
        level: c.level,
        hours: c.hours,
        thematicArea: p.thematicArea,
        pillars: c.pillars,
        resolutions: c.resolutions,
        learningObjectives: [],
        testMaxScore: 100,
        postTestPassMark: c.passMark,
      });
      await sink.add(coursePartners, { courseId: id, organisationId: random.pick(donors).id, role: 'donor' });
      await sink.add(coursePartners, { courseId: id, organisationId: random.pick(deliverers).id, role: 'delivering_partner' });
      courseList.push({ id, spec: c });
    }
  }

  // Agencies of each engaged state, in its working language.
  const agenciesOf: Record<string, string[]> = {};
  for (const iso2 of engagedStates) {
    const pool = namePoolOf[iso2] as NamePool;
    const names = agencyNames[pool.language];
    agenciesOf[iso2] = [];
    for (const [type, name] of Object.entries(names)) {
      const id = random.uuid();
      await sink.add(agencies, { id, stateIso2: iso2, name, type });
      agenciesOf[iso2].push(id);
    }
  }

  // People are created when first nominated; some come back for further courses.
  const peopleOf: Record<string, Person[]> = {};
  const newPerson = async (iso2: string): Promise<Person> => {
    const pool = namePoolOf[iso2] as NamePool;
    const sex = random.chance(0.2) ? 'female' : 'male';
    const given = random.pick(sex === 'female' ? pool.women : pool.men);
    const family = random.pick(pool.families);
    const original =
      pool.arabic?.[given] && pool.arabic[family] && random.chance(0.8) ? `${pool.arabic[given]} ${pool.arabic[family]}` : null;
    const born = Date.UTC(random.int(1966, 1996), random.int(0, 11), random.int(1, 28));
    const person: Person = {
      id: random.uuid(),
      stateIso2: iso2,
      agencyId: random.pick(agenciesOf[iso2] as string[]),
      familyName: family,
      givenNames: given,
      nameOriginal: original,
      sex,
      birthDate: random.chance(0.85) ? isoDate(born) : null,
      rank: random.pick(ranks[pool.language]),
      languages: random.chance(0.4) ? [...workingLanguages[pool.language], 'en'] : workingLanguages[pool.language],
      email: null,
    };
    await sink.add(officials, { ...person, nameKeys: storedNameKeys(person.familyName, person.givenNames, person.nameOriginal) });
    summary.officials += 1;
    const known = peopleOf[iso2] ?? [];
    known.push(person);
    peopleOf[iso2] = known;
    return person;
  };
  const duplicateOf = async (person: Person): Promise<Person> => {
    const copy = { ...person, ...variantSpelling(random, person), id: random.uuid() };
    await sink.add(officials, { ...copy, nameKeys: storedNameKeys(copy.familyName, copy.givenNames, copy.nameOriginal) });
    summary.officials += 1;
    return copy;
  };

  const sessionCount = shape.sessions;
  const span = HISTORY_END - HISTORY_START;
  const venueBag = venues.flatMap((v) => Array.from({ length: v.weight }, () => v));
  for (let s = 0; s < sessionCount; s++) {
    const course = courseList[s % courseList.length] as (typeof courseList)[number];
    const start = HISTORY_START + Math.floor(((s + 0.3 * random.next()) / sessionCount) * span);
    const startDay = new Date(start).getUTCDay();
    const monday = start + (((8 - startDay) % 7) * DAY || 0);
    const length = course.spec.hours >= 35 ? 5 : course.spec.hours >= 30 ? 4 : 3;
    const days = Array.from({ length }, (_, i) => isoDate(monday + i * DAY));
    const covid = monday < Date.UTC(2021, 8, 1);
    const modality = covid ? 'online' : random.chance(0.15) ? 'blended' : 'in_person';
    const venue = random.pick(venueBag);
    const capacity = Math.round(random.int(24, 30) * shape.cohortFactor);
    const id = random.uuid();
    const ended = (days[days.length - 1] as string) < TODAY;
    summary.sessions += 1;
    await sink.add(trainingSessions, {
      id,
      courseId: course.id,
      code: `${course.spec.code}-${new Date(monday).getUTCFullYear()}-${String(s + 1).padStart(3, '0')}`,
      startDate: days[0] as string,
      endDate: days[days.length - 1] as string,
      venueCity: modality === 'online' ? null : venue.city,
      venueCountry: modality === 'online' ? null : venue.country,
      modality,
      languages: random.chance(0.5) ? ['fr', 'en'] : [random.pick(['fr', 'en'])],
      capacity,
      womenTarget: 0.25,
      nominationDeadline: isoDate(monday - 21 * DAY),
      status: ended ? 'completed' : 'open',
      createdBy: actors.officerId,
    });
    for (const day of days) await sink.add(sessionDays, { sessionId: id, day });
    if (s % 3 === 0) await sink.add(sessionTrainers, { sessionId: id, userId: actors.trainerId });

    // Invited states and their seats.
    const invited = new Set<string>();
    if (s % 4 === 0) invited.add('NG'); // the demo focal point's state takes part regularly
    while (invited.size < random.int(4, 7)) invited.add(random.pick(engagedStates));
    const seats = Math.max(2, Math.ceil(capacity / invited.size));
    let acceptedCount = 0;
    const nominatedHere = new Set<string>();
    for (const iso2 of invited) {
      await sink.add(sessionQuotas, { sessionId: id, stateIso2: iso2, seats });
      const nominees = seats + random.int(0, 2);
      for (let n = 0; n < nominees; n++) {
        const pool = peopleOf[iso2] ?? [];
        // Someone already known comes back now and then, and always once the state's pool is full.
        const full = pool.length >= shape.peoplePerState;
        let person: Person | undefined;
        for (let tries = 0; tries < 5 && (full || random.chance(0.18)) && pool.length > 0; tries++) {
          const known = random.pick(pool);
          if (!nominatedHere.has(known.id)) {
            person = known;
            break;
          }
        }
        person ??= await newPerson(iso2);
        // Now and then a clerk enters a returning person afresh, with another spelling.
        if (pool.length > 3 && random.chance(0.03 / shape.cohortFactor)) person = await duplicateOf(random.pick(pool));
        nominatedHere.add(person.id);
        const nominationId = random.uuid();
        const nominatedAt = new Date(monday - random.int(25, 60) * DAY);
        const decidedAt = new Date(monday - random.int(5, 20) * DAY);
        const roll = random.next();
        let status: 'accepted' | 'waitlisted' | 'rejected' | 'withdrawn' = 'accepted';
        if (roll < 0.05) status = 'rejected';
        else if (roll < 0.08) status = 'withdrawn';
        else if (acceptedCount >= capacity || n >= seats) status = 'waitlisted';
        if (status === 'accepted') acceptedCount += 1;
        if (status === 'accepted' && iso2 === options.participantState) summary.participantOfficialId ??= person.id;
        summary.nominations += 1;
        const reason =
          status === 'rejected'
            ? random.pick([
                'Profile does not match the course level',
                'Human-rights screening: not cleared',
                'Nominated after the quota was filled',
              ])
            : status === 'withdrawn'
              ? 'Withdrawn by the focal point: operational duties'
              : null;
        await sink.add(nominations, {
          id: nominationId,
          sessionId: id,
          officialId: person.id,
          status,
          waitlistRank: status === 'waitlisted' ? n - seats + 1 : null,
          decisionReason: reason,
          nominatedBy: actors.focalPointIds[iso2] ?? actors.officerId,
          nominatedAt,
          decidedBy: actors.officerId,
          decidedAt,
        });
        await sink.add(nominationEvents, {
          nominationId,
          fromStatus: null,
          toStatus: 'nominated',
          byUserId: actors.focalPointIds[iso2] ?? actors.officerId,
          at: nominatedAt,
        });
        await sink.add(nominationEvents, {
          nominationId,
          fromStatus: 'nominated',
          toStatus: status,
          reason,
          byUserId: actors.officerId,
          at: decidedAt,
        });
        const notCleared = reason?.startsWith('Human-rights');
        await sink.add(hrScreenings, {
          nominationId,
          riskLevel: notCleared ? 'high' : random.chance(0.1) ? 'medium' : 'low',
          mitigation: notCleared ? null : random.chance(0.1) ? 'Briefing on human-rights obligations before the course' : null,
          decision: notCleared ? 'not_cleared' : 'cleared',
          reasons: notCleared
            ? 'Credible allegations against the unit; no mitigation possible'
            : 'No adverse information found in the sources consulted',
          screenedBy: actors.officerId,
          screenedAt: decidedAt,
        });
        if (status !== 'accepted' || !ended) continue;

        // During and after the session.
        const lowAttender = random.chance(0.06);
        for (const day of days) {
          await sink.add(attendance, {
            nominationId,
            day,
            present: lowAttender ? random.chance(0.45) : random.chance(0.97),
            recordedBy: actors.trainerId,
          });
        }
        const pre = Math.max(5, Math.min(95, Math.round(random.normal(54, 12))));
        const post = Math.max(0, Math.min(100, Math.round(pre + random.normal(22, 8))));
        await sink.add(testScores, { nominationId, kind: 'pre', score: pre, recordedBy: actors.trainerId });
        await sink.add(testScores, { nominationId, kind: 'post', score: post, recordedBy: actors.trainerId });
        if (lowAttender && random.chance(0.15)) {
          await sink.add(completionOverrides, {
            nominationId,
            completed: true,
            reason: 'Absence on official duty, documented by the agency; material covered in a make-up session',
            decidedBy: actors.officerId,
          });
        }
        if (random.chance(0.85)) {
          const base = random.int(3, 5);
          await sink.add(evaluationResponses, {
            sessionId: id,
            ratings: Object.fromEntries(
              ['relevance', 'content', 'trainers', 'materials', 'organisation', 'overall'].map((q) => [
                q,
                Math.max(1, Math.min(5, base + random.int(-1, 1))),
              ]),
            ),
            comment: random.chance(0.3)
              ? random.pick([
                  'Very practical case studies.',
                  'Les études de cas étaient très utiles.',
                  'More time for exercises, please.',
                  'Excellent formateurs, programme dense.',
                ])
              : null,
            submittedOn: days[days.length - 1] as string,
          });
          await sink.add(evaluationReceipts, { nominationId, submittedAt: new Date(`${days[days.length - 1]}T16:00:00Z`) });
        }
        const sixMonthsLater = monday + 180 * DAY;
        if (isoDate(sixMonthsLater) < TODAY) {
          const responded = random.chance(0.6);
          await sink.add(followUps, {
            nominationId,
            requestedAt: new Date(sixMonthsLater),
            respondedAt: responded ? new Date(sixMonthsLater + random.int(3, 40) * DAY) : null,
            applied: responded ? random.chance(0.75) : null,
            howApplied: responded
              ? random.pick([
                  'Used the case-management method in two ongoing investigations.',
                  "Mise en place d'une procédure de partage d'informations avec la douane.",
                  'Trained my unit on the interview techniques.',
                  null,
                ])
              : null,
          });
        }
        if (course.spec.level === 'training_of_trainers' && random.chance(0.7)) {
          const colleagues = random.int(8, 30);
          await sink.add(cascadeTrainings, {
            nominationId,
            heldOn: isoDate(monday + random.int(40, 150) * DAY),
            location: 'National police academy',
            colleaguesTrained: colleagues,
            womenTrained: Math.round(colleagues * random.next() * 0.4),
            description: 'Two-day national course replicating the modules on investigation planning',
            recordedBy: actors.officerId,
          });
        }
      }
    }
  }
  return summary;
}

const historyTables = [
  organisations,
  programmes,
  courses,
  coursePartners,
  agencies,
  officials,
  trainingSessions,
  sessionDays,
  sessionTrainers,
  sessionQuotas,
  nominations,
  nominationEvents,
  hrScreenings,
  attendance,
  testScores,
  completionOverrides,
  evaluationResponses,
  evaluationReceipts,
  followUps,
  cascadeTrainings,
];

/** Loads the history with COPY in one transaction, and links the demo participant to a trained official of their state. */
export async function seedDemoHistory(handle: DatabaseHandle, scale = 1): Promise<HistorySummary> {
  const demo = await handle.db
    .select({ id: users.id, role: users.role, stateIso2: users.stateIso2 })
    .from(users)
    .where(inArray(users.role, ['programme_officer', 'trainer', 'focal_point', 'participant']));
  const officer = demo.find((u) => u.role === 'programme_officer');
  const trainer = demo.find((u) => u.role === 'trainer');
  if (!officer || !trainer) throw new Error('The demo history needs the demo programme officer and trainer accounts');
  const focalPointIds = Object.fromEntries(
    demo.filter((u) => u.role === 'focal_point' && u.stateIso2).map((u) => [u.stateIso2, u.id]),
  );
  const participant = demo.find((u) => u.role === 'participant');
  const summary = await handle.bulk(async (session) => {
    let result: HistorySummary | undefined;
    await bulkLoad(session, historyTables, async (sink) => {
      result = await generateDemoHistory(scale, { officerId: officer.id, trainerId: trainer.id, focalPointIds }, sink, {
        participantState: participant?.stateIso2 ?? null,
      });
    });
    // The load ran with the results triggers off: compute the results facts once, set-wise.
    await rebuildResults(session.query);
    return result as HistorySummary;
  });
  if (participant && summary.participantOfficialId) {
    // The demo participant is that official: the account bears their name, as their certificates do.
    const [official] = await handle.db
      .select({ givenNames: officials.givenNames, familyName: officials.familyName })
      .from(officials)
      .where(eq(officials.id, summary.participantOfficialId));
    await handle.db
      .update(users)
      .set({
        officialId: summary.participantOfficialId,
        ...(official ? { displayName: `${official.givenNames} ${official.familyName}` } : {}),
      })
      .where(eq(users.id, participant.id));
  }
  return summary;
}
