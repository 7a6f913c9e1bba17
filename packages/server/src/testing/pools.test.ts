/**
 * Pooled RT-PCR against a real database (PGlite and PostgreSQL): a lab technician pools
 * specimens up to the policy's size; a negative pool gives every member a negative result of
 * their own; a positive pool recalls every member for an individual test and tells them by SMS.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { policyRules } from '../db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { HOME, siteAt, specimenAt } from './test-fixtures.ts';

let t: TestApp;
let lab: Record<string, string>;
let siteId = '';
let people: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  siteId = await siteAt(t.database.db, HOME, 'Điểm lấy mẫu chợ Phường 1');
  const added = await addPeople(
    t.database,
    ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Văn Cường', 'Phạm Thị Dung', 'Võ Văn Em', 'Đặng Thị Phương'].map(
      (fullName, i) => ({
        fullName,
        dateOfBirth: `199${i}-01-0${i + 1}`,
        phone: `09123460${10 + i}`,
        ...HOME,
      }),
    ),
  );
  people = added.map((a) => a.personId);
  // The province set pools of at most 3 (a newer policy version).
  await t.database.db.insert(policyRules).values({
    key: 'testing.poolMaxSize',
    diseaseCode: null,
    effectiveFrom: '2025-01-01',
    value: 3,
    source: { document: 'test' },
    verification: 'confirmed',
  });
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: lab, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: lab });

async function poolOf(personIds: string[]) {
  const created = await post('/api/testing/pools', { siteId });
  expect(created.statusCode, created.body).toBe(201);
  const poolId = created.json<{ id: string }>().id;
  const barcodes = [];
  for (const personId of personIds) {
    const { barcode } = await specimenAt(t.database.db, personId, HOME, { siteId });
    const add = await post(`/api/testing/pools/${poolId}/specimens`, { barcode });
    expect(add.statusCode, add.body).toBe(200);
    barcodes.push(barcode);
  }
  return { poolId, barcodes };
}

describe('pooled PCR', () => {
  it('a pool takes PCR specimens up to the size in policy, and no rapid tests', async () => {
    const { poolId } = await poolOf(people.slice(0, 3));
    const fourth = await specimenAt(t.database.db, people[3]!, HOME, { siteId });
    const full = await post(`/api/testing/pools/${poolId}/specimens`, { barcode: fourth.barcode });
    expect(full.statusCode).toBe(409);
    expect(full.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'POOL_REFUSED',
      message: expect.stringContaining('3') as unknown,
    });
    const other = await post('/api/testing/pools', { siteId });
    const otherId = other.json<{ id: string }>().id;
    const rapid = await specimenAt(t.database.db, people[3]!, HOME, { siteId, testType: 'rapidAntigen' });
    const refused = await post(`/api/testing/pools/${otherId}/specimens`, { barcode: rapid.barcode });
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('POOL_REFUSED');
    const detail = await get(`/api/testing/pools/${poolId}`);
    expect(detail.json<{ pool: { size: number }; maxSize: number }>()).toMatchObject({
      pool: { size: 3 },
      maxSize: 3,
    });
  });

  it('a negative pool clears its members: each gets a negative result of their own', async () => {
    const { poolId, barcodes } = await poolOf(people.slice(3, 6));
    const res = await post(`/api/testing/pools/${poolId}/result`, { outcome: 'negative' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'negative', cleared: 3, recalled: 0 });
    const rows = await queryRows<{ barcode: string; outcome: string; source: string; pool_id: string }>(
      t.database.db,
      sql`select s.barcode, r.outcome, r.source, r.pool_id from test_results r join specimens s on s.id = r.specimen_id
          where r.pool_id = ${poolId} order by s.barcode`,
    );
    expect(rows.map((r) => [r.barcode, r.outcome, r.source])).toEqual(
      [...barcodes].sort().map((b) => [b, 'negative', 'pool']),
    );
    const events = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'testing.result_recorded' and payload->>'source' = 'pool'`,
    );
    expect(events[0]!.n).toBe(3);
    // A resulted pool takes no second result.
    const again = await post(`/api/testing/pools/${poolId}/result`, { outcome: 'positive', ct: 25 });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('RESULT_EXISTS');
  });

  it('a positive pool recalls every member for an individual test and tells them', async () => {
    const members = people.slice(0, 3);
    const { poolId } = await poolOf(members);
    const res = await post(`/api/testing/pools/${poolId}/result`, { outcome: 'positive', ct: 24.1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'positive', cleared: 0, recalled: 3 });
    // No one has a positive result from a pool: a pool is not a person.
    const [pos] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from test_results where pool_id = ${poolId}`,
    );
    expect(pos!.n).toBe(0);
    const recalls = await queryRows<{ person_id: string; status: string; reason: string }>(
      t.database.db,
      sql`select r.person_id, r.status, r.reason from test_registrations r
          join specimens s on s.id = r.recall_of_specimen_id where s.pool_id = ${poolId}`,
    );
    expect(recalls.map((r) => r.person_id).sort()).toEqual([...members].sort());
    expect(new Set(recalls.map((r) => `${r.status}/${r.reason}`))).toEqual(new Set(['booked/recall']));
    const sms = await queryRows<{ to: string; body: string }>(
      t.database.db,
      sql`select payload->>'to' as to, payload->>'body' as body from outbox
          where topic = 'notification.send' and payload->>'body' like '%xét nghiệm lại%'`,
    );
    expect(sms.map((m) => m.to).sort()).toEqual(['0912346010', '0912346011', '0912346012']);
    expect(sms[0]!.body).toContain('Điểm lấy mẫu chợ Phường 1');

    // The recalled person is collected again individually; that result is theirs.
    const regs = await get(`/api/testing/registrations?siteId=${siteId}&status=booked`);
    const recall = regs
      .json<{ items: { id: string; personId: string; reason: string }[] }>()
      .items.find((r) => r.personId === members[0] && r.reason === 'recall')!;
    const collected = await post('/api/testing/specimens', { registrationId: recall.id });
    expect(collected.statusCode, collected.body).toBe(201);
    const single = await post('/api/testing/results', {
      barcode: collected.json<{ barcode: string }>().barcode,
      outcome: 'positive',
      ct: 22,
    });
    expect(single.statusCode, single.body).toBe(201);
    // The individual positive PCR reached the case module in the same transaction: a confirmed case.
    const caseId = single.json<{ caseId: string | null }>().caseId;
    expect(caseId).toEqual(expect.any(String));
    const [kase] = await queryRows<{ person_id: string; classification: string }>(
      t.database.db,
      sql`select person_id, classification from cases where id = ${caseId}`,
    );
    expect(kase).toEqual({ person_id: members[0], classification: 'confirmed' });
    const page = await get(`/api/persons/${members[0]}/testing`);
    expect(page.json<{ results: { outcome: string; source: string }[] }>().results).toEqual([
      expect.objectContaining({ outcome: 'positive', source: 'entry' }),
    ]);
  });
});
