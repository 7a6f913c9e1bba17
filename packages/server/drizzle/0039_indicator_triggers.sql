-- indicator_days (schema/indicators.ts, issue #13): the situation room's rollup, kept in the same
-- transaction as every write to its source tables by statement triggers over the transition tables
-- (one aggregated upsert per statement, at the commune, district and province grains). What each
-- source contributes is written once per source below, in a view over the raw table
-- (indicator_raw_<source>) and in the trigger function over the statement's rows, so
-- `npm run epilink -- rollups:check` compares the rollup with exactly the rule the triggers apply.
-- Generated from one description of the sources (see docs in server/src/indicators/README.md).
CREATE OR REPLACE VIEW indicator_raw_cases AS
    SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM cases r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM cases r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM cases r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM cases r WHERE r.classification = 'confirmed' AND r.outcome = 'died';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET cases_by_onset = t.cases_by_onset + excluded.cases_by_onset, cases_by_report = t.cases_by_report + excluded.cases_by_report, cases_active = t.cases_active + excluded.cases_active, deaths = t.deaths + excluded.deaths;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET cases_by_onset = t.cases_by_onset + excluded.cases_by_onset, cases_by_report = t.cases_by_report + excluded.cases_by_report, cases_active = t.cases_active + excluded.cases_active, deaths = t.deaths + excluded.deaths;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET cases_by_onset = t.cases_by_onset + excluded.cases_by_onset, cases_by_report = t.cases_by_report + excluded.cases_by_report, cases_active = t.cases_active + excluded.cases_active, deaths = t.deaths + excluded.deaths;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET cases_by_onset = 0, cases_by_report = 0, cases_active = 0, deaths = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_cases_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_cases_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_cases_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_cases_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_cases_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_cases_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_cases_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_cases_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_contacts AS
    SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 1 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM contacts r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, -1 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM contacts r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 1 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM contacts r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_following = t.contacts_following + excluded.contacts_following, contacts_released = t.contacts_released + excluded.contacts_released;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_following = t.contacts_following + excluded.contacts_following, contacts_released = t.contacts_released + excluded.contacts_released;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_following = t.contacts_following + excluded.contacts_following, contacts_released = t.contacts_released + excluded.contacts_released;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET contacts_following = 0, contacts_released = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_contacts_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_contacts_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_contacts_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_contacts_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_contacts_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_contacts_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_contacts_truncate AFTER TRUNCATE ON contacts
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_contacts_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_person_epi_status AS
    SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM person_epi_status r WHERE r.degree IN (1, 2);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_f1 = t.contacts_f1 + excluded.contacts_f1, contacts_f2 = t.contacts_f2 + excluded.contacts_f2;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_f1 = t.contacts_f1 + excluded.contacts_f1, contacts_f2 = t.contacts_f2 + excluded.contacts_f2;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET contacts_f1 = t.contacts_f1 + excluded.contacts_f1, contacts_f2 = t.contacts_f2 + excluded.contacts_f2;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET contacts_f1 = 0, contacts_f2 = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_person_epi_status_insert AFTER INSERT ON person_epi_status
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_person_epi_status_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_person_epi_status_delete AFTER DELETE ON person_epi_status
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_person_epi_status_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_person_epi_status_update AFTER UPDATE ON person_epi_status
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_person_epi_status_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_person_epi_status_truncate AFTER TRUNCATE ON person_epi_status
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_person_epi_status_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_test_results AS
    SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM test_results r WHERE true;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET tests = t.tests + excluded.tests, tests_positive = t.tests_positive + excluded.tests_positive, pooled_tests = t.pooled_tests + excluded.pooled_tests;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET tests = t.tests + excluded.tests, tests_positive = t.tests_positive + excluded.tests_positive, pooled_tests = t.pooled_tests + excluded.pooled_tests;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET tests = t.tests + excluded.tests, tests_positive = t.tests_positive + excluded.tests_positive, pooled_tests = t.pooled_tests + excluded.pooled_tests;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET tests = 0, tests_positive = 0, pooled_tests = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_test_results_insert AFTER INSERT ON test_results
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_test_results_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_test_results_delete AFTER DELETE ON test_results
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_test_results_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_test_results_update AFTER UPDATE ON test_results
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_test_results_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_test_results_truncate AFTER TRUNCATE ON test_results
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_test_results_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_vaccination_doses AS
    SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM vaccination_doses r WHERE r.voided_at IS NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM new_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET doses = t.doses + excluded.doses, doses_first = t.doses_first + excluded.doses_first, doses_second = t.doses_second + excluded.doses_second, doses_booster = t.doses_booster + excluded.doses_booster, doses_additional = t.doses_additional + excluded.doses_additional;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM old_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET doses = t.doses + excluded.doses, doses_first = t.doses_first + excluded.doses_first, doses_second = t.doses_second + excluded.doses_second, doses_booster = t.doses_booster + excluded.doses_booster, doses_additional = t.doses_additional + excluded.doses_additional;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM new_rows r WHERE r.voided_at IS NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM old_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET doses = t.doses + excluded.doses, doses_first = t.doses_first + excluded.doses_first, doses_second = t.doses_second + excluded.doses_second, doses_booster = t.doses_booster + excluded.doses_booster, doses_additional = t.doses_additional + excluded.doses_additional;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET doses = 0, doses_first = 0, doses_second = 0, doses_booster = 0, doses_additional = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_vaccination_doses_insert AFTER INSERT ON vaccination_doses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_vaccination_doses_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_vaccination_doses_delete AFTER DELETE ON vaccination_doses
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_vaccination_doses_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_vaccination_doses_update AFTER UPDATE ON vaccination_doses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_vaccination_doses_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_vaccination_doses_truncate AFTER TRUNCATE ON vaccination_doses
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_vaccination_doses_apply_truncate();
--> statement-breakpoint
-- A venue moved (re-homing) carries its check-ins: the venue's own check-ins are re-counted at its new place.
CREATE OR REPLACE VIEW indicator_raw_venues AS
    SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM venues r WHERE r.status = 'approved';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_registered = t.venues_registered + excluded.venues_registered, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_registered = t.venues_registered + excluded.venues_registered, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_registered = t.venues_registered + excluded.venues_registered, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET checkins = 0, venues_registered = 0, venues_active = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_venues_insert AFTER INSERT ON venues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_venues_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_venues_delete AFTER DELETE ON venues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_venues_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_venues_update AFTER UPDATE ON venues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_venues_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_venues_truncate AFTER TRUNCATE ON venues
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_venues_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_checkin_daily AS
    SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, r.count::int AS checkins, 0 AS venues_registered, (r.count > 0)::int AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM checkin_daily r JOIN venues v ON v.id = r.venue_id WHERE true;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM new_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM old_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM new_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM old_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET checkins = t.checkins + excluded.checkins, venues_active = t.venues_active + excluded.venues_active;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET checkins = 0, venues_active = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_checkin_daily_insert AFTER INSERT ON checkin_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_checkin_daily_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_checkin_daily_delete AFTER DELETE ON checkin_daily
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_checkin_daily_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_checkin_daily_update AFTER UPDATE ON checkin_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_checkin_daily_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_checkin_daily_truncate AFTER TRUNCATE ON checkin_daily
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_checkin_daily_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_citizens AS
    SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 1 AS portal_users, 0 AS declarations, 0 AS quarantine_active, 0 AS beds_total, 0 AS beds_occupied, 0 AS icu_total, 0 AS icu_occupied FROM citizens r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET portal_users = t.portal_users + excluded.portal_users;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET portal_users = t.portal_users + excluded.portal_users;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET portal_users = t.portal_users + excluded.portal_users;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET portal_users = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_citizens_insert AFTER INSERT ON citizens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_citizens_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_citizens_delete AFTER DELETE ON citizens
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_citizens_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_citizens_update AFTER UPDATE ON citizens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_citizens_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_citizens_truncate AFTER TRUNCATE ON citizens
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_citizens_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_facility_bed_reports AS
    SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths, 0 AS contacts_f1, 0 AS contacts_f2, 0 AS contacts_following, 0 AS contacts_released, 0 AS tests, 0 AS tests_positive, 0 AS pooled_tests, 0 AS doses, 0 AS doses_first, 0 AS doses_second, 0 AS doses_booster, 0 AS doses_additional, 0 AS checkins, 0 AS venues_registered, 0 AS venues_active, 0 AS portal_users, 0 AS declarations, 0 AS quarantine_active, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM facility_bed_reports r WHERE true;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM new_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET beds_total = t.beds_total + excluded.beds_total, beds_occupied = t.beds_occupied + excluded.beds_occupied, icu_total = t.icu_total + excluded.icu_total, icu_occupied = t.icu_occupied + excluded.icu_occupied;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET beds_total = t.beds_total + excluded.beds_total, beds_occupied = t.beds_occupied + excluded.beds_occupied, icu_total = t.icu_total + excluded.icu_total, icu_occupied = t.icu_occupied + excluded.icu_occupied;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM new_rows r WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET beds_total = t.beds_total + excluded.beds_total, beds_occupied = t.beds_occupied + excluded.beds_occupied, icu_total = t.icu_total + excluded.icu_total, icu_occupied = t.icu_occupied + excluded.icu_occupied;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET beds_total = 0, beds_occupied = 0, icu_total = 0, icu_occupied = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_facility_bed_reports_insert AFTER INSERT ON facility_bed_reports
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facility_bed_reports_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_facility_bed_reports_delete AFTER DELETE ON facility_bed_reports
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facility_bed_reports_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_facility_bed_reports_update AFTER UPDATE ON facility_bed_reports
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_facility_bed_reports_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_facility_bed_reports_truncate AFTER TRUNCATE ON facility_bed_reports
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_facility_bed_reports_apply_truncate();
--> statement-breakpoint
-- A person whose place changes (re-homing, a new address) carries their portal accounts with them.
CREATE OR REPLACE FUNCTION indicator_persons_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.province_code, n.district_code, n.commune_code) IS DISTINCT FROM (o.province_code, o.district_code, o.commune_code)) THEN
    RETURN NULL;
  END IF;
  INSERT INTO indicator_days AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM new_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM old_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0
  ORDER BY 3, 4, 1, 5, 6, 2
  ON CONFLICT ON CONSTRAINT indicator_days_key DO UPDATE SET portal_users = t.portal_users + excluded.portal_users;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_persons_update AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_persons_apply_update();
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
  UNION ALL SELECT * FROM indicator_raw_facility_bed_reports;
