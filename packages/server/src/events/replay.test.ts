/**
 * Live event streams that lose nothing and outlive no one (#11 item 8, #9 low items), over a
 * real HTTP server on PGlite and PostgreSQL: every event carries an `id:`; a stream that comes
 * back with `Last-Event-ID` is replayed what it missed; a stream ends the moment its session is
 * logged out or revoked or its account deactivated; a caller keeps a bounded number of streams.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { applyTestResult } from '../cases/intake.ts';
import { COMMUNE_A, household } from '../cases/test-fixtures.ts';
import { MAX_STREAMS_PER_CALLER } from './stream.ts';

let t: TestApp;
let base = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t?.close();
});

interface Received {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/** An open event stream: `next(match)` waits for an event, `ended` resolves when the server ends it. */
async function openStream(headers: Record<string, string>, extra: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/events`, {
    headers: { cookie: headers.cookie!, ...extra },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected = false;
  let done = false;
  const received: Received[] = [];
  async function pump(): Promise<boolean> {
    if (done) return false;
    const chunk = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (chunk.done) {
      done = true;
      return false;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block === ': connected') connected = true;
      const event = /^event: (.+)$/mu.exec(block)?.[1];
      const data = /^data: (.+)$/mu.exec(block)?.[1];
      const id = /^id: (.+)$/mu.exec(block)?.[1] ?? null;
      if (event && data) received.push({ id, event, data: JSON.parse(data) as Record<string, unknown> });
    }
    return true;
  }
  while (!connected) if (!(await pump())) throw new Error('stream ended before it connected');
  return {
    received,
    async next(match: (e: Received) => boolean): Promise<Received> {
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (!(await pump())) throw new Error('stream ended');
      }
    },
    /** Resolves once the server has ended the stream (reads until the end). */
    async ended(): Promise<true> {
      while (await pump());
      return true;
    },
    close: () => {
      controller.abort();
    },
  };
}

function positiveFor(personId: string, resultId: string) {
  return t.database.db.transaction((tx) =>
    applyTestResult(
      tx,
      systemAccess('test'),
      {
        resultId,
        personId,
        diseaseCode: 'COVID-19',
        testType: 'rtPcr',
        outcome: 'positive',
        ct: 20,
        sampledAt: new Date(Date.now() - 3_600_000),
        symptomatic: null,
      },
      { ip: null },
    ),
  );
}

describe('live event streams', () => {
  it('number their events, and replay what a stream missed when it comes back with Last-Event-ID', async () => {
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const [an, binh] = await household(t, COMMUNE_A, [
      { fullName: 'Nguyễn Văn Replay', dateOfBirth: '1980-02-01' },
      { fullName: 'Trần Thị Replay', dateOfBirth: '1982-05-06' },
    ]);
    const first = await openStream(tracer.headers);
    await positiveFor(an!, crypto.randomUUID());
    const seen = await first.next((e) => e.event === 'case' && e.data.personId === an);
    expect(seen.id).toMatch(/^\d+$/u);
    first.close();

    // While the tracer is away (the forced reconnect, a tunnel, a train), Bình tests positive.
    await positiveFor(binh!, crypto.randomUUID());

    const back = await openStream(tracer.headers, { 'last-event-id': seen.id! });
    const missed = await back.next((e) => e.event === 'case' && e.data.personId === binh);
    expect(BigInt(missed.id!)).toBeGreaterThan(BigInt(seen.id!));
    // Nothing at or before the id it had is sent again.
    expect(back.received.filter((e) => e.id !== null && BigInt(e.id) <= BigInt(seen.id!))).toEqual([]);
    back.close();
  });

  it('ends at once when the official logs out', async () => {
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const stream = await openStream(tracer.headers);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: tracer.headers });
    expect(out.statusCode).toBeLessThan(300);
    await expect(stream.ended()).resolves.toBe(true);
  });

  it('ends at once when an administrator revokes the session or deactivates the account', async () => {
    const admin = await signInAs(t, 'province_admin', '83');
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const stream = await openStream(tracer.headers);
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${tracer.userId}/revoke-sessions`,
      headers: admin.headers,
    });
    expect(revoked.statusCode).toBeLessThan(300);
    await expect(stream.ended()).resolves.toBe(true);

    const officer = await signInAs(t, 'commune_officer', COMMUNE_A.communeCode);
    const second = await openStream(officer.headers);
    const deactivated = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${officer.userId}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(deactivated.statusCode).toBe(200);
    await expect(second.ended()).resolves.toBe(true);
  });

  it('keeps a bounded number of streams per official: one more ends the oldest', async () => {
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_CALLER; i++) streams.push(await openStream(tracer.headers));
    const extra = await openStream(tracer.headers);
    await expect(streams[0]!.ended()).resolves.toBe(true);
    for (const s of [...streams.slice(1), extra]) s.close();
  });
});
