/**
 * The outbreak list is keyset-paginated (issue #11 item 1: it was complete but unbounded): 620
 * outbreaks seeded in one statement, many starting the same day, are walked by cursor oldest first,
 * each once, filtered by disease in SQL. On PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.execute(sql`
    insert into outbreaks (disease_code, name, province_code, started_on)
    select case when g % 4 = 0 then 'DENGUE' else 'COVID-19' end, 'Ổ dịch ' || g, '83', date '2025-01-01' + (g / 10)
    from generate_series(1, 620) g`);
});
afterAll(async () => {
  await t?.close();
});

describe('outbreaks at scale', () => {
  it('walks the COVID-19 outbreaks by cursor, oldest first, each once', async () => {
    const epi = await signInAs(t, 'provincial_epidemiologist', '83');
    const seen: { name: string; startedOn: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/outbreaks?diseaseCode=COVID-19&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: epi.headers });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { name: string; startedOn: string }[]; nextCursor: string | null }>();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(465);
    expect(new Set(seen.map((o) => o.name)).size).toBe(465);
    const days = seen.map((o) => o.startedOn);
    expect(days).toEqual([...days].sort());
  });
});
