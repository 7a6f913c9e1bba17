-- The rollup check and rebuild (indicators/check.ts, `rollups:check` / `rollups:rebuild`) recount
-- indicator_days from the raw rows through the view indicator_raw. Declarations (0056) and
-- quarantine orders (0057) feed indicator_days through their triggers; here they join the raw
-- side by the same rules, so the check compares them too and a rebuild keeps them.
CREATE OR REPLACE VIEW indicator_raw_declarations AS
    SELECT r.day AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 1 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM declarations r;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_quarantine_orders AS
    SELECT q.day AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, q.s AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM quarantine_orders r CROSS JOIN LATERAL indicator_quarantine_rows(1, r) q;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw AS
  SELECT * FROM indicator_raw_cases
  UNION ALL SELECT * FROM indicator_raw_contacts
  UNION ALL SELECT * FROM indicator_raw_person_epi_status
  UNION ALL SELECT * FROM indicator_raw_test_results
  UNION ALL SELECT * FROM indicator_raw_vaccination_doses
  UNION ALL SELECT * FROM indicator_raw_venues
  UNION ALL SELECT * FROM indicator_raw_checkin_daily
  UNION ALL SELECT * FROM indicator_raw_citizens
  UNION ALL SELECT * FROM indicator_raw_facility_bed_reports
  UNION ALL SELECT * FROM indicator_raw_declarations
  UNION ALL SELECT * FROM indicator_raw_quarantine_orders;
