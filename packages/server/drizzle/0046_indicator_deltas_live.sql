-- Writers append, a worker folds (issue #11 item 2, #13 item 1). The statement triggers of migrations
-- 0039 (indicator_triggers) and 0044 (indicator_coverage_residents) upserted into the rollups, which
-- row-locked the province's and the district's row of the day until the writer's commit: every
-- concurrent result, contact decision or dose in the province waited on the one before it. The same
-- functions now append their aggregated change to a delta table (no unique key, no conflict, no
-- lock on a shared row), in the event's transaction as before; indicators/fold.ts moves the deltas
-- into the rollups every second (one folder at a time, by advisory lock), and readers read the
-- views *_live = rollup UNION ALL deltas, which they already sum, so a read is exact at once.
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
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
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_cases_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET cases_by_onset = 0, cases_by_report = 0, cases_active = 0, deaths = 0;
  UPDATE indicator_day_deltas SET cases_by_onset = 0, cases_by_report = 0, cases_active = 0, deaths = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
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
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_contacts_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET contacts_following = 0, contacts_released = 0;
  UPDATE indicator_day_deltas SET contacts_following = 0, contacts_released = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_person_epi_status_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET contacts_f1 = 0, contacts_f2 = 0;
  UPDATE indicator_day_deltas SET contacts_f1 = 0, contacts_f2 = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_test_results_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET tests = 0, tests_positive = 0, pooled_tests = 0;
  UPDATE indicator_day_deltas SET tests = 0, tests_positive = 0, pooled_tests = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM new_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM old_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, doses, doses_first, doses_second, doses_booster, doses_additional)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.doses * x.s)::int, sum(x.doses_first * x.s)::int, sum(x.doses_second * x.s)::int, sum(x.doses_booster * x.s)::int, sum(x.doses_additional * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM new_rows r WHERE r.voided_at IS NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.date AS day, (CASE r.disease WHEN 'covid19' THEN 'COVID-19' ELSE upper(r.disease) END) AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS doses, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS doses_first, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS doses_second, (r.dose_kind = 'booster')::int AS doses_booster, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS doses_additional FROM old_rows r WHERE r.voided_at IS NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.doses * x.s) <> 0 OR sum(x.doses_first * x.s) <> 0 OR sum(x.doses_second * x.s) <> 0 OR sum(x.doses_booster * x.s) <> 0 OR sum(x.doses_additional * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_vaccination_doses_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET doses = 0, doses_first = 0, doses_second = 0, doses_booster = 0, doses_additional = 0;
  UPDATE indicator_day_deltas SET doses = 0, doses_first = 0, doses_second = 0, doses_booster = 0, doses_additional = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_venues_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET checkins = 0, venues_registered = 0, venues_active = 0;
  UPDATE indicator_day_deltas SET checkins = 0, venues_registered = 0, venues_active = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM new_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM old_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM new_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, v.province_code, v.district_code, v.commune_code, r.count::int AS checkins, (r.count > 0)::int AS venues_active FROM old_rows r JOIN venues v ON v.id = r.venue_id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_checkin_daily_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET checkins = 0, venues_active = 0;
  UPDATE indicator_day_deltas SET checkins = 0, venues_active = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_citizens_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET portal_users = 0;
  UPDATE indicator_day_deltas SET portal_users = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM new_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, beds_total, beds_occupied, icu_total, icu_occupied)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.beds_total * x.s)::int, sum(x.beds_occupied * x.s)::int, sum(x.icu_total * x.s)::int, sum(x.icu_occupied * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM new_rows r WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT r.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, r.beds_total AS beds_total, r.beds_occupied AS beds_occupied, r.icu_total AS icu_total, r.icu_occupied AS icu_occupied FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.beds_total * x.s) <> 0 OR sum(x.beds_occupied * x.s) <> 0 OR sum(x.icu_total * x.s) <> 0 OR sum(x.icu_occupied * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_facility_bed_reports_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE indicator_days SET beds_total = 0, beds_occupied = 0, icu_total = 0, icu_occupied = 0;
  UPDATE indicator_day_deltas SET beds_total = 0, beds_occupied = 0, icu_total = 0, icu_occupied = 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_persons_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.province_code, n.district_code, n.commune_code) IS DISTINCT FROM (o.province_code, o.district_code, o.commune_code)) THEN
    RETURN NULL;
  END IF;
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM new_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM old_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_deltas AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM new_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_deltas AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM old_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_deltas AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM new_rows r
    UNION ALL SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM old_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_coverage_days;
  DELETE FROM indicator_coverage_deltas;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_resident_deltas AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT 1 AS s, r.province_code, r.district_code, r.commune_code FROM new_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_resident_deltas AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT -1 AS s, r.province_code, r.district_code, r.commune_code FROM old_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_resident_deltas AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT 1 AS s, r.province_code, r.district_code, r.commune_code FROM new_rows r WHERE r.merged_into IS NULL
    UNION ALL SELECT -1 AS s, r.province_code, r.district_code, r.commune_code FROM old_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_residents;
  DELETE FROM indicator_resident_deltas;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_days_live AS
  SELECT grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths, contacts_f1, contacts_f2, contacts_following, contacts_released, tests, tests_positive, pooled_tests, doses, doses_first, doses_second, doses_booster, doses_additional, checkins, venues_registered, venues_active, portal_users, declarations, quarantine_active, beds_total, beds_occupied, icu_total, icu_occupied FROM indicator_days
  UNION ALL
  SELECT grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths, contacts_f1, contacts_f2, contacts_following, contacts_released, tests, tests_positive, pooled_tests, doses, doses_first, doses_second, doses_booster, doses_additional, checkins, venues_registered, venues_active, portal_users, declarations, quarantine_active, beds_total, beds_occupied, icu_total, icu_occupied FROM indicator_day_deltas;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_coverage_live AS
  SELECT grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster FROM indicator_coverage_days
  UNION ALL
  SELECT grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster FROM indicator_coverage_deltas;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_residents_live AS
  SELECT grain, province_code, district_code, commune_code, n FROM indicator_residents
  UNION ALL
  SELECT grain, province_code, district_code, commune_code, n FROM indicator_resident_deltas;
