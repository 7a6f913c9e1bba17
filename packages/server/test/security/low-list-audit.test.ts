/**
 * Issue #9, low item — searches and lists name the people they showed, on PGlite and PostgreSQL.
 * They used to record a count only, so "who looked at this person?" missed everyone who found
 * them by searching their name or saw them in a list. Now each list read writes its `search` row
 * and one `read` row per person on the page (bounded by the page size: ≤ 100 for a person search,
 * ≤ 500 for the case list, ≤ 200 for the review queue, the drawn nodes of a chain graph), in the
 * request that showed them.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { COMMUNE_A, household } from '../../src/cases/test-fixtures.ts';
import { queryRows } from '../../src/db/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** Who read a person, by route entity: the answer to "who looked at X". */
function readersOf(personId: string, entity: string): Promise<{ actor_id: string; action: string }[]> {
  return queryRows<{ actor_id: string; action: string }>(
    t.database.db,
    sql`select actor_id::text as actor_id, action from audit_log
      where person_id = ${personId}::uuid and entity = ${entity} and action = 'read' order by id`,
  );
}

describe('issue 9 (low): list reads name the people they showed', () => {
  it('a name search names every person it returned', async () => {
    const [lan, lam] = await household(t, COMMUNE_A, [
      { fullName: 'Huỳnh Thị Lan', dateOfBirth: '1961-02-03' },
      { fullName: 'Huỳnh Thị Lam', dateOfBirth: '1988-04-05' },
    ]);
    const officer = await signInAs(t, 'commune_officer', COMMUNE_A.communeCode);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: officer.headers,
      payload: { q: 'huynh thi la' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json<{ items: { id: string }[] }>()
        .items.map((p) => p.id)
        .sort(),
    ).toEqual([lan, lam].sort());
    expect(await readersOf(lan!, 'person')).toEqual([{ actor_id: officer.userId, action: 'read' }]);
    expect(await readersOf(lam!, 'person')).toEqual([{ actor_id: officer.userId, action: 'read' }]);
  });

  it('the case list names the person of every case on the page', async () => {
    const [patient] = await household(t, COMMUNE_A, [
      { fullName: 'Đặng Văn Hải', dateOfBirth: '1970-01-01' },
    ]);
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    await t.database.db.execute(sql`
      insert into cases (person_id, disease_code, classification, status, province_code, district_code, commune_code)
      values (${patient}, 'COVID-19', 'confirmed', 'open', ${provinceCode}, ${districtCode}, ${communeCode})`);
    const tracer = await signInAs(t, 'tracer', communeCode);
    const res = await t.app.inject({ method: 'GET', url: '/api/cases', headers: tracer.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(await readersOf(patient!, 'case')).toEqual([{ actor_id: tracer.userId, action: 'read' }]);
  });

  it('the chain graph names every person it drew', async () => {
    const [source, contact] = await household(t, COMMUNE_A, [
      { fullName: 'Lâm Văn Nguồn', dateOfBirth: '1966-03-03' },
      { fullName: 'Lâm Thị Tiếp', dateOfBirth: '1992-09-09' },
    ]);
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    await t.database.db.execute(sql`
      with c as (
        insert into cases (person_id, disease_code, classification, status, province_code, district_code, commune_code)
        values (${source}, 'COVID-19', 'confirmed', 'open', ${provinceCode}, ${districtCode}, ${communeCode})
        returning id)
      insert into contacts (case_id, person_id, source_person_id, disease_code, exposure_type, source, status,
        province_code, district_code, commune_code)
      select c.id, ${contact}, ${source}, 'COVID-19', 'household', 'household', 'confirmed',
        ${provinceCode}, ${districtCode}, ${communeCode} from c`);
    const tracer = await signInAs(t, 'tracer', communeCode);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/tracing/graph?personId=${source}`,
      headers: tracer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const drawn = res.json<{ nodes: { id: string }[] }>().nodes.map((n) => n.id);
    expect(drawn).toEqual(expect.arrayContaining([source, contact]));
    expect(await readersOf(source!, 'chain_graph')).toEqual([{ actor_id: tracer.userId, action: 'read' }]);
    expect(await readersOf(contact!, 'chain_graph')).toEqual([{ actor_id: tracer.userId, action: 'read' }]);
  });

  it('the duplicate review queue names both people of every pair shown', async () => {
    // Namesakes of one birth date: record linkage itself may already have queued the pair.
    const [a, b] = await household(t, COMMUNE_A, [
      { fullName: 'Trương Văn Sáu', dateOfBirth: '1955-06-06' },
      { fullName: 'Trương Văn Sáo', dateOfBirth: '1955-06-06' },
    ]);
    const { provinceCode, districtCode, communeCode } = COMMUNE_A;
    await t.database.db.execute(sql`
      insert into linkage_reviews (person_a, person_b, score, reasons, status, province_code, district_code, commune_code)
      values (${a}, ${b}, 0.8, array['name'], 'open', ${provinceCode}, ${districtCode}, ${communeCode})
      on conflict do nothing`);
    const officer = await signInAs(t, 'district_officer', districtCode);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/linkage/reviews?status=open',
      headers: officer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await readersOf(a!, 'linkage_review')).toEqual([{ actor_id: officer.userId, action: 'read' }]);
    expect(await readersOf(b!, 'linkage_review')).toEqual([{ actor_id: officer.userId, action: 'read' }]);
  });
});
