import { sql } from 'drizzle-orm';
import type { Locale, LocalisedText } from '../../db/schema';
import { today } from '../../platform/dates';
import { type Database, type Queryable, queryRows } from '../../platform/db';
import { translator } from '../../platform/i18n';
import { asSystem } from '../../platform/wall';
import { renderMail } from '../outbox/layout';
import { enqueueMail } from '../outbox/outbox';
import { type SessionFacts, sessionParams } from './events';
import { absoluteLink, notify } from './notify';
import { focalPointsOf, groupBy, programmeOfficers } from './recipients';
import { catalogueParam, notificationText } from './text';

/**
 * The daily job (issue 11): reminders computed from the state of the data, and the daily digest
 * mails. Every reminder has a dedupe key naming its stage (7 days, 2 days, overdue…), so a second
 * run, a missed day or two processes running it tell nobody twice; a stage is chosen by range, not
 * by exact day, so a day the server was down loses nothing.
 */

/** Two Tadrib processes on one database: one runs the job, the other waits for it, then finds it done. */
const REMINDERS_LOCK = 0x7ad1b011;
export const DAILY_JOB = 'reminders';

/** Reminders for a session ended or a follow-up due are not sent for what ended longer ago than this. */
const LATE_WINDOW_DAYS = 14;

export type ReminderReport = {
  day: string;
  nominationDeadline: number;
  evaluation: number;
  followUp: number;
  actions: number;
  digests: number;
};

/**
 * Runs the day's reminders once: the timer (`force` false) skips a day already run, by any
 * process; the admin's "run now" (`force`) runs again, which sends only what is new.
 */
