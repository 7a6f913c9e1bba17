CREATE TABLE "checkpoint_passages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"declaration_id" uuid NOT NULL,
	"checkpoint" text NOT NULL,
	"action" text NOT NULL,
	"scanned_by" uuid,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"submission_id" uuid NOT NULL,
	"questionnaire_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid NOT NULL,
	"declared_by" text NOT NULL,
	"channel" text NOT NULL,
	"submitted_by" uuid,
	"paper" boolean DEFAULT false NOT NULL,
	"response" jsonb NOT NULL,
	"day" date NOT NULL,
	"action" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"triage_rule_id" uuid,
	"flag_status" text DEFAULT 'none' NOT NULL,
	"test_registration_id" uuid,
	"flag_closed_at" timestamp with time zone,
	"dcc" jsonb,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "declarations_flag_check" CHECK ("declarations"."flag_status" = 'none' or "declarations"."action" in ('test', 'isolateAndTest'))
);
--> statement-breakpoint
CREATE TABLE "questionnaires" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"version" text NOT NULL,
	"effective_from" date NOT NULL,
	"resource" jsonb NOT NULL,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkpoint_passages" ADD CONSTRAINT "checkpoint_passages_declaration_id_declarations_id_fk" FOREIGN KEY ("declaration_id") REFERENCES "public"."declarations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkpoint_passages" ADD CONSTRAINT "checkpoint_passages_scanned_by_users_id_fk" FOREIGN KEY ("scanned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_questionnaire_id_questionnaires_id_fk" FOREIGN KEY ("questionnaire_id") REFERENCES "public"."questionnaires"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "declarations" ADD CONSTRAINT "declarations_test_registration_id_test_registrations_id_fk" FOREIGN KEY ("test_registration_id") REFERENCES "public"."test_registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaires" ADD CONSTRAINT "questionnaires_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkpoint_passages_declaration_idx" ON "checkpoint_passages" USING btree ("declaration_id","scanned_at");--> statement-breakpoint
CREATE UNIQUE INDEX "declarations_submission_idx" ON "declarations" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "declarations_commune_idx" ON "declarations" USING btree ("commune_code","created_at","id");--> statement-breakpoint
CREATE INDEX "declarations_district_idx" ON "declarations" USING btree ("district_code","created_at","id");--> statement-breakpoint
CREATE INDEX "declarations_flag_idx" ON "declarations" USING btree ("commune_code","created_at") WHERE "declarations"."flag_status" in ('open', 'testRegistered');--> statement-breakpoint
CREATE INDEX "declarations_person_idx" ON "declarations" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "declarations_registration_idx" ON "declarations" USING btree ("test_registration_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaires_url_version_idx" ON "questionnaires" USING btree ("url","version");--> statement-breakpoint
CREATE INDEX "questionnaires_kind_idx" ON "questionnaires" USING btree ("kind","effective_from");