ALTER TABLE "cases" ADD COLUMN "missing_rules" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "person_epi_status" ADD COLUMN "exposed_on" date;