import { createHash } from 'node:crypto';
import { officials } from '../../db/schema';
import { AppError } from '../../errors';
import { type Actor, officialScope, officialScopeCondition } from '../../platform/access';
import { type AuditContext, writeAudit } from '../../platform/audit';
import type { Database, Queryable } from '../../platform/db';
import { ruleViolation } from '../../platform/rules';
import { mapInSlices } from '../../platform/slices';
import { liveOfficialsForScoring } from '../duplicates/repository';
import { buildBlockIndex, findCandidatePairs, matchesIn, type ScoringRecord, scoringRecordOf } from '../duplicates/scoring';
import { foldText } from '../registry/names';
import { type OfficialInput, officialInputSchema } from '../registry/schemas';
import { createOfficials } from '../registry/service';
import { birthDateOf, type ImportField, type ParsedSheet, parseOfficialsFile, sexOf } from './columns';
import { shortened } from './limits';
import * as repo from './repository';
import type { ImportPreview } from './schemas';

export type ImportFile = { filename: string; contentBase64: string; stateIso2?: string };

type RowError = { field: string; column: string | null; message: string };
type AnalysedRow = {
  line: number;
  values: Partial<Record<ImportField, string>>;
  input: OfficialInput | null;
  errors: RowError[];
};

/** The longest value a preview shows of a cell (the longest field but notes takes 200). */
const PREVIEW_VALUE_CHARS = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which import field an officialInputSchema path comes from. */
const fieldOfInputPath: Record<string, ImportField> = {
  stateIso2: 'state',
  agencyId: 'agency',
  familyName: 'familyName',
  givenNames: 'givenNames',
  nameOriginal: 'nameOriginal',
  sex: 'sex',
  birthDate: 'birthDate',
  rank: 'rank',
  position: 'position',
  languages: 'languages',
  email: 'email',
  phone: 'phone',
  notes: 'notes',
};

function decode(contentBase64: string): Buffer {
  return Buffer.from(contentBase64.replace(/\s+/g, ''), 'base64');
}

