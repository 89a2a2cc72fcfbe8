import type { BreakdownCounts, Counts, Split, Sums } from './facts-sql';
import type { Labeller } from './labels';
import type { BreakdownRow, DashboardRow, HeadlineFigure, IndicatorCode } from './schemas';
import { isSmall, publishedCount } from './suppression';

/** The figures as shown: rows of the dashboard and breakdowns, and the headline, from the counts. */

export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Mean gain with its 95 % confidence interval (normal approximation: mean ± 1.96 standard errors). */
export function meanWithInterval(
  n: number,
  sum: number,
  squareSum: number,
): { mean: number | null; ci95: [number, number] | null } {
  if (n <= 0) return { mean: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { mean, ci95: null };
  const variance = Math.max(0, (squareSum - n * mean * mean) / (n - 1));
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, ci95: [mean - half, mean + half] };
}
export function dashboardRows(
  map: Map<string, Split>,
  label: Labeller,
  suppress: boolean,
  order: 'key' | 'value',
): DashboardRow[] {
  const rows = [...map.entries()].map(([key, v]): DashboardRow => {
    if (!suppress)
      return {
        key,
        label: label(key),
        officialsTrained: v.officials,
        participations: v.participations,
        women: v.women,
        suppressed: false,
      };
    const officialsTrained = publishedCount(v.officials);
    const participations = publishedCount(v.participations);
    // Women and men each 0 or at least 5, or the women would give the men away.
    const women = isSmall(v.women) || isSmall(v.officials - v.women) ? null : publishedCount(v.women);
    return {
      key,
      label: label(key),
      officialsTrained,
      participations,
      women,
      suppressed: officialsTrained === null || participations === null || (women === null && v.women > 0),
    };
  });
  // Ordered by what is shown (never by the exact figures behind rounded ones).
  if (order === 'value') rows.sort((a, b) => (b.officialsTrained ?? 0) - (a.officialsTrained ?? 0) || a.key.localeCompare(b.key));
  else rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows;
}

export function headlineOf(
  counts: Counts,
  recommendations: { current: number | null; previous: number | null; basis: number },
): HeadlineFigure[] {
  const { current: c, previous: p } = counts;
  const figure = (
    code: IndicatorCode,
    value: number | null,
    previous: number | null,
    options: { basis?: number | null; ci95?: [number, number] | null } = {},
  ): HeadlineFigure => ({
    code,
    value,
    previous,
    suppressed: false,
    ci95: options.ci95 ?? null,
    basis: options.basis ?? null,
  });
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  const previousGain = meanWithInterval(p.pairedTests, p.gainSum, p.gainSquareSum);
  const rated = c.ratings >= 0;
  return [
    figure('officials_trained', c.officials, p.officials),
    figure('participations', c.participations, p.participations),
    figure('states_reached', c.statesReached, p.statesReached),
    figure('women_share', ratio(c.women, c.officials), ratio(p.women, p.officials), { basis: c.officials }),
    figure('knowledge_gain', gain.mean, previousGain.mean, { basis: c.pairedTests, ci95: gain.ci95 }),
    figure(
      'normalised_gain',
      c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
      p.normalisedTests > 0 ? p.normalisedGainSum / p.normalisedTests : null,
      { basis: c.normalisedTests },
    ),
    figure(
      'satisfaction',
      rated && c.ratings > 0 ? c.ratingSum / c.ratings : null,
      rated && p.ratings > 0 ? p.ratingSum / p.ratings : null,
      { basis: rated ? c.ratings : null },
    ),
    figure('application_rate', ratio(c.applied, c.followUpAnswers), ratio(p.applied, p.followUpAnswers), {
      basis: c.followUpAnswers,
    }),
    figure('recommendations_implemented', recommendations.current, recommendations.previous, {
      basis: recommendations.basis,
    }),
  ];
}

export function breakdownRow(key: string, label: string, c: BreakdownCounts): BreakdownRow {
  const gain = meanWithInterval(c.pairedTests, c.gainSum, c.gainSquareSum);
  return {
    key,
    label,
    officialsTrained: c.officials,
    participations: c.participations,
    women: c.women,
    womenShare: ratio(c.women, c.officials),
    statesReached: c.statesReached,
    knowledgeGain: gain.mean,
    normalisedGain: c.normalisedTests > 0 ? c.normalisedGainSum / c.normalisedTests : null,
    applicationRate: ratio(c.applied, c.followUpAnswers),
    satisfaction: c.ratings > 0 ? c.ratingSum / c.ratings : null,
    previousOfficialsTrained: c.previousOfficials,
    previousParticipations: c.previousParticipations,
    suppressed: false,
  };
}

export const asBreakdownCounts = (sums: Sums, previous: Sums): BreakdownCounts => ({
  ...sums,
  key: 'total',
  previousOfficials: previous.officials,
  previousParticipations: previous.participations,
});
