-- Doses by dose kind × age band per grain and day (issue #13 item 1: "doses by dose kind and age
-- band"), kept as the other rollups are (0046): statement triggers on vaccination_doses append the
-- statement's change to indicator_dose_band_deltas in the dose's transaction, indicators/fold.ts
-- folds them into indicator_dose_bands, readers read indicator_dose_bands_live. The same rule once
-- more as a view over the raw rows for `rollups:check` / `rollups:rebuild`, and the rollup filled
-- from it for the doses already stored.
CREATE OR REPLACE FUNCTION indicator_dose_bands_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_dose_band_deltas (grain, disease, province_code, district_code, commune_code, age_band, day, dose_first, dose_second, dose_booster, dose_additional)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day,
         sum(x.f1 * x.s)::int, sum(x.f2 * x.s)::int, sum(x.b * x.s)::int, sum(x.a * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.date AS day, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS f1, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS f2, (r.dose_kind = 'booster')::int AS b, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS a FROM new_rows r WHERE r.voided_at IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.f1 * x.s) <> 0 OR sum(x.f2 * x.s) <> 0 OR sum(x.b * x.s) <> 0 OR sum(x.a * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_dose_bands_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_dose_band_deltas (grain, disease, province_code, district_code, commune_code, age_band, day, dose_first, dose_second, dose_booster, dose_additional)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day,
         sum(x.f1 * x.s)::int, sum(x.f2 * x.s)::int, sum(x.b * x.s)::int, sum(x.a * x.s)::int
  FROM (SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.date AS day, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS f1, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS f2, (r.dose_kind = 'booster')::int AS b, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS a FROM old_rows r WHERE r.voided_at IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.f1 * x.s) <> 0 OR sum(x.f2 * x.s) <> 0 OR sum(x.b * x.s) <> 0 OR sum(x.a * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_dose_bands_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_dose_band_deltas (grain, disease, province_code, district_code, commune_code, age_band, day, dose_first, dose_second, dose_booster, dose_additional)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day,
         sum(x.f1 * x.s)::int, sum(x.f2 * x.s)::int, sum(x.b * x.s)::int, sum(x.a * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.date AS day, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS f1, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS f2, (r.dose_kind = 'booster')::int AS b, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS a FROM new_rows r WHERE r.voided_at IS NULL
    UNION ALL
    SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.date AS day, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS f1, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS f2, (r.dose_kind = 'booster')::int AS b, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS a FROM old_rows r WHERE r.voided_at IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.f1 * x.s) <> 0 OR sum(x.f2 * x.s) <> 0 OR sum(x.b * x.s) <> 0 OR sum(x.a * x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_dose_bands_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_dose_bands;
  DELETE FROM indicator_dose_band_deltas;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_dose_bands_insert AFTER INSERT ON vaccination_doses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_dose_bands_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_dose_bands_delete AFTER DELETE ON vaccination_doses
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_dose_bands_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_dose_bands_update AFTER UPDATE ON vaccination_doses
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_dose_bands_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_dose_bands_truncate AFTER TRUNCATE ON vaccination_doses
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_dose_bands_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_dose_bands_expected AS
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END AS district_code,
         CASE WHEN g.grain = 2 THEN x.commune_code END AS commune_code, x.age_band, x.day,
         sum(x.f1)::int AS dose_first, sum(x.f2)::int AS dose_second, sum(x.b)::int AS dose_booster, sum(x.a)::int AS dose_additional
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.date AS day, (r.dose_kind = 'primary' AND r.dose_number = 1)::int AS f1, (r.dose_kind = 'primary' AND r.dose_number = 2)::int AS f2, (r.dose_kind = 'booster')::int AS b, (r.dose_kind = 'primary' AND r.dose_number >= 3)::int AS a FROM vaccination_doses r WHERE r.voided_at IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_dose_bands_live AS
  SELECT grain, disease, province_code, district_code, commune_code, age_band, day, dose_first, dose_second, dose_booster, dose_additional FROM indicator_dose_bands
  UNION ALL
  SELECT grain, disease, province_code, district_code, commune_code, age_band, day, dose_first, dose_second, dose_booster, dose_additional FROM indicator_dose_band_deltas;
--> statement-breakpoint
INSERT INTO indicator_dose_bands SELECT * FROM indicator_dose_bands_expected;