export async function runReminders(db: Database, options: { force: boolean; day?: string }): Promise<ReminderReport | null> {
  const day = options.day ?? today();
  return asSystem(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REMINDERS_LOCK})`);
      const [taken] = await queryRows<{ job: string }>(
        tx,
        sql`insert into job_runs (job, day) values (${DAILY_JOB}, ${day})
            on conflict (job, day) do ${options.force ? sql`update set started_at = now()` : sql`nothing`} returning job`,
      );
      if (!taken) return null;
      const report: ReminderReport = {
        day,
        nominationDeadline: await nominationDeadlines(tx, day),
        evaluation: await evaluationsDue(tx, day),
        followUp: await followUpsDue(tx, day),
        actions: await actionsDue(tx, day),
        digests: await digests(tx),
      };
      await tx.execute(sql`update job_runs set finished_at = now() where job = ${DAILY_JOB} and day = ${day}`);
      return report;
    }),
  );
}

/** When the daily job last ran (for the admin). */
export async function lastRun(db: Database): Promise<{ day: string; finishedAt: string | null } | null> {
  const [row] = await asSystem(() =>
    queryRows<{ day: string; finishedAt: string | null }>(
      db,
      sql`select day::text as day, finished_at as "finishedAt" from job_runs where job = ${DAILY_JOB} order by day desc limit 1`,
    ),
  );
  return row ? { day: row.day, finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null } : null;
}

const sessionColumns = sql`s.id, s.code, c.title as "courseTitle", s.start_date::text as "startDate", s.end_date::text as "endDate",
  s.nomination_deadline::text as "nominationDeadline", s.venue_city as "venueCity", s.venue_country as "venueCountry",
  s.modality, s.status`;

/** Open calls closing within 7 days (then within 2): the focal points of each invited state whose seats are not all filled. */
async function nominationDeadlines(db: Queryable, day: string): Promise<number> {
  const rows = await queryRows<SessionFacts & { daysLeft: number; stateIso2: string; seats: number; nominated: number }>(
    db,
    sql`select ${sessionColumns}, (s.nomination_deadline - ${day}::date) as "daysLeft", q.state_iso2 as "stateIso2", q.seats,
          (select count(*)::int from nominations n join officials o on o.id = n.official_id
            where n.session_id = s.id and o.state_iso2 = q.state_iso2 and n.status not in ('rejected', 'withdrawn')) as nominated
        from training_sessions s join courses c on c.id = s.course_id join session_quotas q on q.session_id = s.id
        where s.status = 'open' and s.nomination_deadline between ${day}::date and ${day}::date + 7`,
  );
  const focalPoints = groupBy(await focalPointsOf(db, [...new Set(rows.map((r) => r.stateIso2))]), (f) => f.stateIso2);
  let told = 0;
  for (const r of rows) {
    if (r.nominated >= r.seats) continue;
    const stage = r.daysLeft <= 2 ? 2 : 7;
    told += (
      await notify(db, {
        kind: 'nomination_deadline',
        recipients: (focalPoints.get(r.stateIso2) ?? []).map((f) => f.id),
        params: { ...sessionParams(r), days: r.daysLeft, seats: r.seats, nominated: r.nominated },
        link: `/sessions/${r.id}/nominations`,
        stateIso2: r.stateIso2,
        dedupeKey: `nomination_deadline:${r.id}:${stage}`,
      })
    ).length;
  }
  return told;
}

/** Accepted participants with an account, of sessions matching `when`, who have not done `pending` yet. */
async function participantsOf(db: Queryable, when: ReturnType<typeof sql>, pending: ReturnType<typeof sql>) {
  return queryRows<SessionFacts & { nominationId: string; userId: string; stateIso2: string }>(
    db,
    sql`select ${sessionColumns}, n.id as "nominationId", u.id as "userId", o.state_iso2 as "stateIso2"
        from training_sessions s join courses c on c.id = s.course_id
        join nominations n on n.session_id = s.id and n.status = 'accepted'
        join officials o on o.id = n.official_id
        join users u on u.official_id = n.official_id and u.role = 'participant' and u.active
        where s.status <> 'cancelled' and ${when} and ${pending}`,
  );
}

async function tellParticipants(
  db: Queryable,
  kind: 'evaluation_due' | 'follow_up_due',
  rows: Awaited<ReturnType<typeof participantsOf>>,
): Promise<number> {
  let told = 0;
  for (const r of rows) {
    told += (
      await notify(db, {
        kind,
        recipients: [r.userId],
        params: sessionParams(r),
        link: '/my-trainings',
        stateIso2: r.stateIso2,
        dedupeKey: `${kind}:${r.nominationId}`,
      })
    ).length;
  }
  return told;
}

/** The session has ended (within the last two weeks) and the participant has not evaluated it. */
async function evaluationsDue(db: Queryable, day: string): Promise<number> {
  const rows = await participantsOf(
    db,
    sql`s.end_date <= ${day}::date and s.end_date > ${day}::date - ${LATE_WINDOW_DAYS}::int`,
    sql`not exists (select 1 from evaluation_receipts r where r.nomination_id = n.id)`,
  );
  return tellParticipants(db, 'evaluation_due', rows);
}

/** Three months after the session (within two weeks of it), the follow-up survey not answered. */
async function followUpsDue(db: Queryable, day: string): Promise<number> {
  const rows = await participantsOf(
    db,
    sql`(s.end_date + interval '3 months')::date <= ${day}::date
        and (s.end_date + interval '3 months')::date > ${day}::date - ${LATE_WINDOW_DAYS}::int`,
    sql`not exists (select 1 from follow_ups f where f.nomination_id = n.id and f.responded_at is not null)`,
  );
  return tellParticipants(db, 'follow_up_due', rows);
}

/** Open recommendation actions due within 30 days, within 7, and overdue: the owner's focal points, or the office. */
async function actionsDue(db: Queryable, day: string): Promise<number> {
  const rows = await queryRows<{
    id: string;
    description: LocalisedText;
    dueDate: string;
    daysLeft: number;
    number: number;
    edition: number;
    stateIso2: string | null;
  }>(
    db,
    sql`select a.id, a.description, a.due_date::text as "dueDate", (a.due_date - ${day}::date) as "daysLeft",
          r.number, e.number as edition, coalesce(a.owner_state_iso2, ag.state_iso2) as "stateIso2"
        from recommendation_actions a join recommendations r on r.id = a.recommendation_id
        join meeting_editions e on e.id = r.edition_id left join agencies ag on ag.id = a.owner_agency_id
        where a.status in ('planned', 'in_progress') and a.due_date <= ${day}::date + 30`,
  );
  const states = [...new Set(rows.flatMap((r) => (r.stateIso2 ? [r.stateIso2] : [])))];
  const focalPoints = groupBy(await focalPointsOf(db, states), (f) => f.stateIso2);
  const office = rows.some((r) => !r.stateIso2) ? await programmeOfficers(db) : [];
  let told = 0;
  for (const r of rows) {
    const stage = r.daysLeft < 0 ? 'overdue' : r.daysLeft <= 7 ? '7' : '30';
    told += (
      await notify(db, {
        kind: 'action_due',
        recipients: r.stateIso2 ? (focalPoints.get(r.stateIso2) ?? []).map((f) => f.id) : office,
        params: {
          title: r.description,
          due: { day: r.dueDate },
          recommendation: r.number,
          edition: r.edition,
          when: catalogueParam(stage === 'overdue' ? 'notifications.when.overdue' : `notifications.when.in_${stage}_days`),
        },
        link: `/recommendations/actions/${r.id}`,
        stateIso2: r.stateIso2,
        dedupeKey: `action_due:${r.id}:${stage}`,
      })
    ).length;
  }
  return told;
}

/** One mail per user holding notifications for the digest: every one not yet sent, then marked sent. */
async function digests(db: Queryable): Promise<number> {
  const rows = await queryRows<{
    id: string;
    recipientId: string;
    kind: string;
    params: Record<string, never>;
    stateIso2: string | null;
    email: string;
    locale: Locale;
  }>(
    db,
    sql`select n.id, n.recipient_id as "recipientId", n.kind, n.params, n.state_iso2 as "stateIso2", u.email, u.locale
        from notifications n join users u on u.id = n.recipient_id
        where n.email = 'digest' and n.digested_at is null and u.active order by n.created_at, n.id`,
  );
  const byUser = groupBy(rows, (r) => r.recipientId);
  for (const [userId, items] of byUser) {
    const first = items[0] as (typeof items)[number];
    const t = translator(first.locale);
    const states = new Set(items.map((i) => i.stateIso2));
    const heading = t.t('notifications.digest.heading', { count: items.length });
    await enqueueMail(db, {
      kind: 'notification.digest',
      // The last notification it carries: a later digest carries only later ones.
      dedupeKey: `digest:${userId}:${(items[items.length - 1] as (typeof items)[number]).id}`,
      toAddress: first.email,
      toUserId: userId,
      stateIso2: states.size === 1 ? first.stateIso2 : null,
      locale: first.locale,
      subject: heading,
      ...renderMail({
        locale: first.locale,
        heading,
        paragraphs: items.map((i) => {
          const text = notificationText(first.locale, i.kind as never, i.params);
          return `${text.title}: ${text.body}`;
        }),
        action: { label: t.t('notifications.digest.open'), url: absoluteLink('/notifications') },
      }),
    });
  }
  if (rows.length > 0) {
    await db.execute(sql`update notifications set digested_at = now() where id in ${rows.map((r) => r.id)}`);
  }
  return byUser.size;
}
