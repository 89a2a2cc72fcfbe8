import type { MatrixBasis } from '../../../contract/enums';
import { csvDocument } from '../../platform/csv';
import type { MatrixRow } from './repository';
import type { Matrix, OrganisationView } from './schemas';

/** What the who-does-what-where matrix counts, in words (shown with it and written in the CSV). */
export const MATRIX_DEFINITION =
  'A partner works on a state and a theme when it delivered or funded a session (not cancelled) of a course of that ' +
  'thematic area in which the state took part (invited with a quota, or with an accepted participant). Delivered: ' +
  'delivering partner of the course. Funded: donor of the course, or a contribution to the programme for a period ' +
  'that overlaps the session. An overlap is a state and theme where two or more partners work. Years are those of ' +
  'the sessions’ start dates.';

type Cell = Matrix['cells'][number];

/**
 * Builds the matrix from one row per partner, state and theme. With `organisationId`, only the
 * cells where that partner works remain, each still with every partner working there (so that its
 * overlaps show); with `overlapsOnly`, only cells with two or more partners.
 */
export function buildMatrix(
  rows: MatrixRow[],
  organisations: Map<string, OrganisationView>,
  stateName: (iso2: string) => string,
  options: { organisationId?: string; overlapsOnly?: boolean } = {},
): Matrix {
  const byCell = new Map<string, Cell>();
  for (const row of rows) {
    const key = `${row.stateIso2}|${row.theme}`;
    let cell = byCell.get(key);
    if (!cell) {
      cell = { stateIso2: row.stateIso2, theme: row.theme, overlap: false, partners: [] };
      byCell.set(key, cell);
    }
    cell.partners.push({ organisationId: row.organisationId, sessions: row.sessions, bases: row.bases as MatrixBasis[] });
  }
  const label = (id: string) => {
    const o = organisations.get(id);
    return o ? (o.acronym ?? o.name) : id;
  };
  const cells = [...byCell.values()]
    .map((cell) => ({
      ...cell,
      overlap: cell.partners.length >= 2,
      partners: cell.partners.sort(
        (a, b) => b.sessions - a.sessions || label(a.organisationId).localeCompare(label(b.organisationId)),
      ),
    }))
    .filter((cell) => !options.organisationId || cell.partners.some((p) => p.organisationId === options.organisationId))
    .filter((cell) => !options.overlapsOnly || cell.overlap)
    .sort((a, b) => a.stateIso2.localeCompare(b.stateIso2) || a.theme.localeCompare(b.theme));
  const stateCodes = [...new Set(cells.map((c) => c.stateIso2))];
  const themes = [...new Set(cells.map((c) => c.theme))].sort();
  const partnerIds = new Set(cells.flatMap((c) => c.partners.map((p) => p.organisationId)));
  return {
    definition: MATRIX_DEFINITION,
    states: stateCodes
      .map((iso2) => ({ iso2, name: stateName(iso2) }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.iso2.localeCompare(b.iso2)),
    themes,
    partners: [...partnerIds]
      .map((id) => organisations.get(id))
      .filter((o): o is OrganisationView => Boolean(o))
      .sort((a, b) => a.name.localeCompare(b.name)),
    cells,
    overlaps: cells.filter((c) => c.overlap).length,
  };
}

/**
 * The matrix as the page shows it: one row per state, one column per theme; each cell lists the
 * partners working there with their number of sessions, and overlaps are marked.
 */
export function matrixCsv(matrix: Matrix, organisations: Map<string, OrganisationView>): string {
  const label = (id: string) => {
    const o = organisations.get(id);
    return o ? (o.acronym ?? o.name) : id;
  };
  const cellOf = new Map(matrix.cells.map((c) => [`${c.stateIso2}|${c.theme}`, c]));
  const lines = [['state_iso2', 'state', ...matrix.themes, 'overlaps']];
  for (const state of matrix.states) {
    const cells = matrix.themes.map((theme) => cellOf.get(`${state.iso2}|${theme}`));
    lines.push([
      state.iso2,
      state.name,
      ...cells.map((cell) =>
        cell
          ? `${cell.overlap ? 'OVERLAP: ' : ''}${cell.partners
              .map((p) => `${label(p.organisationId)} (${p.sessions}; ${p.bases.join('+')})`)
              .join('; ')}`
          : '',
      ),
      String(cells.filter((c) => c?.overlap).length),
    ]);
  }
  lines.push([]);
  lines.push(['definition', matrix.definition]);
  return csvDocument(lines);
}
