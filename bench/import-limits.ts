/**
 * Hostile import files against a running server (issue 16): how long /api/health takes to answer
 * while each is uploaded and refused, against the same server idle, as a ratio; and the server's
 * memory with three decompression bombs at once. Goal: health within 200 ms during any upload.
 * Run: npm run bench:import-limits. Prints a table and a last line of JSON.
 */
import { manyRowsCsv, manyRowsXlsx, sharedStringBomb } from '../test/hostile-files';
import { addBenchOfficer, BENCH_OFFICER, benchApp } from './app';
import { benchDatabase, ms } from './population';

const GOAL_MS = 200;

type Probe = { median: number; p99: number; max: number; count: number };

function summary(latencies: number[]): Probe {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0, count: sorted.length };
}

async function main(): Promise<void> {
  const { handle, keys, dispose } = await benchDatabase();
  const app = await benchApp(handle, keys);
  try {
    await addBenchOfficer(handle);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_OFFICER),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const health = async () => {
      const t = performance.now();
      const response = await fetch(`${base}/api/health`);
      await response.arrayBuffer();
      return performance.now() - t;
    };
    const upload = (filename: string, content: Buffer) =>
      fetch(`${base}/api/imports/officials/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ filename, contentBase64: content.toString('base64'), stateIso2: 'ML' }),
      });

    // Idle: health alone, 100 times.
    const idleLatencies: number[] = [];
    for (let i = 0; i < 100; i++) idleLatencies.push(await health());
    const idle = summary(idleLatencies);
    console.log(
      `health, idle: median ${idle.median.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms, max ${idle.max.toFixed(1)} ms`,
    );

    const files: [string, string, Buffer][] = [
      ['one 400 MB shared string', 'bomb.xlsx', await sharedStringBomb(400)],
      ['700,000 rows', 'many.xlsx', await manyRowsXlsx(700_000)],
      ['400,000 rows', 'many.csv', manyRowsCsv(400_000)],
    ];
    const results = [];
    for (const [what, filename, content] of files) {
      let done = false;
      const t = performance.now();
      const answer = upload(filename, content).then(async (r) => {
        const body = await r.text();
        done = true;
        return { status: r.status, bytes: body.length, code: (JSON.parse(body) as { error?: { code: string } }).error?.code };
      });
      const latencies: number[] = [];
      while (!done) {
        latencies.push(await health());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const { status, bytes, code } = await answer;
      const uploadMs = ms(t);
      const during = summary(latencies);
      const ratio = during.max / Math.max(idle.max, 1);
      const medianRatio = during.median / Math.max(idle.median, 0.1);
      console.log(
        `${filename} (${what}, ${(content.length / 1024).toFixed(0)} KiB): ${status} ${code ?? ''} in ${uploadMs} ms, ${bytes} bytes back; ` +
          `health during it (${during.count} probes): median ${during.median.toFixed(1)} ms = ${medianRatio.toFixed(2)}× idle, max ${during.max.toFixed(1)} ms = ${ratio.toFixed(1)}× the idle max; goal ${GOAL_MS} ms ${during.max < GOAL_MS ? 'met' : `MISSED (idle itself peaks at ${idle.max.toFixed(0)} ms here)`}`,
      );
      results.push({
        file: filename,
        status,
        code,
        uploadMs,
        responseBytes: bytes,
        healthMedianMs: during.median,
        healthMaxMs: during.max,
        ratioToIdleMax: Number(ratio.toFixed(2)),
      });
    }

    // Three bombs at once: the server's resident memory at its peak.
    const bomb = files[0]?.[2] as Buffer;
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 25);
    const t = performance.now();
    const statuses = await Promise.all([1, 2, 3].map(() => upload('bomb.xlsx', bomb).then((r) => r.status)));
    clearInterval(sampler);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    console.log(
      `three bombs at once: ${statuses.join(', ')} in ${ms(t)} ms; resident memory ${mb(rssBefore)} MB before, ${mb(peak)} MB at peak`,
    );

    console.log(
      JSON.stringify({
        bench: 'import-limits',
        idleHealth: idle,
        uploads: results,
        threeBombs: { statuses, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(peak) },
        goalMs: GOAL_MS,
        met: results.every((r) => r.healthMaxMs < GOAL_MS && r.status >= 400 && r.status < 500),
      }),
    );
  } finally {
    await app.close();
    await dispose();
  }
}

await main();
