import { parentPort, workerData } from 'node:worker_threads';
import { extractText } from './extract';

/** The extraction thread: reads one file (see extract-thread.ts) and posts its text. */
const { mediaType, content } = workerData as { mediaType: string; content: Uint8Array };
const extracted = await extractText(mediaType, Buffer.from(content.buffer, content.byteOffset, content.byteLength));
parentPort?.postMessage(extracted);
