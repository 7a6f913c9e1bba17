ALTER TABLE "users" ADD COLUMN "enrolment_code_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "enrolment_code_expires_at" timestamp with time zone;