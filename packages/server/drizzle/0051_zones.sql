CREATE TABLE "zone_round_members" (
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"registration_id" uuid NOT NULL,
	"pool_id" uuid NOT NULL,
	"commune_code" text,
	CONSTRAINT "zone_round_members_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "zone_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"pool_by" text NOT NULL,
	"pool_size" integer NOT NULL,
	"site_id" uuid NOT NULL,
	"member_count" integer NOT NULL,
	"pool_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zone_units" (
	"zone_id" uuid NOT NULL,
	"commune_code" text NOT NULL,
	"district_code" text,
	CONSTRAINT "zone_units_zone_id_commune_code_pk" PRIMARY KEY("zone_id","commune_code")
);
--> statement-breakpoint
CREATE TABLE "zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"reason" text NOT NULL,
	"decision_ref" text NOT NULL,
	"disease_code" text DEFAULT 'COVID-19' NOT NULL,
	"starts_on" date NOT NULL,
	"drawn_by" text NOT NULL,
	"polygon" jsonb,
	"target_percent" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"lifted_on" date,
	"lift_decision_ref" text,
	"lifted_by" uuid,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "zone_round_members" ADD CONSTRAINT "zone_round_members_round_id_zone_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."zone_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_round_members" ADD CONSTRAINT "zone_round_members_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_round_members" ADD CONSTRAINT "zone_round_members_registration_id_test_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."test_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_round_members" ADD CONSTRAINT "zone_round_members_pool_id_test_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."test_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_rounds" ADD CONSTRAINT "zone_rounds_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_rounds" ADD CONSTRAINT "zone_rounds_site_id_test_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."test_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_units" ADD CONSTRAINT "zone_units_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "zone_round_members_pool_idx" ON "zone_round_members" USING btree ("pool_id");--> statement-breakpoint
CREATE INDEX "zone_rounds_zone_idx" ON "zone_rounds" USING btree ("zone_id","number");--> statement-breakpoint
CREATE INDEX "zone_units_commune_idx" ON "zone_units" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "zone_units_district_idx" ON "zone_units" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "zones_status_idx" ON "zones" USING btree ("kind","status","starts_on");--> statement-breakpoint
CREATE INDEX "zones_created_idx" ON "zones" USING btree ("created_at","id");