/**
 * Live events over a real HTTP server (PGlite and PostgreSQL): two officials keep
 * `GET /api/events` open; a positive result in commune A is pushed to A's tracer the moment its
 * transaction commits, with kinds and ids only; B's officer hears only what happens in commune B.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { applyTestResult } from '../cases/intake.ts';
import { COMMUNE_A, household, otherCommune } from '../cases/test-fixtures.ts';
import { citizenHeaders } from '../testing/test-fixtures.ts';

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

/** An open event stream: `next(kind)` resolves with the first event of that kind. */
async function openStream(headers: Record<string, string>, path = '/api/events') {
  const controller = new AbortController();
  const res = await fetch(`${base}${path}`, {
    headers: { cookie: headers.cookie! },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let connected = false;
  const received: { event: string; data: Record<string, unknown> }[] = [];
  async function pump(): Promise<boolean> {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block === ': connected') connected = true;
      const event = /^event: (.+)$/mu.exec(block)?.[1];
      const data = /^data: (.+)$/mu.exec(block)?.[1];
      if (event && data) received.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      cut = buffer.indexOf('\n\n');
    }
    return true;
  }
  // The server writes ": connected" once it listens: wait for it before anything happens.
  while (!connected) await pump();
  return {
    received,
    async next(match: (e: { event: string; data: Record<string, unknown> }) => boolean) {
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (!(await pump())) throw new Error('stream ended');
      }
    },
    close: () => {
      controller.abort();
    },
  };
}

/** A positive RT-PCR for a person, through the case module's seam. */
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

describe('server-sent events', () => {
  it('a positive result reaches the listening tracer of its commune, and not another commune', async () => {
    const communeB = await otherCommune(t);
    const tracerA = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const officerB = await signInAs(t, 'commune_officer', communeB.communeCode);
    const [an, binh] = await household(t, COMMUNE_A, [
      { fullName: 'Nguyễn Văn An', dateOfBirth: '1980-02-01' },
      { fullName: 'Trần Thị Bình', dateOfBirth: '1982-05-06' },
    ]);
    const [dung] = await household(t, communeB, [{ fullName: 'Lê Văn Dũng', dateOfBirth: '1975-03-03' }]);
    const streamA = await openStream(tracerA.headers);
    const streamB = await openStream(officerB.headers);
    try {
      const positive = positiveFor;
      const { caseId } = await positive(an!, '00000000-0000-4000-8000-000000000001');
      const caseEvent = await streamA.next((e) => e.event === 'case');
      expect(caseEvent.data).toEqual({ kind: 'case', id: caseId, personId: an, caseId });
      const contactEvent = await streamA.next((e) => e.event === 'contact');
      expect(contactEvent.data).toMatchObject({ kind: 'contact', personId: binh, caseId });
      // No names, phones or places travel in an event.
      expect(JSON.stringify(streamA.received)).not.toMatch(/Nguyễn|Bình|28756/u);

      // Then something happens in commune B: B's officer hears it, and heard nothing of commune A before it.
      const b = await positive(dung!, '00000000-0000-4000-8000-000000000002');
      const first = await streamB.next(() => true);
      expect(first.data).toMatchObject({ kind: 'case', id: b.caseId, personId: dung });
    } finally {
      streamA.close();
      streamB.close();
    }
  });

  it('a citizen hears changes of their own household’s records on /api/me/events, and nobody else’s', async () => {
    const [father, son] = await household(t, COMMUNE_A, [
      { fullName: 'Võ Văn Phúc', phone: '0912777001', dateOfBirth: '1970-01-01', sex: 'male' },
      { fullName: 'Võ Minh Quân', dateOfBirth: '2015-06-01', sex: 'male' },
    ]);
    const [stranger] = await household(t, COMMUNE_A, [{ fullName: 'Đỗ Thị Sen', dateOfBirth: '1988-08-08' }]);
    const citizen = await citizenHeaders(t, '0912777001');
    const stream = await openStream(citizen, '/api/me/events');
    try {
      // Someone else's positive result first: nothing of it reaches this citizen.
      const other = await positiveFor(stranger!, '00000000-0000-4000-8000-000000000004');
      const mine = await positiveFor(son!, '00000000-0000-4000-8000-000000000005');
      const event = await stream.next((e) => e.event === 'epiStatus' && e.data.personId === son);
      expect(event.data).toMatchObject({ kind: 'epiStatus', personId: son });
      // The father is the son's household contact: his own standing changes too (proposed F1).
      await stream.next((e) => e.event === 'epiStatus' && e.data.personId === father);
      const ids = stream.received.map((e) => e.data.personId);
      expect(ids).not.toContain(stranger);
      expect(stream.received.map((e) => e.data.caseId)).not.toContain(other.caseId);
      expect(mine.caseId).toBeTruthy();
    } finally {
      stream.close();
    }
    // An official's stream is not open to a citizen, nor the citizen's to an anonymous caller.
    expect((await fetch(`${base}/api/events`, { headers: { cookie: citizen.cookie! } })).status).toBe(401);
    expect((await fetch(`${base}/api/me/events`)).status).toBe(401);
  });

  // PostgreSQL only: PGlite's notifications do not travel over a connection that could drop.
  it.runIf(process.env.DATABASE_URL)(
    'on PostgreSQL, a dropped listening connection ends the streams; the reconnecting screen hears again',
    async () => {
      const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
      const stream = await openStream(tracer.headers);
      const killed = await queryRows<{ ok: boolean }>(
        t.database.db,
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity
            where datname = current_database() and query ilike 'LISTEN%'`,
      );
      expect(killed).toEqual([{ ok: true }]);
      await expect(stream.next(() => false)).rejects.toThrow('stream ended');
      // What EventSource does after an ended stream: connect again, and events flow.
      const again = await openStream(tracer.headers);
      try {
        const [eve] = await household(t, COMMUNE_A, [{ fullName: 'Phạm Thị Én', dateOfBirth: '1990-09-09' }]);
        const { caseId } = await positiveFor(eve!, '00000000-0000-4000-8000-000000000003');
        expect((await again.next((e) => e.event === 'case')).data).toMatchObject({ id: caseId });
      } finally {
        again.close();
      }
    },
  );

  it('closing the app ends the open streams instead of waiting for them', async () => {
    const tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
    const stream = await openStream(tracer.headers);
    await t.app.close();
    await expect(stream.next(() => false)).rejects.toThrow('stream ended');
  });
});
