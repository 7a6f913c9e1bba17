/**
 * Where a sitrep's files are rendered. Drawing a report's PDF (charts, the map) and writing its
 * workbook is a second or so of synchronous CPU per unit, and the scheduled pass renders the
 * province's and every district's or area's: on the server's own thread that held every request
 * for seconds — event-loop stalls of 120–250 ms, one after another for six seconds, in a
 * declarations bench run two minutes after start (5 Dec 2026, `--diag-file`), the hour a province
 * reads its morning figures. The scheduled pass therefore renders in a worker thread
 * (render-worker.ts), one for the whole pass; the data is still read on this side (the embedded
 * database lives here). An official's on-demand report renders inline: starting a thread costs
 * about as much as the one report.
 */
import { Worker } from 'node:worker_threads';
import { renderSitrepPdf } from './pdf.ts';
import type { RenderReply, RenderRequest } from './render-worker.ts';
import type { SitrepData } from './types.ts';
import { renderSitrepXlsx } from './xlsx.ts';

/** Renders a report's two files. */
export interface SitrepRenderer {
  render(data: SitrepData): Promise<{ pdf: Buffer; xlsx: Buffer }>;
  /** Stop the renderer (a thread ends; inline, nothing to do). */
  close(): Promise<void>;
}

/** Render on the calling thread. */
export const inlineRenderer: SitrepRenderer = {
  async render(data) {
    const [pdf, xlsx] = await Promise.all([renderSitrepPdf(data), renderSitrepXlsx(data)]);
    return { pdf, xlsx };
  },
  close: () => Promise.resolve(),
};

// The thread runs the TypeScript sources as the server does (tsx), whatever started the server.
const BOOT = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(
  new URL('./render-worker.ts', import.meta.url).href,
)}); })`;

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Render in a worker thread of its own, started on the first report; `close()` ends it. A thread
 * that fails or exits fails the reports waiting on it; the next report starts another.
 */
export function threadRenderer(): SitrepRenderer {
  let worker: Worker | null = null;
  let next = 0;
  const waiting = new Map<
    number,
    { resolve: (f: { pdf: Buffer; xlsx: Buffer }) => void; reject: (e: Error) => void }
  >();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = null;
  };
  const start = () => {
    const w = new Worker(BOOT, { eval: true });
    w.on('message', (reply: RenderReply) => {
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`sitrep render failed: ${reply.error}`));
      else pending.resolve({ pdf: asBuffer(reply.pdf), xlsx: asBuffer(reply.xlsx) });
    });
    w.on('error', (e) => {
      if (worker === w) failAll(e);
    });
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`sitrep render thread exited (${code})`));
    });
    return w;
  };
  return {
    render(data) {
      worker ??= start();
      const id = next++;
      const request: RenderRequest = { id, data };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
