/**
 * F-degrees under concurrency (issue #11 item 2): the lock of an incremental update is as narrow
 * as the people it touches. While one confirmation is held open (its transaction not committed),
 * a tracer confirming a contact in a distant part of the SAME component is not kept waiting, and
 * a tracer confirming a contact downstream of the held one is applied after it, on what it
 * committed: afterwards every degree equals a search from scratch. Needs concurrent transactions
 * (PostgreSQL; PGlite has one connection and runs transactions one after the other).
 */
import { computeDegrees } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { loadComponent, recomputeComponent, seedsOf } from './graph.ts';
import { updateDegreesFrom, withEpiGraphRetry } from './graphIncremental.ts';
import { COMMUNE_A } from './test-fixtures.ts';

let t: TestApp;
let tracer: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  tracer = (await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers;
});
afterAll(async () => {
  await t?.close();
});

// PostgreSQL only: tracers' transactions running at once need connections of their own (PGlite has one).
describe.runIf(process.env.DATABASE_URL)('the lock of an incremental degree update', () => {
  it('keeps distant tracers of one component working and orders those touching the same people', async () => {
    const db = t.database.db;
    // One F0 (person 0) and two chains of proposed edges out of it: 0 → 1 → … → 9 and 0 → 10 → … → 19.
    const ids = (
      await queryRows<{ id: string }>(
        db,
        sql`insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
          select 'Người ' || k, 'nguoi ' || k, ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode},
            ${COMMUNE_A.communeCode}, 'test'
          from generate_series(0, 19) k order by k returning id`,
      )
    ).map((r) => r.id);
    const [kase] = await queryRows<{ id: string }>(
      db,
      sql`insert into cases (person_id, disease_code, classification, evidence, sample_date, infectious_from,
          province_code, district_code, commune_code)
        values (${ids[0]!}, 'COVID-19', 'confirmed', '[]'::jsonb, current_date, now() - interval '2 days',
          ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode}, ${COMMUNE_A.communeCode})
        returning id`,
    );
    const edges = [
      ...Array.from({ length: 9 }, (_, k) => ({ s: ids[k]!, p: ids[k + 1]! })),
      { s: ids[0]!, p: ids[10]! },
      ...Array.from({ length: 9 }, (_, k) => ({ s: ids[k + 10]!, p: ids[k + 11]! })),
    ];
    const contactOf = new Map(
      (
        await queryRows<{ id: string; p: string }>(
          db,
          sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source, status,
              province_code, district_code, commune_code)
            select ${kase!.id}::uuid, x.s, x.p, 'COVID-19', 'proximity', 'interview', 'proposed',
              ${COMMUNE_A.provinceCode}, ${COMMUNE_A.districtCode}, ${COMMUNE_A.communeCode}
            from jsonb_to_recordset(${JSON.stringify(edges)}::jsonb) as x(s uuid, p uuid)
            returning id, person_id as p`,
        )
      ).map((r) => [r.p, r.id]),
    );
    await db.transaction((tx) => recomputeComponent(tx, [ids[0]!], 'COVID-19'));
    const confirm = (personIndex: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/contacts/${contactOf.get(ids[personIndex]!)}/decision`,
        headers: tracer,
        payload: { decision: 'confirm' },
      });
    // The first edges of both chains confirmed: persons 1 and 10 are F1.
    expect((await confirm(1)).statusCode).toBe(200);
    expect((await confirm(10)).statusCode).toBe(200);

    // Held open: the edge 1 → 2 confirmed and its update applied (person 2 becomes F2), not committed.
    let release!: () => void;
    let applied!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => (applied = resolve));
    const holder = withEpiGraphRetry(db, async (tx) => {
      await tx.execute(
        sql`update contacts set status = 'confirmed', follow_up_status = 'active', monitoring_until = '2099-01-01'
          where id = ${contactOf.get(ids[2]!)!}`,
      );
      await updateDegreesFrom(tx, [ids[2]!], 'COVID-19');
      applied();
      await released;
    });
    await held;

    // A distant part of the same component (the other chain): done while the first is still open.
    const distant = await confirm(11);
    expect(distant.statusCode, distant.body).toBe(200);

    // Downstream of the held update (2 → 3 reads person 2): applied only after it commits.
    let downstreamDone = false;
    const downstream = confirm(3).then((res) => {
      downstreamDone = true;
      return res;
    });
    // It retries while person 3 is held, then waits for the graph lock exclusive.
    await expect
      .poll(
        async () =>
          (
            await queryRows<{ n: number }>(
              db,
              sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
                and database = (select oid from pg_database where datname = current_database())`,
            )
          )[0]!.n,
        { timeout: 120_000, interval: 50 },
      )
      .toBeGreaterThan(0);
    const [uncommitted] = await queryRows<{ degree: number | null }>(
      db,
      sql`select degree from person_epi_status where person_id = ${ids[2]!} and disease_code = 'COVID-19'`,
    );
    expect(uncommitted?.degree ?? null).toBeNull();
    expect(downstreamDone).toBe(false);
    release();
    await holder;
    expect((await downstream).statusCode).toBe(200);

    // Every degree as a search from scratch gives it: 0, 1, 2, 3 down the first chain, 0, 1, 2 down the other.
    const { people, edges: all } = await loadComponent(db, [ids[0]!], 'COVID-19');
    const expected = computeDegrees(await seedsOf(db, people, 'COVID-19'), all);
    const stored = new Map(
      (
        await queryRows<{ person_id: string; degree: number | null; proposed_degree: number | null }>(
          db,
          sql`select person_id, degree, proposed_degree from person_epi_status where disease_code = 'COVID-19'`,
        )
      ).map((r) => [r.person_id, r]),
    );
    for (const id of people) {
      expect(stored.get(id)?.degree ?? null).toBe(expected.get(id)?.degree ?? null);
      expect(stored.get(id)?.proposed_degree ?? null).toBe(expected.get(id)?.proposedDegree ?? null);
    }
    expect([1, 2, 3, 11].map((k) => stored.get(ids[k]!)?.degree)).toEqual([1, 2, 3, 2]);
  }, 240_000);
});
