/**
 * Item 1 — inferring anyone's health status. A commune tracer names a person of another
 * district (name + CCCD) as a contact in an interview on one of their own cases, then reads the
 * chain graph and the clusters, hoping to learn whether that person is an F0 and where. Nothing
 * comes back but a count: the interview links nothing to the foreign record (no false contact
 * edge onto it, no person created over there): the named details are referred to the person's
 * own commune, whose tracer reviews them. Outbreak counts cover only the caller's cases.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { applyTestResult } from '../../src/cases/intake.ts';
import { queryRows } from '../../src/db/client.ts';
import { outbreaks } from '../../src/db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { auditRows, HOME, otherDistrictCommune } from './places.ts';
import type { Place } from './places.ts';

let t: TestApp;
let other: Place;
let tracer: Record<string, string>;
let ownCaseId = '';
let ownPersonId = '';
let victimId = '';
let outbreakId = '';
let serial = 0;

/** A positive result, as the testing module would store it: it opens a confirmed case. */
async function positive(personId: string): Promise<string> {
  const resultId = `00000000-0000-4000-9000-${String(++serial).padStart(12, '0')}`;
  await t.database.db.transaction((tx) =>
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
        sampledAt: new Date(Date.now() - 2 * 86_400_000),
        symptomatic: true,
      },
      { ip: null },
    ),
  );
  const [c] = await queryRows<{ id: string }>(
    t.database.db,
    sql`select id from cases where person_id = ${personId} order by created_at desc limit 1`,
  );
  return c!.id;
}

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await createTestApp();
  other = await otherDistrictCommune(t);
  const [own, victim] = await addPeople(t.database, [
    { fullName: 'Phạm Văn Nhà', dateOfBirth: '1980-01-01', phone: '0918000001', ...HOME },
    {
      fullName: 'Võ Thị Nạn Nhân',
      dateOfBirth: '1985-05-05',
      sex: 'female',
      cccd: '083185000777',
      phone: '0918000002',
      ...other,
    },
  ]);
  ownPersonId = own!.personId;
  victimId = victim!.personId;
  ownCaseId = await positive(ownPersonId);
  // The person the attacker is curious about is an F0 in another district.
  const victimCase = await positive(victimId);
  const [o] = await t.database.db
    .insert(outbreaks)
    .values({ diseaseCode: 'COVID-19', name: 'Ổ dịch thử', provinceCode: '83', startedOn: '2026-11-01' })
    .returning({ id: outbreaks.id });
  outbreakId = o!.id;
  await t.database.db.execute(
    sql`update cases set outbreak_id = ${outbreakId} where id in (${ownCaseId}, ${victimCase})`,
  );
  tracer = (await signInAs(t, 'tracer', HOME.communeCode)).headers;
});
afterAll(async () => {
  await t?.close();
});

