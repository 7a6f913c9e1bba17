/**
 * A large xlsx upload is parsed in a worker thread (parse-worker.ts) rather than on the server's
 * thread: exceljs's parse (~45–90 µs of CPU per row, a minute for a million rows) then no longer
 * keeps every other request waiting, and what the parse holds — exceljs's shared-strings table,
 * its garbage — lives in the worker's own heap, given back whole when the worker ends instead of
 * staying in the server's heap. The worker sends the data rows as staged chunks (the JSON text
 * `import_staged_rows` stores); this side inserts each as it comes, one insert in flight while
 * the worker parses on. Small files and CSV are parsed inline: starting a worker costs more than
 * they take.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '@epilink/core';
import type { ErrorCode, ErrorDetail, Language } from '@epilink/core';
import type { ImportCell, ImportKind } from '@epilink/core/imports/index';
import type { FileFormat } from './read.ts';
import type { FileScan } from './scan.ts';

/**
 * xlsx files from this size on are parsed in a worker: 4 MiB, ~85,000 rows, a few seconds of
 * parse. Starting a worker loads the reader's modules again (exceljs, core): 4–12 s at a load
 * of 30 on two cores (measured; not measured on a quiet machine).
 */
export const PARSE_THREAD_MIN_BYTES = 4 * 1024 * 1024;

/** One staged row: its number in the file and its cells. */
export type StagedRow = [rowNumber: number, cells: ImportCell[]];

/** What the worker is given. */
export interface ParseRequest {
  bytes: Uint8Array;
  format: FileFormat;
  kind: ImportKind;
  lang: Language;
  chunkRows: number;
}

/** A chunk of data rows as staged: `rows` is the JSON text of {@link StagedRow}s. */
export interface StagedChunk {
  firstSeq: number;
  rowCount: number;
  rows: string;
}

/** What the worker sends back. */
export type ParseReply =
  | ({ type: 'chunk' } & StagedChunk)
  | { type: 'done'; scan: FileScan; peakHeapMb: number }
  | { type: 'refused'; code: ErrorCode; params: Record<string, string | number>; details: ErrorDetail[] }
  | { type: 'failed'; message: string };

// The worker runs the TypeScript sources as the server does (tsx), whatever started the server.
const BOOT = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(
  new URL('./parse-worker.ts', import.meta.url).href,
)}); })`;

/**
 * Scan `bytes` in a worker; `store` receives each chunk in order (awaited one at a time; the
 * next chunk is parsed meanwhile). Resolves with the scan once every chunk is stored; a refused
 * file rejects with the same AppError the inline parse throws.
 */
export function scanInThread(
  request: ParseRequest,
  store: (chunk: StagedChunk) => Promise<void>,
): Promise<FileScan & { peakHeapMb: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: request });
    let settled = false;
    let finished = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    // Chunks are stored in order: each waits for the previous insert, then lets the worker go on.
    let stored: Promise<void> = Promise.resolve();
    worker.on('message', (reply: ParseReply) => {
      if (reply.type === 'chunk') {
        const { firstSeq, rowCount, rows } = reply;
        const previous = stored;
        stored = previous.then(() => {
          const insert = store({ firstSeq, rowCount, rows });
          worker.postMessage('ack');
          return insert;
        });
        stored.catch(fail);
      } else if (reply.type === 'done') {
        finished = true;
        stored.then(() => {
          settled = true;
          void worker.terminate();
          resolve({ ...reply.scan, peakHeapMb: reply.peakHeapMb });
        }, fail);
      } else if (reply.type === 'refused') {
        fail(new AppError(reply.code, { params: reply.params, details: reply.details }));
      } else {
        fail(new Error(`xlsx parse failed: ${reply.message}`));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (finished) return;
      fail(new Error(`xlsx parse worker exited (${code}) before it finished`));
    });
  });
}
