import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema';
import { runReminders } from '../../server/modules/notifications/reminders';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  dayFromToday,
  linkParticipant,
  markDays,
  setScores,
} from './delivery-fixtures';
import { type Client, demoEmail, testDatabaseKind } from './harness';
import { notificationsHelpers, startNotificationsApp } from './notifications-fixtures';
import { sharedApp } from './support';

/** Notifications of the other events: delegates decided, certificates issued, library materials, the follow-up due. */

describe(`notifications: the other events (${testDatabaseKind})`, () => {
  const app = sharedApp(startNotificationsApp);
  const { notificationsOf, mailsTo } = notificationsHelpers(() => app);

  describe('the other events: delegates, certificates, library materials, the follow-up', () => {
    /** The demo participant reads Arabic here; the mails to them are checked in it. */
    beforeAll(async () => {
      await app.t.db.update(users).set({ locale: 'ar' }).where(eq(users.id, app.participantId));
    });
    afterAll(async () => {
      await app.t.db.update(users).set({ locale: 'en' }).where(eq(users.id, app.participantId));
    });

    /** A completed session whose accepted nominee (of Nigeria) is the demo participant; a Ghanaian nominee with no account. */
    async function sessionWithParticipant(options: { start: number; end: number; status: 'completed' | 'open' }) {
      const course = await createCourse(app.t.db);
      const session = await createSession(app.t.db, {
        courseId: course.id,
        ...options,
        deadline: options.start - 10,
        quotas: { NG: 2, GH: 2 },
      });
      const official = await createOfficial(app.t.db, { stateIso2: 'NG' });
      await linkParticipant(app.t.db, demoEmail('participant'), official.id);
      const nomination = await createNomination(app.t.db, session.id, official.id, 'accepted');
      const ghanaian = await createOfficial(app.t.db, { stateIso2: 'GH', givenNames: 'Kofi', familyName: 'Mensah' });
      const ghNomination = await createNomination(app.t.db, session.id, ghanaian.id, 'accepted');
      return { session, nomination, ghNomination };
    }

    it('a delegate registration approved or declined tells the registering focal point, or the state’s, in their language', async () => {
      const created = await app.officer.post('/api/meetings/editions', {
        number: 700 + Math.floor(Math.random() * 90),
        startDate: dayFromToday(60),
        endDate: dayFromToday(62),
        city: 'Agadir',
        countryIso2: 'MA',
        theme: { en: 'Cooperation against terrorism' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const edition = created.json() as { id: string; number: number };
      const delegation = async (stateIso2: string) => {
        const res = await app.officer.post(`/api/meetings/editions/${edition.id}/delegations`, { stateIso2, role: 'member' });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      };
      const register = async (client: Client, delegationId: string, familyName: string) => {
        const res = await client.post(`/api/meetings/delegations/${delegationId}/delegates`, {
          title: 'Dr',
          givenNames: 'Amaka',
          familyName,
          function: 'Director, Counter-Terrorism Centre',
          email: `${familyName.toLowerCase()}.${Date.now().toString(36)}@agency.test`,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      };
      // Nigeria's registered by its focal point (declined); Ghana's by the office (approved).
      const ngDelegate = await register(app.focalNg, await delegation('NG'), 'Nwosu');
      const ghDelegate = await register(app.officer, await delegation('GH'), 'Asante');
      const declined = await app.officer.post(`/api/meetings/delegates/${ngDelegate}/decision`, {
        decision: 'declined',
        reason: 'Seat limit reached',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const approved = await app.officer.post(`/api/meetings/delegates/${ghDelegate}/decision`, { decision: 'approved' });
      expect(approved.statusCode, approved.body).toBe(200);

      const [ng] = await notificationsOf(app.focalNgId, 'delegate_decided');
      expect(ng).toMatchObject({
        stateIso2: 'NG',
        link: `/meetings/${edition.id}`,
        dedupeKey: expect.stringContaining(ngDelegate),
      });
      const [french] = await mailsTo(app.focalNgId, 'delegate_decided');
      expect(french?.locale).toBe('fr');
      expect(french?.subject).toContain('refusée');
      expect(french?.textBody).toContain('Amaka Nwosu');
      expect(french?.textBody).toContain('Seat limit reached');
      expect(french?.textBody).not.toContain('Asante');
      const [arabic] = await mailsTo(app.focalGhId, 'delegate_decided');
      expect(arabic?.locale).toBe('ar');
      expect(arabic?.textBody).toContain('Amaka Asante');
      expect(arabic?.textBody).toContain('موافق عليه');
      expect(arabic?.textBody).not.toContain('Nwosu');
      expect(await notificationsOf(app.focalGhId, 'delegate_decided')).toHaveLength(1);
      expect(await notificationsOf(app.focalKeId, 'delegate_decided')).toHaveLength(0);
    });

    it('certificates issued tell each holder with an account, in their language, and nobody else', async () => {
      const { session, nomination, ghNomination } = await sessionWithParticipant({ start: -10, end: -6, status: 'completed' });
      for (const n of [nomination, ghNomination]) {
        await markDays(
          app.t.db,
          n.id,
          [-10, -9, -8, -7, -6].map((d) => [d, true] as [number, boolean]),
        );
        await setScores(app.t.db, n.id, { post: 80 });
      }
      const issued = await app.officer.post(`/api/sessions/${session.id}/certificates`);
      expect(issued.statusCode, issued.body).toBe(201);
      expect(issued.json().issued).toBe(2);
      const told = (await notificationsOf(app.participantId, 'certificate_issued')).filter((r) => r.stateIso2 === 'NG');
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ link: '/certificates' });
      const [arabic] = await mailsTo(app.participantId, 'certificate_issued');
      expect(arabic?.locale).toBe('ar');
      expect(arabic?.subject).toContain('شهادتك');
      expect(arabic?.textBody).toContain('التحقيقات المالية');
      expect(arabic?.htmlBody).toContain('dir="rtl"');
      for (const focal of [app.focalNgId, app.focalGhId, app.focalKeId]) {
        expect(await notificationsOf(focal, 'certificate_issued')).toHaveLength(0);
      }
    });

    it('library materials linked to a session tell its accepted participants once, and only what they may read', async () => {
      const { session } = await sessionWithParticipant({ start: 20, end: 24, status: 'open' });
      const forParticipants = await app.officer.post('/api/library/items', {
        type: 'manual',
        audience: 'participants',
        title: { en: 'Handbook on financial investigations', ar: 'دليل التحقيقات المالية' },
        sessionIds: [session.id],
      });
      expect(forParticipants.statusCode, forParticipants.body).toBe(201);
      const itemId = forParticipants.json().id as string;
      // Restricted to Ghana's officials: not something to tell a Nigerian participant about.
      const ghanaOnly = await app.officer.post('/api/library/items', {
        type: 'national_strategy',
        audience: 'states',
        states: ['GH'],
        title: { en: 'Ghana’s national strategy' },
        sessionIds: [session.id],
      });
      expect(ghanaOnly.statusCode, ghanaOnly.body).toBe(201);

      const told = (await notificationsOf(app.participantId, 'library_available')).filter((r) => r.link.includes(itemId));
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ stateIso2: 'NG', link: `/library/items/${itemId}` });
      expect(
        (await notificationsOf(app.participantId, 'library_available')).some((r) => r.link.includes(ghanaOnly.json().id)),
      ).toBe(false);
      const [arabic] = (await mailsTo(app.participantId, 'library_available')).filter((m) => m.textBody.includes(session.code));
      expect(arabic?.locale).toBe('ar');
      expect(arabic?.subject).toContain('دليل التحقيقات المالية');
      for (const focal of [app.focalNgId, app.focalGhId, app.focalKeId]) {
        expect(await notificationsOf(focal, 'library_available')).toHaveLength(0);
      }
      // Saved again with the same session: nobody is told twice.
      const edited = await app.officer.patch(`/api/library/items/${itemId}`, { title: { en: 'Handbook, second edition' } });
      expect(edited.statusCode, edited.body).toBe(200);
      expect((await notificationsOf(app.participantId, 'library_available')).filter((r) => r.link.includes(itemId))).toHaveLength(
        1,
      );
    });

    it('the follow-up survey three months after the session, once however often the reminders run', async () => {
      const { session, nomination } = await sessionWithParticipant({ start: -99, end: -95, status: 'completed' });
      const first = await runReminders(app.t.db, { force: true });
      expect(first?.followUp).toBeGreaterThanOrEqual(1);
      const told = (await notificationsOf(app.participantId, 'follow_up_due')).filter(
        (r) => r.dedupeKey === `follow_up_due:${nomination.id}`,
      );
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ stateIso2: 'NG', link: '/my-trainings' });
      const mails = (await mailsTo(app.participantId, 'follow_up_due')).filter((m) => m.textBody.includes(session.code));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.locale).toBe('ar');
      expect(mails[0]?.subject).toContain('استبيان المتابعة');
      // Not the evaluation: the session ended long ago.
      expect(
        (await notificationsOf(app.participantId, 'evaluation_due')).filter(
          (r) => r.dedupeKey === `evaluation_due:${nomination.id}`,
        ),
      ).toHaveLength(0);
      for (const focal of [app.focalNgId, app.focalGhId, app.focalKeId]) {
        expect(await notificationsOf(focal, 'follow_up_due')).toHaveLength(0);
      }

      const second = await runReminders(app.t.db, { force: true });
      expect(second?.followUp).toBe(0);
      expect(
        (await notificationsOf(app.participantId, 'follow_up_due')).filter(
          (r) => r.dedupeKey === `follow_up_due:${nomination.id}`,
        ),
      ).toHaveLength(1);
      expect((await mailsTo(app.participantId, 'follow_up_due')).filter((m) => m.textBody.includes(session.code))).toHaveLength(
        1,
      );
    });
  });
});
