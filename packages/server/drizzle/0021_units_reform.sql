CREATE TABLE "health_area_communes" (
	"area_code" text NOT NULL,
	"commune_code" text NOT NULL,
	CONSTRAINT "health_area_communes_area_code_commune_code_pk" PRIMARY KEY("area_code","commune_code")
);
--> statement-breakpoint
CREATE TABLE "health_areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"valid_from" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_change_sets" (
	"change_set" text PRIMARY KEY NOT NULL,
	"effective_date" date NOT NULL,
	"row_count" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rehomed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "unit_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"change_set" text NOT NULL,
	"effective_date" date NOT NULL,
	"old_province_code" text NOT NULL,
	"old_district_code" text,
	"old_code" text,
	"old_name" text NOT NULL,
	"new_province_code" text,
	"new_code" text,
	"new_name" text,
	"kind" text NOT NULL,
	"population_share" real,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "unit_rehoming_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_set" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"old_code" text NOT NULL,
	"province_code" text NOT NULL,
	"candidates" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decided_code" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "health_area_communes" ADD CONSTRAINT "health_area_communes_area_code_health_areas_code_fk" FOREIGN KEY ("area_code") REFERENCES "public"."health_areas"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "health_area_communes_commune_idx" ON "health_area_communes" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "unit_changes_new_idx" ON "unit_changes" USING btree ("new_code","effective_date");--> statement-breakpoint
CREATE INDEX "unit_changes_old_idx" ON "unit_changes" USING btree ("old_code","effective_date");--> statement-breakpoint
CREATE INDEX "unit_changes_new_province_idx" ON "unit_changes" USING btree ("new_province_code","effective_date");--> statement-breakpoint
CREATE INDEX "unit_rehoming_reviews_queue_idx" ON "unit_rehoming_reviews" USING btree ("province_code","status","created_at");--> statement-breakpoint
CREATE INDEX "unit_rehoming_reviews_entity_idx" ON "unit_rehoming_reviews" USING btree ("entity","entity_id");