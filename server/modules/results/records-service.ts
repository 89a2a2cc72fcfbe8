import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type LocalisedText, settings } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Queryable } from '../../platform/db';
import { resolveText } from '../../platform/localised';
import { ensureResultsFresh } from './freshness';
import { languageOf } from './labels';
import { type EnrolmentPlace, type PersonPlace, placeAfter, recordsOf } from './records-repository';
import type { RecordMeasure, RecordRow, ResultsFilter } from './schemas';
import { narrowingOf, periodsOf, periodView, scopeOf } from './scope';

/** The drill-down: the records behind a figure, with names or pseudonymous ids by the reader's role. */

const PSEUDONYM_KEY = 'results.pseudonym_key';

/** The office's secret for pseudonymous ids: made once, kept in the database (every API process shares it). */
async function readPseudonymKey(db: Queryable): Promise<Buffer> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, PSEUDONYM_KEY));
  if (row) return Buffer.from(String((row.value as { key: string }).key), 'base64');
  const key = randomBytes(32).toString('base64');
  await db.insert(settings).values({ key: PSEUDONYM_KEY, value: { key } }).onConflictDoNothing();
  return readPseudonymKey(db);
}

// The secret never changes once made: read once per database handle, not once per page.
const pseudonymKeys = new WeakMap<object, Promise<Buffer>>();
function pseudonymKey(db: Queryable): Promise<Buffer> {
  let key = pseudonymKeys.get(db);
  if (!key) {
    key = readPseudonymKey(db);
    pseudonymKeys.set(db, key);
    // A failed read is not kept: the next page asks again.
    key.catch(() => pseudonymKeys.delete(db));
  }
  return key;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A stable id that says nothing of the person: P-XXXXX-XXXXX (50 bits of an HMAC). */
export function pseudonymOf(key: Buffer, officialId: string): string {
  const digest = createHmac('sha256', key).update(officialId).digest();
  let bits = 0n;
  for (let i = 0; i < 7; i += 1) bits = (bits << 8n) | BigInt(digest[i] as number);
  let out = '';
  for (let i = 0; i < 10; i += 1) out += crockford[Number((bits >> BigInt(5 * i + 6)) & 31n)];
  return `P-${out.slice(0, 5)}-${out.slice(5)}`;
}

/**
 * A keyset cursor as the API hands it out: the place where a page ended, sealed (AES-GCM under a key
 * drawn from the office's secret) because the place holds a registry id that a reader of
 * pseudonymous records must not read. Clients only send it back; a cursor the server did not seal
 * is refused.
 */
const cursorKey = (key: Buffer) => createHmac('sha256', key).update('results.records.cursor').digest();

function sealCursor(key: Buffer, place: PersonPlace | EnrolmentPlace): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cursorKey(key), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(place), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function placeOfCursor(key: Buffer, text: string, measure: RecordMeasure): PersonPlace | EnrolmentPlace {
  let place: Record<string, unknown> | null = null;
  try {
    const raw = Buffer.from(text, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(key), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    place = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    place = null;
  }
  const isText = (k: string) => typeof place?.[k] === 'string';
  const ofPerson = UUID.test(String(place?.officialId));
  if (measure === 'officials' && ofPerson && isText('stateIso2') && isText('familyName') && isText('givenNames'))
    return place as PersonPlace;
  const ofEnrolment = ofPerson && UUID.test(String(place?.sessionId)) && DAY.test(String(place?.endedOn));
  if (measure !== 'officials' && measure !== 'rated_sessions' && ofEnrolment) return place as EnrolmentPlace;
  throw new AppError('VALIDATION_FAILED', 'Invalid querystring: after: Not a cursor this list gave', {
    details: [{ path: 'after', message: 'Not a cursor this list gave' }],
  });
}

/** Who may see the names behind a figure: programme officers (all) and focal points (their state, already the scope). */
const seesIdentities = (actor: Actor) => actor.role === 'programme_officer' || actor.role === 'focal_point';

export async function getRecords(
  db: Queryable,
  actor: Actor,
  audit: AuditContext,
  query: ResultsFilter & { measure: RecordMeasure; page: number; pageSize: number; after?: string | undefined },
): Promise<{
  period: ReturnType<typeof periodView>;
  measure: RecordMeasure;
  identities: boolean;
  total: number;
  page: number;
  pageSize: number;
  rows: RecordRow[];
  nextCursor: string | null;
}> {
  const scope = await scopeOf(db, actor);
  if (scope.suppress) throw new AppError('FORBIDDEN', 'Partners see aggregates only');
  const narrowing = narrowingOf(scope, query);
  const [key] = await Promise.all([pseudonymKey(db), ensureResultsFresh(db)]);
  const { current } = await periodsOf(db, query);
  const lang = languageOf(actor, query);
  const identities = seesIdentities(actor);
  const { total, rows } = await recordsOf(db, current, narrowing, {
    measure: query.measure,
    withNames: identities,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
    ...(query.after ? { after: placeOfCursor(key, query.after, query.measure) } : {}),
  });
  const last = rows.length === query.pageSize ? rows[rows.length - 1] : undefined;
  const next = last ? placeAfter(query.measure, last) : null;
  const out: RecordRow[] = rows.map((r) => ({
    officialId: identities ? r.officialId : null,
    pseudonym: r.officialId ? pseudonymOf(key, r.officialId) : null,
    name: identities && r.officialId ? `${r.familyName ?? ''}, ${r.givenNames ?? ''}` : null,
    stateIso2: r.stateIso2,
    sex: r.sex,
    agencyType: r.agencyType,
    participations: r.participations,
    sessionCode: r.sessionCode,
    sessionId: r.sessionId,
    courseTitle: r.courseTitle ? resolveText(r.courseTitle as LocalisedText, lang).text : null,
    endedOn: r.endedOn,
    preScore: r.preScore,
    postScore: r.postScore,
    applied: r.applied,
    ratings: r.ratings,
    meanRating: r.ratings ? (r.ratingSum ?? 0) / r.ratings : null,
  }));
  // Names shown are reads of personal data: audited with the ids shown, like the registry's lists.
  await writeAudit(db, audit, {
    action: identities ? 'results.records.read' : 'results.records.read_pseudonymous',
    recordType: 'official',
    details: {
      measure: query.measure,
      period: { from: current.from, to: current.to },
      filter: narrowing,
      page: query.page,
      total,
      ...(identities ? { ids: [...new Set(rows.flatMap((r) => (r.officialId ? [r.officialId] : [])))] } : {}),
    },
  });
  return {
    period: periodView(current),
    measure: query.measure,
    identities,
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: out,
    nextCursor: next ? sealCursor(key, next) : null,
  };
}
