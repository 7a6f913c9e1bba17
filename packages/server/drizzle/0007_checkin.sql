CREATE TABLE "checkin_daily" (
	"venue_id" uuid NOT NULL,
	"day" date NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "checkin_daily_venue_id_day_pk" PRIMARY KEY("venue_id","day")
);
--> statement-breakpoint
CREATE TABLE "checkin_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"investigation" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" bigserial NOT NULL,
	"venue_id" uuid NOT NULL,
	"person_id" uuid,
	"visitor_key" text NOT NULL,
	"method" text NOT NULL,
	"guest_phone" text,
	"guest_name" text,
	"checked_in_at" timestamp with time zone NOT NULL,
	"checked_out_at" timestamp with time zone NOT NULL,
	"checked_out_by" text DEFAULT 'auto' NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"recorded_by" uuid,
	CONSTRAINT "checkins_id_checked_in_at_pk" PRIMARY KEY("id","checked_in_at")
) PARTITION BY RANGE ("checked_in_at");
--> statement-breakpoint
-- Check-ins are partitioned by local day (checkin/partitions.ts creates daily partitions ahead and
-- drops old ones); the default partition takes whatever no daily partition covers yet.
CREATE TABLE "checkins_default" PARTITION OF "checkins" DEFAULT;
--> statement-breakpoint
CREATE TABLE "venue_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"venue_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"address" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"capacity" integer,
	"opening_hours" text,
	"latitude" double precision,
	"longitude" double precision,
	"default_stay_minutes" integer DEFAULT 60 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"owner_user_id" uuid,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "venue_tokens" ADD CONSTRAINT "venue_tokens_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkin_daily_day_idx" ON "checkin_daily" USING btree ("day");--> statement-breakpoint
CREATE INDEX "checkin_holds_open_idx" ON "checkin_holds" USING btree ("person_id") WHERE released_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_visit_uq" ON "checkins" USING btree ("visitor_key","venue_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "checkins_venue_time_idx" ON "checkins" USING btree ("venue_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "checkins_person_time_idx" ON "checkins" USING btree ("person_id","checked_in_at");--> statement-breakpoint
CREATE INDEX "checkins_unlinked_idx" ON "checkins" USING btree ("checked_in_at") WHERE person_id is null;--> statement-breakpoint
CREATE INDEX "venue_tokens_venue_idx" ON "venue_tokens" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "venues_place_idx" ON "venues" USING btree ("province_code","district_code","commune_code","status");--> statement-breakpoint
CREATE INDEX "venues_owner_idx" ON "venues" USING btree ("owner_user_id");