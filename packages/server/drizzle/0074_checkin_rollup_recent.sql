-- The rollup pass adds what settles instead of recounting every touched (venue, day) in full
-- (checkin/rollup.ts). `recent` is the part of `count` that the next pass counts again. Rows written
-- before this migration have none, so the watermark moves up to the last pass's highest id: the
-- check-ins the last two passes counted stay counted once (one committed later than that is left to
-- the hourly reconcile, as before).
ALTER TABLE "checkin_daily" ADD COLUMN "recent" bigint DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE "checkin_rollup_state" SET "prev_id" = "last_id";
