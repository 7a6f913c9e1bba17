/**
 * The open-loop generator is the instrument of two benchmarks' capacities (`checkin-ingest`,
 * `declarations`): both HTTP clients must send what is scheduled, count each status as the server
 * answered it, and count a slow answer from its due time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLoop } from './openloop.ts';
import type { OpenLoopSpec } from './openloop.ts';

let server: http.Server;
let url: string;
const seen: { path: string; body: string; forwardedFor: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body, forwardedFor: req.headers['x-forwarded-for'] as string });
      // Guests are refused; citizens answered after 30 ms.
      if (req.url?.includes('/guest')) {
        res.writeHead(429, { 'content-type': 'application/json' }).end('{"error":"slow down"}');
        return;
      }
      setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}'), 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const spec = (engine: 'undici' | 'http'): OpenLoopSpec => ({
  url,
  rate: 200,
  durationMs: 500,
  venueTokens: ['venue-a'],
  citizenShare: 0.5,
  citizenStart: 0,
  citizenCount: 1000,
  guestStart: 0,
  sockets: 8,
  timeoutMs: 5000,
  engine,
});

describe.each(['undici', 'http'] as const)('the open-loop generator with %s', (engine) => {
  it('sends every scheduled request and counts each answer by its status, from its due time', async () => {
    seen.length = 0;
    const r = await openLoop(spec(engine));
    expect(r.scheduled).toBe(100);
    expect(r.citizens + r.guests).toBe(100);
    expect(seen).toHaveLength(100);
    expect(r.statuses).toEqual({ 201: r.citizens, 429: r.guests });
    expect(r.ok).toBe(r.citizens);
    // Every answer is counted; a citizen's is at least the server's 30 ms after its due time (a
    // guest's may be slow too, behind a connection being opened) — less the 1 ms by which node's
    // millisecond timers may fire early against performance.now() (seen once in 12 rehearsals).
    expect(r.latencies).toHaveLength(100);
    expect(r.latencies.filter((l) => l >= 29).length).toBeGreaterThanOrEqual(r.citizens);
    // Bodies and the proxy's client address arrive as built.
    const citizen = seen.find((s) => s.path === '/api/me/checkins')!;
    expect(JSON.parse(citizen.body)).toEqual({ token: 'venue-a' });
    expect(citizen.forwardedFor).toMatch(/^10\.\d+\.\d+\.\d+$/u);
  });

  it('counts an answer that never comes as failed (status 0)', async () => {
    const silent = http.createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const r = await openLoop({
        ...spec(engine),
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        durationMs: 50,
        timeoutMs: 300,
      });
      expect(r.scheduled).toBe(10);
      expect(r.ok).toBe(0);
      expect(r.statuses).toEqual({ 0: 10 });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
