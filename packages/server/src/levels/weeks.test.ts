import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

/**
 * The list of weeks assessed (issue #11 item 1): a province assesses a week every week, so after
 * a few years the list is longer than one answer — it is keyset-paginated and following
 * `nextCursor` reaches the very first week (the list stopped at the newest 120 before).
 */
describe('the weeks assessed, twenty years of them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('pages from the newest week back to the first, each once', async () => {
    // 1,040 Mondays in one statement, the oldest confirmed, the newest proposed.
    await t.database.db.execute(sql`
      insert into epidemic_level_weeks (province_code, disease, week, status, assessed_from, assessed_to,
                                        rules, compute_ms, confirmed_at)
      select '83', 'COVID-19', w::date, case when g > 1 then 'confirmed' else 'proposed' end,
             w::date - 14, w::date - 1, '{}'::jsonb, 5, case when g > 1 then w + interval '2 days' end
      from generate_series(1, 1040) g, lateral (select date '2021-11-08' - (g - 1) * 7 as w) m`);
    await t.database.db.execute(sql`
      insert into epidemic_level_weeks (province_code, disease, week, assessed_from, assessed_to, rules, compute_ms)
      values ('83', 'OTHER-1', date '2021-11-15', date '2021-11-01', date '2021-11-14', '{}'::jsonb, 5)`);
    const { headers } = await signInAs(t, 'steering_committee', '83');

    const weeks: { week: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/levels/weeks?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: { week: string; status: string }[]; nextCursor: string | null }>();
      weeks.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);

    expect(weeks).toHaveLength(1040); // the other disease's week is not in this list
    expect(new Set(weeks.map((w) => w.week)).size).toBe(1040);
    expect(weeks[0]).toEqual(expect.objectContaining({ week: '2021-11-08', status: 'proposed' }));
    expect(weeks.at(-1)?.week).toBe('2001-12-10');
    const order = weeks.map((w) => w.week);
    expect(order).toEqual([...order].sort().reverse());
  });
});
