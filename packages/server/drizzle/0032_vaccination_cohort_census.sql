CREATE TABLE "population_census" (
	"commune_code" text NOT NULL,
	"age_band" text NOT NULL,
	"population" integer NOT NULL,
	"district_code" text,
	"province_code" text NOT NULL,
	"reference_date" date NOT NULL,
	"source" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_census_commune_code_age_band_pk" PRIMARY KEY("commune_code","age_band")
);
--> statement-breakpoint
ALTER TABLE "vaccination_status" ADD COLUMN "first_dose_on" date;--> statement-breakpoint
ALTER TABLE "vaccination_status" ADD COLUMN "completed_on" date;--> statement-breakpoint
ALTER TABLE "vaccination_status" ADD COLUMN "boosted_on" date;--> statement-breakpoint
CREATE INDEX "population_census_district_idx" ON "population_census" USING btree ("district_code");--> statement-breakpoint
-- Backfill the milestones of existing status rows from their doses (primary series length from the
-- first dose's product as in the 2021-11 catalogue: Janssen 1, Abdala 3, every other product 2).
WITH d AS (
  SELECT person_id, disease, date,
         row_number() OVER (PARTITION BY person_id, disease ORDER BY date, created_at) AS n,
         first_value(product_code) OVER (PARTITION BY person_id, disease ORDER BY date, created_at) AS first_product
  FROM vaccination_doses WHERE voided_at IS NULL
), m AS (
  SELECT person_id, disease,
         min(date) FILTER (WHERE n = 1) AS first_on,
         min(date) FILTER (WHERE n = CASE first_product WHEN 'EU/1/20/1525' THEN 1 WHEN 'Abdala' THEN 3 ELSE 2 END) AS completed_on,
         min(date) FILTER (WHERE n = 1 + CASE first_product WHEN 'EU/1/20/1525' THEN 1 WHEN 'Abdala' THEN 3 ELSE 2 END) AS boosted_on
  FROM d GROUP BY person_id, disease
)
UPDATE vaccination_status s SET first_dose_on = m.first_on, completed_on = m.completed_on, boosted_on = m.boosted_on
FROM m WHERE s.person_id = m.person_id AND s.disease = m.disease;
