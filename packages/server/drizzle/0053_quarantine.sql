CREATE TABLE "quarantine_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"kind" text NOT NULL,
	"form_id" text,
	"signs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dedup_key" text NOT NULL,
	"level" text DEFAULT 'commune' NOT NULL,
	"level_since" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"raised_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quarantine_alerts_dedup" UNIQUE("dedup_key")
);
--> statement-breakpoint
CREATE TABLE "quarantine_capacity" (
	"facility_id" uuid NOT NULL,
	"day" date NOT NULL,
	"places" integer NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarantine_capacity_key" UNIQUE("facility_id","day")
);
--> statement-breakpoint
CREATE TABLE "quarantine_forms" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_by" text NOT NULL,
	"worker_id" uuid,
	"symptoms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"temperature_c" real,
	"spo2" real,
	"pulse" integer,
	"respiratory_rate" integer,
	"systolic" integer,
	"diastolic" integer,
	"warning_signs" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"person_id" uuid NOT NULL,
	"disease_code" text NOT NULL,
	"role" text NOT NULL,
	"contact_id" uuid,
	"case_id" uuid,
	"kind" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"start_date" date NOT NULL,
	"quarantine_end" date NOT NULL,
	"end_date" date NOT NULL,
	"tests_due" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"forms_per_day" integer NOT NULL,
	"release_test" text,
	"latest_end" date,
	"rule_source" text,
	"eligibility" jsonb,
	"facility_id" uuid,
	"change_reason" text,
	"extensions" integer DEFAULT 0 NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quarantine_alerts" ADD CONSTRAINT "quarantine_alerts_order_id_quarantine_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."quarantine_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_alerts" ADD CONSTRAINT "quarantine_alerts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_alerts" ADD CONSTRAINT "quarantine_alerts_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_capacity" ADD CONSTRAINT "quarantine_capacity_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_forms" ADD CONSTRAINT "quarantine_forms_order_id_quarantine_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."quarantine_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_forms" ADD CONSTRAINT "quarantine_forms_worker_id_users_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_orders" ADD CONSTRAINT "quarantine_orders_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_orders" ADD CONSTRAINT "quarantine_orders_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_orders" ADD CONSTRAINT "quarantine_orders_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarantine_orders" ADD CONSTRAINT "quarantine_orders_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quarantine_alerts_open_idx" ON "quarantine_alerts" USING btree ("status","level_since");--> statement-breakpoint
CREATE INDEX "quarantine_alerts_place_idx" ON "quarantine_alerts" USING btree ("commune_code","status");--> statement-breakpoint
CREATE INDEX "quarantine_forms_order_idx" ON "quarantine_forms" USING btree ("order_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_orders_contact_idx" ON "quarantine_orders" USING btree ("contact_id") WHERE "quarantine_orders"."contact_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "quarantine_orders_case_idx" ON "quarantine_orders" USING btree ("case_id") WHERE "quarantine_orders"."case_id" is not null;--> statement-breakpoint
CREATE INDEX "quarantine_orders_person_idx" ON "quarantine_orders" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "quarantine_orders_place_idx" ON "quarantine_orders" USING btree ("commune_code","status","end_date");--> statement-breakpoint
CREATE INDEX "quarantine_orders_facility_idx" ON "quarantine_orders" USING btree ("facility_id","status") WHERE "quarantine_orders"."facility_id" is not null;