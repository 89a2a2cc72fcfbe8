import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorDetail } from '../../errors';
import type { RuleCode, RuleParams } from '../../platform/rules';
import { importLimits, tooLarge, unreadable } from './limits';
import type { TableRow } from './table';

/**
 * Reads an uploaded file in a thread of its own, with a heap limit and a time limit, so that a
 * hostile file costs that thread and never the event loop that answers everyone else: the thread
 * is stopped when time runs out, and dies alone when its heap is full.
 */

// Beside the TypeScript source (tsx, tests) the thread first registers tsx; a compiled build runs the .js.
const ownExtension = extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./table-worker${ownExtension}`, import.meta.url).href;
const workerSource =
  ownExtension === '.ts'
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`
    : `import(${JSON.stringify(workerUrl)})`;

/** At most this many files are read at once; the others wait their turn. */
const MAX_PARALLEL_READS = 2;
let reading = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (reading >= MAX_PARALLEL_READS) await new Promise<void>((resolve) => waiting.push(resolve));
  reading += 1;
  return () => {
    reading -= 1;
    waiting.shift()?.();
  };
}

type WorkerAnswer =
  | { rows: TableRow[] }
  | { error: { code: ErrorCode; message: string; details?: ErrorDetail[]; rule?: RuleCode; params?: RuleParams } };

export async function readFileRows(filename: string, content: Buffer): Promise<TableRow[]> {
  const done = await turn();
  try {
    return await new Promise<TableRow[]>((resolve, reject) => {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { filename, content },
        resourceLimits: { maxOldGenerationSizeMb: importLimits.readerHeapMb, maxYoungGenerationSizeMb: 32 },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() => reject(tooLarge(`The file could not be read within ${importLimits.readMs / 1000} s, the most allowed`))),
        importLimits.readMs,
      );
      worker.on('message', (answer: WorkerAnswer) =>
        settle(() => {
          if ('rows' in answer) resolve(answer.rows);
          else {
            const { code, message, ...options } = answer.error;
            reject(new AppError(code, message, options));
          }
        }),
      );
      worker.on('error', (error: Error & { code?: string }) =>
        settle(() => {
          if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            reject(tooLarge(`The file needs more than ${importLimits.readerHeapMb} MB of memory to read, the most allowed`));
          } else reject(error);
        }),
      );
      worker.on('exit', () => settle(() => reject(unreadable('import.file_unreadable'))));
    });
  } finally {
    done();
  }
}
