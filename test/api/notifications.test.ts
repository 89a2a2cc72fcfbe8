import { and, eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  hrScreenings,
  meetingEditions,
  notifications,
  outboxMessages,
  recommendationActions,
  recommendations,
} from '../../server/db/schema';
import * as events from '../../server/modules/notifications/events';
import { runReminders } from '../../server/modules/notifications/reminders';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  dayFromToday,
  linkParticipant,
} from './delivery-fixtures';
import { demoEmail, testDatabaseKind } from './harness';
import { notificationsHelpers, startNotificationsApp } from './notifications-fixtures';
import { auditRowsOf, expectError, sharedApp } from './support';

/**
 * Notifications (issue 11): each event tells the right people, in their language, in the app and
 * by email as their preferences say; the daily job tells once; no state sees another’s.
 */

describe(`notifications (${testDatabaseKind})`, () => {
  const app = sharedApp(startNotificationsApp);
  const { notificationsOf, mailsTo, openSession } = notificationsHelpers(() => app);

  it('a call for nominations tells the focal points of the invited states only, each in their language', async () => {
    const session = await openSession({ NG: 2, GH: 3 });
    const [ng] = await notificationsOf(app.focalNgId, 'call_opened');
    const [gh] = await notificationsOf(app.focalGhId, 'call_opened');
    expect(ng).toMatchObject({ stateIso2: 'NG', link: `/sessions/${session.id}/nominations`, readAt: null });
    expect(gh).toMatchObject({ stateIso2: 'GH' });
    expect(ng?.params.seats).toBe(2);
    expect(gh?.params.seats).toBe(3);
    expect(await notificationsOf(app.focalKeId, 'call_opened')).toHaveLength(0);

    const [french] = await mailsTo(app.focalNgId, 'call_opened');
    expect(french?.locale).toBe('fr');
    expect(french?.subject).toContain('Appel à candidatures');
    expect(french?.textBody).toContain('Enquêtes financières');
    expect(french?.stateIso2).toBe('NG');
    const [arabic] = await mailsTo(app.focalGhId, 'call_opened');
    expect(arabic?.subject).toContain('دعوة إلى الترشيح');
    expect(arabic?.textBody).toContain('التحقيقات المالية');
    expect(arabic?.htmlBody).toContain('dir="rtl"');

    // In the app, in the reader's language too; raised again, the same event tells nobody twice.
    const list = await app.focalNg.get('/api/notifications');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { link: string }) => i.link === `/sessions/${session.id}/nominations`);
    expect(item.title).toContain('Appel à candidatures');
    expect(item.read).toBe(false);
    await app.t.db.transaction((tx) => events.callOpened(tx, session.id));
    expect(await notificationsOf(app.focalNgId, 'call_opened')).toHaveLength(1);
    expect(await mailsTo(app.focalNgId, 'call_opened')).toHaveLength(1);
  });

  describe('a nomination accepted, then the session moved and cancelled', () => {
    let sessionId: string;
    let nominationId: string;
    const invitations = async () =>
      (await mailsTo(app.participantId))
        .filter((m) => (m.attachments as unknown[]).length > 0)
        .map((m) => {
          const [file] = m.attachments as { filename: string; contentType: string; content: string }[];
          const calendar = new ICAL.Component(ICAL.parse(file?.content ?? ''));
          const event = calendar.getFirstSubcomponent('vevent');
          if (!event) throw new Error('no VEVENT');
          return {
            kind: m.kind,
            method: calendar.getFirstPropertyValue('method'),
            uid: event.getFirstPropertyValue('uid'),
            sequence: event.getFirstPropertyValue('sequence'),
            start: String(event.getFirstPropertyValue('dtstart')),
            end: String(event.getFirstPropertyValue('dtend')),
            status: event.getFirstPropertyValue('status'),
            contentType: file?.contentType,
          };
        });

    beforeAll(async () => {
      const session = await openSession({ NG: 2 }, { start: 30, deadline: 20 });
      sessionId = session.id;
      const official = await createOfficial(app.t.db, { stateIso2: 'NG', givenNames: 'Aisha', familyName: 'Bello' });
      await linkParticipant(app.t.db, demoEmail('participant'), official.id);
      const nomination = await createNomination(app.t.db, sessionId, official.id, 'nominated');
      nominationId = nomination.id;
      await app.t.db.insert(hrScreenings).values({ nominationId, riskLevel: 'low', decision: 'cleared', reasons: 'fixture' });
      await app.t.db.execute(sql`update nominations set nominated_by = ${app.focalNgId} where id = ${nominationId}`);
    });

    it('the decision tells the nominating focal point, and the nominee gets joining instructions with a calendar invitation', async () => {
      const decided = await app.officer.post(`/api/nominations/${nominationId}/decision`, { decision: 'accepted' });
      expect(decided.statusCode, decided.body).toBe(200);
      const [toFocal] = await notificationsOf(app.focalNgId, 'nomination_decided');
      expect(toFocal).toMatchObject({ stateIso2: 'NG', link: `/sessions/${sessionId}/nominations` });
      const [french] = await mailsTo(app.focalNgId, 'nomination_decided');
      expect(french?.subject).toContain('Désignation acceptée');
      expect(french?.textBody).toContain('Aisha Bello');
      // The focal points of other states hear nothing of it.
      expect(await notificationsOf(app.focalGhId, 'nomination_decided')).toHaveLength(0);
      expect(await notificationsOf(app.participantId, 'joining_instructions')).toHaveLength(1);
      const [invite] = await invitations();
      expect(invite).toMatchObject({ method: 'REQUEST', uid: `${nominationId}@tadrib`, sequence: 0, status: 'CONFIRMED' });
      expect(invite?.start).toBe(dayFromToday(30));
      expect(invite?.end).toBe(dayFromToday(35)); // the day after the last (all-day DTEND)
      expect(invite?.contentType).toContain('method=REQUEST');
    });

    it('new dates send an update with the same UID and a higher SEQUENCE; an edit of something else sends none', async () => {
      const moved = await app.officer.patch(`/api/sessions/${sessionId}`, {
        startDate: dayFromToday(40),
        endDate: dayFromToday(42),
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const capacity = await app.officer.patch(`/api/sessions/${sessionId}`, { capacity: 12 });
      expect(capacity.statusCode, capacity.body).toBe(200);
      const all = await invitations();
      expect(all).toHaveLength(2);
      expect(all[1]).toMatchObject({
        kind: 'notification.session_changed',
        method: 'REQUEST',
        uid: `${nominationId}@tadrib`,
        sequence: 1,
      });
      expect(all[1]?.start).toBe(dayFromToday(40));
      expect(all[1]?.end).toBe(dayFromToday(43));
    });

    it('the participant downloads the same event as a calendar file, whatever their email preference; nobody else’s', async () => {
      const kept = await app.participant.put('/api/notifications/preferences', {
        items: [
          { kind: 'joining_instructions', email: 'none' },
          { kind: 'session_changed', email: 'none' },
        ],
      });
      expect(kept.statusCode, kept.body).toBe(200);
      const file = await app.participant.get(`/api/participation/trainings/${nominationId}/calendar.ics`);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-type']).toContain('text/calendar');
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="SES.*\.ics"; filename\*=UTF-8''SES.*\.ics$/);
      const calendar = new ICAL.Component(ICAL.parse(file.body));
      expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
      const event = calendar.getFirstSubcomponent('vevent');
      expect(event?.getFirstPropertyValue('uid')).toBe(`${nominationId}@tadrib`);
      // The sequence last emailed (the move), so that a later emailed update still replaces it.
      expect(event?.getFirstPropertyValue('sequence')).toBe(1);
      expect(String(event?.getFirstPropertyValue('dtstart'))).toBe(dayFromToday(40));
      expect(String(event?.getFirstPropertyValue('dtend'))).toBe(dayFromToday(43));

      // Another's place (a Ghanaian's accepted nomination), an unknown one, a focal point: not theirs to download.
      const other = await createOfficial(app.t.db, { stateIso2: 'GH' });
      const othersNomination = await createNomination(app.t.db, sessionId, other.id, 'accepted');
      expectError(
        await app.participant.get(`/api/participation/trainings/${othersNomination.id}/calendar.ics`),
        404,
        'NOT_FOUND',
      );
      expectError(
        await app.participant.get('/api/participation/trainings/00000000-0000-4000-8000-000000000000/calendar.ics'),
        404,
        'NOT_FOUND',
      );
      expectError(await app.participant.get('/api/participation/trainings/nope/calendar.ics'), 400, 'VALIDATION_FAILED');
      expectError(await app.focalNg.get(`/api/participation/trainings/${nominationId}/calendar.ics`), 403, 'FORBIDDEN');
      expectError(await app.t.anonymous.get(`/api/participation/trainings/${nominationId}/calendar.ics`), 401, 'UNAUTHENTICATED');
      // Nothing was sent or written by reading it.
      expect(await invitations()).toHaveLength(2);
      await app.participant.put('/api/notifications/preferences', {
        items: [
          { kind: 'joining_instructions', email: 'immediate' },
          { kind: 'session_changed', email: 'immediate' },
        ],
      });
    });

    it('a cancelled session sends METHOD:CANCEL for the same event', async () => {
      const cancelled = await app.officer.post(`/api/sessions/${sessionId}/status`, {
        status: 'cancelled',
        reason: 'Venue unavailable',
      });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      const all = await invitations();
      expect(all).toHaveLength(3);
      expect(all[2]).toMatchObject({
        kind: 'notification.session_cancelled',
        method: 'CANCEL',
        uid: `${nominationId}@tadrib`,
        sequence: 2,
        status: 'CANCELLED',
      });
      // A cancelled session has no place to put in a calendar.
      expectError(await app.participant.get(`/api/participation/trainings/${nominationId}/calendar.ics`), 404, 'NOT_FOUND');
    });
  });

  it('preferences: none keeps the email back, digest holds it for the daily digest; in the app always', async () => {
    const set = await app.focalNg.put('/api/notifications/preferences', {
      items: [
        { kind: 'call_opened', email: 'digest' },
        { kind: 'nomination_deadline', email: 'none' },
      ],
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().items).toContainEqual({ kind: 'call_opened', email: 'digest' });
    expect(set.json().items).toContainEqual({ kind: 'certificate_issued', email: 'immediate' });
    const before = (await mailsTo(app.focalNgId, 'call_opened')).length;
    const session = await openSession({ NG: 1 }, { deadline: 5 });
    const rows = await notificationsOf(app.focalNgId, 'call_opened');
    expect(rows.find((r) => r.link.includes(session.id))).toMatchObject({ email: 'digest', digestedAt: null });
    expect(await mailsTo(app.focalNgId, 'call_opened')).toHaveLength(before);

    // The daily job: the deadline reminder (in the app only, by preference) and the digest, once.
    const first = await runReminders(app.t.db, { force: true });
    expect(first?.digests).toBeGreaterThanOrEqual(1);
    const deadline = (await notificationsOf(app.focalNgId, 'nomination_deadline')).filter((r) => r.link.includes(session.id));
    expect(deadline).toHaveLength(1);
    expect(deadline[0]).toMatchObject({ email: 'none', dedupeKey: `nomination_deadline:${session.id}:7` });
    expect(await mailsTo(app.focalNgId, 'nomination_deadline')).toHaveLength(0);
    const digests = await app.t.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toUserId, app.focalNgId), eq(outboxMessages.kind, 'notification.digest')));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toContain('Votre résumé Tadrib');
    expect(digests[0]?.textBody).toContain(session.code);

    const second = await runReminders(app.t.db, { force: true });
    expect(second).toMatchObject({ nominationDeadline: 0, evaluation: 0, followUp: 0, actions: 0, digests: 0 });
    expect((await notificationsOf(app.focalNgId, 'nomination_deadline')).filter((r) => r.link.includes(session.id))).toHaveLength(
      1,
    );
    // The timer's run of a day already run does nothing at all.
    expect(await runReminders(app.t.db, { force: false })).toBeNull();
  });

  it('reminders: evaluation after the session, recommendation actions due, each once', async () => {
    const course = await createCourse(app.t.db);
    const ended = await createSession(app.t.db, {
      courseId: course.id,
      status: 'closed',
      start: -5,
      end: -1,
      deadline: -10,
      quotas: { NG: 2 },
    });
    const official = await createOfficial(app.t.db, { stateIso2: 'NG' });
    await linkParticipant(app.t.db, demoEmail('participant'), official.id);
    const nomination = await createNomination(app.t.db, ended.id, official.id, 'accepted');

    const [edition] = await app.t.db
      .insert(meetingEditions)
      .values({
        number: 900 + Math.floor(Math.random() * 90),
        startDate: dayFromToday(-200),
        endDate: dayFromToday(-198),
        city: 'Rabat',
        countryIso2: 'MA',
        theme: { en: 'Theme' },
      })
      .returning();
    const [recommendation] = await app.t.db
      .insert(recommendations)
      .values({ editionId: edition?.id as string, number: 1, text: { en: 'Recommendation' } })
      .returning();
    const [action] = await app.t.db
      .insert(recommendationActions)
      .values({
        recommendationId: recommendation?.id as string,
        description: { en: 'Adopt a national strategy', fr: 'Adopter une stratégie nationale' },
        ownerKind: 'state',
        ownerStateIso2: 'NG',
        dueDate: dayFromToday(5),
      })
      .returning();

    const report = await runReminders(app.t.db, { force: true });
    expect(report?.evaluation).toBeGreaterThanOrEqual(1);
    expect(report?.actions).toBeGreaterThanOrEqual(1);
    const evaluation = (await notificationsOf(app.participantId, 'evaluation_due')).filter(
      (r) => r.dedupeKey === `evaluation_due:${nomination.id}`,
    );
    expect(evaluation).toHaveLength(1);
    const [due] = (await notificationsOf(app.focalNgId, 'action_due')).filter(
      (r) => r.dedupeKey === `action_due:${action?.id}:7`,
    );
    expect(due).toMatchObject({ stateIso2: 'NG', link: `/recommendations/actions/${action?.id}` });
    const [mail] = (await mailsTo(app.focalNgId, 'action_due')).filter((m) =>
      m.textBody.includes('Adopter une stratégie nationale'),
    );
    expect(mail?.locale).toBe('fr');
    expect(await notificationsOf(app.focalGhId, 'action_due')).toHaveLength(0);

    const again = await runReminders(app.t.db, { force: true });
    expect(again).toMatchObject({ evaluation: 0, actions: 0, followUp: 0, nominationDeadline: 0 });
  });

  it('a focal point sees their state’s notifications, never another state’s nor an official of another state', async () => {
    // A Ghanaian nominee's decision: only Ghana's focal point is told; Nigeria's reads nothing of it.
    const session = await openSession({ GH: 2 });
    const official = await createOfficial(app.t.db, { stateIso2: 'GH', givenNames: 'Secretname', familyName: 'Ofghana' });
    const nomination = await createNomination(app.t.db, session.id, official.id, 'nominated');
    const rejected = await app.officer.post(`/api/nominations/${nomination.id}/decision`, {
      decision: 'rejected',
      reason: 'Profile does not match',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const [gh] = await notificationsOf(app.focalGhId, 'nomination_decided');
    expect(gh?.stateIso2).toBe('GH');
    const [arabic] = await mailsTo(app.focalGhId, 'nomination_decided');
    expect(arabic?.textBody).toContain('Secretname');
    expect(arabic?.textBody).toContain('غير مقبول');

    const state = await app.focalNg.get('/api/notifications/state');
    expect(state.statusCode).toBe(200);
    expect(state.json().stateIso2).toBe('NG');
    expect(state.body).not.toContain('Secretname');
    expect(state.body).not.toContain('Kwame');
    const items = state.json().notifications as { recipient: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((i) => i.recipient))).toEqual(new Set(['Chinedu Okafor', 'Aisha Bello']));
    const emails = state.json().emails as { subject: string; recipient: string }[];
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((e) => ['Chinedu Okafor', 'Aisha Bello'].includes(e.recipient))).toBe(true);
    const own = await app.focalNg.get('/api/notifications?limit=100');
    expect(own.body).not.toContain('Secretname');

    // Another's notification, by id: not found, and left unread.
    const marked = await app.focalNg.post(`/api/notifications/${gh?.id}/read`);
    expectError(marked, 404, 'NOT_FOUND');
    const [still] = await app.t.db
      .select()
      .from(notifications)
      .where(eq(notifications.id, gh?.id as string));
    expect(still?.readAt).toBeNull();
    const paged = await app.focalNg.get(`/api/notifications?before=${gh?.id}`);
    expectError(paged, 404, 'NOT_FOUND');
  });

  it('what a state was sent pages with before (notifications) and emailsBefore (emails), never crossing into another state', async () => {
    type StatePage = { more: boolean; emailsMore: boolean; notifications: { id: string }[]; emails: { id: string }[] };
    const everything = (await app.focalNg.get('/api/notifications/state?limit=200')).json() as StatePage;
    expect(everything.more).toBe(false);
    expect(everything.notifications.length).toBeGreaterThan(3);
    expect(everything.emails.length).toBeGreaterThan(3);
    const walk = async (param: 'before' | 'emailsBefore', list: 'notifications' | 'emails') => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page += 1) {
        const res = await app.focalNg.get(`/api/notifications/state?limit=2${cursor ? `&${param}=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as StatePage;
        expect(body[list].length).toBeLessThanOrEqual(2);
        seen.push(...body[list].map((i) => i.id));
        if (!(list === 'emails' ? body.emailsMore : body.more)) return seen;
        cursor = body[list][body[list].length - 1]?.id;
      }
      throw new Error('paging never ended');
    };
    // Page after page, each row once, in order, and exactly the state's.
    expect(await walk('before', 'notifications')).toEqual(everything.notifications.map((i) => i.id));
    expect(await walk('emailsBefore', 'emails')).toEqual(everything.emails.map((i) => i.id));
    const states = await app.t.db
      .select({ state: notifications.stateIso2 })
      .from(notifications)
      .where(sql`${notifications.id} in ${everything.notifications.map((i) => i.id)}`);
    expect(new Set(states.map((r) => r.state))).toEqual(new Set(['NG']));

    // Another state's notification or email as a cursor: not found, nothing of it told.
    const [ghana] = await notificationsOf(app.focalGhId);
    const [ghanaMail] = await mailsTo(app.focalGhId);
    expect(ghana?.stateIso2).toBe('GH');
    expect(ghanaMail?.stateIso2).toBe('GH');
    expectError(await app.focalNg.get(`/api/notifications/state?before=${ghana?.id}`), 404, 'NOT_FOUND');
    expectError(await app.focalNg.get(`/api/notifications/state?emailsBefore=${ghanaMail?.id}`), 404, 'NOT_FOUND');
    // Nor does an email's id page the notifications.
    expectError(await app.focalNg.get(`/api/notifications/state?before=${everything.emails[0]?.id}`), 404, 'NOT_FOUND');
    expectError(await app.focalNg.get('/api/notifications/state?before=nope'), 400, 'VALIDATION_FAILED');
    expectError(await app.focalNg.get('/api/notifications/state?emailsBefore=nope'), 400, 'VALIDATION_FAILED');
  });

  it('the bell counts the unread; mark one read, then all', async () => {
    const count = async () => (await app.focalNg.get('/api/notifications/unread')).json().unread as number;
    const before = await count();
    expect(before).toBeGreaterThan(1);
    const [first] = (await app.focalNg.get('/api/notifications?unread=true&limit=1')).json().items;
    const marked = await app.focalNg.post(`/api/notifications/${first.id}/read`);
    expect(marked.statusCode).toBe(204);
    expect(await count()).toBe(before - 1);
    const again = await app.focalNg.post(`/api/notifications/${first.id}/read`);
    expect(again.statusCode).toBe(204);
    expect(await count()).toBe(before - 1);
    const all = await app.focalNg.post('/api/notifications/read-all');
    expect(all.statusCode).toBe(204);
    expect(await count()).toBe(0);
    expect(
      (
        await app.t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.recipientId, app.focalGhId), sql`read_at is not null`))
      ).length,
    ).toBe(0);
  });

  it('pages with before, newest first', async () => {
    const page1 = (await app.focalNg.get('/api/notifications?limit=2')).json();
    expect(page1.items).toHaveLength(2);
    expect(page1.more).toBe(true);
    const page2 = (await app.focalNg.get(`/api/notifications?limit=2&before=${page1.items[1].id}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
    expect(page2.items[0].createdAt <= page1.items[1].createdAt).toBe(true);
    // Every page in turn gives each notification once, none skipped (rows of one millisecond included).
    const all = (await app.focalNg.get('/api/notifications?limit=100')).json().items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    for (let page = (await app.focalNg.get('/api/notifications?limit=2')).json(); ; ) {
      seen.push(...page.items.map((i: { id: string }) => i.id));
      if (!page.more) break;
      page = (await app.focalNg.get(`/api/notifications?limit=2&before=${seen[seen.length - 1]}`)).json();
    }
    expect(seen).toEqual(all);
  });

  it('refuses bad input with a 400 and changes nothing', async () => {
    const prefsBefore = (await app.focalNg.get('/api/notifications/preferences')).json();
    for (const body of [
      {},
      { items: [] },
      { items: [{ kind: 'no_such_kind', email: 'none' }] },
      { items: [{ kind: 'call_opened', email: 'weekly' }] },
      {
        items: [
          { kind: 'call_opened', email: 'none' },
          { kind: 'call_opened', email: 'digest' },
        ],
      },
      { items: [{ kind: 'call_opened', email: 'none', extra: 1 }] },
      { items: 'call_opened' },
    ]) {
      expectError(await app.focalNg.put('/api/notifications/preferences', body), 400, 'VALIDATION_FAILED');
    }
    expect((await app.focalNg.get('/api/notifications/preferences')).json()).toEqual(prefsBefore);
    for (const url of [
      '/api/notifications?limit=0',
      '/api/notifications?limit=101',
      '/api/notifications?before=nope',
      '/api/notifications?unread=yes',
      '/api/notifications?other=1',
    ]) {
      expectError(await app.focalNg.get(url), 400, 'VALIDATION_FAILED');
    }
    expectError(await app.focalNg.post('/api/notifications/not-a-uuid/read'), 400, 'VALIDATION_FAILED');
    expectError(await app.focalNg.get('/api/notifications/state?limit=1000'), 400, 'VALIDATION_FAILED');
  });

  it('only the admin runs the reminders now, and the run is audited', async () => {
    expectError(await app.officer.post('/api/notifications/reminders/run'), 403, 'FORBIDDEN');
    expectError(await app.t.anonymous.post('/api/notifications/reminders/run'), 401, 'UNAUTHENTICATED');
    expectError(await app.participant.get('/api/notifications/state'), 403, 'FORBIDDEN');
    const run = await app.admin.post('/api/notifications/reminders/run');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().day).toBe(dayFromToday(0));
    const last = await app.admin.get('/api/notifications/reminders');
    expect(last.json().lastRun.day).toBe(dayFromToday(0));
    expect(await auditRowsOf(app.t.db, 'notifications.reminders_run')).not.toHaveLength(0);
  });
});
