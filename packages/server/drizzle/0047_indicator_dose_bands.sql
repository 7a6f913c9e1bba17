CREATE TABLE "indicator_dose_band_deltas" (
	"grain" smallint NOT NULL,
	"disease" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"age_band" text NOT NULL,
	"day" date NOT NULL,
	"dose_first" integer DEFAULT 0 NOT NULL,
	"dose_second" integer DEFAULT 0 NOT NULL,
	"dose_booster" integer DEFAULT 0 NOT NULL,
	"dose_additional" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_dose_bands" (
	"grain" smallint NOT NULL,
	"disease" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"age_band" text NOT NULL,
	"day" date NOT NULL,
	"dose_first" integer DEFAULT 0 NOT NULL,
	"dose_second" integer DEFAULT 0 NOT NULL,
	"dose_booster" integer DEFAULT 0 NOT NULL,
	"dose_additional" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "indicator_dose_bands_key" UNIQUE NULLS NOT DISTINCT("grain","disease","province_code","district_code","commune_code","age_band","day")
);
--> statement-breakpoint
CREATE INDEX "indicator_dose_bands_district_idx" ON "indicator_dose_bands" USING btree ("district_code","disease","day");--> statement-breakpoint
CREATE INDEX "indicator_dose_bands_commune_idx" ON "indicator_dose_bands" USING btree ("commune_code","disease","day");