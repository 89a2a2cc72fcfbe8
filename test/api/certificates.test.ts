import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, certificates, officials, users } from '../../server/db/schema';
import { type Credential, statusBit } from '../../server/modules/certificates/credential';
import { NO_SCOPE, SYSTEM_SCOPE, withWallScope } from '../../server/platform/wall';
import {
  createCourse,
  createNomination,
  createOfficial,
  createSession,
  linkParticipant,
  markDays,
  setScores,
} from './delivery-fixtures';
import { type Client, startTestApp, type TestApp, testDatabaseKind } from './harness';
import { expectError } from './support';

type Verdict = {
  status: string;
  reason: string | null;
  nameMatches: boolean | null;
  identityType: string | null;
  certificate: unknown;
};
type Cert = {
  id: string;
  verificationCode: string;
  official: { id: string };
  revokedAt: string | null;
  trainingOfTrainers: boolean;
};

describe(`certificates as Open Badges 3.0 credentials (${testDatabaseKind})`, () => {
  let t: TestApp;
  let officer: Client;
  let participant: Client;
  let focal: Client;
  let sessionId: string;
  let mine: { officialId: string; nominationId: string };
  let other: { officialId: string; nominationId: string };
  let failed: { nominationId: string };
  let ghanaian: { officialId: string; nominationId: string };
  let notYet: string;

  const verify = async (body: unknown, address = '10.0.0.1') => {
    const res = await t.anonymous.request({
      method: 'POST',
      url: '/api/credentials/verify',
      payload: body as object,
      remoteAddress: address,
    });
    return res;
  };
  const verdict = async (body: unknown, address?: string) => {
    const res = await verify(body, address);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Verdict;
  };
  const jwks = async () => (await t.anonymous.get('/api/credentials/jwks.json')).json() as { keys: { kid: string }[] };
  const certificateRows = () => t.db.select().from(certificates);

  beforeAll(async () => {
    // Verification failures from one address back off: these tests use several addresses and a generous limit.
    t = await startTestApp({ TADRIB_PUBLIC_URL: 'https://tadrib.example.org', TADRIB_LOGIN_ADDRESS_FREE_FAILURES: '50' });
    officer = await t.as('programme_officer');
    focal = await t.as('focal_point');
    const course = await createCourse(t.db, { level: 'training_of_trainers' });
    // Five days in the past, then completed.
    const session = await createSession(t.db, { courseId: course.id, start: -10, end: -6, deadline: -20, status: 'completed' });
    sessionId = session.id;
    const add = async (o: Parameters<typeof createOfficial>[1], present: number, post: number) => {
      const official = await createOfficial(t.db, o);
      const nomination = await createNomination(t.db, session.id, official.id);
      await markDays(
        t.db,
        nomination.id,
        [-10, -9, -8, -7, -6].map((d, i) => [d, i < present] as [number, boolean]),
      );
      await setScores(t.db, nomination.id, { post });
      return { officialId: official.id, nominationId: nomination.id };
    };
    mine = await add({ familyName: 'Bello', givenNames: 'Aïsha' }, 5, 80);
    other = await add({ familyName: 'Okafor', givenNames: 'Chinedu', sex: 'male' }, 4, 70);
    failed = await add({ familyName: 'Eze', givenNames: 'Ngozi' }, 2, 90);
    ghanaian = await add({ stateIso2: 'GH', familyName: 'Mensah', givenNames: 'Kofi', sex: 'male' }, 5, 75);
    await t.db.update(officials).set({ birthDate: '1985-03-14' }).where(eq(officials.id, mine.officialId));
    await linkParticipant(t.db, 'participant.ng@tadrib.demo', mine.officialId);
    participant = await t.signIn('participant.ng@tadrib.demo');
    const open = await createSession(t.db, { courseId: course.id, start: 5, end: 8, status: 'open' });
    notYet = open.id;
  });
  afterAll(async () => t?.close());

  it('previews, then issues one certificate per completion, and refuses to issue twice with the rule’s name', async () => {
    const preview = await officer.get(`/api/sessions/${sessionId}/certificates/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    const p = preview.json() as { toIssue: number; rows: { nominationId: string; action: string }[] };
    expect(p.toIssue).toBe(3);
    expect(p.rows.find((r) => r.nominationId === failed.nominationId)?.action).toBe('not_completed');

    const before = await certificateRows();
    const early = expectError(await officer.post(`/api/sessions/${notYet}/certificates`), 422, 'RULE_VIOLATION');
    expect(early.rule).toBe('certificate.session_not_completed');
    const issued = await officer.post(`/api/sessions/${sessionId}/certificates`);
    expect(issued.statusCode, issued.body).toBe(201);
    const body = issued.json() as { issued: number; items: Cert[] };
    expect(body.issued).toBe(3);
    expect(body.items.every((c) => c.trainingOfTrainers)).toBe(true);
    expect((await certificateRows()).length).toBe(before.length + 3);

    const again = expectError(await officer.post(`/api/sessions/${sessionId}/certificates`), 422, 'RULE_VIOLATION');
    expect(again.rule).toBe('certificate.already_issued');
    expect((await certificateRows()).length).toBe(before.length + 3);
  });

  it('signs the exact credential shape of issue 10 as an EdDSA VC-JWT', async () => {
    const [row] = await t.db.select().from(certificates).where(eq(certificates.nominationId, mine.nominationId));
    if (!row) throw new Error('no certificate');
    const header = JSON.parse(Buffer.from(row.jwt.split('.')[0] as string, 'base64url').toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', kid: row.kid });
    const vc = decodeJwt(row.jwt) as unknown as Credential;
    expect(vc['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(vc.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc.issuer).toMatchObject({ type: ['Profile'], id: 'https://tadrib.example.org/api/credentials/issuer' });
    expect(vc.validFrom).toMatch(/^\d{4}-\d\d-\d\dT00:00:00Z$/);
    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(['AchievementSubject']);
    expect(subject.identifier[0]).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'ext:NameAndBirthDate' });
    expect(subject.identifier[0]?.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    // The name is nowhere in clear.
    expect(JSON.stringify(vc)).not.toMatch(/Bello|Aïsha|Aisha/);
    const a = subject.achievement;
    expect(a.type).toEqual(['Achievement']);
    expect(a.name.map((n) => n['@language'])).toEqual(['en', 'fr', 'ar']);
    expect(a.name[0]?.['@value']).toMatch(/Training of trainers/);
    expect(a.name[2]?.['@direction']).toBe('rtl');
    expect(a.criteria.narrative).toMatch(/80%.*5 session days.*60 out of 100/);
    expect(a.creditsAvailable).toBe(30);
    expect(vc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(row.statusIndex),
      statusListCredential: `https://tadrib.example.org/api/credentials/status/${row.statusListId}`,
    });
  });

  it('verifies with jose alone against the published JWKS (no database)', async () => {
    const [row] = await t.db.select().from(certificates).where(eq(certificates.nominationId, other.nominationId));
    const keys = await jwks();
    const { payload, protectedHeader } = await jwtVerify(row?.jwt as string, createLocalJWKSet(keys as never), {
      algorithms: ['EdDSA'],
    });
    expect(protectedHeader.kid).toBe(keys.keys[0]?.kid);
    expect((payload as { type: string[] }).type).toContain('OpenBadgeCredential');
    expect(await verdict({ jwt: row?.jwt })).toMatchObject({ status: 'valid', reason: null, nameMatches: null });
  });

  it('reports one changed byte, a foreign key and garbage as invalid with the reason', async () => {
    const [row] = await t.db.select().from(certificates).where(eq(certificates.nominationId, other.nominationId));
    const jwt = row?.jwt as string;
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect(await verdict({ jwt: flipped })).toMatchObject({ status: 'invalid', reason: 'bad_signature', certificate: null });
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.validFrom = '2000-01-01T00:00:00Z';
    const altered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(await verdict({ jwt: altered })).toMatchObject({ status: 'invalid', reason: 'bad_signature' });
    const otherKid = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url').toString()), kid: 'nope' })).toString('base64url')}.${p}.${s}`;
    expect(await verdict({ jwt: otherKid })).toMatchObject({ status: 'invalid', reason: 'unknown_key' });
    expect(await verdict({ jwt: 'a.b.c' })).toMatchObject({ status: 'invalid', reason: 'malformed' });
  });

  it('confirms a typed name only against the hash, and only when asked', async () => {
    const [row] = await t.db.select().from(certificates).where(eq(certificates.nominationId, mine.nominationId));
    const jwt = row?.jwt as string;
    const plain = await verdict({ jwt });
    expect(plain).toMatchObject({ status: 'valid', nameMatches: null, identityType: 'ext:NameAndBirthDate' });
    expect(JSON.stringify(plain)).not.toMatch(/Bello/);
    expect((await verdict({ jwt, name: 'BELLO aisha', birthDate: '1985-03-14' })).nameMatches).toBe(true);
    expect((await verdict({ jwt, name: 'Aisha Bello', birthDate: '1985-03-15' })).nameMatches).toBe(false);
    expect((await verdict({ jwt, name: 'Amina Bello', birthDate: '1985-03-14' })).nameMatches).toBe(false);
    // By the code printed on paper: course, dates, issuer and status, never the name.
    const byCode = await verdict({ code: row?.verificationCode.toLowerCase().replaceAll('-', ' ') });
    expect(byCode).toMatchObject({ status: 'valid', nameMatches: null });
    expect(byCode.certificate).toMatchObject({ courseCode: expect.any(String), hours: 30, trainingOfTrainers: true });
    expect(JSON.stringify(byCode)).not.toMatch(/Bello|Aisha/);
    expect((await verdict({ code: row?.verificationCode, name: 'Aisha Bello', birthDate: '1985-03-14' })).nameMatches).toBe(true);
    expect(await verdict({ code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ status: 'unknown', certificate: null });
  });

  it('rotates the key: old certificates still verify, new ones are signed with the new key', async () => {
    const [old] = await t.db.select().from(certificates).where(eq(certificates.nominationId, mine.nominationId));
    const { current, retired } = t.keys.credentialSigning.rotate();
    expect(retired).toEqual([old?.kid]);
    const published = (await jwks()).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([current, old?.kid]));
    expect((await verdict({ jwt: old?.jwt })).status).toBe('valid');
    // A new completion (an override by the office) gets its certificate from the new key.
    const res = await officer.put(`/api/nominations/${failed.nominationId}/completion-override`, {
      completed: true,
      reason: 'Medical absence, made up in a later session',
    });
    expect(res.statusCode, res.body).toBe(200);
    const issued = await officer.post(`/api/sessions/${sessionId}/certificates`);
    expect(issued.statusCode, issued.body).toBe(201);
    const [fresh] = await t.db.select().from(certificates).where(eq(certificates.nominationId, failed.nominationId));
    expect(fresh?.kid).toBe(current);
    expect((await verdict({ jwt: fresh?.jwt })).status).toBe('valid');
  });

  it('revokes with a reason: exactly one bit flips in the signed status list, and verify says revoked', async () => {
    const [row] = await t.db.select().from(certificates).where(eq(certificates.nominationId, other.nominationId));
    if (!row) throw new Error('no certificate');
    const listOf = async () => {
      const res = await t.anonymous.get(`/api/credentials/status/${row.statusListId}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/vc\+jwt/);
      const { payload } = await jwtVerify(res.body, createLocalJWKSet((await jwks()) as never), { algorithms: ['EdDSA'] });
      const subject = (payload as { credentialSubject: { type: string; encodedList: string } }).credentialSubject;
      expect(subject.type).toBe('BitstringStatusList');
      return subject.encodedList;
    };
    const before = await listOf();
    expect(statusBit(before, row.statusIndex)).toBe(false);
    const revoked = await officer.post(`/api/certificates/${row.id}/revoke`, { reason: 'error', note: 'Wrong session recorded' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect((revoked.json() as { can: { revoke: boolean } }).can.revoke).toBe(false);
    const after = await listOf();
    const bits = (list: string) => gunzipSync(Buffer.from(list.slice(1), 'base64url'));
    const a = bits(before);
    const b = bits(after);
    let flipped = 0;
    for (let i = 0; i < a.length; i += 1) flipped += (((a[i] as number) ^ (b[i] as number)).toString(2).match(/1/g) ?? []).length;
    expect(flipped).toBe(1);
    expect(statusBit(after, row.statusIndex)).toBe(true);
    expect(await verdict({ jwt: row.jwt })).toMatchObject({ status: 'revoked', reason: 'error' });
    const twice = expectError(
      await officer.post(`/api/certificates/${row.id}/revoke`, { reason: 'fraud' }),
      422,
      'RULE_VIOLATION',
    );
    expect(twice.rule).toBe('certificate.already_revoked');
  });

  it('revokes on a completion correction, and re-issues a certificate that supersedes the old one', async () => {
    const [old] = await t.db.select().from(certificates).where(eq(certificates.nominationId, mine.nominationId));
    const res = await officer.put(`/api/nominations/${mine.nominationId}/completion-override`, {
      completed: false,
      reason: 'Post-test found copied',
    });
    expect(res.statusCode, res.body).toBe(200);
    const revoked = await t.db
      .select()
      .from(certificates)
      .where(eq(certificates.id, old?.id as string));
    expect(revoked[0]).toMatchObject({ revocationReason: 'completion_withdrawn' });
    expect((await verdict({ jwt: old?.jwt })).status).toBe('revoked');
    // Corrected again: the office issues, the new certificate supersedes the revoked one; never two valid.
    await officer.delete(`/api/nominations/${mine.nominationId}/completion-override`);
    const issued = await officer.post(`/api/sessions/${sessionId}/certificates`);
    expect(issued.statusCode, issued.body).toBe(201);
    const all = await t.db.select().from(certificates).where(eq(certificates.nominationId, mine.nominationId));
    expect(all.filter((c) => c.revokedAt === null)).toHaveLength(1);
    const fresh = all.find((c) => c.revokedAt === null);
    expect(all.find((c) => c.id === old?.id)?.supersededBy).toBe(fresh?.id);
  });

  it('lets a participant read their own certificates only; a focal point their state’s; others get 404', async () => {
    const own = (await participant.get('/api/certificates')).json() as { items: Cert[] };
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((c) => c.official.id === mine.officialId)).toBe(true);
    const mineValid = own.items.find((c) => c.revokedAt === null) as Cert;
    const jwt = await participant.get(`/api/certificates/${mineValid.id}/credential.jwt`);
    expect(jwt.statusCode).toBe(200);
    expect(jwt.headers['content-disposition']).toMatch(/attachment/);
    const json = await participant.get(`/api/certificates/${mineValid.id}/credential.json`);
    expect((json.json() as { type: string[] }).type).toContain('OpenBadgeCredential');

    const all = (await officer.get(`/api/certificates?sessionId=${sessionId}`)).json() as { items: Cert[] };
    const others = all.items.filter((c) => c.official.id !== mine.officialId);
    for (const c of others) {
      for (const path of ['', '/credential.jwt', '/credential.json'])
        expectError(await participant.get(`/api/certificates/${c.id}${path}`), 404, 'NOT_FOUND');
    }
    const fromFocal = (await focal.get('/api/certificates')).json() as { items: Cert[] };
    expect(fromFocal.items.length).toBeGreaterThan(0);
    expect(fromFocal.items.some((c) => c.official.id === ghanaian.officialId)).toBe(false);
    const gh = all.items.find((c) => c.official.id === ghanaian.officialId) as Cert;
    expectError(await focal.get(`/api/certificates/${gh.id}`), 404, 'NOT_FOUND');
    expectError(await focal.post(`/api/certificates/${gh.id}/revoke`, { reason: 'error' }), 403, 'FORBIDDEN');
    expect(all.items.length).toBeGreaterThanOrEqual(5);
  });

  it('answers every bad input with a 4xx and changes nothing', async () => {
    const before = await certificateRows();
    const auditBefore = (await t.db.select().from(auditLog)).length;
    for (const body of [
      {},
      { jwt: 'x' },
      { jwt: 'a.b.c', code: 'ABCD' },
      { code: 'ABCD-EFGH-JKMN', birthDate: '1985-01-01' },
      { jwt: 'a.b.c', name: '' },
      { code: 'x'.repeat(41) },
      { jwt: 'a.b.c', extra: 1 },
    ]) {
      expectError(await verify(body, '10.0.0.9'), 400, 'VALIDATION_FAILED');
    }
    const [one] = before;
    expectError(await officer.post(`/api/certificates/${one?.id}/revoke`, { reason: 'superseded' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post(`/api/certificates/${one?.id}/revoke`, {}), 400, 'VALIDATION_FAILED');
    expectError(await officer.post('/api/certificates/not-an-id/revoke', { reason: 'error' }), 400, 'VALIDATION_FAILED');
    expectError(await officer.post(`/api/certificates/${crypto.randomUUID()}/revoke`, { reason: 'error' }), 404, 'NOT_FOUND');
    expectError(await officer.post(`/api/sessions/${crypto.randomUUID()}/certificates`), 404, 'NOT_FOUND');
    expectError(await officer.get('/api/certificates?status=lost'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous.get('/api/credentials/status/0'), 400, 'VALIDATION_FAILED');
    expectError(await t.anonymous.get('/api/credentials/status/999'), 404, 'NOT_FOUND');
    expect(await certificateRows()).toEqual(before);
    expect((await t.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('makes an address that keeps failing wait (the sign-in limiter’s back-off)', async () => {
    for (let i = 0; i < 50; i += 1) await verdict({ code: 'ZZZZ-ZZZZ-ZZZ0' }, '10.0.0.66');
    const limited = expectError(await verify({ code: 'ZZZZ-ZZZZ-ZZZ0' }, '10.0.0.66'), 429, 'RATE_LIMITED');
    expect(limited.message).toMatch(/network address/);
    // Another address is not held back.
    expect((await verdict({ code: 'ZZZZ-ZZZZ-ZZZ0' }, '10.0.0.67')).status).toBe('unknown');
  });

  it('revokes on a merge of officials (superseded) and re-issues to the surviving record', async () => {
    const [old] = await t.db.select().from(certificates).where(eq(certificates.nominationId, ghanaian.nominationId));
    const survivor = await createOfficial(t.db, { stateIso2: 'GH', familyName: 'Mensah', givenNames: 'Kofi Atta', sex: 'male' });
    const merged = await officer.post('/api/duplicates/merge', {
      survivorId: survivor.id,
      absorbedId: ghanaian.officialId,
      reason: 'Same passport number',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const [revoked] = await t.db
      .select()
      .from(certificates)
      .where(eq(certificates.id, old?.id as string));
    expect(revoked).toMatchObject({ revocationReason: 'superseded' });
    const issued = await officer.post(`/api/sessions/${sessionId}/certificates`);
    expect(issued.statusCode, issued.body).toBe(201);
    const rows = await t.db.select().from(certificates).where(eq(certificates.nominationId, ghanaian.nominationId));
    const valid = rows.filter((c) => c.revokedAt === null);
    expect(valid).toHaveLength(1);
    expect(valid[0]?.officialId).toBe(survivor.id);
    expect(rows.find((c) => c.id === old?.id)?.supersededBy).toBe(valid[0]?.id);
  });

  it('keeps certificates behind the state wall of the database', async () => {
    const count = (scope: string) =>
      withWallScope(scope, async () => (await t.db.select({ id: certificates.id }).from(certificates)).length);
    expect(await count(NO_SCOPE)).toBe(0);
    const all = await count(SYSTEM_SCOPE);
    const ng = await count('NG');
    expect(ng).toBeGreaterThan(0);
    expect(ng).toBeLessThan(all);
  });

  it('prints the paper certificate in Arabic with the signatories the admin chose', async () => {
    const admin = await t.as('admin');
    expectError(
      await admin.put('/api/settings/certificates', { signatories: [{ name: '', title: {} }] }),
      400,
      'VALIDATION_FAILED',
    );
    const chosen = { signatories: [{ name: 'Jane Doe', title: { en: 'Director', ar: 'المديرة' } }] };
    const saved = await admin.put('/api/settings/certificates', chosen);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(chosen);
    const own = (await participant.get('/api/certificates?status=valid')).json() as { items: Cert[] };
    const id = own.items[0]?.id as string;
    const pdf = await participant.get(`/api/certificates/${id}/certificate.pdf?lang=ar`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expectError(await participant.get(`/api/certificates/${id}/certificate.pdf?lang=de`), 400, 'VALIDATION_FAILED');
    const others = (await officer.get('/api/certificates')).json() as { items: Cert[] };
    const notMine = others.items.find((c) => c.official.id !== mine.officialId) as Cert;
    expectError(await participant.get(`/api/certificates/${notMine.id}/certificate.pdf`), 404, 'NOT_FOUND');
  });

  it('issues again after an error, never after fraud', async () => {
    const rowsOf = async () => t.db.select().from(certificates).where(eq(certificates.nominationId, other.nominationId));
    // Revoked for an error earlier: the next issuing gave a new certificate that supersedes it.
    const afterError = await rowsOf();
    const valid = afterError.find((c) => c.revokedAt === null);
    expect(afterError.find((c) => c.revocationReason === 'error')?.supersededBy).toBe(valid?.id);
    const fraud = await officer.post(`/api/certificates/${valid?.id}/revoke`, { reason: 'fraud', note: 'Answers copied' });
    expect(fraud.statusCode, fraud.body).toBe(200);
    const preview = (await officer.get(`/api/sessions/${sessionId}/certificates/preview`)).json() as {
      rows: { nominationId: string; action: string }[];
    };
    expect(preview.rows.find((r) => r.nominationId === other.nominationId)?.action).toBe('revoked');
    const again = expectError(await officer.post(`/api/sessions/${sessionId}/certificates`), 422, 'RULE_VIOLATION');
    expect(again.rule).toBe('certificate.already_issued');
    expect((await rowsOf()).filter((c) => c.revokedAt === null)).toHaveLength(0);
  });

  it('publishes the issuer profile', async () => {
    const res = await t.anonymous.get('/api/credentials/issuer');
    expect(res.json()).toMatchObject({ type: ['Profile'], id: 'https://tadrib.example.org/api/credentials/issuer' });
    const [u] = await t.db.select().from(users).where(eq(users.email, 'participant.ng@tadrib.demo'));
    expect(u?.officialId).toBe(mine.officialId);
  });
});