describe('item 1: naming a foreign person at interview reveals nothing and links nothing', () => {
  it('the interview refers the foreign contact to their commune: no edge, no record, only a count', async () => {
    const before = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from persons`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${ownCaseId}/interview`,
      headers: tracer,
      payload: {
        answers: {},
        contacts: [
          {
            fullName: 'Võ Thị Nạn Nhân',
            idNumber: '083185000777',
            communeCode: other.communeCode,
            exposureType: 'proximity',
          },
          // The same person again, "placed" in the tracer's own commune to force a match.
          {
            fullName: 'Võ Thị Nạn Nhân',
            idNumber: '083185000777',
            dateOfBirth: '1985-05-05',
            exposureType: 'other',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ referred: 1, linked: 0 });
    expect(res.body).not.toContain(victimId);

    // No contact edge onto the foreign record.
    const edges = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from contacts where person_id = ${victimId}`,
    );
    expect(edges[0]!.n).toBe(0);
    // Nobody was created in the other district: the only new record is in the tracer's commune,
    // queued for duplicate review against the foreign one (decided by someone who sees both).
    const created = await queryRows<{ commune_code: string; merged_into: string | null }>(
      t.database.db,
      sql`select commune_code, merged_into from persons order by created_at desc limit 1`,
    );
    expect(created[0]).toEqual({ commune_code: HOME.communeCode, merged_into: null });
    const after = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from persons`);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    const [referral] = await queryRows<{ commune_code: string; status: string }>(
      t.database.db,
      sql`select commune_code, status from contact_referrals where case_id = ${ownCaseId}`,
    );
    expect(referral).toEqual({ commune_code: other.communeCode, status: 'pending' });
    expect((await auditRows(t, 'contact_referral')).map((a) => a.action)).toEqual(['create']);
  });

  it('the chain graph and clusters show no foreign person, only a count', async () => {
    const graph = await get('/api/tracing/graph', tracer);
    expect(graph.statusCode).toBe(200);
    expect(graph.body).not.toContain(victimId);
    expect(graph.body).not.toContain(other.communeCode);
    const clusters = await get('/api/tracing/clusters', tracer);
    expect(clusters.statusCode).toBe(200);
    expect(clusters.body).not.toContain(victimId);
    // Reading clusters is audited like any personal-data read.
    expect((await auditRows(t, 'clusters')).length).toBe(1);
  });

  it('the foreign commune reviews the referral; after linking, the tracer still sees only a count', async () => {
    const theirs = (await signInAs(t, 'tracer', other.communeCode)).headers;
    // The referring tracer cannot see or decide it.
    expect((await get('/api/tracing/referrals', tracer)).json<{ items: unknown[] }>().items).toEqual([]);
    const list = await get('/api/tracing/referrals', theirs);
    const items = list.json<{ items: { id: string; fullName: string }[] }>().items;
    expect(items.map((i) => i.fullName)).toEqual(['Võ Thị Nạn Nhân']);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/tracing/referrals/${items[0]!.id}/decision`,
      headers: tracer,
      payload: { decision: 'link' },
    });
    expect(refused.statusCode).toBe(404);
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/tracing/referrals/${items[0]!.id}/decision`,
      headers: theirs,
      // Their tracer recognises their resident and links the referral to her.
      payload: { decision: 'link', personId: victimId },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'linked', personId: victimId });

    // Now a real edge reaches the foreign F0: the referring tracer's graph counts them, no more.
    const graph = (await get('/api/tracing/graph', tracer)).json<{
      nodes: { id: string }[];
      edges: { from: string; to: string }[];
      outsideJurisdiction: number;
    }>();
    expect(graph.nodes.map((n) => n.id)).not.toContain(victimId);
    expect(graph.edges.flatMap((e) => [e.from, e.to])).not.toContain(victimId);
    expect(graph.outsideJurisdiction).toBeGreaterThanOrEqual(1);
    const clusters = (await get('/api/tracing/clusters', tracer)).json<{
      clusters: { personIds: string[]; outsideJurisdiction: number }[];
    }>();
    expect(clusters.clusters.flatMap((c) => c.personIds)).not.toContain(victimId);
    expect(clusters.clusters.some((c) => c.outsideJurisdiction >= 1)).toBe(true);
    // Their own tracer sees their resident in the graph.
    const theirGraph = (await get('/api/tracing/graph', theirs)).json<{ nodes: { id: string }[] }>();
    expect(theirGraph.nodes.map((n) => n.id)).toContain(victimId);
  });

  it('outbreak case counts cover only the caller’s jurisdiction', async () => {
    const mine = (await get('/api/outbreaks', tracer)).json<{ items: { id: string; caseCount: number }[] }>();
    expect(mine.items.find((o) => o.id === outbreakId)?.caseCount).toBe(1);
    const province = (await signInAs(t, 'provincial_epidemiologist', '83')).headers;
    const all = (await get('/api/outbreaks', province)).json<{
      items: { id: string; caseCount: number }[];
    }>();
    expect(all.items.find((o) => o.id === outbreakId)?.caseCount).toBe(2);
  });
});
