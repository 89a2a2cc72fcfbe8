import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Extracted } from './extract';

/**
 * Reads a library file's text in a thread of its own, with a heap and a time limit (as the
 * imports read their files: server/modules/imports/read-file.ts), so that a large or hostile PDF
 * costs that thread and never the event loop. Whatever goes wrong (a damaged file, a thread out
 * of memory or out of time), the answer is "text not extracted": the upload itself goes on.
 */

const ownExtension = extname(fileURLToPath(import.meta.url));
const workerUrl = new URL(`./extract-worker${ownExtension}`, import.meta.url).href;
const workerSource =
  ownExtension === '.ts'
    ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); })`
    : `import(${JSON.stringify(workerUrl)})`;

export const extractionLimits = { ms: 30_000, heapMb: 256 } as const;

const notExtracted: Extracted = { status: 'not_extracted', text: null, pages: null };

/** Images carry no text: no thread is started for them. */
const READABLE = /^(application\/pdf|application\/vnd\.openxmlformats-officedocument\.|text\/plain)/;

export function extractInThread(mediaType: string, content: Buffer): Promise<Extracted> {
  if (!READABLE.test(mediaType)) return Promise.resolve({ status: 'none', text: null, pages: null });
  return new Promise<Extracted>((resolve) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { mediaType, content },
      resourceLimits: { maxOldGenerationSizeMb: extractionLimits.heapMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (answer: Extracted) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(notExtracted), extractionLimits.ms);
    worker.on('message', (answer: Extracted) => settle(answer));
    worker.on('error', () => settle(notExtracted));
    worker.on('exit', () => settle(notExtracted));
  });
}
