CREATE TABLE "indicator_coverage_deltas" (
	"grain" smallint NOT NULL,
	"disease" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"age_band" text NOT NULL,
	"day" date NOT NULL,
	"first_dose" integer DEFAULT 0 NOT NULL,
	"full_schedule" integer DEFAULT 0 NOT NULL,
	"booster" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_day_deltas" (
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
	"icu_occupied" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_resident_deltas" (
	"grain" smallint NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"n" integer DEFAULT 0 NOT NULL
);
