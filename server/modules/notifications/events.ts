import { sql } from 'drizzle-orm';
import type { LocalisedText, NotificationParam } from '../../db/schema';
import { type Queryable, queryRows } from '../../platform/db';
import { type Invitation, invitationAttachment, invitationIcs } from './calendar';
import { absoluteLink, calendarOrganiser, notify, withinSystem } from './notify';
import { accountsOfOfficials, focalPointsOf, groupBy } from './recipients';
import { catalogueParam } from './text';

/**
 * The events of the domain that tell someone (issue 11), each called by the domain's service in
 * the transaction of the change. They read across states (the office's decisions concern several),
 * and every recipient is checked again by `notify`.
 */

export type SessionFacts = {
  id: string;
  code: string;
  courseTitle: LocalisedText;
  startDate: string;
  endDate: string;
  nominationDeadline: string;
  venueCity: string | null;
  venueCountry: string | null;
  modality: string;
  status: string;
};

async function sessionFacts(db: Queryable, sessionId: string): Promise<SessionFacts | undefined> {
  const [row] = await queryRows<SessionFacts>(
    db,
    sql`select s.id, s.code, c.title as "courseTitle", s.start_date::text as "startDate", s.end_date::text as "endDate",
          s.nomination_deadline::text as "nominationDeadline", s.venue_city as "venueCity", s.venue_country as "venueCountry",
          s.modality, s.status
        from training_sessions s join courses c on c.id = s.course_id where s.id = ${sessionId}`,
  );
  return row;
}

function venueOf(s: SessionFacts): NotificationParam {
  if (s.modality === 'online') return catalogueParam('notifications.venue.online');
  const place = [s.venueCity, s.venueCountry].filter(Boolean).join(', ');
  return place || catalogueParam('notifications.venue.to_be_confirmed');
}

/** What a notification about a session names: the course, its code, its dates and venue. */
export function sessionParams(s: SessionFacts): Record<string, NotificationParam> {
  return {
    course: s.courseTitle,
    code: s.code,
    start: { day: s.startDate },
    end: { day: s.endDate },
    deadline: { day: s.nominationDeadline },
    venue: venueOf(s),
  };
}

/** A call for nominations opened: the focal points of every invited state, each told of their seats. */
export async function callOpened(db: Queryable, sessionId: string): Promise<void> {
  await withinSystem(db, async () => {
    const session = await sessionFacts(db, sessionId);
    if (!session) return;
    const quotas = await queryRows<{ stateIso2: string; seats: number }>(
      db,
      sql`select state_iso2 as "stateIso2", seats from session_quotas where session_id = ${sessionId}`,
    );
    const focalPoints = groupBy(
      await focalPointsOf(
        db,
        quotas.map((q) => q.stateIso2),
      ),
      (f) => f.stateIso2,
    );
    for (const quota of quotas) {
      await notify(db, {
        kind: 'call_opened',
        recipients: (focalPoints.get(quota.stateIso2) ?? []).map((f) => f.id),
        params: { ...sessionParams(session), seats: quota.seats },
        link: `/sessions/${sessionId}/nominations`,
        stateIso2: quota.stateIso2,
        dedupeKey: `call_opened:${sessionId}`,
      });
    }
  });
}

type NominationFacts = {
  id: string;
  status: string;
  sessionId: string;
  officialId: string;
  name: string;
  stateIso2: string;
  reason: string | null;
  nominatorId: string | null;
  nominatorRole: string | null;
  nominatorState: string | null;
  transitions: number;
};

/**
 * A decision on a nomination (accepted, waitlisted, rejected; also a seat offered from the waiting
 * list): the focal point who nominated (else their state's focal points) and the nominee when they
 * have an account. An accepted nominee also gets their joining instructions and calendar invitation.
 */