/** Parses and checks every row, exactly as the commit will: nothing is written. */
async function analyse(
  db: Queryable,
  actor: Actor,
  file: ImportFile,
): Promise<{ sheet: ParsedSheet; rows: AnalysedRow[]; sha256: string }> {
  const content = decode(file.contentBase64);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const sheet = await parseOfficialsFile(file.filename, content);
  const column = (field: ImportField) => sheet.headers[field] ?? null;
  const ownState = actor.role === 'focal_point' ? actor.stateIso2 : null;
  if (ownState && file.stateIso2 && file.stateIso2 !== ownState) {
    throw ruleViolation('import.other_state', { state: ownState }, 'stateIso2');
  }
  const defaultState = file.stateIso2 ?? ownState ?? undefined;
  const stateOf = (values: AnalysedRow['values']) => (values.state ? values.state.toUpperCase() : defaultState);

  const states = [...new Set(sheet.rows.flatMap((r) => stateOf(r.values) ?? []))].filter((s) => /^[A-Z]{2}$/.test(s));
  const known = await repo.existingStates(db, states);
  // Agencies are looked up in the states the actor may import for only: a row of another state is
  // refused for its state alone, so that whether that state has such an agency is never told.
  const writable = (iso2: string) => !ownState || iso2 === ownState;
  const agencyIndex = new Map<string, string>();
  const agencyIds = new Map<string, string>();
  for (const a of await repo.agenciesOfStates(db, [...known].filter(writable))) {
    agencyIndex.set(`${a.stateIso2}|${foldText(a.name)}`, a.id);
    if (a.acronym) agencyIndex.set(`${a.stateIso2}|${foldText(a.acronym)}`, a.id);
    agencyIds.set(a.id, a.stateIso2);
  }

  const rows = await mapInSlices(sheet.rows, ({ line, values }): AnalysedRow => {
    const errors: RowError[] = [];
    const stateIso2 = stateOf(values);
    let agencyId: string | undefined;
    if (values.agency && stateIso2 && writable(stateIso2)) {
      const byId = UUID.test(values.agency) && agencyIds.get(values.agency.toLowerCase()) === stateIso2;
      agencyId = byId ? values.agency.toLowerCase() : agencyIndex.get(`${stateIso2}|${foldText(values.agency)}`);
      if (!agencyId) {
        errors.push({
          field: 'agency',
          column: column('agency'),
          message: `No agency "${shortened(values.agency)}" in ${stateIso2}`,
        });
      }
    }
    const candidate = {
      stateIso2: stateIso2 ?? '',
      agencyId: agencyId ?? null,
      familyName: values.familyName ?? '',
      givenNames: values.givenNames ?? '',
      nameOriginal: values.nameOriginal ?? null,
      sex: sexOf(values.sex ?? ''),
      birthDate: values.birthDate ? birthDateOf(values.birthDate) : null,
      rank: values.rank ?? null,
      position: values.position ?? null,
      languages: values.languages
        ? values.languages
            .split(/[;,|/]/)
            .map((l) => l.trim())
            .filter(Boolean)
        : [],
      email: values.email ?? null,
      phone: values.phone ?? null,
      notes: values.notes ?? null,
    };
    const parsed = officialInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = String(issue.path[0] ?? '');
        const field = fieldOfInputPath[path] ?? 'state';
        const message =
          path === 'stateIso2' && !stateIso2 ? 'Give the state in a column or choose one for the file' : issue.message;
        errors.push({ field, column: column(field), message });
      }
    }
    if (stateIso2 && /^[A-Z]{2}$/.test(stateIso2)) {
      if (!known.has(stateIso2))
        errors.push({ field: 'state', column: column('state'), message: `${stateIso2} is not an African UN member state` });
      else if (ownState && stateIso2 !== ownState) {
        errors.push({ field: 'state', column: column('state'), message: `You may only import officials of ${ownState}` });
      }
    }
    return { line, values, input: parsed.success && errors.length === 0 ? parsed.data : null, errors };
  });
  return { sheet, rows, sha256 };
}

export async function previewImport(db: Database, actor: Actor, audit: AuditContext, file: ImportFile): Promise<ImportPreview> {
  const { sheet, rows, sha256 } = await analyse(db, actor, file);
  const valid = rows.filter((r) => r.input);
  const records = new Map<AnalysedRow, ScoringRecord>(
    await mapInSlices(valid, (r): [AnalysedRow, ScoringRecord] => [r, scoringRecordOf(r.input as OfficialInput)]),
  );

  // Likely duplicates among the existing officials of the file's states (those in the actor's scope).
  const states = [...new Set(valid.map((r) => (r.input as OfficialInput).stateIso2))];
  const scope = officialScopeCondition(officialScope(actor), { officialId: officials.id, stateIso2: officials.stateIso2 });
  const existing = await liveOfficialsForScoring(db, scope, states);
  const index = await buildBlockIndex(await mapInSlices(existing, scoringRecordOf));
  const matched = new Set<string>();

  // And within the file.
  const fileRecords = valid.map((r) => records.get(r) as ScoringRecord);
  const inFile = new Map<
    number,
    { line: number; score: number; reasons: ImportPreview['rows'][number]['fileDuplicates'][number]['reasons'] }[]
  >();
  for (const p of await findCandidatePairs(fileRecords)) {
    const a = valid[p.i] as AnalysedRow;
    const b = valid[p.j] as AnalysedRow;
    inFile.set(a.line, [...(inFile.get(a.line) ?? []), { line: b.line, score: p.score, reasons: p.reasons }]);
    inFile.set(b.line, [...(inFile.get(b.line) ?? []), { line: a.line, score: p.score, reasons: p.reasons }]);
  }

  let rowsWithDuplicates = 0;
  const out: ImportPreview['rows'] = await mapInSlices(rows, (row) => {
    const record = records.get(row);
    const existingDuplicates = record
      ? matchesIn(index, record)
          .slice(0, 3)
          .map((m) => {
            const o = existing[m.index] as (typeof existing)[number];
            matched.add(o.id);
            return {
              officialId: o.id,
              familyName: o.familyName,
              givenNames: o.givenNames,
              birthDate: o.birthDate,
              stateIso2: o.stateIso2,
              score: m.score,
              reasons: m.reasons,
            };
          })
      : [];
    const fileDuplicates = (inFile.get(row.line) ?? []).sort((a, b) => b.score - a.score).slice(0, 5);
    if (existingDuplicates.length || fileDuplicates.length) rowsWithDuplicates += 1;
    const values: Record<string, string> = {};
    // Shown for review, not imported from here: a long value is cut (the commit reads the file again).
    for (const [k, v] of Object.entries(row.values)) if (v !== undefined) values[k] = shortened(v, PREVIEW_VALUE_CHARS);
    return { line: row.line, values, errors: row.errors, existingDuplicates, fileDuplicates };
  });

  await writeAudit(db, audit, {
    action: 'official.import.preview',
    recordType: 'official',
    details: {
      filename: file.filename,
      fileSha256: sha256,
      rows: rows.length,
      valid: valid.length,
      // Existing identities shown as likely duplicates: a read of personal data.
      matchedOfficialIds: [...matched],
    },
  });
  const columns: Record<string, string> = {};
  for (const [k, v] of Object.entries(sheet.headers)) if (v) columns[k] = v;
  return {
    filename: file.filename,
    fileSha256: sha256,
    columns,
    totalRows: rows.length,
    validRows: valid.length,
    invalidRows: rows.length - valid.length,
    rowsWithDuplicates,
    rows: out,
  };
}

