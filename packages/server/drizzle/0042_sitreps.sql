CREATE TABLE "sitreps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_code" text NOT NULL,
	"unit_name" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"day" date NOT NULL,
	"disease_code" text NOT NULL,
	"lang" text NOT NULL,
	"kind" text NOT NULL,
	"generated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generated_by" uuid,
	"headline" jsonb NOT NULL,
	"pdf" "bytea" NOT NULL,
	"xlsx" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "sitreps_scheduled_once" ON "sitreps" USING btree ("unit_code","day","disease_code") WHERE "sitreps"."kind" = 'scheduled';--> statement-breakpoint
CREATE INDEX "sitreps_unit_day_idx" ON "sitreps" USING btree ("unit_code","day");