CREATE TABLE "facility_bed_reports" (
	"facility_id" uuid NOT NULL,
	"day" date NOT NULL,
	"beds_total" integer NOT NULL,
	"beds_occupied" integer NOT NULL,
	"icu_total" integer NOT NULL,
	"icu_occupied" integer NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"reported_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_bed_reports_key" UNIQUE("facility_id","day")
);
--> statement-breakpoint
CREATE TABLE "indicator_days" (
	"grain" smallint NOT NULL,
	"day" date NOT NULL,
	"disease_code" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"cases_by_onset" integer DEFAULT 0 NOT NULL,
	"cases_by_report" integer DEFAULT 0 NOT NULL,
	"cases_active" integer DEFAULT 0 NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"contacts_f1" integer DEFAULT 0 NOT NULL,
	"contacts_f2" integer DEFAULT 0 NOT NULL,
	"contacts_following" integer DEFAULT 0 NOT NULL,
	"contacts_released" integer DEFAULT 0 NOT NULL,
	"tests" integer DEFAULT 0 NOT NULL,
	"tests_positive" integer DEFAULT 0 NOT NULL,
	"pooled_tests" integer DEFAULT 0 NOT NULL,
	"doses" integer DEFAULT 0 NOT NULL,
	"doses_first" integer DEFAULT 0 NOT NULL,
	"doses_second" integer DEFAULT 0 NOT NULL,
	"doses_booster" integer DEFAULT 0 NOT NULL,
	"doses_additional" integer DEFAULT 0 NOT NULL,
	"checkins" integer DEFAULT 0 NOT NULL,
	"venues_registered" integer DEFAULT 0 NOT NULL,
	"venues_active" integer DEFAULT 0 NOT NULL,
	"portal_users" integer DEFAULT 0 NOT NULL,
	"declarations" integer DEFAULT 0 NOT NULL,
	"quarantine_active" integer DEFAULT 0 NOT NULL,
	"beds_total" integer DEFAULT 0 NOT NULL,
	"beds_occupied" integer DEFAULT 0 NOT NULL,
	"icu_total" integer DEFAULT 0 NOT NULL,
	"icu_occupied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "indicator_days_key" UNIQUE NULLS NOT DISTINCT("grain","disease_code","province_code","district_code","commune_code","day")
);
--> statement-breakpoint
ALTER TABLE "facility_bed_reports" ADD CONSTRAINT "facility_bed_reports_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "facility_bed_reports_day_idx" ON "facility_bed_reports" USING btree ("day");--> statement-breakpoint
CREATE INDEX "indicator_days_district_idx" ON "indicator_days" USING btree ("district_code","disease_code","day");--> statement-breakpoint
CREATE INDEX "indicator_days_commune_idx" ON "indicator_days" USING btree ("commune_code","disease_code","day");