export async function nominationDecided(db: Queryable, nominationId: string): Promise<void> {
  await withinSystem(db, async () => {
    const [n] = await queryRows<NominationFacts>(
      db,
      sql`select n.id, n.status, n.session_id as "sessionId", n.official_id as "officialId",
            o.given_names || ' ' || o.family_name as name, o.state_iso2 as "stateIso2", n.decision_reason as reason,
            u.id as "nominatorId", u.role as "nominatorRole", u.state_iso2 as "nominatorState",
            (select count(*)::int from nomination_events e where e.nomination_id = n.id) as transitions
          from nominations n join officials o on o.id = n.official_id left join users u on u.id = n.nominated_by
          where n.id = ${nominationId}`,
    );
    const session = n && (await sessionFacts(db, n.sessionId));
    if (!n || !session) return;
    const nominator =
      n.nominatorId && n.nominatorRole === 'focal_point' && n.nominatorState === n.stateIso2
        ? [n.nominatorId]
        : (await focalPointsOf(db, [n.stateIso2])).map((f) => f.id);
    const params = {
      ...sessionParams(session),
      name: n.name,
      decision: catalogueParam(`notifications.decisions.${n.status}`),
      ...(n.reason && n.status === 'rejected' ? { reason: n.reason } : {}),
    };
    const dedupeKey = `nomination_decided:${nominationId}:${n.transitions}`;
    await notify(db, {
      kind: 'nomination_decided',
      recipients: nominator,
      params,
      link: `/sessions/${n.sessionId}/nominations`,
      stateIso2: n.stateIso2,
      dedupeKey,
    });
    const nominee = (await accountsOfOfficials(db, [n.officialId])).get(n.officialId);
    if (nominee && n.status !== 'accepted') {
      await notify(db, {
        kind: 'nomination_decided',
        recipients: [nominee],
        params,
        link: '/my-trainings',
        stateIso2: n.stateIso2,
        dedupeKey,
      });
    }
    if (n.status === 'accepted') await sendInvitations(db, n.sessionId, [nominationId]);
    else await cancelInvitations(db, n.sessionId, [nominationId]);
  });
}

type InvitationFacts = {
  nominationId: string;
  officialId: string;
  stateIso2: string;
  sequence: number | null;
  sentFor: string | null;
  cancelled: string | null;
};

const fingerprint = (s: SessionFacts) => JSON.stringify([s.startDate, s.endDate, s.modality, s.venueCity, s.venueCountry]);

async function invitationsOf(db: Queryable, sessionId: string, nominationIds: string[] | null, accepted: boolean) {
  return queryRows<InvitationFacts>(
    db,
    sql`select n.id as "nominationId", n.official_id as "officialId", o.state_iso2 as "stateIso2",
          ci.sequence, ci.sent_for as "sentFor", ci.cancelled::text as cancelled
        from nominations n join officials o on o.id = n.official_id
        left join calendar_invitations ci on ci.nomination_id = n.id
        where n.session_id = ${sessionId}
          ${accepted ? sql`and n.status = 'accepted'` : sql`and ci.nomination_id is not null and ci.cancelled is null`}
          ${nominationIds ? sql`and n.id in ${nominationIds}` : sql``}`,
  );
}

async function sendInvitation(
  db: Queryable,
  session: SessionFacts,
  invitation: InvitationFacts,
  userId: string,
  method: 'request' | 'cancel',
): Promise<void> {
  const sequence = invitation.sequence === null ? 0 : invitation.sequence + 1;
  const kind =
    method === 'cancel'
      ? 'session_cancelled'
      : invitation.sequence === null || invitation.cancelled
        ? 'joining_instructions'
        : 'session_changed';
  await db.execute(
    sql`insert into calendar_invitations (nomination_id, sequence, sent_for, cancelled, updated_at)
        values (${invitation.nominationId}, ${sequence}, ${fingerprint(session)}, ${method === 'cancel' ? sql`now()` : null}, now())
        on conflict (nomination_id) do update set sequence = excluded.sequence, sent_for = excluded.sent_for,
          cancelled = excluded.cancelled, updated_at = now()`,
  );
  const [attendee] = await queryRows<{ name: string; email: string }>(
    db,
    sql`select display_name as name, email from users where id = ${userId}`,
  );
  const params = sessionParams(session);
  await notify(db, {
    kind,
    recipients: [userId],
    params,
    link: '/my-trainings',
    stateIso2: invitation.stateIso2,
    dedupeKey: `calendar:${invitation.nominationId}:${sequence}`,
    attachment: ({ locale }) =>
      invitationAttachment(
        sessionInvitation(session, invitation.nominationId, sequence, method, locale, attendee ?? { name: '', email: '' }),
      ),
  });
}

