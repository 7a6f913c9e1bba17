CREATE TABLE "contact_referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"source_person_id" uuid NOT NULL,
	"disease_code" text NOT NULL,
	"named" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"person_id" uuid,
	"contact_id" uuid,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_referrals" ADD CONSTRAINT "contact_referrals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_referrals" ADD CONSTRAINT "contact_referrals_source_person_id_persons_id_fk" FOREIGN KEY ("source_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_referrals" ADD CONSTRAINT "contact_referrals_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_referrals" ADD CONSTRAINT "contact_referrals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_referrals_place_idx" ON "contact_referrals" USING btree ("province_code","district_code","commune_code","status");--> statement-breakpoint
CREATE INDEX "contact_referrals_case_idx" ON "contact_referrals" USING btree ("case_id");