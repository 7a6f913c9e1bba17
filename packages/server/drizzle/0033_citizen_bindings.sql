ALTER TABLE "citizens" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "citizens" ADD COLUMN "verified_by" text;