--> statement-breakpoint
-- What indicator_days must hold, from the raw rows (rollups:check compares, rollups:rebuild copies).
CREATE OR REPLACE VIEW indicator_expected AS
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END AS district_code,
         CASE WHEN g.grain = 2 THEN x.commune_code END AS commune_code, sum(x.cases_by_onset)::int AS cases_by_onset, sum(x.cases_by_report)::int AS cases_by_report, sum(x.cases_active)::int AS cases_active, sum(x.deaths)::int AS deaths, sum(x.contacts_f1)::int AS contacts_f1, sum(x.contacts_f2)::int AS contacts_f2, sum(x.contacts_following)::int AS contacts_following, sum(x.contacts_released)::int AS contacts_released, sum(x.tests)::int AS tests, sum(x.tests_positive)::int AS tests_positive, sum(x.pooled_tests)::int AS pooled_tests, sum(x.doses)::int AS doses, sum(x.doses_first)::int AS doses_first, sum(x.doses_second)::int AS doses_second, sum(x.doses_booster)::int AS doses_booster, sum(x.doses_additional)::int AS doses_additional, sum(x.checkins)::int AS checkins, sum(x.venues_registered)::int AS venues_registered, sum(x.venues_active)::int AS venues_active, sum(x.portal_users)::int AS portal_users, sum(x.declarations)::int AS declarations, sum(x.quarantine_active)::int AS quarantine_active, sum(x.beds_total)::int AS beds_total, sum(x.beds_occupied)::int AS beds_occupied, sum(x.icu_total)::int AS icu_total, sum(x.icu_occupied)::int AS icu_occupied
  FROM indicator_raw x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO indicator_days (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths, contacts_f1, contacts_f2, contacts_following, contacts_released, tests, tests_positive, pooled_tests, doses, doses_first, doses_second, doses_booster, doses_additional, checkins, venues_registered, venues_active, portal_users, declarations, quarantine_active, beds_total, beds_occupied, icu_total, icu_occupied)
SELECT * FROM indicator_expected;
