import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import { type CourseLevel, certificates, type Locale, locales } from '../../db/schema';
import { AppError, notFound } from '../../errors';
import { type Actor, officialScope } from '../../platform/access';
import { type AuditContext, type AuditEvent, writeAudit, writeAuditBatch } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { translator } from '../../platform/i18n';
import type { ServerKeys } from '../../platform/keys';
import { backOffUntil } from '../../platform/login-throttle';
import { renderPdf } from '../../platform/pdf';
import { ruleViolation } from '../../platform/rules';
import { asSystem } from '../../platform/wall';
import * as deliveryRepo from '../delivery/repository';
import * as events from '../notifications/events';
import { getCertificateSettings } from '../settings/service';
import {
  buildCredential,
  buildStatusListCredential,
  type Credential,
  canonicalCode,
  checkSignature,
  credentialIn,
  encodeStatusList,
  type IdentityType,
  identityHash,
  issuerUrls,
  newSalt,
  newVerificationCode,
  signCredential,
  textIn,
} from './credential';
import { certificateHtml } from './pdf';
import { barsReissue, certificateCapabilities, issuesCertificates } from './policy';
import * as repo from './repository';

/** What signing and checking need: the public address, the office's name, the printer, the limits (config), the issuer keys. */
export type Issuer = { config: Pick<Config, 'publicUrl' | 'iati' | 'chromiumPath' | 'loginLimit'>; keys: ServerKeys };

/** Completions count for certificates once the session is completed (its status): before, attendance may still change. */
const isFinal = (status: string) => status === 'completed';

async function officerSession(db: Queryable, actor: Actor, sessionId: string) {
  const found = await deliveryRepo.findSessionWithCourse(db, sessionId);
  if (!found || !issuesCertificates(actor)) throw notFound('Session');
  return found;
}

/**
 * issue: gets a certificate now; held: holds a valid one; revoked: its certificate was revoked for
 * fraud or withdrawn by the office (policy.barsReissue); not_completed: gets none.
 */
type RosterAction = 'issue' | 'held' | 'revoked' | 'not_completed';

/** Each accepted participant of a session: completed or not by the one rule (delivery/completion.ts), and their latest certificate. */
async function sessionRoster(db: Queryable, sessionId: string) {
  const completions = await deliveryRepo.completionRows(db, sql`n.session_id = ${sessionId} and n.status = 'accepted'`);
  const latest = await repo.latestCertificatesOf(
    db,
    completions.map((c) => c.nominationId),
  );
  const holders = await repo.holdersOf(db, [...new Set(completions.map((c) => c.officialId))]);
  return completions.map((c) => {
    const last = latest.find((h) => h.nominationId === c.nominationId) ?? null;
    const certificate = last && last.revokedAt === null ? last : null;
    const holder = holders.find((h) => h.id === c.officialId);
    if (!holder) throw new Error(`official ${c.officialId} not found`);
    const action: RosterAction = !c.completed
      ? 'not_completed'
      : certificate
        ? 'held'
        : last && barsReissue(last)
          ? 'revoked'
          : 'issue';
    return { completion: c, certificate, holder, action };
  });
}

const personOf = (h: { id: string; familyName: string; givenNames: string; stateIso2: string }) => ({
  id: h.id,
  familyName: h.familyName,
  givenNames: h.givenNames,
  stateIso2: h.stateIso2,
});

export async function preview(db: Database, audit: AuditContext, actor: Actor, sessionId: string) {
  const { session } = await officerSession(db, actor, sessionId);
  const roster = await sessionRoster(db, sessionId);
  await writeAudit(db, audit, {
    action: 'certificates.preview',
    recordType: 'training_session',
    recordId: sessionId,
    details: { officialIds: roster.map((r) => r.holder.id) },
  });
  return {
    session: { id: session.id, code: session.code, status: session.status, final: isFinal(session.status) },
    rows: roster.map((r) => ({
      nominationId: r.completion.nominationId,
      official: personOf(r.holder),
      completed: r.completion.completed,
      action: r.action,
      certificateId: r.certificate?.id ?? null,
    })),
    toIssue: roster.filter((r) => r.action === 'issue').length,
    held: roster.filter((r) => r.action === 'held').length,
  };
}

