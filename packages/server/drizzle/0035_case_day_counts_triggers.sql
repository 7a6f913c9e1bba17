-- case_day_counts (schema/units.ts): confirmed cases per day, disease and recorded place, kept in
-- the same transaction as every write to `cases` by statement triggers over the transition tables
-- (one aggregated upsert per statement, so bulk loads stay cheap). The day is the report's: sample
-- date, else onset, else the local day the case was recorded. Rows whose count falls to 0 stay
-- (reports skip them). A truncate of `cases` empties the rollup.
CREATE OR REPLACE FUNCTION case_day_counts_apply_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
         disease_code, province_code, district_code, commune_code, count(*)::int
  FROM new_rows WHERE classification = 'confirmed'
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_day_counts_apply_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
         disease_code, province_code, district_code, commune_code, -count(*)::int
  FROM old_rows WHERE classification = 'confirmed'
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_day_counts_apply_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_day_counts AS t (day, disease_code, province_code, district_code, commune_code, n)
  SELECT d, disease_code, province_code, district_code, commune_code, sum(s)::int
  FROM (
    SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS d,
           disease_code, province_code, district_code, commune_code, 1 AS s
    FROM new_rows WHERE classification = 'confirmed'
    UNION ALL
    SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
           disease_code, province_code, district_code, commune_code, -1
    FROM old_rows WHERE classification = 'confirmed'
  ) x
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(s) <> 0 ORDER BY 2, 1, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_day_counts_key DO UPDATE SET n = t.n + excluded.n;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION case_day_counts_apply_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_day_counts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_day_counts_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_day_counts_apply_insert();
--> statement-breakpoint
CREATE TRIGGER case_day_counts_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION case_day_counts_apply_delete();
--> statement-breakpoint
CREATE TRIGGER case_day_counts_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_day_counts_apply_update();
--> statement-breakpoint
CREATE TRIGGER case_day_counts_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_day_counts_apply_truncate();
--> statement-breakpoint
INSERT INTO case_day_counts (day, disease_code, province_code, district_code, commune_code, n)
SELECT coalesce(sample_date, onset_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date),
       disease_code, province_code, district_code, commune_code, count(*)::int
FROM cases WHERE classification = 'confirmed'
GROUP BY 1, 2, 3, 4, 5;
