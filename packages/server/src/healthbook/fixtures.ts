/**
 * Test and benchmark fixture: records of every module for one person, written straight in SQL
 * (one statement per table, `n` rows each, spread over the last `n` days). Not used by the app.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { DbOrTx } from '../db/client.ts';

/** The units the fixture's records belong to. */
export interface FixtureUnits {
  facilityId: string;
  siteId: string;
}

/** Create a vaccination site, a lot and a test site in a commune (once per database). */
export async function fixtureUnits(
  db: DbOrTx,
  place: { province: string; commune: string },
): Promise<FixtureUnits> {
  const [facility] = await queryRows<{ id: string }>(
    db,
    sql`insert into facilities (kind, name, unit_code, province_code)
        values ('vaccination_site', 'Trạm Y tế thử', ${place.commune}, ${place.province}) returning id`,
  );
  const [site] = await queryRows<{ id: string }>(
    db,
    sql`insert into test_sites (name, province_code, commune_code)
        values ('Điểm xét nghiệm thử', ${place.province}, ${place.commune}) returning id`,
  );
  await db.execute(sql`insert into vaccine_lots (product_code, lot_number, expiry_date)
    values ('test-product', 'HB-LOT', '2030-01-01') on conflict do nothing`);
  return { facilityId: facility!.id, siteId: site!.id };
}

/**
 * `n` records of each kind for `personId` (12 kinds: n = 84 gives ~1,000). Place = the person's.
 * `sourcePersonId` is the case whose contact the person was.
 */
export async function seedRecords(
  db: DbOrTx,
  personId: string,
  sourcePersonId: string,
  units: FixtureUnits,
  n: number,
): Promise<void> {
  const p = sql`(select province_code, district_code, commune_code from persons where id = ${personId}::uuid)`;
  const g = sql`generate_series(1, ${n}) g, ${p} pl`;
  const ago = sql`(now() - make_interval(days => g, mins => g))`;
  await db.execute(sql`
    insert into declarations (submission_id, questionnaire_id, kind, person_id, declared_by, channel, response,
                              day, action, province_code, district_code, commune_code, created_at)
    select gen_random_uuid(), (select id from questionnaires order by effective_from limit 1), 'health',
           ${personId}::uuid, 'self', 'citizen', '{}'::jsonb, ${ago}::date, 'none',
           pl.province_code, pl.district_code, pl.commune_code, ${ago} from ${g}`);
  await db.execute(sql`
    insert into checkins (venue_id, person_id, visitor_key, method, checked_in_at, checked_out_at,
                          province_code, district_code, commune_code)
    select gen_random_uuid(), ${personId}::uuid, 'p:' || ${personId}, 'self', ${ago}, ${ago} + interval '1 hour',
           pl.province_code, coalesce(pl.district_code, ''), coalesce(pl.commune_code, '') from ${g}`);
  await db.execute(sql`
    insert into test_registrations (person_id, site_id, test_type, reason, registered_via,
                                    province_code, district_code, commune_code, created_at)
    select ${personId}::uuid, ${units.siteId}::uuid, 'rtPcr', 'screening', 'citizen',
           pl.province_code, pl.district_code, pl.commune_code, ${ago} from ${g}`);
  await db.execute(sql`
    with s as (
      insert into specimens (barcode, person_id, test_type, collected_at, site_id, status,
                             province_code, district_code, commune_code)
      select 'HB' || replace(gen_random_uuid()::text, '-', ''), ${personId}::uuid, 'rtPcr', ${ago},
             ${units.siteId}::uuid, 'resulted', pl.province_code, pl.district_code, pl.commune_code
      from ${g} returning id, collected_at, province_code, district_code, commune_code)
    insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
                              province_code, district_code, commune_code)
    select id, ${personId}::uuid, 'rtPcr', 'negative', collected_at, collected_at + interval '6 hours', 'entry',
           province_code, district_code, commune_code from s`);
  await db.execute(sql`
    with k as (
      insert into cases (person_id, disease_code, classification, status, province_code, district_code,
                         commune_code, created_at)
      select ${sourcePersonId}::uuid, 'COVID-19', 'confirmed', 'closed', pl.province_code, pl.district_code,
             pl.commune_code, ${ago} from ${g} returning id, created_at, province_code, district_code, commune_code)
    insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type, source, status,
                          province_code, district_code, commune_code, created_at)
    select id, ${sourcePersonId}::uuid, ${personId}::uuid, 'COVID-19', 'household', 'household', 'confirmed',
           province_code, district_code, commune_code, created_at from k`);
  await db.execute(sql`
    insert into cases (person_id, disease_code, classification, status, province_code, district_code,
                       commune_code, created_at)
    select ${personId}::uuid, 'COVID-19', 'confirmed', 'closed', pl.province_code, pl.district_code,
           pl.commune_code, ${ago} from ${g}`);
  await db.execute(sql`
    with o as (
      insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date, quarantine_end,
                                     end_date, forms_per_day, province_code, district_code, commune_code, created_at)
      select ${personId}::uuid, 'COVID-19', 'F1', 'home_quarantine', 'released', ${ago}::date, ${ago}::date + 7,
             ${ago}::date + 7, 1, pl.province_code, pl.district_code, pl.commune_code, ${ago}
      from ${g} returning id, created_at, province_code, district_code, commune_code)
    insert into quarantine_forms (order_id, submitted_at, filled_by, temperature_c, province_code, district_code,
                                  commune_code)
    select id, created_at + interval '1 day', 'person', 36.8, province_code, district_code, commune_code from o`);
  await db.execute(sql`
    with v as (
      insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
                                     screening, age_band, province_code, district_code, commune_code)
      select ${personId}::uuid, ${units.facilityId}::uuid, 'test-product',
             (select id from vaccine_lots where lot_number = 'HB-LOT'), g, 'primary', ${ago}::date, '{}'::jsonb,
             '18-49', pl.province_code, pl.district_code, pl.commune_code
      from ${g} returning id, date, province_code, district_code, commune_code)
    insert into aefi_reports (person_id, dose_id, onset_date, symptoms, severity, serious, province_code,
                              district_code, commune_code)
    select ${personId}::uuid, id, date, array['fever'], 'mild', false, province_code, district_code, commune_code
    from v`);
  await db.execute(sql`
    insert into issued_certificates (uvci, person_id, type, kid, qr, summary, issued_at, expires_at,
                                     province_code, district_code, commune_code)
    select 'URN:UVCI:01:VN:HB' || replace(gen_random_uuid()::text, '-', ''), ${personId}::uuid, 'v', 'kid', 'HC1:x',
           'dose', ${ago}, ${ago} + interval '365 days', pl.province_code, pl.district_code, pl.commune_code
    from ${g}`);
}