/** The criteria of a course in words, in one language: the attendance threshold and the pass mark. */
function criteriaText(
  lang: Locale,
  course: { attendanceThreshold: number; postTestPassMark: number | null; testMaxScore: number | null },
  days: number,
) {
  const t = translator(lang);
  const attendance = t.t('certificates.criteria.attendance', { share: t.formatShare(course.attendanceThreshold, 0), days });
  if (course.postTestPassMark === null) return attendance;
  return `${attendance} ${t.t('certificates.criteria.postTest', {
    mark: t.formatNumber(course.postTestPassMark),
    max: t.formatNumber(course.testMaxScore ?? course.postTestPassMark),
  })}`;
}

const inEveryLanguage = (key: string) =>
  Object.fromEntries(locales.map((l) => [l, translator(l).t(key)])) as Record<Locale, string>;

/**
 * Issues the session's certificates in one step: one per completed participant who holds none yet
 * (a participant whose certificate was revoked after a correction gets a new one, which supersedes
 * it). Refused before the session is completed, and when every completion already holds one.
 */
export async function issue(db: Database, audit: AuditContext, actor: Actor, issuer: Issuer, sessionId: string) {
  const created = await db.transaction(async (tx) => {
    await officerSession(tx, actor, sessionId);
    const ids = (await issueDue(tx, audit, issuer, sessionId, actor.userId)).map((c) => c.id);
    await events.certificatesIssued(tx, ids);
    return ids;
  });
  const items = await readList(db, actor, issuer.config.publicUrl, inArray(certificates.id, created));
  return { issued: items.length, items };
}

/**
 * The issuing itself, once the caller may issue (the office, or the demo seed): the certificates
 * created. `skipWhenNone` (the seed) issues nothing instead of refusing when nothing is due.
 */
export async function issueDue(
  tx: Queryable,
  audit: AuditContext,
  issuer: Issuer,
  sessionId: string,
  issuedBy: string | null,
  options: { skipWhenNone?: boolean } = {},
): Promise<{ id: string; officialId: string }[]> {
  const found = await deliveryRepo.findSessionWithCourse(tx, sessionId);
  if (!found) throw notFound('Session');
  const { session, course } = found;
  if (!isFinal(session.status)) throw ruleViolation('certificate.session_not_completed');
  // One issuing at a time per session: a second one waits, then finds the certificates held.
  await tx.execute(sql`select id from training_sessions where id = ${sessionId} for update`);
  const roster = await sessionRoster(tx, sessionId);
  const due = roster.filter((r) => r.action === 'issue');
  if (due.length === 0 && options.skipWhenNone) return [];
  if (due.length === 0) {
    throw roster.some((r) => r.action === 'held' || r.action === 'revoked')
      ? ruleViolation('certificate.already_issued')
      : ruleViolation('certificate.no_completion');
  }
  const [days, pillars] = await Promise.all([deliveryRepo.daysOf(tx, sessionId), repo.pillarsOf(tx, course.pillars)]);
  const slots = await repo.allocateSlots(tx, due.length);
  const key = issuer.keys.credentialSigning.current();
  const levelNames = inEveryLanguage(`curriculum.levels.${course.level}`);
  const totNames = inEveryLanguage('curriculum.levels.training_of_trainers');
  const rows: (typeof certificates.$inferSelect)[] = [];
  for (const [i, r] of due.entries()) {
    const slot = slots[i] as { listId: number; index: number };
    const locale = (locales as readonly string[]).includes(r.holder.locale ?? '') ? (r.holder.locale as Locale) : 'en';
    const id = crypto.randomUUID();
    const credential = buildCredential({
      certificateId: id,
      publicUrl: issuer.config.publicUrl,
      issuerName: issuer.config.iati.orgName,
      locale,
      course: { ...course, level: course.level as CourseLevel },
      levelNames,
      trainingOfTrainersNames: totNames,
      pillars: pillars.map((p) => ({ code: p.code, titles: { en: p.titleEn, fr: p.titleFr, ar: p.titleAr, pt: p.titlePt } })),
      criteria: criteriaText(locale, course, days.length),
      sessionEnd: session.endDate,
      identity: { name: `${r.holder.givenNames} ${r.holder.familyName}`, birthDate: r.holder.birthDate, email: r.holder.email },
      salt: newSalt(),
      status: slot,
    });
    const row = await repo.insertCertificate(tx, {
      id,
      nominationId: r.completion.nominationId,
      sessionId,
      officialId: r.holder.id,
      statusListId: slot.listId,
      statusIndex: slot.index,
      verificationCode: newVerificationCode(),
      kid: key.kid,
      jwt: await signCredential(credential, key),
      locale,
      trainingOfTrainers: course.level === 'training_of_trainers',
      validFrom: new Date(credential.validFrom),
      issuedBy,
    });
    await repo.markSuperseded(tx, r.completion.nominationId, id);
    rows.push(row);
  }
  await writeAuditBatch(
    tx,
    audit,
    rows.map((c) => ({
      action: 'certificates.issue',
      recordType: 'certificate',
      recordId: c.id,
      details: {
        nominationId: c.nominationId,
        officialId: c.officialId,
        sessionId,
        kid: c.kid,
        status: `${c.statusListId}#${c.statusIndex}`,
      },
    })),
  );
  return rows.map((c) => ({ id: c.id, officialId: c.officialId }));
}

