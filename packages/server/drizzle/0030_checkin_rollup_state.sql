CREATE TABLE "checkin_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"prev_id" bigint DEFAULT 0 NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "venues_created_idx" ON "venues" USING btree ("created_at","id");