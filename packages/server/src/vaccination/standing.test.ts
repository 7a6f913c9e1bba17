/**
 * #19 item 3 through the route: before a dose, the vaccination desk sees an F1 under a quarantine
 * order and a person with a recent positive test, and what `vaccination.statusDeferral` says (defer,
 * and from which day); someone with nothing on record may be vaccinated; a person outside the
 * caller's jurisdiction is 404; every read is audited. On PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { COMMUNE_A, otherCommune } from '../cases/test-fixtures.ts';

let t: TestApp;
let headers: Record<string, string>;
const ids: Record<'contact' | 'recovered' | 'clear' | 'elsewhere', string> = {
  contact: '',
  recovered: '',
  clear: '',
  elsewhere: '',
};

beforeAll(async () => {
  t = await createTestApp();
  // A commune's vaccinator; Vân lives in the next commune of the district.
  headers = (await signInAs(t, 'vaccinator', COMMUNE_A.communeCode)).headers;
  const next = await otherCommune(t);
  const people = await addPeople(t.database, [
    { fullName: 'Trần Văn Phúc', dateOfBirth: '1970-01-01' },
    { fullName: 'Lê Thị Mai', dateOfBirth: '1980-02-02' },
    { fullName: 'Ngô Văn Lộc', dateOfBirth: '1990-03-03' },
    { fullName: 'Hồ Thị Vân', dateOfBirth: '1985-04-04', ...next },
  ]);
  const idOf = (i: number) => people[i]!.personId;
  Object.assign(ids, { contact: idOf(0), recovered: idOf(1), clear: idOf(2), elsewhere: idOf(3) });
  // Phúc: F1 under a home quarantine order to 2021-09-05; Mai: positive sample on 2021-08-20.
  await queryRows(
    t.database.db,
    sql`with e as (
          insert into person_epi_status (person_id, disease_code, degree, proposed_degree, status, province_code, district_code, commune_code)
          select id, 'COVID-19', 1, 1, 'f1', province_code, district_code, commune_code from persons where id = ${ids.contact}
          returning person_id),
        q as (
          insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date, quarantine_end, end_date,
            forms_per_day, province_code, district_code, commune_code)
          select id, 'COVID-19', 'F1', 'home_quarantine', 'active', '2021-08-23', '2021-09-05', '2021-09-05', 2,
            province_code, district_code, commune_code from persons where id = ${ids.contact}
          returning id),
        s as (
          insert into specimens (barcode, person_id, test_type, collected_at, status, province_code, district_code, commune_code)
          select 'STANDING1', id, 'rtPcr', '2021-08-20T01:00:00Z', 'resulted', province_code, district_code, commune_code
          from persons where id = ${ids.recovered} returning id, person_id, province_code, district_code, commune_code)
        insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
          province_code, district_code, commune_code)
        select s.id, s.person_id, 'rtPcr', 'positive', '2021-08-20T01:00:00Z', '2021-08-20T12:00:00Z', 'entry',
          s.province_code, s.district_code, s.commune_code from s returning id`,
  );
});
afterAll(async () => {
  await t?.close();
});

const standing = (id: string, date: string) =>
  t.app.inject({ method: 'GET', url: `/api/vaccination/persons/${id}/standing?date=${date}`, headers });

describe('the vaccination desk sees the person’s standing and the rule (#19 item 3)', () => {
  it('an F1 in quarantine: defer until the day after the order ends', async () => {
    const res = await standing(ids.contact, '2021-09-01');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      epiStatus: 'f1',
      order: { role: 'F1', kind: 'home_quarantine', endDate: '2021-09-05' },
      advice: { action: 'defer', reasons: ['monitoredContact', 'quarantineOrder'], until: '2021-09-06' },
      ruleSource: expect.stringContaining('3802/QĐ-BYT') as unknown,
    });
  });

  it('a positive test 12 days before: defer 180 days from the sample; a person with nothing on record may be vaccinated', async () => {
    const res = await standing(ids.recovered, '2021-09-01');
    expect(res.json()).toMatchObject({
      epiStatus: null,
      lastPositiveOn: '2021-08-20',
      advice: { action: 'defer', reasons: ['recentPositive'], until: '2022-02-16' },
    });
    // The same person after the window, and the same day before the rule's effective date.
    expect((await standing(ids.recovered, '2022-02-16')).json()).toMatchObject({
      advice: { action: 'vaccinate' },
    });
    expect((await standing(ids.recovered, '2021-08-09')).json()).toMatchObject({
      lastPositiveOn: null,
      advice: { action: 'vaccinate' },
      ruleSource: null,
    });
    expect((await standing(ids.clear, '2021-09-01')).json()).toMatchObject({
      epiStatus: null,
      order: null,
      lastPositiveOn: null,
      advice: { action: 'vaccinate', reasons: [], until: null },
    });
  });

  it('outside the jurisdiction: 404; each read is audited', async () => {
    expect((await standing(ids.elsewhere, '2021-09-01')).statusCode).toBe(404);
    const [audit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'vaccination_standing' and person_id = ${ids.contact}`,
    );
    expect(audit!.n).toBe(1);
  });
});
