CREATE TABLE "aefi_follow_ups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" uuid NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"by" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aefi_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"dose_id" uuid,
	"lot_id" uuid,
	"onset_date" date NOT NULL,
	"symptoms" text[] NOT NULL,
	"description" text,
	"severity" text NOT NULL,
	"serious" boolean NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaccination_coverage_daily" (
	"disease" text NOT NULL,
	"commune_code" text NOT NULL,
	"age_band" text NOT NULL,
	"day" date NOT NULL,
	"district_code" text,
	"province_code" text NOT NULL,
	"doses" integer DEFAULT 0 NOT NULL,
	"first_dose" integer DEFAULT 0 NOT NULL,
	"full_schedule" integer DEFAULT 0 NOT NULL,
	"booster" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "vaccination_coverage_daily_disease_commune_code_age_band_day_pk" PRIMARY KEY("disease","commune_code","age_band","day")
);
--> statement-breakpoint
CREATE TABLE "vaccination_doses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"session_id" uuid,
	"facility_id" uuid NOT NULL,
	"disease" text DEFAULT 'covid19' NOT NULL,
	"product_code" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"dose_number" integer NOT NULL,
	"dose_kind" text NOT NULL,
	"date" date NOT NULL,
	"vaccinator_id" uuid,
	"vaccinator_name" text,
	"screening" jsonb NOT NULL,
	"age_band" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaccination_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"facility_id" uuid NOT NULL,
	"date" date NOT NULL,
	"disease" text DEFAULT 'covid19' NOT NULL,
	"product_codes" text[] NOT NULL,
	"target" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaccination_status" (
	"person_id" uuid NOT NULL,
	"disease" text NOT NULL,
	"status" text NOT NULL,
	"doses_given" integer NOT NULL,
	"last_dose_on" date,
	"next_dose_number" integer,
	"next_dose_kind" text,
	"next_earliest" date,
	"next_due" date,
	"last_reminder_for" integer,
	"last_reminder_on" date,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccination_status_person_id_disease_pk" PRIMARY KEY("person_id","disease")
);
--> statement-breakpoint
CREATE TABLE "vaccine_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_code" text NOT NULL,
	"lot_number" text NOT NULL,
	"expiry_date" date NOT NULL,
	"recalled_at" timestamp with time zone,
	"recall_reason" text,
	"aefi_flagged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaccine_products" (
	"code" text NOT NULL,
	"catalogue_version" text NOT NULL,
	"effective_from" date NOT NULL,
	"disease" text NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "vaccine_products_code_catalogue_version_pk" PRIMARY KEY("code","catalogue_version")
);
--> statement-breakpoint
CREATE TABLE "vaccine_stock" (
	"lot_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vaccine_stock_lot_id_facility_id_pk" PRIMARY KEY("lot_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "dcc_foreign_signers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kid" text NOT NULL,
	"country" text NOT NULL,
	"certificate_der" text NOT NULL,
	"active" text DEFAULT 'yes' NOT NULL,
	"added_by" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dcc_foreign_signers_certificate_der_unique" UNIQUE("certificate_der")
);
--> statement-breakpoint
CREATE TABLE "dcc_revocations" (
	"uci_hash" text PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"reason" text NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" uuid
);
--> statement-breakpoint
CREATE TABLE "dcc_signers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kid" text NOT NULL,
	"country" text NOT NULL,
	"certificate_der" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"state" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dcc_signers_kid_unique" UNIQUE("kid")
);
--> statement-breakpoint
CREATE TABLE "issued_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"uvci" text NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"source_id" uuid,
	"kid" text NOT NULL,
	"qr" text NOT NULL,
	"summary" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"superseded_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"issued_by" uuid,
	CONSTRAINT "issued_certificates_uvci_unique" UNIQUE("uvci")
);
--> statement-breakpoint
ALTER TABLE "aefi_follow_ups" ADD CONSTRAINT "aefi_follow_ups_report_id_aefi_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."aefi_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aefi_reports" ADD CONSTRAINT "aefi_reports_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aefi_reports" ADD CONSTRAINT "aefi_reports_dose_id_vaccination_doses_id_fk" FOREIGN KEY ("dose_id") REFERENCES "public"."vaccination_doses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aefi_reports" ADD CONSTRAINT "aefi_reports_lot_id_vaccine_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."vaccine_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_session_id_vaccination_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."vaccination_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_doses" ADD CONSTRAINT "vaccination_doses_lot_id_vaccine_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."vaccine_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_sessions" ADD CONSTRAINT "vaccination_sessions_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccination_status" ADD CONSTRAINT "vaccination_status_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_stock" ADD CONSTRAINT "vaccine_stock_lot_id_vaccine_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."vaccine_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_stock" ADD CONSTRAINT "vaccine_stock_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD CONSTRAINT "issued_certificates_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aefi_follow_ups_report_idx" ON "aefi_follow_ups" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "aefi_reports_lot_idx" ON "aefi_reports" USING btree ("lot_id","onset_date");--> statement-breakpoint
CREATE INDEX "aefi_reports_person_idx" ON "aefi_reports" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "vaccination_coverage_district_idx" ON "vaccination_coverage_daily" USING btree ("district_code","day");--> statement-breakpoint
CREATE INDEX "vaccination_doses_person_idx" ON "vaccination_doses" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "vaccination_doses_session_idx" ON "vaccination_doses" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "vaccination_doses_lot_idx" ON "vaccination_doses" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "vaccination_doses_commune_date_idx" ON "vaccination_doses" USING btree ("commune_code","date");--> statement-breakpoint
CREATE INDEX "vaccination_sessions_facility_idx" ON "vaccination_sessions" USING btree ("facility_id","date");--> statement-breakpoint
CREATE INDEX "vaccination_sessions_date_idx" ON "vaccination_sessions" USING btree ("date");--> statement-breakpoint
CREATE INDEX "vaccination_status_due_idx" ON "vaccination_status" USING btree ("commune_code","next_due") WHERE next_due is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "vaccine_lots_number_idx" ON "vaccine_lots" USING btree ("product_code","lot_number");--> statement-breakpoint
CREATE INDEX "issued_certificates_person_idx" ON "issued_certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "issued_certificates_source_idx" ON "issued_certificates" USING btree ("source_id");