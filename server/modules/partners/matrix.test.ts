import { describe, expect, it } from 'vitest';
import { buildMatrix, matrixCsv } from './matrix';
import type { OrganisationView } from './schemas';

const org = (id: string, name: string, acronym: string | null): [string, OrganisationView] => [
  id,
  { id, name, acronym, kind: 'un_entity' },
];
const organisations = new Map([org('a', 'Alpha Office', 'ALPHA'), org('b', '=Beta Fund', null), org('c', 'Gamma', 'GAM')]);
const names: Record<string, string> = { NG: 'Nigeria', GH: 'Ghana', ML: 'Mali' };
const rows = [
  { organisationId: 'a', stateIso2: 'NG', theme: 'investigations', sessions: 2, bases: ['delivered'] },
  { organisationId: 'b', stateIso2: 'NG', theme: 'investigations', sessions: 3, bases: ['funded'] },
  { organisationId: 'a', stateIso2: 'GH', theme: 'prisons', sessions: 1, bases: ['delivered', 'funded'] },
  { organisationId: 'c', stateIso2: 'ML', theme: 'investigations', sessions: 1, bases: ['delivered'] },
];

describe('the who-does-what-where matrix', () => {
  it('groups partners per state and theme, most sessions first, and marks overlaps', () => {
    const m = buildMatrix(rows, organisations, (iso2) => names[iso2] ?? iso2);
    expect(m.states.map((s) => s.name)).toEqual(['Ghana', 'Mali', 'Nigeria']);
    expect(m.themes).toEqual(['investigations', 'prisons']);
    const ng = m.cells.find((c) => c.stateIso2 === 'NG');
    expect(ng).toMatchObject({ overlap: true, partners: [{ organisationId: 'b' }, { organisationId: 'a' }] });
    expect(m.overlaps).toBe(1);
  });

  it("keeps one partner's cells with every partner in them, or overlaps only", () => {
    const a = buildMatrix(rows, organisations, (iso2) => iso2, { organisationId: 'a' });
    expect(a.cells.map((c) => c.stateIso2)).toEqual(['GH', 'NG']);
    expect(a.partners.map((p) => p.id).sort()).toEqual(['a', 'b']);
    const overlaps = buildMatrix(rows, organisations, (iso2) => iso2, { overlapsOnly: true });
    expect(overlaps.cells.map((c) => c.stateIso2)).toEqual(['NG']);
    expect(overlaps.states.map((s) => s.iso2)).toEqual(['NG']);
  });

  it('writes the CSV with states as rows and themes as columns', () => {
    const csv = matrixCsv(
      buildMatrix(rows, organisations, (iso2) => names[iso2] ?? iso2),
      organisations,
    );
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('state_iso2,state,investigations,prisons,overlaps');
    // Cells holding a semicolon are quoted: spreadsheets set to French split fields on it.
    expect(lines[1]).toBe('GH,Ghana,,"ALPHA (1; delivered+funded)",0');
    expect(lines[3]).toBe('NG,Nigeria,"OVERLAP: =Beta Fund (3; funded); ALPHA (2; delivered)",,1');
    expect(lines.at(-2)).toMatch(/^definition,/);
  });
});
