CREATE TABLE "lab_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text,
	"lab_name" text NOT NULL,
	"lab_run" text,
	"row_count" integer NOT NULL,
	"imported_count" integer NOT NULL,
	"unchanged_count" integer NOT NULL,
	"error_count" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"imported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "specimens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"barcode" text NOT NULL,
	"person_id" uuid NOT NULL,
	"registration_id" uuid,
	"test_type" text NOT NULL,
	"disease_code" text DEFAULT 'COVID-19' NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"site_id" uuid,
	"pool_id" uuid,
	"status" text DEFAULT 'collected' NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"collected_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"barcode" text NOT NULL,
	"site_id" uuid,
	"disease_code" text DEFAULT 'COVID-19' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"ct" real,
	"resulted_at" timestamp with time zone,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"session_id" uuid,
	"test_type" text NOT NULL,
	"disease_code" text DEFAULT 'COVID-19' NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"registered_via" text NOT NULL,
	"recall_of_specimen_id" uuid,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"specimen_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"test_type" text NOT NULL,
	"disease_code" text DEFAULT 'COVID-19' NOT NULL,
	"outcome" text NOT NULL,
	"ct" real,
	"sampled_at" timestamp with time zone NOT NULL,
	"resulted_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"pool_id" uuid,
	"lab_import_id" uuid,
	"lab_run" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"facility_id" uuid,
	"address" text,
	"active" boolean DEFAULT true NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "specimens" ADD CONSTRAINT "specimens_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specimens" ADD CONSTRAINT "specimens_registration_id_test_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."test_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specimens" ADD CONSTRAINT "specimens_site_id_test_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."test_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "specimens" ADD CONSTRAINT "specimens_pool_id_test_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."test_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_pools" ADD CONSTRAINT "test_pools_site_id_test_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."test_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_registrations" ADD CONSTRAINT "test_registrations_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_registrations" ADD CONSTRAINT "test_registrations_site_id_test_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."test_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_registrations" ADD CONSTRAINT "test_registrations_session_id_test_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."test_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_specimen_id_specimens_id_fk" FOREIGN KEY ("specimen_id") REFERENCES "public"."specimens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_pool_id_test_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."test_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_results" ADD CONSTRAINT "test_results_lab_import_id_lab_imports_id_fk" FOREIGN KEY ("lab_import_id") REFERENCES "public"."lab_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sessions" ADD CONSTRAINT "test_sessions_site_id_test_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."test_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_sites" ADD CONSTRAINT "test_sites_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lab_imports_sha_idx" ON "lab_imports" USING btree ("file_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "specimens_barcode_idx" ON "specimens" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "specimens_person_idx" ON "specimens" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "specimens_pool_idx" ON "specimens" USING btree ("pool_id");--> statement-breakpoint
CREATE UNIQUE INDEX "test_pools_barcode_idx" ON "test_pools" USING btree ("barcode");--> statement-breakpoint
CREATE INDEX "test_registrations_person_idx" ON "test_registrations" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "test_registrations_session_idx" ON "test_registrations" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "test_registrations_commune_idx" ON "test_registrations" USING btree ("commune_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "test_results_specimen_idx" ON "test_results" USING btree ("specimen_id");--> statement-breakpoint
CREATE INDEX "test_results_person_idx" ON "test_results" USING btree ("person_id","sampled_at");--> statement-breakpoint
CREATE INDEX "test_results_commune_idx" ON "test_results" USING btree ("commune_code","resulted_at");--> statement-breakpoint
CREATE INDEX "test_sessions_site_idx" ON "test_sessions" USING btree ("site_id","starts_at");--> statement-breakpoint
CREATE INDEX "test_sites_commune_idx" ON "test_sites" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "test_sites_district_idx" ON "test_sites" USING btree ("district_code");