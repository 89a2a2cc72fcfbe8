import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors';
import { readTable } from './table';

/** The reader thread: reads one file (see read-file.ts) and posts its rows or the AppError that refused it. */
const { filename, content } = workerData as { filename: string; content: Uint8Array };
try {
  const rows = readTable(filename, Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  parentPort?.postMessage({ rows });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  const { code, message, details, rule, params } = error;
  parentPort?.postMessage({ error: { code, message, details, rule, params } });
}
