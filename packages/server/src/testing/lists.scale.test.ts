/**
 * The testing lists that were cut (issue #11 item 1) are keyset-paginated: the pools of a
 * commune (cut at the newest 200), a person's results and registrations (200 each) and the
 * citizen's open slots (1,000). Each is seeded past its old cap in one statement — the rows of one
 * statement share their timestamp, so the cursor's tie-breaker is exercised too — and walked by
 * cursor to the end: every row once, the last one included. On PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { citizenHeaders, HOME, siteAt } from './test-fixtures.ts';

let t: TestApp;
let lab: Record<string, string>;
let personId = '';
const PHONE = '0912345901';

beforeAll(async () => {
  t = await createTestApp();
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  const [added] = await addPeople(t.database, [
    { fullName: 'Nguyễn Thị Mai', dateOfBirth: '1990-05-01', phone: PHONE, ...HOME },
  ]);
  personId = added!.personId;
  const siteId = await siteAt(t.database.db, HOME, 'Điểm lấy mẫu Phường 1');
  const { provinceCode: p, districtCode: d, communeCode: c } = HOME;
  await t.database.db.execute(sql`
    with pools as (
      insert into test_pools (barcode, site_id, province_code, district_code, commune_code)
      select 'POOL-' || g, ${siteId}, ${p}, ${d}, ${c} from generate_series(1, 450) g returning id),
    specimen_rows as (
      insert into specimens (barcode, person_id, test_type, collected_at, site_id, province_code, district_code, commune_code)
      select 'SPEC-' || g, ${personId}, 'rtPcr', now() - g * interval '1 hour', ${siteId}, ${p}, ${d}, ${c}
      from generate_series(1, 260) g returning id, collected_at),
    results as (
      insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source, province_code, district_code, commune_code)
      select id, ${personId}, 'rtPcr', 'negative', collected_at, collected_at, 'entry', ${p}, ${d}, ${c} from specimen_rows returning id)
    insert into test_registrations (person_id, site_id, test_type, reason, registered_via, province_code, district_code, commune_code)
    select ${personId}, ${siteId}, 'rtPcr', 'screening', 'staff', ${p}, ${d}, ${c} from generate_series(1, 230) g`);
  // 1,150 coming slots with places, over 23 sites (the old cap was 1,000 slots).
  await t.database.db.execute(sql`
    with sites as (
      insert into test_sites (name, province_code, district_code, commune_code)
      select 'Điểm ' || lpad(s::text, 2, '0'), ${p}, ${d}, ${c} from generate_series(1, 23) s returning id)
    insert into test_sessions (site_id, starts_at, ends_at, capacity, booked, province_code, district_code, commune_code)
    select sites.id, now() + h * interval '1 hour', now() + (h + 1) * interval '1 hour', 10, 0, ${p}, ${d}, ${c}
    from sites, generate_series(1, 50) h`);
});
afterAll(async () => {
  await t?.close();
});

/** Every page of a list, following `cursorOf(page)` as `param` until it is null. */
async function walk<P>(
  headers: Record<string, string>,
  url: string,
  param: string,
  cursorOf: (page: P) => string | null,
): Promise<P[]> {
  const pages: P[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await t.app.inject({
      method: 'GET',
      url: `${url}${cursor ? `${sep}${param}=${encodeURIComponent(cursor)}` : ''}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<P>();
    pages.push(page);
    cursor = cursorOf(page);
  } while (cursor !== null);
  return pages;
}

describe('testing lists past their old caps', () => {
  it('walks all 450 pools of the commune, newest first, each once', async () => {
    type Pools = { items: { id: string; createdAt: string }[]; nextCursor: string | null };
    const pages = await walk<Pools>(lab, '/api/testing/pools?limit=200', 'cursor', (p) => p.nextCursor);
    const ids = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(pages).toHaveLength(3);
    expect(ids).toHaveLength(450);
    expect(new Set(ids).size).toBe(450);
  });

  it("walks a person's 260 results and 230 registrations, each list by its own cursor", async () => {
    type Tests = {
      results: { id: string; sampledAt: string }[];
      resultsNextCursor: string | null;
      registrations: { id: string }[];
      registrationsNextCursor: string | null;
    };
    const url = `/api/persons/${personId}/testing?limit=100`;
    const results = await walk<Tests>(lab, url, 'resultsCursor', (p) => p.resultsNextCursor);
    const sampled = results.flatMap((p) => p.results.map((r) => Date.parse(r.sampledAt)));
    expect(sampled).toHaveLength(260);
    expect(new Set(results.flatMap((p) => p.results.map((r) => r.id))).size).toBe(260);
    expect(sampled).toEqual([...sampled].sort((a, b) => b - a));
    // A page that continues the results carries no registrations (they have their own cursor).
    expect(results[1]!.registrations).toEqual([]);
    const registrations = await walk<Tests>(
      lab,
      url,
      'registrationsCursor',
      (p) => p.registrationsNextCursor,
    );
    const regIds = registrations.flatMap((p) => p.registrations.map((r) => r.id));
    expect(regIds).toHaveLength(230);
    expect(new Set(regIds).size).toBe(230);
    expect(registrations[1]!.results).toEqual([]);
  });

  it('gives the citizen every one of 1,150 open slots, a site continuing on the next page', async () => {
    const citizen = await citizenHeaders(t, PHONE);
    type Slots = {
      items: { id: string; name: string; sessions: { id: string }[] }[];
      nextCursor: string | null;
    };
    const own = await walk<Slots>(citizen, '/api/me/testing/sites?limit=120', 'cursor', (p) => p.nextCursor);
    expect(own).toHaveLength(10);
    const slots = own.flatMap((p) => p.items.flatMap((s) => s.sessions.map((x) => x.id)));
    expect(slots).toHaveLength(1150);
    expect(new Set(slots).size).toBe(1150);
    // Pages of 120 slots cut sites of 50 in the middle: merged by site, each has all its slots.
    const perSite = new Map<string, number>();
    for (const s of own.flatMap((p) => p.items))
      perSite.set(s.name, (perSite.get(s.name) ?? 0) + s.sessions.length);
    expect([...perSite.keys()]).toEqual(
      Array.from({ length: 23 }, (_, i) => `Điểm ${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(perSite.values())).toEqual(new Set([50]));
  });
});
