/**
 * The upload's parse in a worker thread (started by parse-thread.ts): the file is scanned here
 * ({@link scanFile}: header, row count, data rows) and its data rows leave in staged chunks, each
 * already the JSON text `import_staged_rows` stores, so the server's own thread only inserts them.
 * At most one chunk waits unacknowledged: the parse never runs ahead of the database by more
 * than a chunk. A refusal leaves as the AppError's parts; anything else as a plain failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { isAppError } from '@epilink/core';
import { scanFile } from './scan.ts';
import type { ParseReply, ParseRequest, StagedRow } from './parse-thread.ts';

const port = parentPort!;
const request = workerData as ParseRequest;
const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);

let acked = 0;
let sent = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  acked++;
  wake?.();
});
const waitForAck = (upTo: number) =>
  new Promise<void>((resolve) => {
    if (acked >= upTo) {
      resolve();
      return;
    }
    wake = () => {
      if (acked < upTo) return;
      wake = null;
      resolve();
    };
  });

const post = (reply: ParseReply) => {
  port.postMessage(reply);
};

let chunk: StagedRow[] = [];
let firstSeq = 0;
let peakHeap = 0;
const flush = async () => {
  if (chunk.length === 0) return;
  // The previous chunk must be taken before this one goes (one in flight).
  await waitForAck(sent);
  peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
  post({ type: 'chunk', firstSeq, rowCount: chunk.length, rows: JSON.stringify(chunk) });
  sent++;
  firstSeq += chunk.length;
  chunk = [];
};

try {
  const scan = await scanFile(bytes, request.format, request.kind, request.lang, (row) => {
    chunk.push([row.rowNumber, row.cells]);
    return chunk.length >= request.chunkRows ? flush() : undefined;
  });
  await flush();
  await waitForAck(sent);
  post({ type: 'done', scan, peakHeapMb: Math.round(peakHeap / 1024 / 1024) });
} catch (e) {
  if (isAppError(e)) post({ type: 'refused', code: e.code, params: e.params, details: e.details });
  else post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}
