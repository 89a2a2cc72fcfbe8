import { type SQL, sql } from 'drizzle-orm';
import type { NominationStatus } from '../../db/schema';

/**
 * docs/product.md, "Completed": accepted, attended at least the course's attendance threshold of the
 * session days (default 80 %) and, where the course has a post-test pass mark, passed it. An
 * officer's override (with its recorded reason) wins over the rule.
 *
 * The same definition exists twice, kept equal by the tests: `completionOf` (for one enrolment in
 * the API) and `completionSql` (for indicators over millions of enrolments). Both compare in
 * integers (thousandths of the threshold, hundredths of a score) so that 0.8 × 5 days is exactly
 * 4 days, never 3.9999999.
 */

export type CompletionInput = {
  status: NominationStatus;
  /** Teaching days of the session. */
  sessionDays: number;
  /** Days the participant was marked present (unrecorded days count as absent). */
  daysPresent: number;
  /** Share of days required, 0 < t ≤ 1 (three decimals, as stored). */
  attendanceThreshold: number;
  /** Post-test pass mark; null when the course has no post-test requirement. */
  postTestPassMark: number | null;
  postScore: number | null;
  /** An officer's override, when one was recorded. */
  override: boolean | null;
};

export type CompletionReason =
  | 'override'
  | 'not_accepted'
  | 'no_session_days'
  | 'attendance_below_threshold'
  | 'post_test_missing'
  | 'post_test_failed'
  | 'met';

export type Completion = {
  completed: boolean;
  /** Why: 'met' when the rule is satisfied, else the first unmet condition, or 'override'. */
  reason: CompletionReason;
  /** Days present over session days (0 when the session has no days). */
  attendanceRate: number;
  /** What the rule alone says, before any override. */
  byRule: boolean;
};

const thousandths = (share: number): number => Math.round(share * 1000);
const hundredths = (score: number): number => Math.round(score * 100);

/** Whether `present` of `days` meets a threshold, exactly (integers only). */
export function attendanceMet(present: number, days: number, threshold: number): boolean {
  if (days <= 0) return false;
  return present * 1000 >= thousandths(threshold) * days;
}

export function completionOf(input: CompletionInput): Completion {
  const attendanceRate = input.sessionDays > 0 ? Math.min(1, input.daysPresent / input.sessionDays) : 0;
  const rule = (): Exclude<CompletionReason, 'override'> => {
    if (input.status !== 'accepted') return 'not_accepted';
    if (input.sessionDays <= 0) return 'no_session_days';
    if (!attendanceMet(input.daysPresent, input.sessionDays, input.attendanceThreshold)) return 'attendance_below_threshold';
    if (input.postTestPassMark !== null) {
      if (input.postScore === null) return 'post_test_missing';
      if (hundredths(input.postScore) < hundredths(input.postTestPassMark)) return 'post_test_failed';
    }
    return 'met';
  };
  const reason = rule();
  const byRule = reason === 'met';
  // An override applies to an enrolment: a nominee no longer accepted (reopened, withdrawn) is never complete.
  if (input.override !== null && input.status === 'accepted')
    return { completed: input.override, reason: 'override', attendanceRate, byRule };
  return { completed: byRule, reason, attendanceRate, byRule };
}

/**
 * One row per nomination: its session, official, the inputs of the rule and `completed`.
 * Use it as a subquery (`from (${completionSql()}) c`) wherever completion is counted, so the API
 * and the indicators share one definition. `where` narrows the nominations (alias n) scanned.
 * `setWise` gathers the day and attendance counts with grouped joins instead of per-row lookups:
 * the same rule, quicker when most nominations are read (a full recomputation of the results).
 */
export function completionSql(where: SQL = sql`true`, options: { setWise?: boolean } = {}): SQL {
  const counts = options.setWise
    ? sql`left join (select sd.session_id, count(*) as days from session_days sd group by sd.session_id) d
        on d.session_id = n.session_id
      left join (
        select att.nomination_id, count(*) as present
        from attendance att
        join nominations an on an.id = att.nomination_id
        join session_days sd on sd.session_id = an.session_id and sd.day = att.day
        where att.present
        group by att.nomination_id
      ) a on a.nomination_id = n.id`
    : sql`left join lateral (select count(*) as days from session_days sd where sd.session_id = n.session_id) d on true
      left join lateral (
        select count(*) as present
        from attendance att
        join session_days sd on sd.session_id = n.session_id and sd.day = att.day
        where att.nomination_id = n.id and att.present
      ) a on true`;
  return sql`
    select n.id as nomination_id, n.session_id, n.official_id, n.status,
      coalesce(d.days, 0)::int as session_days,
      coalesce(a.present, 0)::int as days_present,
      c.attendance_threshold, c.post_test_pass_mark,
      post.score as post_score,
      o.completed as override,
      (n.status = 'accepted'
        and coalesce(d.days, 0) > 0
        and coalesce(a.present, 0) * 1000 >= round(c.attendance_threshold * 1000) * coalesce(d.days, 0)
        and (c.post_test_pass_mark is null
             or (post.score is not null and round(post.score * 100) >= round(c.post_test_pass_mark * 100)))
      ) as completed_by_rule,
      (n.status = 'accepted' and coalesce(o.completed,
        coalesce(d.days, 0) > 0
        and coalesce(a.present, 0) * 1000 >= round(c.attendance_threshold * 1000) * coalesce(d.days, 0)
        and (c.post_test_pass_mark is null
             or (post.score is not null and round(post.score * 100) >= round(c.post_test_pass_mark * 100)))
      )) as completed
    from nominations n
    join training_sessions s on s.id = n.session_id
    join courses c on c.id = s.course_id
    ${counts}
    left join test_scores post on post.nomination_id = n.id and post.kind = 'post'
    left join completion_overrides o on o.nomination_id = n.id
    where ${where}`;
}