/** Writes every valid row (but those the person chose to skip) in one transaction, or nothing. */
export async function commitImport(
  db: Database,
  actor: Actor,
  audit: AuditContext,
  file: ImportFile & { skipLines: number[] },
): Promise<{
  filename: string;
  fileSha256: string;
  created: number;
  createdIds: string[];
  skippedInvalidLines: number[];
  skippedLines: number[];
}> {
  const result = await db.transaction(async (tx) => {
    const { rows, sha256 } = await analyse(tx, actor, file);
    const skip = new Set(file.skipLines);
    const lines = new Set(rows.map((r) => r.line));
    const unknownSkips = [...skip].filter((l) => !lines.has(l));
    if (unknownSkips.length > 0) {
      throw new AppError('VALIDATION_FAILED', `skipLines names lines that hold no row: ${unknownSkips.slice(0, 10).join(', ')}`, {
        details: [{ path: 'skipLines', message: 'No such row in the file' }],
      });
    }
    const invalid = rows.filter((r) => !r.input).map((r) => r.line);
    const chosen = rows.filter((r) => r.input && !skip.has(r.line));
    if (chosen.length === 0) {
      throw invalid.length === rows.length
        ? ruleViolation('import.no_valid_row', { invalid: invalid.length, rows: rows.length }, 'file')
        : ruleViolation('import.all_rows_skipped', { invalid: invalid.length, rows: rows.length }, 'file');
    }
    const created = await createOfficials(
      tx,
      actor,
      audit,
      chosen.map((r) => r.input as OfficialInput),
    );
    const skippedLines = rows.filter((r) => r.input && skip.has(r.line)).map((r) => r.line);
    await writeAudit(tx, audit, {
      action: 'official.import',
      recordType: 'official',
      details: {
        filename: file.filename,
        fileSha256: sha256,
        created: created.length,
        skippedInvalidLines: invalid,
        skippedLines,
      },
    });
    return {
      filename: file.filename,
      fileSha256: sha256,
      created: created.length,
      createdIds: created.map((c) => c.id),
      skippedInvalidLines: invalid,
      skippedLines,
    };
  });
  // Once committed: searches of the grown registry are planned for its new size.
  await repo.analyzeOfficialsAfterLoad(db, result.created);
  return result;
}
