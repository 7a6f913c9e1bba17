ALTER TABLE "aefi_reports" ADD COLUMN "serious_criteria" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "aefi_reports_place_idx" ON "aefi_reports" USING btree ("commune_code","onset_date");--> statement-breakpoint
UPDATE "aefi_reports" SET "serious_criteria" = ARRAY["severity"]::text[], "severity" = 'severe'
WHERE "severity" IN ('life_threatening', 'death');
