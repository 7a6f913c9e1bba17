CREATE TABLE "indicator_coverage_days" (
	"grain" smallint NOT NULL,
	"disease" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"age_band" text NOT NULL,
	"day" date NOT NULL,
	"first_dose" integer DEFAULT 0 NOT NULL,
	"full_schedule" integer DEFAULT 0 NOT NULL,
	"booster" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "indicator_coverage_days_key" UNIQUE NULLS NOT DISTINCT("grain","disease","province_code","district_code","commune_code","age_band","day")
);
--> statement-breakpoint
CREATE TABLE "indicator_residents" (
	"grain" smallint NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "indicator_residents_key" UNIQUE NULLS NOT DISTINCT("grain","province_code","district_code","commune_code")
);
--> statement-breakpoint
-- Coverage by age band and registered residents per grain (0 province, 1 district, 2 commune), kept by
-- statement triggers in the transaction of every write to vaccination_coverage_daily and persons, so a
-- province's coverage and population read a few rows (issue #13, Contract A's read budget).
CREATE OR REPLACE FUNCTION indicator_coverage_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_days AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM new_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0
  ORDER BY 2, 3, 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT indicator_coverage_days_key DO UPDATE SET first_dose = t.first_dose + excluded.first_dose, full_schedule = t.full_schedule + excluded.full_schedule, booster = t.booster + excluded.booster;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_days AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM old_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0
  ORDER BY 2, 3, 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT indicator_coverage_days_key DO UPDATE SET first_dose = t.first_dose + excluded.first_dose, full_schedule = t.full_schedule + excluded.full_schedule, booster = t.booster + excluded.booster;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_coverage_days AS t (grain, disease, province_code, district_code, commune_code, age_band, day, first_dose, full_schedule, booster)
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, x.age_band, x.day, sum(x.first_dose * x.s)::int, sum(x.full_schedule * x.s)::int, sum(x.booster * x.s)::int
  FROM (SELECT 1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM new_rows r
    UNION ALL SELECT -1 AS s, r.disease, r.province_code, r.district_code, r.commune_code, r.age_band, r.day, r.first_dose, r.full_schedule, r.booster FROM old_rows r) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(x.first_dose * x.s) <> 0 OR sum(x.full_schedule * x.s) <> 0 OR sum(x.booster * x.s) <> 0
  ORDER BY 2, 3, 1, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT indicator_coverage_days_key DO UPDATE SET first_dose = t.first_dose + excluded.first_dose, full_schedule = t.full_schedule + excluded.full_schedule, booster = t.booster + excluded.booster;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_coverage_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_coverage_days;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_coverage_insert AFTER INSERT ON vaccination_coverage_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_coverage_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_coverage_delete AFTER DELETE ON vaccination_coverage_daily
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_coverage_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_coverage_update AFTER UPDATE ON vaccination_coverage_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_coverage_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_coverage_truncate AFTER TRUNCATE ON vaccination_coverage_daily
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_coverage_apply_truncate();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_residents AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT 1 AS s, r.province_code, r.district_code, r.commune_code FROM new_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0
  ORDER BY 2, 1, 3, 4
  ON CONFLICT ON CONSTRAINT indicator_residents_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_residents AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT -1 AS s, r.province_code, r.district_code, r.commune_code FROM old_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0
  ORDER BY 2, 1, 3, 4
  ON CONFLICT ON CONSTRAINT indicator_residents_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_residents AS t (grain, province_code, district_code, commune_code, n)
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (SELECT 1 AS s, r.province_code, r.district_code, r.commune_code FROM new_rows r WHERE r.merged_into IS NULL
    UNION ALL SELECT -1 AS s, r.province_code, r.district_code, r.commune_code FROM old_rows r WHERE r.merged_into IS NULL) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4 HAVING sum(x.s) <> 0
  ORDER BY 2, 1, 3, 4
  ON CONFLICT ON CONSTRAINT indicator_residents_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_residents_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM indicator_residents;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_residents_insert AFTER INSERT ON persons
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_residents_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_residents_delete AFTER DELETE ON persons
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_residents_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_residents_update AFTER UPDATE ON persons
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_residents_apply_update();
--> statement-breakpoint
CREATE TRIGGER indicator_residents_truncate AFTER TRUNCATE ON persons
  FOR EACH STATEMENT EXECUTE FUNCTION indicator_residents_apply_truncate();
--> statement-breakpoint
-- What the two tables must hold, from the raw rows (rollups:check compares, rollups:rebuild copies).
CREATE OR REPLACE VIEW indicator_coverage_expected AS
  SELECT g.grain, x.disease, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END AS district_code, CASE WHEN g.grain = 2 THEN x.commune_code END AS commune_code, x.age_band, x.day,
         sum(x.first_dose)::int AS first_dose, sum(x.full_schedule)::int AS full_schedule, sum(x.booster)::int AS booster
  FROM vaccination_coverage_daily x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
CREATE OR REPLACE VIEW indicator_residents_expected AS
  SELECT g.grain, x.province_code, CASE WHEN g.grain >= 1 THEN x.district_code END AS district_code,
         CASE WHEN g.grain = 2 THEN x.commune_code END AS commune_code, count(*)::int AS n
  FROM persons x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  WHERE x.merged_into IS NULL
  GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO indicator_coverage_days SELECT * FROM indicator_coverage_expected;
--> statement-breakpoint
INSERT INTO indicator_residents SELECT * FROM indicator_residents_expected;
