import type { Translator } from '../../platform/i18n';
import type { AfricaMap } from './africa-map';
import {
  type Cell,
  type DocumentFact,
  dashboardTables,
  type ExportTable,
  type FigureFormat,
  indicatorFormats,
  periodText,
  withheldText,
} from './export-tables';
import type { Dashboard, DashboardRow, HeadlineFigure } from './schemas';

/**
 * The results report as one HTML document: headline figures with their definitions and the
 * previous period, the map of Africa, a chart and a table per split, and how "completed" is
 * counted. Served as is (report.html, printable from a browser) and printed to PDF by Chromium.
 * Everything from the database or the catalogues is escaped; the page runs no script and its own
 * Content-Security-Policy lets it load nothing.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A figure as a reader sees it, in the report's language. */
export function displayFigure(tr: Translator, value: number, format: FigureFormat): string {
  switch (format) {
    case 'count':
      return tr.formatNumber(value, { maximumFractionDigits: 0 });
    case 'share':
      return tr.formatShare(value);
    case 'score':
      return tr.formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'rating':
      return tr.formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}

/** A headline figure with its unit: test gains in points, ratings out of 5. */
function withUnit(tr: Translator, value: number, format: FigureFormat): string {
  const text = displayFigure(tr, value, format);
  if (format === 'score') return tr.t('results.units.points', { value: text });
  if (format === 'rating') return tr.t('results.units.rating', { value: text });
  return text;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
:root { --ink: #1b2430; --muted: #5b6574; --accent: #1c5d99; --rule: #d5dae1; --soft: #f3f6f9; }
html { font-family: "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif; font-size: 10pt; color: var(--ink); line-height: 1.4; }
html[lang="ar"] { font-family: "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans", "DejaVu Sans", sans-serif; }
body { margin: 0 auto; max-width: 190mm; padding: 0 2mm; }
.brand { color: var(--muted); font-size: 9pt; margin: 0; letter-spacing: 0.02em; }
h1 { font-size: 21pt; color: var(--accent); margin: 1mm 0 1mm; line-height: 1.2; }
.period { font-size: 13pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 7mm 0 2.5mm; padding-bottom: 1mm; border-bottom: 1.5px solid var(--accent); break-after: avoid; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.8mm 5mm; margin: 0 0 2mm; padding: 3mm 4mm; background: var(--soft); border-radius: 2mm; font-size: 9pt; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
.figure { border: 1px solid var(--rule); border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.figure .name { font-weight: 600; font-size: 9pt; color: var(--muted); margin: 0; }
.figure .value { font-size: 18pt; font-weight: 700; color: var(--accent); margin: 0.5mm 0; }
.figure .note { font-size: 8pt; color: var(--muted); margin: 0; }
.figure .definition { font-size: 7.5pt; margin: 1.5mm 0 0; }
.chart { break-inside: avoid; margin: 0 0 3mm; }
.chart svg { display: block; width: 100%; height: auto; }
.map { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
.map svg { width: 118mm; height: auto; flex: none; }
.legend { list-style: none; margin: 0; padding: 0; font-size: 8.5pt; }
.legend li { display: flex; align-items: center; gap: 2mm; margin: 0 0 1.2mm; }
.swatch { width: 5mm; height: 3.5mm; border: 0.5px solid #8a94a3; flex: none; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 0 0 2mm; }
caption { text-align: start; font-weight: 600; color: var(--muted); padding: 0 0 1mm; }
th, td { padding: 0.9mm 2mm; border-bottom: 0.5px solid var(--rule); text-align: start; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.total td { font-weight: 700; }
.definitions p { margin: 0 0 2mm; }
.muted { color: var(--muted); }
@media screen { body { padding: 10mm; } }
`;

const WIDTH = 680;

/** Shortens a label to fit beside a bar; the table under the chart gives it whole. */
function shorten(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

type Bar = { label: string; value: number | null; withheld: boolean };

/**
 * Horizontal bars, drawn left to right and mirrored for a right-to-left language. Text anchors
 * need no mirroring: SVG text follows the page's direction, so "end" is the side toward the bars.
 */
function barChart(tr: Translator, bars: Bar[], withheld: string, title: string): string {
  const labelWidth = 230;
  const valueWidth = 70;
  const rowHeight = 18;
  const barArea = WIDTH - labelWidth - valueWidth - 12;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rtl = tr.dir === 'rtl';
  const x = (ltr: number, width = 0) => (rtl ? WIDTH - ltr - width : ltr);
  const height = bars.length * rowHeight + 6;
  const rows = bars.map((bar, i) => {
    const y = 3 + i * rowHeight;
    const width = bar.value ? (bar.value / max) * barArea : 0;
    const valueText = bar.value !== null ? displayFigure(tr, bar.value, 'count') : bar.withheld ? withheld : '–';
    return `<g><text x="${x(labelWidth - 8)}" y="${y + 12.5}" text-anchor="end" font-size="11">${escapeHtml(shorten(bar.label, 36))}</text>${
      width > 0
        ? `<rect x="${x(labelWidth, width).toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="12" fill="#1c5d99" rx="1.5"/>`
        : ''
    }<text x="${x(labelWidth + width + 5).toFixed(1)}" y="${y + 12.5}" text-anchor="start" font-size="11" fill="#1b2430">${escapeHtml(valueText)}</text></g>`;
  });
  return `<figure class="chart" aria-label="${escapeHtml(title)}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img"><title>${escapeHtml(title)}</title>${rows.join('')}</svg></figure>`;
}

/** Columns per year, oldest first in reading order (so from the right in Arabic). */
function columnChart(tr: Translator, bars: Bar[], withheld: string, title: string): string {
  const height = 190;
  const top = 18;
  const bottom = 22;
  const plot = height - top - bottom;
  const slot = WIDTH / Math.max(bars.length, 1);
  const columnWidth = Math.min(56, slot * 0.6);
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rtl = tr.dir === 'rtl';
  const columns = bars.map((bar, i) => {
    const centre = rtl ? WIDTH - (i + 0.5) * slot : (i + 0.5) * slot;
    const h = bar.value ? (bar.value / max) * plot : 0;
    const valueText = bar.value !== null ? displayFigure(tr, bar.value, 'count') : bar.withheld ? withheld : '–';
    return `<g>${
      h > 0
        ? `<rect x="${(centre - columnWidth / 2).toFixed(1)}" y="${(top + plot - h).toFixed(1)}" width="${columnWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="#1c5d99" rx="1.5"/>`
        : ''
    }<text x="${centre.toFixed(1)}" y="${(top + plot - h - 4).toFixed(1)}" text-anchor="middle" font-size="11">${escapeHtml(valueText)}</text><text x="${centre.toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="11" fill="#5b6574">${escapeHtml(bar.label)}</text></g>`;
  });
  return `<figure class="chart" aria-label="${escapeHtml(title)}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img"><title>${escapeHtml(title)}</title><line x1="0" x2="${WIDTH}" y1="${top + plot}" y2="${top + plot}" stroke="#d5dae1"/>${columns.join('')}</svg></figure>`;
}

const bar = (row: DashboardRow): Bar => ({ label: row.label, value: row.officialsTrained, withheld: row.suppressed });

/** Rows with someone to show, most officials first; withheld rows after those with figures. */
function ranked(rows: DashboardRow[]): DashboardRow[] {
  return rows
    .filter((r) => (r.officialsTrained ?? 0) > 0 || r.suppressed)
    .sort((a, b) => (b.officialsTrained ?? -1) - (a.officialsTrained ?? -1));
}

const PALETTE = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NONE_FILL = '#f7f7f7';
const OTHER_LAND = '#e3e3e3';

/** Upper bounds of up to five classes holding about as many states each. */
export function classBreaks(values: number[]): number[] {
  const distinct = [...new Set(values.filter((v) => v > 0))].sort((a, b) => a - b);
  if (distinct.length <= PALETTE.length) return distinct;
  const uppers = PALETTE.map((_, i) => distinct[Math.ceil(((i + 1) * distinct.length) / PALETTE.length) - 1] as number);
  return [...new Set(uppers)];
}

function classColour(index: number, classes: number): string {
  if (classes <= 1) return PALETTE[PALETTE.length - 1] as string;
  return PALETTE[Math.round((index * (PALETTE.length - 1)) / (classes - 1))] as string;
}

/** The map of Africa, each member state coloured by the officials trained there; the map is never mirrored. */
function mapSection(tr: Translator, dashboard: Dashboard, map: AfricaMap, withheld: string): string {
  const byState = new Map(dashboard.byState.map((r) => [r.key, r]));
  const breaks = classBreaks(dashboard.byState.map((r) => r.officialsTrained ?? 0));
  const fillOf = (iso2: string) => {
    const row = byState.get(iso2);
    if (row?.suppressed && row.officialsTrained === null) return 'url(#withheld)';
    const value = row?.officialsTrained ?? 0;
    if (value <= 0) return NONE_FILL;
    const index = breaks.findIndex((upper) => value <= upper);
    return classColour(index === -1 ? breaks.length - 1 : index, breaks.length);
  };
  const title = tr.t('results.map.title');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${escapeHtml(map.viewBox)}" role="img" direction="ltr"><title>${escapeHtml(title)}</title><defs><pattern id="withheld" patternUnits="userSpaceOnUse" width="5" height="5"><rect width="5" height="5" fill="#d9d9d9"/><path d="M0,5 l5,-5" stroke="#7a7a7a" stroke-width="0.9"/></pattern></defs>${map.other
    .map((d) => `<path d="${escapeHtml(d)}" fill="${OTHER_LAND}" stroke="#ffffff" stroke-width="0.4"/>`)
    .join('')}${map.states
    .map(
      (s) =>
        `<path d="${escapeHtml(s.path)}" fill="${fillOf(s.iso2)}" stroke="#6f7a88" stroke-width="0.4"><title>${escapeHtml(
          s.iso2,
        )}</title></path>`,
    )
    .join('')}</svg>`;
  const legend: string[] = [];
  const shown = dashboard.byState.map((r) => r.officialsTrained ?? 0).filter((v) => v > 0);
  breaks.forEach((upper, i) => {
    // From the smallest figure in the class: a partner's map has nothing under 5 to show.
    const lower = Math.min(...shown.filter((v) => v <= upper && (i === 0 || v > (breaks[i - 1] as number))));
    const range =
      lower === upper
        ? displayFigure(tr, upper, 'count')
        : `${displayFigure(tr, lower, 'count')}–${displayFigure(tr, upper, 'count')}`;
    legend.push(`<li><span class="swatch" style="background:${classColour(i, breaks.length)}"></span>${escapeHtml(range)}</li>`);
  });
  legend.push(
    `<li><span class="swatch" style="background:${NONE_FILL}"></span>${escapeHtml(tr.t('resultsExport.report.mapNone'))}</li>`,
  );
  if (dashboard.scope.suppression.applied) {
    legend.push(
      `<li><span class="swatch" style="background:repeating-linear-gradient(45deg,#7a7a7a 0 1px,#d9d9d9 1px 4px)"></span>${escapeHtml(
        tr.t('resultsExport.report.mapWithheld', { withheld }),
      )}</li>`,
    );
  }
  legend.push(
    `<li><span class="swatch" style="background:${OTHER_LAND}"></span>${escapeHtml(tr.t('resultsExport.report.mapOther'))}</li>`,
  );
  return `<section id="map"><h2>${escapeHtml(title)}</h2><div class="map">${svg}<div><p class="muted">${escapeHtml(
    tr.t('results.measures.officialsTrained'),
  )}</p><ul class="legend">${legend.join('')}</ul></div></div></section>`;
}

function cellHtml(tr: Translator, cell: Cell, withheld: string): string {
  switch (cell.kind) {
    case 'text':
      return `<td>${escapeHtml(cell.text)}</td>`;
    case 'figure':
      return `<td class="num">${escapeHtml(displayFigure(tr, cell.value, cell.format))}</td>`;
    case 'withheld':
      return `<td class="num">${escapeHtml(withheld)}</td>`;
    case 'empty':
      return '<td class="num">–</td>';
  }
}

function tableHtml(tr: Translator, table: ExportTable, withheld: string): string {
  const head = table.headers.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map(
      (cells, i) =>
        `<tr${table.hasTotal && i === table.rows.length - 1 ? ' class="total"' : ''}>${cells.map((c) => cellHtml(tr, c, withheld)).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function headlineCard(tr: Translator, figure: HeadlineFigure, dashboard: Dashboard, withheld: string): string {
  const format = indicatorFormats[figure.code];
  const shown = (value: number | null) =>
    value !== null ? withUnit(tr, value, format) : figure.suppressed ? withheld : tr.t('resultsExport.report.noData');
  const notes = [
    tr.t('resultsExport.report.previous', {
      period: periodText(tr, dashboard.previousPeriod),
      value: shown(figure.previous),
    }),
  ];
  if (figure.ci95) {
    notes.push(
      tr.t('results.figure.ci95', {
        low: displayFigure(tr, figure.ci95[0], format),
        high: displayFigure(tr, figure.ci95[1], format),
      }),
    );
  }
  if (figure.basis !== null) notes.push(tr.t('resultsExport.report.basis', { n: figure.basis }));
  return `<div class="figure"><p class="name">${escapeHtml(tr.t(`results.indicators.${figure.code}`))}</p><p class="value">${escapeHtml(
    shown(figure.value),
  )}</p>${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}<p class="definition">${escapeHtml(
    tr.t(`results.definitions.${figure.code}`),
  )}</p></div>`;
}

export type ReportInput = {
  tr: Translator;
  dashboard: Dashboard;
  facts: DocumentFact[];
  map: AfricaMap;
};

export const reportTitle = (tr: Translator) => tr.t('resultsExport.report.title');

/** The footer of each printed page: product, title and period. */
export const reportFooter = (tr: Translator, dashboard: Dashboard) =>
  `${tr.t('app.name')} · ${reportTitle(tr)} · ${periodText(tr, dashboard.period)}`;

export function reportHtml({ tr, dashboard, facts, map }: ReportInput): string {
  const withheld = withheldText(dashboard.scope);
  const tables = new Map(dashboardTables(tr, dashboard).map((t) => [t.key, t]));
  const title = reportTitle(tr);
  const period = periodText(tr, dashboard.period);
  const split = (key: string, chart: string) => {
    const table = tables.get(key) as ExportTable;
    return `<section id="${key}"><h2>${escapeHtml(table.title)}</h2>${chart}${tableHtml(tr, table, withheld)}</section>`;
  };
  const chartTitle = (key: string) => `${(tables.get(key) as ExportTable).title}: ${tr.t('results.measures.officialsTrained')}`;
  const years = [...dashboard.byYear].sort((a, b) => a.key.localeCompare(b.key));
  return `<!doctype html>
<html lang="${tr.lang}" dir="${tr.dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} — ${period}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="brand">${escapeHtml(`${tr.t('app.name')} · ${tr.t('app.tagline')}`)}</p>
<h1>${escapeHtml(title)}</h1>
<p class="period">${escapeHtml(period)}</p>
<dl class="facts">${facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('')}</dl>
</header>
<section id="headline"><h2>${escapeHtml(tr.t('resultsExport.tables.headline'))}</h2><div class="figures">${dashboard.headline
    .map((f) => headlineCard(tr, f, dashboard, withheld))
    .join('')}</div></section>
${mapSection(tr, dashboard, map, withheld)}
${split('byYear', columnChart(tr, years.map(bar), withheld, chartTitle('byYear')))}
${split('byState', barChart(tr, ranked(dashboard.byState).map(bar), withheld, chartTitle('byState')))}
${split('bySex', barChart(tr, ranked(dashboard.bySex).map(bar), withheld, chartTitle('bySex')))}
${split('byProgramme', barChart(tr, ranked(dashboard.byProgramme).map(bar), withheld, chartTitle('byProgramme')))}
${split('byAgencyType', barChart(tr, ranked(dashboard.byAgencyType).map(bar), withheld, chartTitle('byAgencyType')))}
<section id="definitions" class="definitions"><h2>${escapeHtml(tr.t('resultsExport.report.countingTitle'))}</h2>
<p>${escapeHtml(tr.t('results.definitions.completed'))}</p>
<p>${escapeHtml(tr.t('resultsExport.report.countingPeriod'))}</p>
${dashboard.scope.suppression.applied ? `<p>${escapeHtml(tr.t('resultsExport.facts.withheld', { threshold: dashboard.scope.suppression.threshold }))}</p><p>${escapeHtml(tr.t('results.definitions.disclosure'))}</p>` : ''}
</section>
</body>
</html>`;
}