/**
 * A completion changed after its certificate was issued (attendance, a score, an override, the
 * nomination withdrawn, or a merge that moved it to another record): the certificate no longer
 * says the truth, so it is revoked in the same transaction as the change (server/modules/delivery,
 * server/modules/nominations, server/modules/registry call this). The office then issues again
 * for the session: the new certificate supersedes the revoked one.
 */
export async function reconcileCertificates(tx: Queryable, audit: AuditContext, nominationIds: string[]): Promise<void> {
  const held = await repo.validCertificatesOf(tx, nominationIds);
  if (held.length === 0) return;
  const ids = sql.join(
    held.map((h) => sql`${h.nominationId}`),
    sql`, `,
  );
  const completions = await deliveryRepo.completionRows(tx, sql`n.id in (${ids})`);
  const events: AuditEvent[] = [];
  for (const certificate of held) {
    const c = completions.find((x) => x.nominationId === certificate.nominationId);
    const reason = !c?.completed ? 'completion_withdrawn' : c.officialId !== certificate.officialId ? 'superseded' : null;
    if (!reason) continue;
    await repo.revokeCertificate(tx, certificate.id, { revokedBy: null, reason, note: null });
    events.push({
      action: 'certificates.revoke',
      recordType: 'certificate',
      recordId: certificate.id,
      details: { reason, automatic: true },
    });
  }
  await writeAuditBatch(tx, audit, events);
}

export async function revoke(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  publicUrl: string,
  id: string,
  input: { reason: 'error' | 'fraud' | 'completion_withdrawn'; note?: string | null },
) {
  await db.transaction(async (tx) => {
    const [found] = await repo.listCertificates(tx, officialScope(actor), eq(certificates.id, id));
    if (!found || !issuesCertificates(actor)) throw notFound('Certificate');
    await revokeAsOffice(tx, audit, id, actor.userId, input);
  });
  return getOne(db, audit, actor, publicUrl, id);
}

/** Revokes a valid certificate for the office (the officer, or the demo seed), audited. */
export async function revokeAsOffice(
  tx: Queryable,
  audit: AuditContext,
  id: string,
  by: string | null,
  input: { reason: 'error' | 'fraud' | 'completion_withdrawn'; note?: string | null },
) {
  const row = await repo.revokeCertificate(tx, id, { revokedBy: by, reason: input.reason, note: input.note ?? null });
  if (!row) throw ruleViolation('certificate.already_revoked');
  await writeAudit(tx, audit, {
    action: 'certificates.revoke',
    recordType: 'certificate',
    recordId: id,
    details: { reason: input.reason, note: input.note ?? null, status: `${row.statusListId}#${row.statusIndex}` },
  });
}

