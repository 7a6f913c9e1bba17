-- People in quarantine or isolation (issue #16, the situation room's `quarantineActive` stock,
-- stored as deltas): an order confirmed (active, later released) that confines the person — not
-- self-monitoring — counts +1 on its start day and -1 the day after its quarantine ends. Statement
-- triggers on `quarantine_orders` append the change to `indicator_day_deltas` in the order's
-- transaction at grain 2 (commune), 1 (district) and 0 (province), as the other sources do (0046);
-- an update appends the new rows' contribution minus the old rows'.
CREATE OR REPLACE FUNCTION indicator_quarantine_rows(rows_sign int, r quarantine_orders) RETURNS TABLE (s int, day date)
LANGUAGE sql IMMUTABLE AS $$
  SELECT rows_sign, r.start_date WHERE r.status IN ('active', 'released') AND r.kind <> 'monitoring'
  UNION ALL
  SELECT -rows_sign, r.quarantine_end + 1 WHERE r.status IN ('active', 'released') AND r.kind <> 'monitoring'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION indicator_quarantine_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, quarantine_active)
    SELECT g.grain, q.day, x.disease_code, x.province_code,
           CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(q.s)::int
    FROM new_rows x CROSS JOIN LATERAL indicator_quarantine_rows(1, x) q
      CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(q.s) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, quarantine_active)
    SELECT g.grain, q.day, x.disease_code, x.province_code,
           CASE WHEN g.grain >= 1 THEN x.district_code END, CASE WHEN g.grain = 2 THEN x.commune_code END, sum(q.s)::int
    FROM old_rows x CROSS JOIN LATERAL indicator_quarantine_rows(-1, x) q
      CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(q.s) <> 0;
  ELSE
    INSERT INTO indicator_day_deltas (grain, day, disease_code, province_code, district_code, commune_code, quarantine_active)
    SELECT g.grain, y.day, y.disease_code, y.province_code,
           CASE WHEN g.grain >= 1 THEN y.district_code END, CASE WHEN g.grain = 2 THEN y.commune_code END, sum(y.s)::int
    FROM (
      SELECT q.s, q.day, x.disease_code, x.province_code, x.district_code, x.commune_code
        FROM new_rows x CROSS JOIN LATERAL indicator_quarantine_rows(1, x) q
      UNION ALL
      SELECT q.s, q.day, x.disease_code, x.province_code, x.district_code, x.commune_code
        FROM old_rows x CROSS JOIN LATERAL indicator_quarantine_rows(-1, x) q
    ) y CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) g(grain)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(y.s) <> 0;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER indicator_quarantine_insert AFTER INSERT ON quarantine_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_quarantine_apply();
--> statement-breakpoint
CREATE TRIGGER indicator_quarantine_delete AFTER DELETE ON quarantine_orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_quarantine_apply();
--> statement-breakpoint
CREATE TRIGGER indicator_quarantine_update AFTER UPDATE ON quarantine_orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION indicator_quarantine_apply();
