/**
 * Issue #10 item 8 through the dose route, dated 2021-2022: age eligibility by date, the booster
 * interval shortened from 6 to 3 months, dose 4 only from 5/2022 for 50+, screening by date, and a
 * "refer" outcome recorded at a hospital only. Every refusal names its reason in the caller's
 * language and changes nothing. On PGlite and PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilities, vaccinationDoses, vaccineStock } from '../db/schema/index.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

let t: TestApp;
let headers: Record<string, string>;
let site: { facilityId: string; lotId: string };
beforeAll(async () => {
  t = await createTestApp();
  headers = { ...(await signInAs(t, 'district_officer', '829')).headers, 'accept-language': 'en' };
  site = await siteWithLot(t.database.db, { productCode: 'EU/1/20/1528' });
});
afterAll(async () => {
  await t?.close();
});

async function give(personId: string, date: string, extra: Record<string, unknown> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/vaccination/doses',
    headers,
    payload: { personId, ...site, productCode: 'EU/1/20/1528', date, screening: CLEAR_SCREENING, ...extra },
  });
}
const reasonOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; details: { message: string }[] } }).error;
async function dosesOf(personId: string) {
  return (await t.database.db.select().from(vaccinationDoses).where(eq(vaccinationDoses.personId, personId)))
    .length;
}

describe('dated schedules with age conditions', () => {
  it('a 15-year-old: refused in September 2021, vaccinated in November 2021 (8688/BYT-DP)', async () => {
    const [teen] = await addPeople(t.database, [{ fullName: 'Võ Minh Khang', dateOfBirth: '2006-05-05' }]);
    const early = await give(teen!.personId, '2021-09-20');
    expect(early.statusCode).toBe(422);
    expect(reasonOf(early)).toMatchObject({
      code: 'DOSE_REFUSED',
      details: [{ message: 'on the dose date the rules did not yet open vaccination below 18 years' }],
    });
    expect(await dosesOf(teen!.personId)).toBe(0);
    expect((await give(teen!.personId, '2021-11-10')).statusCode).toBe(201);
  });

  it("a 55-year-old's booster waits for the 3-month rule and dose 4 for May 2022", async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Đặng Văn Hòa', dateOfBirth: '1967-02-02' }]);
    const id = p!.personId;
    expect((await give(id, '2021-08-02')).statusCode).toBe(201);
    const second = await give(id, '2021-08-23');
    // The booster opens on 1/12/2021 (3 months) rather than in February 2022 (6 months).
    expect(second.json()).toMatchObject({ next: { doseNumber: 3, kind: 'booster', earliest: '2021-12-01' } });
    const sixMonths = await give(id, '2021-11-25');
    expect(sixMonths.statusCode).toBe(422);
    expect(reasonOf(sixMonths).details[0]!.message).toBe(
      'less than the 180 days the rules require after the previous dose; earliest 2022-02-19',
    );
    const third = await give(id, '2021-12-10');
    expect(third.statusCode).toBe(201);
    expect(third.json()).toMatchObject({
      doseNumber: 3,
      doseKind: 'booster',
      next: { doseNumber: 4, earliest: '2022-05-25' },
    });
    const april = await give(id, '2022-04-25');
    expect(reasonOf(april).details[0]!.message).toBe(
      'on the dose date the rules allow no dose 4 for this age and group',
    );
    expect(await dosesOf(id)).toBe(3);
    expect((await give(id, '2022-06-01')).json()).toMatchObject({ doseNumber: 4, doseKind: 'booster' });
  });

  it('an immunocompromised adult gets the additional primary dose after 28 days (November 2021)', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Ngô Thị Mai', dateOfBirth: '1988-08-08' }]);
    await give(p!.personId, '2021-10-01');
    await give(p!.personId, '2021-10-22');
    expect((await give(p!.personId, '2021-11-22')).statusCode).toBe(422);
    const extra = await give(p!.personId, '2021-11-22', { groups: ['immunocompromised'] });
    expect(extra.statusCode).toBe(201);
    expect(extra.json()).toMatchObject({ doseNumber: 3, doseKind: 'primary' });
  });

  it('screening by date: COVID-19 within 6 months defers (3802/QĐ-BYT); "refer" only at a hospital', async () => {
    const [p] = await addPeople(t.database, [{ fullName: 'Huỳnh Văn Tâm', dateOfBirth: '1975-04-04' }]);
    const covid = await give(p!.personId, '2021-09-15', {
      screening: { ...CLEAR_SCREENING, covidInLast6Months: true },
    });
    expect(covid.statusCode).toBe(422);
    expect(covid.json()).toMatchObject({
      error: {
        code: 'SCREENING_FAILED',
        details: [{ path: 'body.screening.covidInLast6Months', messageKey: 'vaccination.outcome.defer' }],
      },
    });

    const refer = { screening: { ...CLEAR_SCREENING, immunosuppressed: true } };
    const atSite = await give(p!.personId, '2021-09-15', refer);
    expect(atSite.statusCode).toBe(422);
    expect(reasonOf(atSite).details[0]!.message).toBe(
      'the screening outcome is "refer to a hospital": only a hospital may record this dose',
    );
    expect(await dosesOf(p!.personId)).toBe(0);
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({
        kind: 'provincial_hospital',
        name: 'Bệnh viện Nguyễn Đình Chiểu',
        unitCode: '28756',
        districtCode: '829',
        provinceCode: '83',
      })
      .returning({ id: facilities.id });
    await t.database.db
      .insert(vaccineStock)
      .values({ lotId: site.lotId, facilityId: hospital!.id, quantity: 10 });
    const atHospital = await give(p!.personId, '2021-09-15', { ...refer, facilityId: hospital!.id });
    expect(atHospital.statusCode).toBe(201);
    expect(atHospital.json()).toMatchObject({ screeningOutcome: 'refer', doseNumber: 1 });
  });
});
