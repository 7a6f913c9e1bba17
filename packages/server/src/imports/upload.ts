/**
 * Uploaded files arrive as the raw request body (`application/octet-stream`, `text/csv` or the
 * xlsx media type) and are read here, with the size limit enforced while streaming: a declared
 * length over the limit is refused before a byte is read, and a body that grows past it is cut
 * off at that point — the officer learns at once, not after sending the whole file.
 */
import { AppError } from '@epilink/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestLanguage } from '../http/register.ts';
import { refuseFile } from './read.ts';

/**
 * Largest file accepted (64 MiB: over a million rows of xlsx). xlsx is read streamed (read.ts,
 * xlsx-stream.ts), so memory holds the bytes, the shared strings and a row, not the workbook.
 */
export const IMPORT_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

/** The media types an upload may declare. */
export const UPLOAD_MEDIA_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The routes that receive files: the imports, and the lab screen's result files. */
export const UPLOAD_ROUTES: readonly string[] = ['/api/imports', '/api/testing/imports/file'];

const uploads = new WeakMap<FastifyRequest, Buffer>();

const tooLarge = (request: FastifyRequest, limit: number): AppError => {
  const e = refuseFile('tooLarge', requestLanguage(request), { limitMb: Math.round(limit / 1024 / 1024) });
  return new AppError('PAYLOAD_TOO_LARGE', { params: e.params, details: e.details });
};

/** Register the streaming upload reader for the upload media types. */
export function registerUploadParser(app: FastifyInstance, limit = IMPORT_FILE_LIMIT_BYTES): void {
  app.addContentTypeParser(UPLOAD_MEDIA_TYPES, (request, payload, done) => {
    // Only the upload routes take a file: elsewhere these media types stay refused (1 MB JSON only).
    if (request.method !== 'POST' || !UPLOAD_ROUTES.includes(request.routeOptions.url ?? '')) {
      done(new AppError('MALFORMED_REQUEST'), undefined);
      return;
    }
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      done(tooLarge(request, limit), undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    payload.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > limit) {
        finished = true;
        payload.removeAllListeners('data');
        payload.resume();
        done(tooLarge(request, limit), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (finished) return;
      finished = true;
      uploads.set(request, Buffer.concat(chunks, size));
      done(null, undefined);
    });
    payload.on('error', (e) => {
      if (finished) return;
      finished = true;
      done(e, undefined);
    });
  });
}

/** The file uploaded with this request (a translated 422 when there is none). */
export function uploadedFile(request: FastifyRequest): Buffer {
  const bytes = uploads.get(request);
  if (!bytes || bytes.length === 0) throw refuseFile('empty', requestLanguage(request));
  return bytes;
}
