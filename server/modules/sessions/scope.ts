import { type SQL, sql } from 'drizzle-orm';
import { trainingSessions } from '../../db/schema';
import type { Actor } from '../../platform/access';

/**
 * Which sessions an actor may read, as a condition on training_sessions: programme and M&E officers
 * all; a trainer those they train; a focal point those their state is invited to; a participant
 * those they are accepted in. Anything else is out of scope (404, not 403). Other modules that
 * read a session (nominations, attendance) apply the same condition.
 */
export function sessionScopeCondition(actor: Actor, sessionId: SQL | typeof trainingSessions.id = trainingSessions.id): SQL {
  switch (actor.role) {
    case 'programme_officer':
    case 'me_officer':
      return sql`true`;
    case 'trainer':
      return sql`exists (select 1 from session_trainers st where st.session_id = ${sessionId} and st.user_id = ${actor.userId})`;
    case 'focal_point':
      return actor.stateIso2
        ? sql`exists (select 1 from session_quotas sq where sq.session_id = ${sessionId} and sq.state_iso2 = ${actor.stateIso2})`
        : sql`false`;
    case 'participant':
      return actor.officialId
        ? sql`exists (select 1 from nominations n where n.session_id = ${sessionId} and n.official_id = ${actor.officialId} and n.status = 'accepted')`
        : sql`false`;
    default:
      return sql`false`;
  }
}
