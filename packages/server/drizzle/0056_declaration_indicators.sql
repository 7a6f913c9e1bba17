-- Declarations per day by commune (issue #15 item 7, the situation room's adoption indicator):
-- statement triggers on `declarations` append the change to `indicator_day_deltas` (disease '',
-- the metric does not depend on a disease) in the declaration's transaction, at grain 2 (commune),
-- 1 (district) and 0 (province), as the other sources do (migration 0046); the fold moves them on.
-- An update that moves no declaration's day or place appends nothing.
CREATE OR REPLACE FUNCTION indicator_declarations_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, declarations)
  SELECT g.grain, x.day, '', x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, count(*)::int
  FROM new_rows x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_declarations_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, declarations)
  SELECT g.grain, x.day, '', x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, -count(*)::int
  FROM old_rows x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_declarations_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, declarations)
  SELECT g.grain, x.day, '', x.province_code,
         CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(x.s)::int
  FROM (
    SELECT 1 AS s, r.day, r.province_code, r.district_code, r.commune_code FROM new_rows r
    UNION ALL
    SELECT -1 AS s, r.day, r.province_code, r.district_code, r.commune_code FROM old_rows r
  ) x CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.s) <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_declarations_insert AFTER INSERT ON declarations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_declarations_apply_insert();
--> statement-breakpoint
CREATE TRIGGER indicator_declarations_delete AFTER DELETE ON declarations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_declarations_apply_delete();
--> statement-breakpoint
CREATE TRIGGER indicator_declarations_update AFTER UPDATE ON declarations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_declarations_apply_update();
