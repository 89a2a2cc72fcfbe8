import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { notifications, outboxMessages, users } from '../../server/db/schema';
import { hashPassword } from '../../server/platform/passwords';
import { createCourse, createSession, userIdOf } from './delivery-fixtures';
import { type Client, demoEmail, startTestApp, type TestApp } from './harness';

/** What the notifications API tests share: the app with its readers, and the helpers. */

/** A user written straight into the table, with the role, state and language the test needs. */
async function addUser(
  t: TestApp,
  role: 'focal_point' | 'participant',
  stateIso2: string,
  locale: 'en' | 'fr' | 'ar' | 'pt',
  name: string,
) {
  const [row] = await t.db
    .insert(users)
    .values({
      email: `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now().toString(36)}@example.org`,
      displayName: name,
      role,
      stateIso2,
      locale,
      passwordHash: await hashPassword('Kestrel-unused-password-orbit'),
    })
    .returning({ id: users.id });
  if (!row) throw new Error('no user');
  return row.id;
}

export type NotificationsApp = {
  t: TestApp;
  officer: Client;
  focalNg: Client;
  participant: Client;
  admin: Client;
  focalNgId: string;
  participantId: string;
  /** A focal point of Ghana (Arabic reader) and one of Kenya (never invited). */
  focalGhId: string;
  focalKeId: string;
};

/** The app with its readers; Nigeria's focal point reads French. */
export async function startNotificationsApp(): Promise<NotificationsApp> {
  const t = await startTestApp();
  const [officer, focalNg, participant, admin] = await Promise.all([
    t.as('programme_officer'),
    t.as('focal_point'),
    t.as('participant'),
    t.as('admin'),
  ]);
  const focalNgId = await userIdOf(t.db, demoEmail('focal_point'));
  await t.db.update(users).set({ locale: 'fr' }).where(eq(users.id, focalNgId));
  return {
    t,
    officer,
    focalNg,
    participant,
    admin,
    focalNgId,
    participantId: await userIdOf(t.db, demoEmail('participant')),
    focalGhId: await addUser(t, 'focal_point', 'GH', 'ar', 'Kwame Mensah'),
    focalKeId: await addUser(t, 'focal_point', 'KE', 'en', 'Wanjiru Kamau'),
  };
}

/** The helpers of one test file, reading its app once started. */
export function notificationsHelpers(appOf: () => NotificationsApp) {
  const notificationsOf = (userId: string, kind?: string) =>
    appOf()
      .t.db.select()
      .from(notifications)
      .where(and(eq(notifications.recipientId, userId), kind ? eq(notifications.kind, kind as never) : undefined));
  const mailsTo = (userId: string, kind?: string) =>
    appOf()
      .t.db.select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toUserId, userId), kind ? eq(outboxMessages.kind, `notification.${kind}`) : undefined))
      .orderBy(outboxMessages.createdAt);

  async function openSession(quotas: Record<string, number>, options: { deadline?: number; start?: number } = {}) {
    const { t, officer } = appOf();
    const course = await createCourse(t.db);
    const session = await createSession(t.db, { courseId: course.id, status: 'planned', quotas, ...options });
    const opened = await officer.post(`/api/sessions/${session.id}/status`, { status: 'open' });
    expect(opened.statusCode, opened.body).toBe(200);
    return session;
  }

  return { notificationsOf, mailsTo, openSession };
}
