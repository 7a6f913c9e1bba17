CREATE TABLE "epidemic_level_weeks" (
	"province_code" text NOT NULL,
	"disease" text NOT NULL,
	"week" date NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"assessed_from" date NOT NULL,
	"assessed_to" date NOT NULL,
	"rules" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"compute_ms" integer NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "epidemic_level_weeks_province_code_disease_week_pk" PRIMARY KEY("province_code","disease","week")
);
--> statement-breakpoint
CREATE TABLE "epidemic_levels" (
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"disease" text NOT NULL,
	"week" date NOT NULL,
	"unit_code" text NOT NULL,
	"unit_level" text NOT NULL,
	"unit_name" text NOT NULL,
	"proposed_level" smallint NOT NULL,
	"deciding_criterion" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"confirmed_level" smallint,
	"override_reason" text,
	"overridden_by" uuid,
	"overridden_at" timestamp with time zone,
	CONSTRAINT "epidemic_levels_province_code_disease_week_unit_level_unit_code_pk" PRIMARY KEY("province_code","disease","week","unit_level","unit_code"),
	CONSTRAINT "epidemic_levels_proposed_check" CHECK ("epidemic_levels"."proposed_level" between 1 and 4),
	CONSTRAINT "epidemic_levels_confirmed_check" CHECK ("epidemic_levels"."confirmed_level" between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "epidemic_level_weeks" ADD CONSTRAINT "epidemic_level_weeks_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "epidemic_levels" ADD CONSTRAINT "epidemic_levels_overridden_by_users_id_fk" FOREIGN KEY ("overridden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "epidemic_level_weeks_status_idx" ON "epidemic_level_weeks" USING btree ("province_code","disease","status","week");--> statement-breakpoint
CREATE INDEX "epidemic_levels_unit_idx" ON "epidemic_levels" USING btree ("unit_code","week");