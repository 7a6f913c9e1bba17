/**
 * The registry's lists at province scale (issue #11.1): a common name prefix matches thousands of
 * people and the review queue holds thousands of pairs; both used to stop silently at their first
 * page (100 and 200). Each is walked by cursor to its end, every row once, the last one included.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { COMMUNE_A } from '../cases/test-fixtures.ts';

const NAMESAKES = 2_500;
const PAIRS = 1_200;
const TRACERS = 1_200;

describe('registry lists at province scale', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  let lastNamesake: string;
  let oldestPair: string;
  beforeAll(async () => {
    t = await createTestApp();
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    // Thousands of people named "Nguyễn Văn Bình <n>" in one commune: one statement.
    await t.database.db.execute(sql`
      insert into persons (full_name, name_key, province_code, district_code, commune_code)
      select 'Nguyễn Văn Bình ' || g, 'nguyen van binh ' || lpad(g::text, 5, '0'),
        ${provinceCode}, ${districtCode}, ${communeCode}
      from generate_series(1, ${NAMESAKES}) g`);
    const [last] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from persons where name_key = ${`nguyen van binh ${String(NAMESAKES).padStart(5, '0')}`}`,
    );
    lastNamesake = last!.id;
    // Thousands of open review pairs between them, of equal score, the oldest a year old: one statement.
    await t.database.db.execute(sql`
      with p as (
        select id, row_number() over (order by name_key) as n from persons
        where name_key like 'nguyen van binh %')
      insert into linkage_reviews (person_a, person_b, score, reasons, status, province_code,
        district_code, commune_code, created_at)
      select a.id, b.id, 0.9, array['name'], 'open', ${provinceCode}, ${districtCode}, ${communeCode},
        now() - (a.n || ' hours')::interval
      from p a join p b on b.n = a.n + 1 where a.n <= ${PAIRS}`);
    const [oldest] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from linkage_reviews order by created_at asc limit 1`,
    );
    oldestPair = oldest!.id;
    // More tracers in the district than the assignment list used to hold (500): one statement.
    await t.database.db.execute(sql`
      insert into users (username, display_name, password_hash, role, jurisdiction_code, province_code,
        district_code, commune_code)
      select 'tracer' || g, 'Tổ truy vết ' || lpad(g::text, 5, '0'), 'x', 'tracer', ${communeCode},
        ${provinceCode}, ${districtCode}, ${communeCode}
      from generate_series(1, ${TRACERS}) g`);
    officer = (await signInAs(t, 'district_officer', districtCode)).headers;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Walk a list to its end; `search` = a person search's query, sent in the body of its POST. */
  async function walk(url: string, limit: number, search?: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: string = `${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res: LightMyRequestResponse =
        search === undefined
          ? await t.app.inject({ method: 'GET', url: page, headers: officer })
          : await t.app.inject({
              method: 'POST',
              url,
              headers: officer,
              payload: { q: search, limit, ...(cursor ? { cursor } : {}) },
            });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    return seen;
  }

  it('a name prefix matching thousands is walked to its last match, each person once', async () => {
    const seen = await walk('/api/persons/search', 100, 'nguyen van binh');
    expect(seen).toHaveLength(NAMESAKES);
    expect(new Set(seen).size).toBe(NAMESAKES);
    expect(seen.at(-1)).toBe(lastNamesake);
  });

  it('the tracers of a district are listed to the last one, each once', async () => {
    const seen = await walk('/api/tracing/tracers?', 500);
    const names = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from users where username like 'tracer%' and display_name = ${`Tổ truy vết ${String(TRACERS).padStart(5, '0')}`}`,
    );
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(TRACERS);
    expect(seen).toContain(names[0]!.id);
  });

  it('the review queue is walked to its oldest pair, each pair once', async () => {
    const seen = await walk('/api/linkage/reviews?status=open', 200);
    expect(seen).toHaveLength(PAIRS);
    expect(new Set(seen).size).toBe(PAIRS);
    expect(seen.at(-1)).toBe(oldestPair);
  });
});
