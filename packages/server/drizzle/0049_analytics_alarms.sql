CREATE TABLE "analytics_alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"disease_code" text NOT NULL,
	"day" date NOT NULL,
	"method" text NOT NULL,
	"observed" real NOT NULL,
	"threshold" real NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_alarms_key" UNIQUE("commune_code","disease_code","day","method"),
	CONSTRAINT "analytics_alarms_commune" CHECK ("analytics_alarms"."commune_code" is not null)
);
--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD CONSTRAINT "analytics_alarms_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_alarms_open_idx" ON "analytics_alarms" USING btree ("status","commune_code","day");