-- The overlap search looks up the name (and merged-into pointer) of every contact it returns,
-- ~300 random persons per search on the province benchmark: with these columns in an index on the
-- id, each lookup reads one index leaf instead of an index leaf and a heap page. Interleaved A/B
-- of the overlap function (200 random people each): p50 9.9 → 8.1 ms, p95 21.8 → 18.4 ms. Not in
-- the Drizzle schema (like the check-in functions): a read path of the check-in module.
CREATE INDEX IF NOT EXISTS "persons_id_name_idx" ON "persons" USING btree ("id") INCLUDE ("full_name", "merged_into");
