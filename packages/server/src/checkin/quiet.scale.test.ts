/**
 * Quiet venues at province scale (issue #11 item 1): the activity dashboard listed at most 500
 * venues gone quiet; now its first page says where the rest continue (`quietNextCursor`) and
 * GET /api/checkins/activity/quiet follows the cursor to every quiet venue, once each.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A } from '../cases/test-fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

const QUIET = 650;

interface QuietPage {
  items: { id: string; name: string }[];
  nextCursor: string | null;
}

describe('quiet venues past the old cap of 500', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    // 650 approved venues that never had a check-in (one statement); names sort by number.
    await t.database.db.execute(sql`
      insert into venues (name, type, address, province_code, district_code, commune_code, status)
      select 'Quán ' || lpad(g::text, 4, '0'), 'restaurant', 'Ấp ' || g, ${provinceCode}, ${districtCode},
        ${communeCode}, 'approved'
      from generate_series(1, ${QUIET}) g`);
    officer = (await signInAs(t, 'province_admin', provinceCode)).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the dashboard gives the first page and a cursor; following it reaches all 650, the last one too', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/api/checkins/activity', headers: officer });
    expect(first.statusCode, first.body).toBe(200);
    const report = first.json<{ quiet: QuietPage['items']; quietNextCursor: string | null }>();
    const seen = report.quiet.map((q) => q.name);
    let cursor = report.quietNextCursor;
    expect(cursor).not.toBeNull();
    while (cursor !== null) {
      const url: string = `/api/checkins/activity/quiet?limit=500&cursor=${encodeURIComponent(cursor)}`;
      const res = await t.app.inject({ method: 'GET', url, headers: officer });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<QuietPage>();
      seen.push(...page.items.map((q) => q.name));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(QUIET);
    expect(new Set(seen).size).toBe(QUIET);
    expect(seen.at(-1)).toBe('Quán 0650');
  });
});
