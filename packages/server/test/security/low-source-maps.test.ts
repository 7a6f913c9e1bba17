/**
 * Issue 9, low item (both databases): the built web app's source maps were served in production,
 * handing out the application's source. The build no longer writes them, and the server refuses
 * `*.map` even when a build left some behind (here: a web build folder that has them).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/client.ts';
import { createTestDatabase, testConfig } from '../helpers.ts';
import type { FastifyInstance } from 'fastify';

let dist: string;
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'epilink-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>EpiLink</title>');
  writeFileSync(
    join(dist, 'assets', 'index-abc.js'),
    'console.log(1);\n//# sourceMappingURL=index-abc.js.map\n',
  );
  writeFileSync(
    join(dist, 'assets', 'index-abc.js.map'),
    '{"version":3,"sources":["src/secret.ts"],"mappings":"AAAA"}',
  );
  database = await createTestDatabase();
  app = await buildApp({ config: testConfig(), database }, { logger: false, serveWeb: true, webDist: dist });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(dist, { recursive: true, force: true });
});

it('serves the app and its scripts, never their source maps', async () => {
  expect((await app.inject({ method: 'GET', url: '/assets/index-abc.js' })).statusCode).toBe(200);
  for (const url of [
    '/assets/index-abc.js.map',
    '/assets/index-abc.js.MAP',
    '/assets/index-abc.js.map?x=1',
  ]) {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(404);
    expect(res.body).not.toContain('mappings');
  }
  // Other unknown paths still get the app shell (client-side routes).
  expect((await app.inject({ method: 'GET', url: '/cases' })).statusCode).toBe(200);
});

it('the production build is configured without source maps', async () => {
  type Built = { build?: { sourcemap?: unknown } };
  const exported = (await import('../../../web/vite.config.ts')).default as
    Built | ((env: { mode: string; command: string }) => Built);
  // Both builds (the officials' app, then the citizen entry with --mode citizen).
  for (const mode of ['production', 'citizen']) {
    const viteConfig = typeof exported === 'function' ? exported({ mode, command: 'build' }) : exported;
    expect(viteConfig.build?.sourcemap, mode).toBe(false);
  }
});
