-- One clock in SQL too (issue #11 item 3): the indicator triggers and views turned instants into
-- local days with the literal 'Asia/Ho_Chi_Minh', so the config's TIME_ZONE (core/time/clock.ts)
-- never reached them. The zone now lives in `clock_zone` (one row; the server writes the config's
-- zone at every start, `db/clockZone.ts`) and every such day reads it through
-- `epilink_time_zone()`, called as `(SELECT epilink_time_zone())` so that a statement reads it once
-- (an init plan), not once per row. The functions and views below are the ones in force before this
-- migration (0035, 0039, 0046), printed by PostgreSQL (pg_get_functiondef, pg_get_viewdef) with
-- only the zone literal replaced.
INSERT INTO clock_zone (id, time_zone) VALUES (true, 'Asia/Ho_Chi_Minh') ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION epilink_time_zone() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT time_zone FROM clock_zone WHERE id $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.case_day_counts_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE (SELECT epilink_time_zone()))::date),
         disease_code, province_code, district_code, commune_code, -count(*)::int
  FROM old_rows WHERE classification = 'confirmed'
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.case_day_counts_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE (SELECT epilink_time_zone()))::date),
         disease_code, province_code, district_code, commune_code, count(*)::int
  FROM new_rows WHERE classification = 'confirmed'
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.case_day_counts_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT d, disease_code, province_code, district_code, commune_code, sum(s)::int
  FROM (
    SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS d,
           disease_code, province_code, district_code, commune_code, 1 AS s
    FROM new_rows WHERE classification = 'confirmed'
    UNION ALL
    SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE (SELECT epilink_time_zone()))::date),
           disease_code, province_code, district_code, commune_code, -1
    FROM old_rows WHERE classification = 'confirmed'
  ) x
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_cases_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_cases_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_cases_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, cases_by_onset, cases_by_report, cases_active, deaths)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.cases_by_onset * x.s)::int, sum(x.cases_by_report * x.s)::int, sum(x.cases_active * x.s)::int, sum(x.deaths * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM new_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT coalesce(r.sample_date, r.onset_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 1 AS cases_by_report, 1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.onset_date, r.sample_date, (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, -1 AS cases_active, 0 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.status = 'closed'
    UNION ALL
    SELECT coalesce(r.outcome_date, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS cases_by_onset, 0 AS cases_by_report, 0 AS cases_active, 1 AS deaths FROM old_rows r WHERE r.classification = 'confirmed' AND r.outcome = 'died') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.cases_by_onset * x.s) <> 0 OR sum(x.cases_by_report * x.s) <> 0 OR sum(x.cases_active * x.s) <> 0 OR sum(x.deaths * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_citizens_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_citizens_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_citizens_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM new_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, p.province_code, p.district_code, p.commune_code, 1 AS portal_users FROM old_rows r JOIN persons p ON p.id = r.person_id WHERE r.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_contacts_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_contacts_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_contacts_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_following, contacts_released)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_following * x.s)::int, sum(x.contacts_released * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM new_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IS NOT NULL
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) + 1 AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, -1 AS contacts_following, 0 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status IN ('completed', 'lost')
    UNION ALL
    SELECT coalesce(r.monitoring_until, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS contacts_following, 1 AS contacts_released FROM old_rows r WHERE r.status = 'confirmed' AND r.follow_up_status = 'completed') y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_following * x.s) <> 0 OR sum(x.contacts_released * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_person_epi_status_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_person_epi_status_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_person_epi_status_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, contacts_f1, contacts_f2)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.contacts_f1 * x.s)::int, sum(x.contacts_f2 * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM new_rows r WHERE r.degree IN (1, 2)) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT coalesce(r.exposed_on, (r.updated_at AT TIME ZONE (SELECT epilink_time_zone()))::date) AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, (r.degree = 1)::int AS contacts_f1, (r.degree = 2)::int AS contacts_f2 FROM old_rows r WHERE r.degree IN (1, 2)) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.contacts_f1 * x.s) <> 0 OR sum(x.contacts_f2 * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_persons_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.province_code, n.district_code, n.commune_code) IS DISTINCT FROM (o.province_code, o.district_code, o.commune_code)) THEN
    RETURN NULL;
  END IF;
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, portal_users)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.portal_users * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM new_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (c.created_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, ''::text AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS portal_users FROM old_rows r JOIN citizens c ON c.person_id = r.id WHERE c.verified_at IS NOT NULL) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.portal_users * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_test_results_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_test_results_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_test_results_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, tests, tests_positive, pooled_tests)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.tests * x.s)::int, sum(x.tests_positive * x.s)::int, sum(x.pooled_tests * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM new_rows r WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (r.resulted_at AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, r.disease_code AS disease_code, r.province_code, r.district_code, r.commune_code, 1 AS tests, (r.outcome = 'positive')::int AS tests_positive, (r.pool_id IS NOT NULL)::int AS pooled_tests FROM old_rows r WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.tests * x.s) <> 0 OR sum(x.tests_positive * x.s) <> 0 OR sum(x.pooled_tests * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_venues_apply_delete()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_venues_apply_insert()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$function$
;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.indicator_venues_apply_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  INSERT INTO indicator_day_deltas AS t (grain, day, disease_code, province_code, district_code, commune_code, checkins, venues_registered, venues_active)
  SELECT g.grain, x.day, x.disease_code, x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.checkins * x.s)::int, sum(x.venues_registered * x.s)::int, sum(x.venues_active * x.s)::int
  FROM (SELECT 1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM new_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM new_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y
  UNION ALL
  SELECT -1 AS s, y.* FROM (SELECT (coalesce(r.reviewed_at, r.created_at) AT TIME ZONE (SELECT epilink_time_zone()))::date AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, 0 AS checkins, 1 AS venues_registered, 0 AS venues_active FROM old_rows r WHERE r.status = 'approved'
    UNION ALL
    SELECT cd.day AS day, '' AS disease_code, r.province_code, r.district_code, r.commune_code, cd.count::int AS checkins, 0 AS venues_registered, (cd.count > 0)::int AS venues_active FROM old_rows r JOIN checkin_daily cd ON cd.venue_id = r.id WHERE true) y) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.checkins * x.s) <> 0 OR sum(x.venues_registered * x.s) <> 0 OR sum(x.venues_active * x.s) <> 0;
  RETURN NULL;
