/**
 * Low item — one citizen filling a test slot. Before the fix a signed-in citizen could book the
 * same record again and again until the slot was full. Now a person holds at most one place per
 * slot (booked or collected), so a citizen holds at most one per record in their care; the rest
 * are refused with a translated 409, and the slot's count does not move.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { citizenHeaders, sessionAt, siteAt } from '../../src/testing/test-fixtures.ts';
import { addPeople, createTestApp } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { HOME } from './places.ts';

describe('low: a citizen takes one place per record in a test slot', () => {
  let t: TestApp;
  let me = '';
  let sessionId = '';
  beforeAll(async () => {
    t = await createTestApp();
    const [p] = await addPeople(t.database, [
      { fullName: 'Đinh Văn Đặt Chỗ', dateOfBirth: '1979-09-09', phone: '0907444555', ...HOME },
    ]);
    me = p!.personId;
    const siteId = await siteAt(t.database.db, HOME);
    sessionId = await sessionAt(t.database.db, siteId, HOME, { capacity: 5 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('books once; the next four tries are refused and the slot keeps four places free', async () => {
    const headers = await citizenHeaders(t, '0907444555');
    const answers: { status: number; code?: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/me/testing/registrations',
        headers,
        payload: { personId: me, sessionId, testType: 'rtPcr', reason: 'symptoms' },
      });
      answers.push(
        res.statusCode === 201
          ? { status: 201 }
          : { status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code },
      );
    }
    expect(answers).toEqual([
      { status: 201 },
      ...Array.from({ length: 4 }, () => ({ status: 409, code: 'TEST_SLOT_ALREADY_BOOKED' })),
    ]);
    const [slot] = await queryRows<{ booked: number; regs: string }>(
      t.database.db,
      sql`select booked, (select count(*) from test_registrations where session_id = ${sessionId}) as regs
          from test_sessions where id = ${sessionId}`,
    );
    expect([slot!.booked, Number(slot!.regs)]).toEqual([1, 1]);
  });
});
