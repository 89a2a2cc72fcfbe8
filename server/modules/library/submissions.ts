import { eq, type SQL, sql } from 'drizzle-orm';
import { librarySubmissions } from '../../db/schema';
import { notFound } from '../../errors';
import type { Actor } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { storeFile } from '../../platform/files';
import { translator } from '../../platform/i18n';
import { ruleViolation } from '../../platform/rules';
import { docxWithText } from './documents';
import { ownsSubmission, reviewsSubmissions, submissionCapabilities, underReview } from './policy';
import * as repo from './repository';
import type { ReviewInput, SubmissionInput, SubmissionListView, SubmissionView } from './schemas';
import { checkItem } from './service';

/**
 * Good practices put forward by the states: a focal point or a participant submits one for their
 * state; the office returns it with comments (the submitter changes and resubmits it), declines it
 * with a reason, or publishes it as a library item for an audience it chooses. A submitter sees
 * their own submissions; the office all; anyone else none (404).
 */

const scope = (actor: Actor): SQL => (reviewsSubmissions(actor) ? sql`true` : eq(librarySubmissions.submittedBy, actor.userId));

const toView = (actor: Actor, row: repo.SubmissionRow): SubmissionView => ({
  id: row.id,
  stateIso2: row.stateIso2,
  language: row.language,
  title: row.title,
  context: row.context,
  challenge: row.challenge,
  approach: row.approach,
  results: row.results,
  lessons: row.lessons,
  contact: row.contact,
  nameState: row.nameState,
  status: row.status,
  reviewNote: row.reviewNote,
  itemId: row.itemId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  mine: ownsSubmission(actor, row),
  can: submissionCapabilities(actor, row),
});

async function submissionOr404(db: Queryable, actor: Actor, id: string): Promise<repo.SubmissionRow> {
  const row = await repo.findSubmission(db, id);
  if (!row || !(reviewsSubmissions(actor) || ownsSubmission(actor, row))) throw notFound('Submission');
  return row;
}

export async function listSubmissions(db: Database, actor: Actor): Promise<SubmissionListView> {
  return { items: (await repo.listSubmissions(db, scope(actor))).map((row) => toView(actor, row)) };
}

export async function getSubmission(db: Database, actor: Actor, id: string): Promise<SubmissionView> {
  return toView(actor, await submissionOr404(db, actor, id));
}

const practiceFields = (input: SubmissionInput) => ({
  language: input.language,
  title: input.title,
  context: input.context,
  challenge: input.challenge,
  approach: input.approach,
  results: input.results,
  lessons: input.lessons,
  contact: input.contact ?? null,
  nameState: input.nameState,
});

export async function createSubmission(db: Database, audit: AuditContext, actor: Actor, input: SubmissionInput) {
  if (!actor.stateIso2) throw ruleViolation('library.submitter_has_state');
  const stateIso2 = actor.stateIso2;
  return db.transaction(async (tx) => {
    const row = await repo.insertSubmission(tx, { ...practiceFields(input), stateIso2, submittedBy: actor.userId });
    await writeAudit(tx, audit, {
      action: 'library_submission.create',
      recordType: 'library_submission',
      recordId: row.id,
      details: { stateIso2, language: row.language, title: row.title },
    });
    return toView(actor, row);
  });
}

/** The submitter changes a returned submission and sends it back for review. */
export async function resubmit(db: Database, audit: AuditContext, actor: Actor, id: string, input: SubmissionInput) {
  return db.transaction(async (tx) => {
    const current = await submissionOr404(tx, actor, id);
    if (!ownsSubmission(actor, current)) throw notFound('Submission');
    if (current.status !== 'returned') {
      throw ruleViolation('library.resubmit_when_returned', { status: current.status });
    }
    const row = await repo.updateSubmission(tx, id, { ...practiceFields(input), status: 'resubmitted' });
    await writeAudit(tx, audit, {
      action: 'library_submission.resubmit',
      recordType: 'library_submission',
      recordId: id,
      details: { title: row.title },
    });
    return toView(actor, row);
  });
}

const SECTIONS = ['context', 'challenge', 'approach', 'results', 'lessons'] as const;

/** The published practice as a Word document in its language, with the catalogues' section names. */
function practiceDocument(row: repo.SubmissionRow): { text: string; content: Buffer } {
  const t = translator(row.language);
  const paragraphs = [row.title];
  for (const section of SECTIONS) paragraphs.push(t.t(`library.practice.${section}`), row[section]);
  if (row.contact) paragraphs.push(t.t('library.practice.contact'), row.contact);
  return { text: paragraphs.join('\n'), content: docxWithText(paragraphs) };
}

export async function review(db: Database, audit: AuditContext, actor: Actor, id: string, input: ReviewInput) {
  return db.transaction(async (tx) => {
    const current = await submissionOr404(tx, actor, id);
    if (!underReview(current.status)) {
      throw ruleViolation('library.review_when_submitted', { status: current.status });
    }
    let row: repo.SubmissionRow;
    if (input.decision === 'publish') {
      const states = input.states ?? (input.audience === 'states' || current.nameState ? [current.stateIso2] : []);
      // A state that asked not to be named is named to its own focal points only.
      const alone = input.audience === 'states' && states.length === 1;
      if (!current.nameState && states.includes(current.stateIso2) && !alone) {
        throw ruleViolation('library.practice_state_anonymous', { state: current.stateIso2 }, 'states');
      }
      const record = {
        type: 'good_practice' as const,
        audience: input.audience,
        title: { [current.language]: current.title },
        summary: { [current.language]: current.context },
        publishedOn: new Date().toISOString().slice(0, 10),
        author: null,
        linkUrl: null,
        pillars: input.pillars,
        resolutions: input.resolutions,
        thematicAreas: input.thematicAreas,
        states,
        courseIds: [],
        sessionIds: [],
        programmeIds: [],
      };
      await checkItem(tx, actor, record);
      const { courseIds: _c, sessionIds: _s, programmeIds: _p, ...values } = record;
      const item = await repo.insertItem(tx, { ...values, createdBy: actor.userId });
      const document = practiceDocument(current);
      const stored = await storeFile(tx, audit, {
        name: `${current.title.slice(0, 150).replace(/[\\/:*?"<>|]/g, ' ')}.docx`,
        mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        content: document.content,
      });
      await repo.insertFile(tx, {
        itemId: item.id,
        language: current.language,
        version: 1,
        fileId: stored.id,
        textStatus: 'extracted',
        text: document.text,
        pages: null,
        uploadedBy: actor.userId,
      });
      await repo.refreshSearch(tx, item.id);
      await writeAudit(tx, audit, {
        action: 'library_item.create',
        recordType: 'library_item',
        recordId: item.id,
        details: { type: item.type, audience: item.audience, title: item.title, states, submissionId: id },
      });
      row = await repo.updateSubmission(tx, id, { status: 'published', itemId: item.id, reviewNote: null });
    } else {
      row = await repo.updateSubmission(tx, id, {
        status: input.decision === 'return' ? 'returned' : 'declined',
        reviewNote: input.note,
      });
    }
    await writeAudit(tx, audit, {
      action: `library_submission.${input.decision}`,
      recordType: 'library_submission',
      recordId: id,
      details:
        input.decision === 'publish'
          ? { itemId: row.itemId, audience: input.audience, states: input.states ?? null }
          : { note: input.note },
    });
    return toView(actor, row);
  });
}
