/**
 * Duplicate detection over a scale-100 registry (~110,000 officials) on PGlite.
 * Goal (issue 3): under 10 s. Run: npm run bench:duplicates [-- --count 110000]
 * Prints the times, the ratios to baselines measured here on the same data, and a last line of JSON.
 */
import { sql } from 'drizzle-orm';
import { type ScoringRecord, scorePair, scoringRecordOf } from '../server/modules/duplicates/scoring';
import { detectDuplicates } from '../server/modules/duplicates/service';
import type { Actor } from '../server/platform/access';
import { benchDatabase, generatePopulation, loadPopulation, ms } from './population';

const GOAL_MS = 10_000;
const argCount = process.argv.indexOf('--count');
const count = argCount > 0 ? Number(process.argv[argCount + 1]) : 110_000;

const officer: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  email: 'bench@tadrib.local',
  role: 'programme_officer',
  locale: 'en',
  stateIso2: null,
  officialId: null,
  sessionId: 'bench',
  stage: 'full',
};

async function main(): Promise<void> {
  let t = performance.now();
  const population = generatePopulation(count);
  const generateMs = ms(t);
  const { handle, dispose } = await benchDatabase();
  try {
    t = performance.now();
    await loadPopulation(handle, population);
    const loadMs = ms(t);
    console.log(
      `generated ${population.officials.length} officials (${population.duplicates.length} planted duplicates) in ${generateMs} ms`,
    );
    console.log(`loaded with COPY in ${loadMs} ms (${Math.round(population.officials.length / (loadMs / 1000))} rows/s)`);
    await handle.db.execute(sql`analyze officials`);

    // Baseline 1: reading the same rows (what any pass over the registry costs).
    t = performance.now();
    const rows = await handle.db.execute(
      sql`select id, state_iso2, agency_id, family_name, given_names, name_original, sex, birth_date, email, phone, name_keys from officials where merged_into_id is null`,
    );
    const readMs = ms(t);
    const read = (rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[]);

    // The real thing, as the API runs it.
    t = performance.now();
    const { pairs, compared } = await detectDuplicates(handle.db, officer);
    const detectMs = ms(t);

    // Baseline 2: naive all-pairs scoring, timed on a sample and extrapolated to n(n−1)/2 pairs.
    const sample: ScoringRecord[] = population.officials.slice(0, 2000).map(scoringRecordOf);
    t = performance.now();
    let sampled = 0;
    for (let i = 0; i < sample.length; i++)
      for (let j = i + 1; j < sample.length; j++) {
        scorePair(sample[i] as ScoringRecord, sample[j] as ScoringRecord);
        sampled += 1;
      }
    const perPairNs = ((performance.now() - t) * 1e6) / sampled;
    const n = compared;
    const naiveMs = Math.round(((n * (n - 1)) / 2) * perPairNs * 1e-6);

    const found = new Set(pairs.map((p) => `${p.firstId}|${p.secondId}`));
    const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const recalled = population.duplicates.filter(([a, b]) => found.has(key(a, b))).length;
    const recall = recalled / population.duplicates.length;

    console.log(`read ${read.length} rows (baseline) in ${readMs} ms`);
    console.log(`duplicate detection over ${compared} officials: ${detectMs} ms, ${pairs.length} candidate pairs`);
    console.log(`planted duplicates found: ${recalled}/${population.duplicates.length} (recall ${(recall * 100).toFixed(1)} %)`);
    console.log(`ratio detection / plain read: ${(detectMs / Math.max(readMs, 1)).toFixed(2)}×`);
    console.log(
      `naive all pairs (extrapolated from ${sampled} pairs at ${perPairNs.toFixed(0)} ns): ${(naiveMs / 1000).toFixed(0)} s — blocking is ${(naiveMs / Math.max(detectMs, 1)).toFixed(0)}× faster`,
    );
    console.log(
      `goal < ${GOAL_MS / 1000} s: ${detectMs < GOAL_MS ? 'met' : 'MISSED'} (${(detectMs / GOAL_MS).toFixed(2)} of the budget)`,
    );
    console.log(
      JSON.stringify({
        bench: 'duplicates',
        officials: compared,
        loadMs,
        readMs,
        detectMs,
        pairs: pairs.length,
        recall: Number(recall.toFixed(4)),
        ratioToRead: Number((detectMs / Math.max(readMs, 1)).toFixed(2)),
        naiveMs,
        goalMs: GOAL_MS,
        met: detectMs < GOAL_MS,
      }),
    );
  } finally {
    await dispose();
  }
}

await main();
