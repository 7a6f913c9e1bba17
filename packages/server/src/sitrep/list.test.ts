import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

interface Listed {
  id: string;
  unitCode: string;
  day: string;
}

/**
 * The stored sitreps list at province scale (issue #11 item 1): a province keeps one report per unit
 * and day for years, so the list is keyset-paginated and a caller who follows `nextCursor` sees every
 * report of their jurisdiction once, newest first — none left behind a fixed cap.
 */
describe('the stored sitreps, years of them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function everyPage(headers: Record<string, string>, unit?: string): Promise<Listed[]> {
    const seen: Listed[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ limit: '200' });
      if (unit) params.set('unit', unit);
      if (cursor !== null) params.set('cursor', cursor);
      const res = await t.app.inject({ method: 'GET', url: `/api/sitreps?${params.toString()}`, headers });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: Listed[]; nextCursor: string | null }>();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return seen;
  }

  it('pages through 2,400 reports of two districts; a district sees only its own 1,200, each once', async () => {
    const province = await signInAs(t, 'provincial_epidemiologist', '83');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers: province.headers,
      payload: { unitCode: '831', day: '2021-08-10' },
    });
    expect(made.statusCode).toBe(201);
    // Copies of that report in one statement: Châu Thành (831) and Bến Tre city (829), 600 days
    // back, two a day (an on-demand report beside the scheduled one: the same day, the key's tie);
    // the files are stand-ins, the list never reads them.
    await t.database.db.execute(sql`
      insert into sitreps (unit_code, unit_name, province_code, district_code, day, disease_code, lang,
                           kind, generated_at, headline, pdf, xlsx)
      select u, s.unit_name, s.province_code, u, s.day - (g / 2), s.disease_code, s.lang,
             case when g % 2 = 0 then 'scheduled' else 'on-demand' end, s.generated_at, s.headline,
             decode('25504446', 'hex'), decode('504b', 'hex')
      from sitreps s, unnest(array['831', '829']) u, generate_series(2, 1201) g`);

    const all = await everyPage(province.headers);
    expect(all).toHaveLength(2401);
    expect(new Set(all.map((s) => s.id)).size).toBe(2401);
    const days = all.map((s) => s.day);
    expect(days).toEqual([...days].sort().reverse());

    const district = await signInAs(t, 'district_officer', '831');
    const own = await everyPage(district.headers);
    expect(own).toHaveLength(1201);
    expect(new Set(own.map((s) => s.unitCode))).toEqual(new Set(['831']));
    // The unit filter is in SQL too: the province's own reports of Bến Tre city only.
    expect(await everyPage(province.headers, '829')).toHaveLength(1200);
  });
});
