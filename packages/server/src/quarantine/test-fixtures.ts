/** Test fixtures of the quarantine module: a vaccinated contact exposed on given days. */
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/helpers.ts';
import { household } from '../cases/test-fixtures.ts';
import type { Place } from '../cases/test-fixtures.ts';
import { queryRows } from '../db/client.ts';

/** Pfizer-BioNTech (Comirnaty). */
export const PFIZER = 'EU/1/20/1528';

/**
 * Index cases (An, Bình, …) and a contact (Lan, two Pfizer doses on 10/06 and 01/07/2021, a phone) at a
 * place; one confirmed index case per exposure day with a proposed contact Lan exposed that day.
 * Returns Lan's person id and the contact ids by exposure day.
 */
export async function exposures(
  t: TestApp,
  place: Place,
  days: readonly string[],
): Promise<{ lan: string; contacts: Map<string, string> }> {
  const { db } = t.database;
  // One index case per exposure day (a person has one open case at a time).
  const names = ['Trần Văn An', 'Trần Văn Bình', 'Trần Văn Cường', 'Trần Văn Dũng'].slice(0, days.length);
  const ids = await household(t, place, [
    { fullName: 'Nguyễn Thị Lan', dateOfBirth: '1990-05-05', phone: '0912000002', sex: 'female' },
    ...names.map((fullName, i) => ({ fullName, dateOfBirth: `198${i}-02-02` })),
  ]);
  const [lan, ...index] = ids;
  await db.execute(sql`
    with f as (insert into facilities (kind, name, unit_code, province_code)
        values ('vaccination_site', 'Trạm y tế', ${place.communeCode}, ${place.provinceCode}) returning id),
      l as (insert into vaccine_lots (product_code, lot_number, expiry_date)
        values (${PFIZER}, ${`Q-${place.communeCode}`}, '2030-01-01') returning id)
    insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
        screening, age_band, province_code, district_code, commune_code)
    select ${lan!}::uuid, f.id, ${PFIZER}, l.id, d.n, 'primary', d.day::date, '{}'::jsonb, '18-49',
        ${place.provinceCode}, ${place.districtCode}, ${place.communeCode}
    from f, l, (values (1, '2021-06-10'), (2, '2021-07-01')) as d(n, day)`);
  const rows = await queryRows<{ id: string; day: string }>(
    db,
    sql`with c as (
        insert into cases (person_id, disease_code, classification, evidence, sample_date, infectious_from,
          province_code, district_code, commune_code)
        select x.p, 'COVID-19', 'confirmed', '[]'::jsonb, x.d::date, x.d::date - 2,
          ${place.provinceCode}, ${place.districtCode}, ${place.communeCode}
        from unnest(${`{${index.join(',')}}`}::uuid[], ${`{${days.join(',')}}`}::text[]) as x(p, d)
        returning id, person_id, to_char(sample_date, 'YYYY-MM-DD') as day)
      insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, exposure_date, source,
          status, province_code, district_code, commune_code)
      select c.id, c.person_id, ${lan!}::uuid, 'COVID-19', 'household', c.day::date, 'interview', 'proposed',
        ${place.provinceCode}, ${place.districtCode}, ${place.communeCode}
      from c returning id, to_char(exposure_date, 'YYYY-MM-DD') as day`,
  );
  return { lan: lan!, contacts: new Map(rows.map((r) => [r.day, r.id])) };
}
