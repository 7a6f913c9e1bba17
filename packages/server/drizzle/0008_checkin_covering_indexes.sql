-- The overlap search reads (venue, time) and (person, time) ranges and needs only the stay's end and
-- the person (resp. venue) beside them: covering indexes let it answer from the index alone.
DROP INDEX IF EXISTS "checkins_venue_time_idx";
--> statement-breakpoint
CREATE INDEX "checkins_venue_time_idx" ON "checkins" USING btree ("venue_id","checked_in_at") INCLUDE ("checked_out_at","person_id");
--> statement-breakpoint
DROP INDEX IF EXISTS "checkins_person_time_idx";
--> statement-breakpoint
CREATE INDEX "checkins_person_time_idx" ON "checkins" USING btree ("person_id","checked_in_at") INCLUDE ("venue_id","checked_out_at");
