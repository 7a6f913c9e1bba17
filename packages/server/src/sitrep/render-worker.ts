/**
 * The sitrep renderer's thread (render-thread.ts): renders each report's PDF and workbook from
 * its data, in the order asked, and sends the files back.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { renderSitrepPdf } from './pdf.ts';
import type { SitrepData } from './types.ts';
import { renderSitrepXlsx } from './xlsx.ts';

/** A render request: the report's data and the number its answer carries. */
export interface RenderRequest {
  id: number;
  data: SitrepData;
}

/** A render's answer: the two files, or why it failed. */
export type RenderReply = { id: number; pdf: Uint8Array; xlsx: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (port) {
  // The lowest CPU priority: on Linux a nice value is a thread's own (setpriority of "process" 0 is
  // the calling thread), so the reports take the cores the requests and PostgreSQL leave idle.
  // Elsewhere it would be the whole server's: left alone.
  if (process.platform === 'linux') setPriority(19);
  port.on('message', (request: RenderRequest) => {
    Promise.all([renderSitrepPdf(request.data), renderSitrepXlsx(request.data)]).then(
      ([pdf, xlsx]) => {
        const reply: RenderReply = { id: request.id, pdf, xlsx };
        port.postMessage(reply);
      },
      (e: unknown) => {
        const reply: RenderReply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
        port.postMessage(reply);
      },
    );
  });
}
