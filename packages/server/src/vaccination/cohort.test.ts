/**
 * Issue #10 item 7, dated 2021-2026: coverage of an age group counts the same cohort in numerator
 * and denominator. People vaccinated in August 2021 at 61-63 are 65+ by mid-2026: before the fix
 * their milestones stayed in the 50-64 band of the rollup while the denominator counted them as
 * 65+, so the 65+ rate fell (here from 83.3 % to 31.3 %) with no dose changed. Then a loaded
 * census becomes the denominator, and a bad census file is refused with a translated message,
 * changing nothing. On PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

let t: TestApp;
let vaccinator: Record<string, string>;
let officer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  vaccinator = (await signInAs(t, 'vaccinator', '83')).headers;
  officer = (await signInAs(t, 'district_officer', '829')).headers;
});
afterAll(async () => {
  await t?.close();
});

type Report = {
  items: {
    unitCode: string;
    fullSchedule: number;
    population: number;
    fullScheduleRate: number;
    denominator: string;
  }[];
  census: { source: string; referenceDate: string } | null;
};
async function coverage65(asOf: string) {
  const res = await t.app.inject({
    url: `/api/vaccination/coverage?groupBy=commune&ageGroup=65%2B&asOf=${asOf}`,
    headers: officer,
  });
  expect(res.statusCode).toBe(200);
  const body = res.json<Report>();
  return { row: body.items.find((i) => i.unitCode === '28756')!, census: body.census };
}

describe('coverage of the 65+ over time (same cohort)', () => {
  it('does not fall as the vaccinated grow older; a loaded census becomes the denominator', async () => {
    // 20 people aged 61-63 in 2021 (65+ by 2026), 10 aged 71, and 2 unvaccinated aged 71.
    const people = await addPeople(t.database, [
      ...Array.from({ length: 20 }, (_, i) => ({
        fullName: `Lê Văn Sáu ${i} Mươi`,
        dateOfBirth: `${1958 + (i % 3)}-0${1 + (i % 9)}-15`,
        externalKey: `cohort-a-${i}`,
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        fullName: `Phạm Thị Bảy ${i} Mươi`,
        dateOfBirth: '1950-03-03',
        externalKey: `cohort-b-${i}`,
      })),
    ]);
    const site = await siteWithLot(t.database.db, { productCode: 'EU/1/20/1528' });
    for (const p of people.slice(0, 30))
      for (const date of ['2021-08-02', '2021-08-23']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/vaccination/doses',
          headers: vaccinator,
          payload: {
            personId: p.personId,
            ...site,
            productCode: 'EU/1/20/1528',
            date,
            screening: CLEAR_SCREENING,
          },
        });
        expect(res.statusCode).toBe(201);
      }

    // January 2022: the 65+ are the 12 born in 1950, 10 of them fully vaccinated.
    const early = await coverage65('2022-01-01');
    expect(early.row).toMatchObject({
      fullSchedule: 10,
      population: 12,
      fullScheduleRate: 83.3,
      denominator: 'registry',
    });
    expect(early.census).toBeNull();
    // June 2026, no dose changed: all 32 are 65+, and the 30 vaccinated count with them.
    const late = await coverage65('2026-06-01');
    expect(late.row).toMatchObject({
      fullSchedule: 30,
      population: 32,
      fullScheduleRate: 93.8,
      denominator: 'registry',
    });

    // A census of the commune (40 people aged 65+) becomes the denominator.
    const loaded = await t.app.inject({
      method: 'POST',
      url: '/api/vaccination/census',
      headers: officer,
      payload: {
        source: 'Tổng điều tra dân số 2024 (mẫu)',
        referenceDate: '2024-04-01',
        csv: 'commune_code,age_band,population\n28756,65+,40\n28756,50-64,300\n28759,65+,25\n',
      },
    });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.json()).toMatchObject({ communes: 2, rows: 3, population: 365 });
    const withCensus = await coverage65('2026-06-01');
    expect(withCensus.row).toMatchObject({
      fullSchedule: 30,
      population: 40,
      fullScheduleRate: 75,
      denominator: 'census',
    });
    expect(withCensus.census).toEqual({
      source: 'Tổng điều tra dân số 2024 (mẫu)',
      referenceDate: '2024-04-01',
    });
  });

  it('refuses a bad census file with the line named, in Vietnamese or English, and changes nothing', async () => {
    const load = (csv: string, lang: string, headers = officer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/vaccination/census',
        headers: { ...headers, 'accept-language': lang },
        payload: { source: 'Tệp lỗi', referenceDate: '2024-04-01', csv },
      });
    const header = 'commune_code,age_band,population\n';
    const unknown = await load(`${header}28756,65+,10\n99999,65+,5\n`, 'vi');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [
          { message: 'dòng 3: mã xã 99999 không có trong danh mục đơn vị hành chính vào ngày 2024-04-01' },
        ],
      },
    });
    const negative = await load(`${header}28756,65+,-4\n`, 'en');
    expect(negative.json()).toMatchObject({
      error: { details: [{ message: 'line 2: the population must be a whole number, not negative' }] },
    });
    const malformed = await load(`${header}28756;65+;10\n`, 'en');
    expect(malformed.json()).toMatchObject({
      error: { details: [{ message: 'line 2: expected 3 columns: commune code, age band, population' }] },
    });
    const badBand = await load(`${header}28756,60-70,10\n`, 'en');
    expect(badBand.statusCode).toBe(400);
    const noHeader = await load('28756,65+,10\n', 'en');
    expect(noHeader.statusCode).toBe(400);
    // A commune of another district (Châu Thành, 831): outside a district officer's jurisdiction.
    const outside = await load(`${header}28810,65+,10\n`, 'en');
    expect(outside.json()).toMatchObject({
      error: { details: [{ message: 'line 2: commune 28810 is outside your jurisdiction' }] },
    });
    // Nothing changed: the census loaded before is still the denominator.
    const after = await coverage65('2026-06-01');
    expect(after.row).toMatchObject({ population: 40, denominator: 'census' });
  });
});
