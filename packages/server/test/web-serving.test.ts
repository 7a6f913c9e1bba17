/**
 * Issue 19 item 15: the built web app is served light. A deep link of a citizen page gets the
 * citizen entry (citizen.html) and the officials' paths the officials' app; a client that accepts
 * brotli or gzip gets the precompressed sibling of a file; hashed assets are immutable for a year,
 * the HTML entries revalidated; the check-in page and the verifier announce the API read they
 * start with (a preload), with nothing but a token's own characters in the header.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/client.ts';
import { createTestDatabase, testConfig } from './helpers.ts';

let dist: string;
let database: Database;
let app: FastifyInstance;
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});\n`;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'epilink-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>officials</title>');
  writeFileSync(join(dist, 'citizen.html'), '<!doctype html><title>citizen</title>');
  const script = join(dist, 'assets', 'citizen-initial-Ab3_x9Zq.js');
  writeFileSync(script, SCRIPT);
  writeFileSync(`${script}.br`, brotliCompressSync(SCRIPT));
  writeFileSync(`${script}.gz`, gzipSync(SCRIPT));
  writeFileSync(join(dist, 'verify-sw.js'), 'self.addEventListener("install", () => {});\n');
  database = await createTestDatabase();
  app = await buildApp({ config: testConfig(), database }, { logger: false, serveWeb: true, webDist: dist });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(dist, { recursive: true, force: true });
});

it('gives citizen deep links the citizen entry and the rest the officials’ app, both revalidated', async () => {
  for (const url of [
    '/c/abcDEF_12-3',
    '/verify',
    '/me',
    '/me/tests/book',
    '/q/xyz',
    '/declare',
    '/demo/inbox',
  ]) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.body, url).toContain('citizen');
    expect(res.headers['cache-control'], url).toBe('no-cache');
  }
  for (const url of ['/', '/cases', '/login', '/map', '/checkins', '/venues', '/mediate', '/qq']) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    expect(res.body, url).toContain('officials');
    expect(res.headers['cache-control'], url).toBe('no-cache');
  }
});

it('sends the brotli or gzip sibling of a hashed asset, immutable for a year', async () => {
  const url = '/assets/citizen-initial-Ab3_x9Zq.js';
  const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  expect(br.statusCode).toBe(200);
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers['content-type']).toMatch(/javascript/u);
  expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(br.headers.vary).toMatch(/accept-encoding/iu);
  expect(br.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
  expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
  const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
  expect(gz.headers['content-encoding']).toBe('gzip');
  const plain = await app.inject({ method: 'GET', url });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(SCRIPT);
  // The compressed files are not addresses of their own.
  expect((await app.inject({ method: 'GET', url: `${url}.br` })).body).not.toBe(
    brotliCompressSync(SCRIPT).toString(),
  );
  // A file without a content hash in its name is revalidated.
  expect((await app.inject({ method: 'GET', url: '/verify-sw.js' })).headers['cache-control']).toBe(
    'no-cache',
  );
  // API answers stay out of every cache.
  expect((await app.inject({ method: 'GET', url: '/api/meta' })).headers['cache-control']).toBe('no-store');
});

it('preloads the venue of a check-in link and the verifier’s trust list, nothing else', async () => {
  const checkin = await app.inject({ method: 'GET', url: '/c/abcDEF_12-3' });
  expect(checkin.headers.link).toBe('</api/checkin/abcDEF_12-3>; rel=preload; as=fetch; crossorigin');
  const verifier = await app.inject({ method: 'GET', url: '/verify' });
  expect(verifier.headers.link).toBe('</api/certificates/trust-list>; rel=preload; as=fetch; crossorigin');
  for (const url of ['/me', '/cases', '/c/a%0d%0aSet-Cookie:%20x=1', '/c/a,b', '/c/x/y']) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.headers.link, url).toBeUndefined();
    expect(res.headers['set-cookie'], url).toBeUndefined();
  }
});
