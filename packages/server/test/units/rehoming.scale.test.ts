/**
 * The re-homing review queue is keyset-paginated (issue #11 item 1: it was cut at 500 rows): 1,230
 * open reviews seeded in one statement (one timestamp, so the id breaks ties) are walked by cursor,
 * oldest first, each once; decided reviews and another province's stay out. On PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.execute(sql`
    insert into unit_rehoming_reviews (change_set, entity, entity_id, old_code, province_code, candidates, status)
    select 'scale', 'household', 'h-' || g, '28756', case when g % 10 = 0 then '86' else '83' end,
           '[{"code":"28756","name":"Phường 1","share":1}]'::jsonb, case when g % 7 = 0 then 'decided' else 'open' end
    from generate_series(1, 1500) g`);
});
afterAll(async () => {
  await t?.close();
});

describe('re-homing queue at scale', () => {
  it("walks every open review of the province's queue by cursor", async () => {
    const admin = await signInAs(t, 'province_admin', '83');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/units/rehoming-reviews?limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: admin.headers });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { entityId: string }[]; nextCursor: string | null }>();
      seen.push(...page.items.map((i) => i.entityId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    // 1,500 rows: 150 of province 86, and of the 1,350 left those decided (g % 7 = 0, not % 10) out.
    const expected = Array.from({ length: 1500 }, (_, i) => i + 1).filter((g) => g % 10 !== 0 && g % 7 !== 0);
    expect(expected).toHaveLength(1157);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(expected.map((g) => `h-${g}`).sort());
  });
});