function view(actor: Actor, publicUrl: string, r: repo.CertificateRow) {
  const c = r.certificate;
  return {
    id: c.id,
    verificationCode: c.verificationCode,
    verifyUrl: issuerUrls(publicUrl).verifyPage(c.verificationCode),
    official: r.official,
    session: r.session,
    course: { code: r.course.code, title: textIn(r.course.title, actor.locale) },
    locale: c.locale,
    trainingOfTrainers: c.trainingOfTrainers,
    issuedAt: c.issuedAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
    revocationNote: c.revocationNote,
    supersededBy: c.supersededBy,
    can: certificateCapabilities(actor, c),
  };
}

async function readList(db: Queryable, actor: Actor, publicUrl: string, where: SQL) {
  const rows = await repo.listCertificates(db, officialScope(actor), where);
  return rows.map((r) => view(actor, publicUrl, r));
}

export async function list(
  db: Database,
  audit: AuditContext,
  actor: Actor,
  publicUrl: string,
  query: { sessionId?: string; status?: 'valid' | 'revoked' },
) {
  const items = await readList(
    db,
    actor,
    publicUrl,
    and(
      query.sessionId ? eq(certificates.sessionId, query.sessionId) : sql`true`,
      query.status === 'valid' ? repo.validOnly : query.status === 'revoked' ? repo.revokedOnly : sql`true`,
    ) as SQL,
  );
  await writeAudit(db, audit, {
    action: 'certificates.read',
    recordType: 'certificate',
    details: { officialIds: [...new Set(items.map((i) => i.official.id))] },
  });
  return { items };
}

/** One certificate in the reader's scope (404 otherwise), its reading audited. */
async function readOne(db: Database, audit: AuditContext, actor: Actor, id: string) {
  const [row] = await repo.listCertificates(db, officialScope(actor), eq(certificates.id, id));
  if (!row) throw notFound('Certificate');
  await writeAudit(db, audit, {
    action: 'certificates.read',
    recordType: 'certificate',
    recordId: id,
    details: { officialIds: [row.official.id] },
  });
  return row;
}

export async function getOne(db: Database, audit: AuditContext, actor: Actor, publicUrl: string, id: string) {
  return view(actor, publicUrl, await readOne(db, audit, actor, id));
}

/** The signed credential of one certificate the reader may see: the JWT and the credential it carries. */
export async function credentialOf(db: Database, audit: AuditContext, actor: Actor, id: string) {
  const { jwt } = (await readOne(db, audit, actor, id)).certificate;
  return { jwt, credential: credentialIn(jwt) };
}

/** The paper certificate as a PDF, in the certificate's language (the participant's) unless another is asked. */
export async function paperOf(db: Database, audit: AuditContext, actor: Actor, issuer: Issuer, id: string, lang?: Locale) {
  const item = await getOne(db, audit, actor, issuer.config.publicUrl, id);
  const facts = await repo.paperFacts(db, id);
  if (!facts) throw notFound('Certificate');
  const html = await certificateHtml({
    lang: lang ?? item.locale,
    holder: `${item.official.givenNames} ${item.official.familyName}`,
    course: facts.course.title,
    trainingOfTrainers: item.trainingOfTrainers,
    hours: facts.course.hours,
    startDate: item.session.startDate,
    endDate: item.session.endDate,
    venue: { city: facts.session.venueCity, country: facts.session.venueCountry, online: facts.session.modality === 'online' },
    issuerName: issuer.config.iati.orgName,
    signatories: (await getCertificateSettings(db)).signatories,
    verificationCode: item.verificationCode,
    verifyUrl: item.verifyUrl,
    revoked: item.revokedAt !== null,
  });
  return renderPdf(html, { executablePath: issuer.config.chromiumPath, bare: true });
}

// ---------------------------------------------------------------------------------------------
// Public: the issuer, its keys, the status lists, verification

export function issuerProfile(config: Config) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: issuerUrls(config.publicUrl).issuer,
    type: ['Profile'],
    name: config.iati.orgName,
    url: config.publicUrl,
  };
}

/** The signed status list, built from the certificates at each request: revoked now is revoked in the next answer. */
export async function statusListJwt(db: Database, issuer: Issuer, listId: number): Promise<string> {
  const found = await asSystem(() => repo.statusList(db, listId));
  if (!found) throw notFound('Status list');
  const credential = buildStatusListCredential(
    issuer.config.publicUrl,
    listId,
    encodeStatusList(found.list.size, found.revokedIndexes),
    new Date(),
  );
  return signCredential(credential, issuer.keys.credentialSigning.current());
}

