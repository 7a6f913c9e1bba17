/**
 * F-degrees under concurrency (issue #11 item 2), on PGlite and PostgreSQL: tracers confirm many
 * contacts of ONE component at the same time; afterwards every stored degree equals a search
 * from scratch over the final graph (no lost update), and the component is never cut.
 */
import { addDays, computeDegrees, localDate } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { loadComponent, recomputeComponent, seedsOf, statusFacts } from './graph.ts';
import { COMMUNE_A } from './test-fixtures.ts';

let t: TestApp;
const tracers: Record<string, string>[] = [];

beforeAll(async () => {
  t = await createTestApp();
  for (let i = 0; i < 4; i++) tracers.push((await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers);
});
afterAll(async () => {
  await t?.close();
});

/** Stored degrees and statuses of the component compared with a from-scratch search. */
async function mismatches(seed: string): Promise<{ people: number; wrong: string[] }> {
  const { people, edges } = await loadComponent(t.database.db, [seed], 'COVID-19');
  const expected = computeDegrees(await seedsOf(t.database.db, people, 'COVID-19'), edges);
  const statusOf = await statusFacts(t.database.db, people, 'COVID-19', localDate(new Date()));
  const stored = await queryRows<{
    person_id: string;
    degree: number | null;
    proposed_degree: number | null;
    status: string;
  }>(
    t.database.db,
    sql`select person_id, degree, proposed_degree, status from person_epi_status where disease_code = 'COVID-19'`,
  );
  const byId = new Map(stored.map((r) => [r.person_id, r]));
  const wrong = people.filter((id) => {
    const e = expected.get(id);
    const s = byId.get(id);
    const d = { degree: e?.degree ?? null, proposedDegree: e?.proposedDegree ?? null };
    return (
      (s?.degree ?? null) !== d.degree ||
      (s?.proposed_degree ?? null) !== d.proposedDegree ||
      (s?.status ?? null) !== statusOf(id, d)
    );
  });
  return { people: people.length, wrong };
}

describe('tracers confirming contacts in one component at the same time', () => {
  it('leave every degree as a search from scratch gives it', async () => {
    const db = t.database.db;
    // 120 people in one commune; 3 F0s; a chain 0 → 1 → 2 → … of proposed edges plus shortcuts, so
    // each confirmation lowers degrees downstream of another tracer's work.
    const people = await queryRows<{ id: string }>(
      db,
      sql`insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        select 'Người ' || k, 'nguoi ' || k, ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode},
          ${COMMUNE_A.communeCode}, 'test'
        from generate_series(0, 119) k order by k returning id`,
    );
    const ids = people.map((p) => p.id);
    const cases = await queryRows<{ id: string }>(
      db,
      sql`insert into cases (person_id, disease_code, classification, evidence, sample_date, infectious_from,
          province_code, district_code, commune_code)
        select unnest(${`{${ids.slice(0, 3).join(',')}}`}::uuid[]), 'COVID-19', 'confirmed', '[]'::jsonb,
          current_date, now() - interval '2 days', ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode},
          ${COMMUNE_A.communeCode}
        returning id`,
    );
    const edges: { s: string; p: string }[] = [];
    for (let k = 1; k < 120; k++) edges.push({ s: ids[k - 1]!, p: ids[k]! });
    for (let k = 10; k < 120; k += 7) edges.push({ s: ids[k % 3]!, p: ids[k]! });
    for (let k = 20; k < 120; k += 11) edges.push({ s: ids[k - 15]!, p: ids[k]! });
    await db.execute(
      sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source, status,
          province_code, district_code, commune_code)
        select ${cases[0]!.id}::uuid, x.s, x.p, 'COVID-19', 'proximity', 'interview', 'proposed',
          ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode}, ${COMMUNE_A.communeCode}
        from jsonb_to_recordset(${JSON.stringify(edges)}::jsonb) as x(s uuid, p uuid)
        on conflict do nothing`,
    );
    await db.transaction((tx) => recomputeComponent(tx, [ids[0]!], 'COVID-19'));
    expect((await mismatches(ids[0]!)).wrong).toEqual([]);

    // Every proposed edge confirmed, four tracers at once, in an order that interleaves the chain.
    const contactIds = (
      await queryRows<{ id: string }>(db, sql`select id from contacts where status = 'proposed' order by id`)
    ).map((r) => r.id);
    expect(contactIds.length).toBeGreaterThan(120);
    await Promise.all(
      tracers.map(async (headers, i) => {
        for (let k = i; k < contactIds.length; k += tracers.length) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/contacts/${contactIds[k]}/decision`,
            headers,
            payload: { decision: 'confirm' },
          });
          expect(res.statusCode, res.body).toBe(200);
        }
      }),
    );
    const after = await mismatches(ids[0]!);
    expect(after.people).toBe(120);
    expect(after.wrong).toEqual([]);
    // Each decision's outbox row (enqueued in the live events' statement) committed with it.
    const [queued] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from outbox where topic = 'contact.decided'`,
    );
    expect(queued!.n).toBe(contactIds.length);
    const [deepest] = await queryRows<{ max: number }>(
      db,
      sql`select max(degree)::int as max from person_epi_status where disease_code = 'COVID-19'`,
    );
    expect(deepest!.max).toBeGreaterThan(1);

    // A dismissal (degrees may rise downstream) recomputes the component: still exact.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/contacts/${contactIds[5]}/decision`,
      headers: tracers[0]!,
      payload: { decision: 'dismiss' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await mismatches(ids[0]!)).wrong).toEqual([]);

    // An F0's case closed with an outcome three days ago: its contacts exposed today no longer
    // count, so degrees below them rise — updated from the F0 and whom it exposed, not the whole
    // component — then reopened: back as before. Exact each time.
    await db.execute(
      sql`update contacts set exposure_date = current_date where source_person_id = ${ids[1]!}`,
    );
    await db.transaction((tx) => recomputeComponent(tx, [ids[0]!], 'COVID-19'));
    const degreesNow = async () =>
      new Map(
        (
          await queryRows<{ person_id: string; degree: number | null }>(
            db,
            sql`select person_id, degree from person_epi_status where disease_code = 'COVID-19'`,
          )
        ).map((r) => [r.person_id, r.degree]),
      );
    const open = await degreesNow();
    const officer = (await signInAs(t, 'district_officer', COMMUNE_A.districtCode)).headers;
    const [f0Case] = await queryRows<{ id: string }>(
      db,
      sql`select id from cases where person_id = ${ids[1]!}`,
    );
    const patch = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/cases/${f0Case!.id}`, headers: officer, payload });
    const closed = await patch({ outcome: 'recovered', outcomeDate: addDays(localDate(new Date()), -3) });
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await mismatches(ids[0]!)).wrong).toEqual([]);
    const afterClosing = await degreesNow();
    expect([...open].filter(([id, d]) => afterClosing.get(id) !== d).length).toBeGreaterThan(0);
    const reopened = await patch({ outcome: null });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await mismatches(ids[0]!)).wrong).toEqual([]);
    expect(await degreesNow()).toEqual(open);
  }, 240_000);
});
