/**
 * The demo province gets a few cases through the real seam, so the cases pages show something on
 * `npm start` (both databases).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { ensureDemo } from '../demo/seed.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

it('demo cases in Phú Khương: confirmed F0s, their households proposed, a confirmed F1 with daily follow-ups, F2 candidates', async () => {
  await ensureDemo(database.db, { provinceCode: '83', scale: 0.003, seed: 20211101 });
  const cases = await queryRows<{ classification: string; commune_code: string }>(
    database.db,
    sql`select classification, commune_code from cases`,
  );
  expect(cases.length).toBeGreaterThanOrEqual(2);
  expect(new Set(cases.map((c) => c.classification))).toEqual(new Set(['confirmed']));
  const statuses = await queryRows<{ status: string }>(
    database.db,
    sql`select distinct status from person_epi_status`,
  );
  expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['f0', 'f1']));
  const [followUps] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from contact_followups`,
  );
  expect(followUps!.n).toBeGreaterThan(0);
  const [tracer] = await queryRows<{ role: string }>(
    database.db,
    sql`select role from users where username = 'truyvet.phukhuong'`,
  );
  expect(tracer!.role).toBe('tracer');
  // A whole demo seed (people through linkage, vaccination, the epidemic history) on a shared machine.
}, 180_000);