END;
$function$

;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_cases AS
 SELECT COALESCE(r.sample_date, r.onset_date, ((r.created_at AT TIME ZONE (SELECT epilink_time_zone())))::date) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    1 AS cases_by_report,
    1 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM cases r
  WHERE (r.classification = 'confirmed'::text)
UNION ALL
 SELECT COALESCE(r.onset_date, r.sample_date, ((r.created_at AT TIME ZONE (SELECT epilink_time_zone())))::date) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    1 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM cases r
  WHERE (r.classification = 'confirmed'::text)
UNION ALL
 SELECT (COALESCE(r.outcome_date, ((r.updated_at AT TIME ZONE (SELECT epilink_time_zone())))::date) + 1) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    '-1'::integer AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM cases r
  WHERE ((r.classification = 'confirmed'::text) AND (r.status = 'closed'::text))
UNION ALL
 SELECT COALESCE(r.outcome_date, ((r.updated_at AT TIME ZONE (SELECT epilink_time_zone())))::date) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    1 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM cases r
  WHERE ((r.classification = 'confirmed'::text) AND (r.outcome = 'died'::text));
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_citizens AS
 SELECT ((r.created_at AT TIME ZONE (SELECT epilink_time_zone())))::date AS day,
    ''::text AS disease_code,
    p.province_code,
    p.district_code,
    p.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    1 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM (citizens r
     JOIN persons p ON ((p.id = r.person_id)))
  WHERE (r.verified_at IS NOT NULL);
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_contacts AS
 SELECT ((r.created_at AT TIME ZONE (SELECT epilink_time_zone())))::date AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    1 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM contacts r
  WHERE ((r.status = 'confirmed'::text) AND (r.follow_up_status IS NOT NULL))
UNION ALL
 SELECT (COALESCE(r.monitoring_until, ((r.updated_at AT TIME ZONE (SELECT epilink_time_zone())))::date) + 1) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    '-1'::integer AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM contacts r
  WHERE ((r.status = 'confirmed'::text) AND (r.follow_up_status = ANY (ARRAY['completed'::text, 'lost'::text])))
UNION ALL
 SELECT COALESCE(r.monitoring_until, ((r.updated_at AT TIME ZONE (SELECT epilink_time_zone())))::date) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    1 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM contacts r
  WHERE ((r.status = 'confirmed'::text) AND (r.follow_up_status = 'completed'::text));
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_person_epi_status AS
 SELECT COALESCE(r.exposed_on, ((r.updated_at AT TIME ZONE (SELECT epilink_time_zone())))::date) AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    ((r.degree = 1))::integer AS contacts_f1,
    ((r.degree = 2))::integer AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM person_epi_status r
  WHERE (r.degree = ANY (ARRAY[1, 2]));
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_test_results AS
 SELECT ((r.resulted_at AT TIME ZONE (SELECT epilink_time_zone())))::date AS day,
    r.disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    1 AS tests,
    ((r.outcome = 'positive'::text))::integer AS tests_positive,
    ((r.pool_id IS NOT NULL))::integer AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    0 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM test_results r
  WHERE true;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_raw_venues AS
 SELECT ((COALESCE(r.reviewed_at, r.created_at) AT TIME ZONE (SELECT epilink_time_zone())))::date AS day,
    ''::text AS disease_code,
    r.province_code,
    r.district_code,
    r.commune_code,
    0 AS cases_by_onset,
    0 AS cases_by_report,
    0 AS cases_active,
    0 AS deaths,
    0 AS contacts_f1,
    0 AS contacts_f2,
    0 AS contacts_following,
    0 AS contacts_released,
    0 AS tests,
    0 AS tests_positive,
    0 AS pooled_tests,
    0 AS doses,
    0 AS doses_first,
    0 AS doses_second,
    0 AS doses_booster,
    0 AS doses_additional,
    0 AS checkins,
    1 AS venues_registered,
    0 AS venues_active,
    0 AS portal_users,
    0 AS declarations,
    0 AS quarantine_active,
    0 AS beds_total,
    0 AS beds_occupied,
    0 AS icu_total,
    0 AS icu_occupied
   FROM venues r
  WHERE (r.status = 'approved'::text)
;
