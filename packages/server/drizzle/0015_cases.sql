CREATE TABLE "case_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"interviewed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"disease_code" text NOT NULL,
	"outbreak_id" uuid,
	"classification" text NOT NULL,
	"rule_id" uuid,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"onset_date" date,
	"sample_date" date,
	"infectious_from" timestamp with time zone,
	"infectious_to" timestamp with time zone,
	"symptomatic" boolean,
	"severity" text,
	"place_of_care" text,
	"outcome" text,
	"outcome_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"assigned_tracer_id" uuid,
	"interview_done_at" timestamp with time zone,
	"note" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_followups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"done_at" timestamp with time zone,
	"outcome" text,
	"note" text,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"source_person_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"disease_code" text NOT NULL,
	"exposure_type" text NOT NULL,
	"exposure_date" date,
	"duration_minutes" integer,
	"source" text NOT NULL,
	"venue_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"follow_up_status" text,
	"assigned_tracer_id" uuid,
	"monitoring_until" date,
	"note" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbreaks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"disease_code" text NOT NULL,
	"name" text NOT NULL,
	"province_code" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_epi_status" (
	"person_id" uuid NOT NULL,
	"disease_code" text NOT NULL,
	"degree" integer,
	"proposed_degree" integer,
	"status" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_epi_status_person_id_disease_code_pk" PRIMARY KEY("person_id","disease_code")
);
--> statement-breakpoint
ALTER TABLE "case_interviews" ADD CONSTRAINT "case_interviews_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_outbreak_id_outbreaks_id_fk" FOREIGN KEY ("outbreak_id") REFERENCES "public"."outbreaks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assigned_tracer_id_users_id_fk" FOREIGN KEY ("assigned_tracer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_followups" ADD CONSTRAINT "contact_followups_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_source_person_id_persons_id_fk" FOREIGN KEY ("source_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_assigned_tracer_id_users_id_fk" FOREIGN KEY ("assigned_tracer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_epi_status" ADD CONSTRAINT "person_epi_status_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_interviews_case_idx" ON "case_interviews" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_open_person_idx" ON "cases" USING btree ("person_id","disease_code") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "cases_place_idx" ON "cases" USING btree ("province_code","district_code","commune_code","status");--> statement-breakpoint
CREATE INDEX "cases_person_idx" ON "cases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "cases_outbreak_idx" ON "cases" USING btree ("outbreak_id");--> statement-breakpoint
CREATE INDEX "cases_tracer_idx" ON "cases" USING btree ("assigned_tracer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_followups_day_idx" ON "contact_followups" USING btree ("contact_id","due_date");--> statement-breakpoint
CREATE INDEX "contact_followups_due_idx" ON "contact_followups" USING btree ("due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_edge_idx" ON "contacts" USING btree ("case_id","source_person_id","person_id");--> statement-breakpoint
CREATE INDEX "contacts_person_idx" ON "contacts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "contacts_source_idx" ON "contacts" USING btree ("source_person_id");--> statement-breakpoint
CREATE INDEX "contacts_place_idx" ON "contacts" USING btree ("province_code","district_code","commune_code","status");--> statement-breakpoint
CREATE INDEX "contacts_tracer_idx" ON "contacts" USING btree ("assigned_tracer_id");--> statement-breakpoint
CREATE INDEX "outbreaks_province_idx" ON "outbreaks" USING btree ("province_code","disease_code");--> statement-breakpoint
CREATE INDEX "person_epi_status_place_idx" ON "person_epi_status" USING btree ("province_code","district_code","commune_code");