type VerifyInput = { jwt?: string; code?: string; name?: string; birthDate?: string; email?: string };

/**
 * Public verification, by the credential (checked against the published keys, then its status) or
 * by the code printed on paper. The holder's name is never answered: only whether a typed name
 * (with the birth date or email the hash covers) matches. Unknown codes, invalid credentials and
 * names that do not match count as failures of the caller's address, which then waits longer and
 * longer (the back-off of the sign-in limiter, server/platform/login-throttle.ts).
 */
export async function verify(db: Database, issuer: Issuer, address: string, input: VerifyInput) {
  const since = new Date(Date.now() - issuer.config.loginLimit.windowMs);
  const failures = await repo.verificationFailures(db, address, since);
  const waitUntil = backOffUntil(issuer.config, failures.n, failures.last);
  if (waitUntil !== null && waitUntil > Date.now()) {
    const seconds = Math.max(1, Math.ceil((waitUntil - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', `Too many failed verifications from this network address; try again in ${seconds} s`, {
      headers: { 'retry-after': String(seconds) },
    });
  }
  const result = await check(db, issuer, input);
  if (result.status === 'unknown' || result.status === 'invalid' || result.nameMatches === false)
    await repo.recordVerificationFailure(db, address);
  return result;
}

async function check(db: Database, issuer: Issuer, input: VerifyInput) {
  const urls = issuerUrls(issuer.config.publicUrl);
  const none = { identityType: null, nameMatches: null, certificate: null };
  let credential: Credential | null = null;
  let row: Awaited<ReturnType<typeof repo.publicFacts>>;
  if (input.jwt !== undefined) {
    const signature = await checkSignature(input.jwt, issuer.keys.credentialSigning.published(), urls.issuer);
    if (!signature.ok) return { status: 'invalid' as const, reason: signature.reason, ...none };
    credential = signature.credential;
    const listUrl = credential.credentialStatus.statusListCredential;
    const listId = Number(listUrl.startsWith(urls.statusListBase) ? listUrl.slice(urls.statusListBase.length) : Number.NaN);
    const index = Number(credential.credentialStatus.statusListIndex);
    row =
      Number.isInteger(listId) && Number.isInteger(index)
        ? await asSystem(() => repo.publicFacts(db, repo.bySlot(listId, index)))
        : undefined;
    // Signed by the office, yet not the certificate the office holds at that slot: not one of ours.
    if (!row || row.certificate.jwt !== input.jwt) return { status: 'unknown' as const, reason: 'not_issued', ...none };
  } else {
    const code = canonicalCode(input.code ?? '');
    row = code ? await asSystem(() => repo.publicFacts(db, repo.byCode(code))) : undefined;
    if (!row) return { status: 'unknown' as const, reason: 'no_such_code', ...none };
    credential = credentialIn(row.certificate.jwt);
  }
  const c = row.certificate;
  const subject = credential.credentialSubject.identifier[0];
  const identityType = (subject?.identityType ?? 'name') as IdentityType;
  const validUntil = (credential as { validUntil?: string }).validUntil;
  const status = c.revokedAt ? 'revoked' : validUntil && Date.parse(validUntil) < Date.now() ? 'expired' : 'valid';
  const nameMatches =
    input.name === undefined || !subject
      ? null
      : identityHash(
          identityType,
          { name: input.name, birthDate: input.birthDate ?? null, email: input.email ?? null },
          subject.salt,
        ) === subject.identityHash;
  return {
    status,
    reason: c.revocationReason,
    identityType,
    nameMatches,
    certificate: {
      // The code is shown to whoever holds the credential or typed the code: both already hold it.
      verificationCode: c.verificationCode,
      course: credential.name,
      courseCode: row.course.code,
      hours: row.course.hours,
      trainingOfTrainers: c.trainingOfTrainers,
      startDate: row.session.startDate,
      endDate: row.session.endDate,
      validFrom: credential.validFrom,
      issuer: credential.issuer.name,
      issuedAt: c.issuedAt.toISOString(),
      revokedAt: c.revokedAt?.toISOString() ?? null,
    },
  } as const;
}
