/**
 * The tracer worklist at province scale: a case confirmed a month ago and still awaiting its
 * interview stays on the list under thousands of newer (already interviewed) cases — it used to
 * take the newest 200 open cases and filter afterwards — and a section longer than a page is
 * walked to its end, each row once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

const NEWER_CASES = 3_000;
const PROPOSED_CONTACTS = 1_200;

interface Page {
  newCases: { id: string }[];
  contactsToCall: { id: string }[];
  nextCursors: { newCases: string | null; contactsToCall: string | null };
}

describe('tracer worklist at province scale', () => {
  let t: TestApp;
  let tracer: Record<string, string>;
  let oldCaseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const [index] = await household(t, COMMUNE_A, [{ fullName: 'Bùi Thị Mai', dateOfBirth: '1975-03-02' }]);
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    const [old] = await queryRows<{ id: string }>(
      t.database.db,
      sql`
      insert into cases (person_id, disease_code, classification, status, province_code, district_code,
        commune_code, confirmed_at, created_at)
      values (${index}, 'COVID-19', 'confirmed', 'open', ${provinceCode}, ${districtCode}, ${communeCode},
        now() - interval '30 days', now() - interval '30 days')
      returning id`,
    );
    oldCaseId = old!.id;
    // Thousands of newer open cases, interviewed already, each of its own person: one statement.
    await t.database.db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code)
        select 'Người ' || g, 'nguoi ' || g, ${provinceCode}, ${districtCode}, ${communeCode}
        from generate_series(1, ${NEWER_CASES}) g
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, status, province_code, district_code,
        commune_code, interview_done_at, created_at)
      select p.id, 'COVID-19', 'confirmed', 'open', ${provinceCode}, ${districtCode}, ${communeCode},
        now(), now() - interval '1 day' + (substr(p.full_name, 7)::int) * interval '1 second'
      from p`);
    // More proposed contacts of the old case than a page holds.
    await t.database.db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code)
        select 'Tiếp xúc ' || g, 'tiep xuc ' || g, ${provinceCode}, ${districtCode}, ${communeCode}
        from generate_series(1, ${PROPOSED_CONTACTS}) g
        returning id)
      insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source,
        status, province_code, district_code, commune_code)
      select ${oldCaseId}, ${index}, p.id, 'COVID-19', 'proximity', 'interview', 'proposed',
        ${provinceCode}, ${districtCode}, ${communeCode}
      from p`);
    tracer = (await signInAs(t, 'tracer', communeCode)).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (query: string): Promise<Page> => {
    const res = await t.app.inject({ method: 'GET', url: `/api/tracing/worklist${query}`, headers: tracer });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };

  it('the month-old case awaiting its interview is on the first page, beside no interviewed case', async () => {
    const page = await get('');
    expect(page.newCases.map((c) => c.id)).toEqual([oldCaseId]);
    expect(page.nextCursors.newCases).toBeNull();
  });

  it('contacts to call: a section longer than a page is followed to its end, every contact once', async () => {
    const first = await get('?limit=500');
    const seen = first.contactsToCall.map((c) => c.id);
    let cursor = first.nextCursors.contactsToCall;
    expect(cursor).not.toBeNull();
    while (cursor !== null) {
      const more = await get(`?limit=500&section=contactsToCall&cursor=${encodeURIComponent(cursor)}`);
      expect(more.newCases).toEqual([]);
      seen.push(...more.contactsToCall.map((c) => c.id));
      cursor = more.nextCursors.contactsToCall;
    }
    expect(seen).toHaveLength(PROPOSED_CONTACTS);
    expect(new Set(seen).size).toBe(PROPOSED_CONTACTS);
  });

  it('the case list walks every case once by cursor, the month-old one last', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cases?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: tracer });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: { id: string }[]; total: number; nextCursor: string | null }>();
      expect(page.total).toBe(NEWER_CASES + 1);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(new Set(seen).size).toBe(NEWER_CASES + 1);
    expect(seen.at(-1)).toBe(oldCaseId);
  });
});

describe('a case page with more contacts than a page', () => {
  let t: TestApp;
  let tracer: Record<string, string>;
  let caseId: string;
  let lastContact: string;
  const CONTACTS = 1_100;
  beforeAll(async () => {
    t = await createTestApp();
    const [index] = await household(t, COMMUNE_A, [{ fullName: 'Lê Văn Tâm', dateOfBirth: '1980-01-02' }]);
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    const [c] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into cases (person_id, disease_code, classification, status, province_code, district_code,
        commune_code, confirmed_at)
      values (${index}, 'COVID-19', 'confirmed', 'open', ${provinceCode}, ${districtCode}, ${communeCode}, now())
      returning id`,
    );
    caseId = c!.id;
    // Contacts with overlap minutes (every third one without a duration), the oldest without: one statement.
    await t.database.db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code)
        select 'Khách ' || g, 'khach ' || g, ${provinceCode}, ${districtCode}, ${communeCode}
        from generate_series(1, ${CONTACTS}) g
        returning id, substr(full_name, 7)::int as n)
      insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source,
        status, duration_minutes, province_code, district_code, commune_code, created_at)
      select ${caseId}, ${index}, p.id, 'COVID-19', 'proximity', 'interview', 'proposed',
        case when p.n % 3 = 0 then null else p.n % 200 end,
        ${provinceCode}, ${districtCode}, ${communeCode}, now() - (p.n || ' minutes')::interval
      from p`);
    const [last] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from contacts where case_id = ${caseId} and duration_minutes is null
        order by created_at desc, id desc limit 1`,
    );
    lastContact = last!.id;
    tracer = (await signInAs(t, 'tracer', communeCode)).headers;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the case page shows the first page, and the contacts route walks the rest in the same order', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: tracer });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<{
      case: { contactCount: number };
      contacts: { id: string; durationMinutes: number | null }[];
      contactsNextCursor: string | null;
    }>();
    expect(view.case.contactCount).toBe(CONTACTS);
    expect(view.contacts[0]!.durationMinutes).toBe(199);
    const seen = view.contacts.map((k) => k.id);
    const durations = view.contacts.map((k) => k.durationMinutes);
    let cursor = view.contactsNextCursor;
    expect(cursor).not.toBeNull();
    while (cursor !== null) {
      const more = await t.app.inject({
        method: 'GET',
        url: `/api/cases/${caseId}/contacts?limit=500&cursor=${encodeURIComponent(cursor)}`,
        headers: tracer,
      });
      expect(more.statusCode, more.body).toBe(200);
      const page = more.json<{
        items: { id: string; durationMinutes: number | null }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.items.map((k) => k.id));
      durations.push(...page.items.map((k) => k.durationMinutes));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(CONTACTS);
    expect(new Set(seen).size).toBe(CONTACTS);
    // Longest exposure first, those without a duration last, the newest of them at the very end.
    const timed = durations.filter((d): d is number => d !== null);
    expect(timed).toEqual([...timed].sort((a, b) => b - a));
    expect(durations.indexOf(null)).toBe(timed.length);
    expect(seen.at(-1)).toBe(lastContact);
  });
});
