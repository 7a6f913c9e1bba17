/**
 * Session lists at province scale (issue #11 item 1). The sessions list stopped at the newest 200,
 * a session's screen at its newest 1,000 doses, the facility directory at 1,000 sites: a province
 * with a site in every commune and two years of sessions lost the rest silently. Each is now
 * keyset-paginated; a caller following `nextCursor` reaches every row once, the oldest too, and a
 * session says how many doses it holds even when they span pages.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A } from '../cases/test-fixtures.ts';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

const SITES = 1_300;
const SESSIONS = 700;
const DOSES = 1_100;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('session lists past their old caps', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let newestSession = '';
  beforeAll(async () => {
    t = await createTestApp();
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    // 1,300 sites in one commune; the first holds 700 sessions, one a day back from today; the
    // newest session gave 1,100 doses, one a second apart (one statement).
    const [row] = await queryRows<{ id: string }>(
      t.database.db,
      sql`
      with f as (
        insert into facilities (kind, name, unit_code, district_code, province_code)
        select 'vaccination_site', 'Điểm tiêm ' || lpad(g::text, 4, '0'), ${communeCode}, ${districtCode},
          ${provinceCode}
        from generate_series(1, ${SITES}) g
        returning id, name),
      site as (select id from f where name = 'Điểm tiêm 0001'),
      lot as (
        insert into vaccine_lots (product_code, lot_number, expiry_date)
        values ('EU/1/20/1528', 'LOT-SCALE', '2030-12-31') returning id),
      s as (
        insert into vaccination_sessions (facility_id, date, product_codes, target, province_code,
          district_code, commune_code)
        select site.id, ${today()}::date - g, array['EU/1/20/1528'], '{}'::jsonb, ${provinceCode},
          ${districtCode}, ${communeCode}
        from site, generate_series(0, ${SESSIONS - 1}) g
        returning id, date),
      newest as (select id from s order by date desc limit 1),
      p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code)
        select 'Người Tiêm ' || g, 'nguoi tiem ' || g, ${provinceCode}, ${districtCode}, ${communeCode}
        from generate_series(1, ${DOSES}) g
        returning id, full_name),
      d as (
        insert into vaccination_doses (person_id, session_id, facility_id, product_code, lot_id, dose_number,
          dose_kind, date, screening, age_band, province_code, district_code, commune_code, created_at)
        select p.id, newest.id, site.id, 'EU/1/20/1528', lot.id, 1, 'primary', ${today()}::date, '{}'::jsonb,
          '18-49', ${provinceCode}, ${districtCode}, ${communeCode},
          now() - split_part(p.full_name, ' ', 3)::int * interval '1 second'
        from p, newest, site, lot
        returning session_id)
      select id from newest where (select count(*) from d) > 0`,
    );
    newestSession = row!.id;
    officer = (await signInAs(t, 'province_admin', provinceCode)).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every page of a list, following `nextCursor` until it is null. */
  async function walk<P extends { nextCursor: string | null }>(url: string): Promise<P[]> {
    let cursor: string | null = null;
    const pages: P[] = [];
    do {
      const sep = url.includes('?') ? '&' : '?';
      const target: string = `${url}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url: target, headers: officer });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<P>();
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return pages;
  }

  it('the sessions list goes past the newest 200: 700 sessions, each once, the oldest last', async () => {
    const pages = await walk<Page<{ id: string; date: string }>>('/api/vaccination/sessions?limit=300');
    const seen = pages.flatMap((p) => p.items);
    expect(pages).toHaveLength(3);
    expect(new Set(seen.map((s) => s.id)).size).toBe(SESSIONS);
    expect(seen[0]!.date).toBe(today());
    expect(seen.at(-1)!.date).toBe(addDays(today(), -(SESSIONS - 1)));
  });

  it("a session's screen reaches all 1,100 doses page by page, the first given last", async () => {
    const pages = await walk<{
      session: { doseCount: number };
      doses: { personId: string; fullName: string }[];
      nextCursor: string | null;
    }>(`/api/vaccination/sessions/${newestSession}?limit=500`);
    const doses = pages.flatMap((p) => p.doses);
    const counts = pages.map((p) => p.session.doseCount);
    expect(new Set(doses.map((d) => d.personId)).size).toBe(DOSES);
    expect(doses[0]!.fullName).toBe('Người Tiêm 1');
    expect(doses.at(-1)!.fullName).toBe(`Người Tiêm ${DOSES}`);
    expect(counts).toEqual([DOSES, DOSES, DOSES]);
  });

  it('a page of doses is bounded by the per-person audit limit', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/vaccination/sessions/${newestSession}?limit=1001`,
      headers: officer,
    });
    expect(res.statusCode).toBe(400);
  });

  it('the facility directory goes past 1,000 sites: all 1,300 of the commune, the last by name too', async () => {
    const pages = await walk<Page<{ name: string }>>(
      `/api/facilities?unit=${COMMUNE_A.communeCode}&kind=vaccination_site&limit=1000`,
    );
    const names = pages.flatMap((p) => p.items.map((f) => f.name));
    const ours = names.filter((n) => n.startsWith('Điểm tiêm '));
    expect(ours).toHaveLength(SITES);
    expect(new Set(ours).size).toBe(SITES);
    expect(ours.at(-1)).toBe(`Điểm tiêm ${String(SITES)}`);
  });
});