/** The calendar event of a participant's place in a session: one UID per nomination, whatever the method. */
function sessionInvitation(
  session: SessionFacts,
  nominationId: string,
  sequence: number,
  method: Invitation['method'],
  locale: keyof LocalisedText,
  attendee: { name: string; email: string },
): Invitation {
  return {
    uid: `${nominationId}@tadrib`,
    sequence,
    method,
    summary: `${session.code} · ${sessionTitle(session.courseTitle, locale)}`,
    description: absoluteLink('/my-trainings'),
    startDate: session.startDate,
    endDate: session.endDate,
    location: session.modality === 'online' ? null : [session.venueCity, session.venueCountry].filter(Boolean).join(', ') || null,
    url: absoluteLink('/my-trainings'),
    organiser: calendarOrganiser(),
    attendee,
  };
}

/**
 * The calendar file of an accepted nomination for its participant to download (whatever their
 * email preference): the event of the invitations sent by email, at the sequence last sent, so that
 * a later emailed update still replaces it. Null when there is no place to put in a calendar (not
 * accepted, or the session cancelled or over). The caller has checked the nomination is the reader's.
 */
export async function calendarFile(
  db: Queryable,
  nominationId: string,
  attendeeId: string,
  locale: keyof LocalisedText,
): Promise<string | null> {
  return withinSystem(db, async () => {
    const [row] = await queryRows<{ sessionId: string; status: string; sequence: number | null }>(
      db,
      sql`select n.session_id as "sessionId", n.status, ci.sequence
          from nominations n left join calendar_invitations ci on ci.nomination_id = n.id where n.id = ${nominationId}`,
    );
    const session = row && (await sessionFacts(db, row.sessionId));
    if (!row || !session || row.status !== 'accepted' || ['cancelled', 'completed'].includes(session.status)) return null;
    const [attendee] = await queryRows<{ name: string; email: string }>(
      db,
      sql`select display_name as name, email from users where id = ${attendeeId}`,
    );
    return invitationIcs(
      sessionInvitation(session, nominationId, row.sequence ?? 0, 'publish', locale, attendee ?? { name: '', email: '' }),
    );
  });
}

const sessionTitle = (title: LocalisedText, locale: keyof LocalisedText) =>
  title[locale] ?? title.en ?? title.fr ?? title.ar ?? title.pt ?? '';

/**
 * Joining instructions with a calendar invitation for the accepted participants who have an
 * account (all of the session's, or `nominationIds`): a first invitation to those who had none, an
 * update (SEQUENCE + 1) to those whose invitation no longer carries the session's dates and venue.
 */
export async function sendInvitations(db: Queryable, sessionId: string, nominationIds: string[] | null = null): Promise<void> {
  await withinSystem(db, async () => {
    const session = await sessionFacts(db, sessionId);
    if (!session || session.status === 'cancelled' || session.status === 'completed') return;
    const rows = await invitationsOf(db, sessionId, nominationIds, true);
    const accounts = await accountsOfOfficials(
      db,
      rows.map((r) => r.officialId),
    );
    for (const row of rows) {
      const userId = accounts.get(row.officialId);
      if (!userId || (row.sentFor === fingerprint(session) && !row.cancelled)) continue;
      await sendInvitation(db, session, row, userId, 'request');
    }
  });
}

/** Cancels the calendar invitations still standing: the session cancelled, or these nominations no longer accepted. */
export async function cancelInvitations(db: Queryable, sessionId: string, nominationIds: string[] | null = null): Promise<void> {
  await withinSystem(db, async () => {
    const session = await sessionFacts(db, sessionId);
    if (!session) return;
    const rows = await invitationsOf(db, sessionId, nominationIds, false);
    const accounts = await accountsOfOfficials(
      db,
      rows.map((r) => r.officialId),
    );
    for (const row of rows) {
      const userId = accounts.get(row.officialId);
      if (userId) await sendInvitation(db, session, row, userId, 'cancel');
    }
  });
}

