/**
 * Vaccination lists at province scale (issue #11 item 1): the due list (it stopped at 1,000 people)
 * and the AEFI list (it stopped at the newest 500 reports) are keyset-paginated; a caller that
 * follows `nextCursor` reaches every row once, including those beyond the old caps.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNE_A } from '../cases/test-fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

const DUE_PEOPLE = 1_200;
const AEFI_REPORTS = 600;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe('vaccination lists past their old caps', () => {
  let t: TestApp;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    // 1,200 people due, one a day back from yesterday (one statement).
    await t.database.db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code)
        select 'Người Hẹn ' || g, 'nguoi hen ' || g, ${provinceCode}, ${districtCode}, ${communeCode}
        from generate_series(1, ${DUE_PEOPLE}) g
        returning id, full_name),
      s as (
        insert into vaccination_status (person_id, disease, status, doses_given, next_dose_number, next_due,
          province_code, district_code, commune_code)
        select p.id, 'covid19', 'partial', 1, 2, ${today()}::date - split_part(p.full_name, ' ', 3)::int,
          ${provinceCode}, ${districtCode}, ${communeCode}
        from p
        returning person_id, next_due)
      insert into aefi_reports (person_id, onset_date, symptoms, severity, serious, province_code,
        district_code, commune_code, created_at)
      select s.person_id, s.next_due, array['sốt'], 'mild', false, ${provinceCode}, ${districtCode},
        ${communeCode}, now() - (${today()}::date - s.next_due) * interval '1 minute'
      from s where ${today()}::date - s.next_due <= ${AEFI_REPORTS}`);
    officer = (await signInAs(t, 'province_admin', provinceCode)).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  async function walk<T>(url: string): Promise<T[]> {
    const seen: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const target: string = `${url}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url: target, headers: officer });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page<T>>();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return seen;
  }

  it('the due list is followed to its end: 1,200 people, each once, the latest due last', async () => {
    const rows = await walk<{ personId: string; nextDue: string }>('/api/vaccination/due?limit=1000');
    expect(rows).toHaveLength(DUE_PEOPLE);
    expect(new Set(rows.map((r) => r.personId)).size).toBe(DUE_PEOPLE);
    expect(rows[0]!.nextDue).toBe(addDays(today(), -DUE_PEOPLE));
    expect(rows.at(-1)!.nextDue).toBe(addDays(today(), -1));
  });

  it('the AEFI list is followed past the newest 500: 600 reports, each once, the oldest last', async () => {
    const rows = await walk<{ id: string; onsetDate: string }>('/api/vaccination/aefi?limit=500');
    expect(rows).toHaveLength(AEFI_REPORTS);
    expect(new Set(rows.map((r) => r.id)).size).toBe(AEFI_REPORTS);
    expect(rows.at(-1)!.onsetDate).toBe(addDays(today(), -AEFI_REPORTS));
  });

  it('a cursor not made by the server is refused with a translated error', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/vaccination/due?cursor=bm9wZQ',
      headers: officer,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
  });
});