/** A delegate registration decided: the focal point who registered them, else the delegation's state's focal points. */
export async function delegateDecided(db: Queryable, delegateId: string): Promise<void> {
  await withinSystem(db, async () => {
    const [d] = await queryRows<{
      status: string;
      name: string;
      reason: string | null;
      editionId: string;
      edition: number;
      city: string;
      stateIso2: string | null;
      registeredBy: string | null;
      registrarRole: string | null;
      registrarState: string | null;
      decidedAt: string;
    }>(
      db,
      sql`select m.status, m.given_names || ' ' || m.family_name as name, m.decision_reason as reason, e.id as "editionId",
            e.number as edition, e.city, d.state_iso2 as "stateIso2", m.registered_by as "registeredBy",
            u.role as "registrarRole", u.state_iso2 as "registrarState", m.decided_at::text as "decidedAt"
          from meeting_delegates m join meeting_delegations d on d.id = m.delegation_id
          join meeting_editions e on e.id = d.edition_id left join users u on u.id = m.registered_by
          where m.id = ${delegateId}`,
    );
    // An organisation's delegation is the office's to deal with: no state's focal point is told.
    if (!d?.stateIso2) return;
    const recipients =
      d.registeredBy && d.registrarRole === 'focal_point' && d.registrarState === d.stateIso2
        ? [d.registeredBy]
        : (await focalPointsOf(db, [d.stateIso2])).map((f) => f.id);
    await notify(db, {
      kind: 'delegate_decided',
      recipients,
      params: {
        name: d.name,
        edition: d.edition,
        city: d.city,
        decision: catalogueParam(`notifications.decisions.${d.status}`),
        ...(d.reason && d.status === 'declined' ? { reason: d.reason } : {}),
      },
      link: `/meetings/${d.editionId}`,
      stateIso2: d.stateIso2,
      dedupeKey: `delegate_decided:${delegateId}:${d.decidedAt}`,
    });
  });
}

/** Certificates issued: each holder who has an account. */
export async function certificatesIssued(db: Queryable, certificateIds: string[]): Promise<void> {
  if (certificateIds.length === 0) return;
  await withinSystem(db, async () => {
    const rows = await queryRows<{ id: string; officialId: string; stateIso2: string; sessionId: string }>(
      db,
      sql`select c.id, c.official_id as "officialId", o.state_iso2 as "stateIso2", c.session_id as "sessionId"
          from certificates c join officials o on o.id = c.official_id where c.id in ${certificateIds}`,
    );
    const accounts = await accountsOfOfficials(
      db,
      rows.map((r) => r.officialId),
    );
    for (const [sessionId, group] of groupBy(rows, (r) => r.sessionId)) {
      const session = await sessionFacts(db, sessionId);
      if (!session) continue;
      for (const row of group) {
        const userId = accounts.get(row.officialId);
        if (!userId) continue;
        await notify(db, {
          kind: 'certificate_issued',
          recipients: [userId],
          params: sessionParams(session),
          link: '/certificates',
          stateIso2: row.stateIso2,
          dedupeKey: `certificate_issued:${row.id}`,
        });
      }
    }
  });
}

/**
 * A library item made available to the participants of sessions: the accepted participants of
 * each (with an account), once per item and session. Only items those participants may read
 * (audience public, signed in, or the participants of the training).
 */
export async function libraryAvailable(db: Queryable, itemId: string, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await withinSystem(db, async () => {
    const [item] = await queryRows<{ title: LocalisedText; audience: string }>(
      db,
      sql`select title, audience from library_items where id = ${itemId}`,
    );
    if (!item || !['public', 'signed_in', 'participants'].includes(item.audience)) return;
    for (const sessionId of sessionIds) {
      const session = await sessionFacts(db, sessionId);
      if (!session || session.status === 'cancelled') continue;
      const rows = await queryRows<{ officialId: string; stateIso2: string }>(
        db,
        sql`select n.official_id as "officialId", o.state_iso2 as "stateIso2" from nominations n
            join officials o on o.id = n.official_id where n.session_id = ${sessionId} and n.status = 'accepted'`,
      );
      const accounts = await accountsOfOfficials(
        db,
        rows.map((r) => r.officialId),
      );
      for (const row of rows) {
        const userId = accounts.get(row.officialId);
        if (!userId) continue;
        await notify(db, {
          kind: 'library_available',
          recipients: [userId],
          params: { ...sessionParams(session), title: item.title },
          link: `/library/items/${itemId}`,
          stateIso2: row.stateIso2,
          dedupeKey: `library_available:${itemId}:${sessionId}`,
        });
      }
    }
  });
}
