CREATE TABLE "admin_units" (
	"code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"level" text NOT NULL,
	"name" text NOT NULL,
	"name_folded" text NOT NULL,
	"type" text NOT NULL,
	"parent_code" text,
	"province_code" text NOT NULL,
	"dataset" text NOT NULL,
	CONSTRAINT "admin_units_code_valid_from_pk" PRIMARY KEY("code","valid_from")
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"unit_code" text NOT NULL,
	"district_code" text,
	"province_code" text NOT NULL,
	"address" text,
	"capacity" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commune_code" text NOT NULL,
	"district_code" text NOT NULL,
	"province_code" text NOT NULL,
	"address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkage_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_a" uuid NOT NULL,
	"person_b" uuid NOT NULL,
	"score" real NOT NULL,
	"reasons" text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text,
	"district_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "person_blocking_keys" (
	"key" text NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "person_blocking_keys_key_person_id_pk" PRIMARY KEY("key","person_id")
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"review_id" uuid,
	"automatic" boolean NOT NULL,
	"reasons" text[] NOT NULL,
	"snapshot" jsonb NOT NULL,
	"decided_by" uuid,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"name_key" text NOT NULL,
	"date_of_birth" date,
	"sex" text,
	"cccd" text,
	"cmnd" text,
	"passport" text,
	"phone" text,
	"address" text,
	"commune_code" text,
	"district_code" text,
	"province_code" text NOT NULL,
	"household_id" uuid,
	"merged_into" uuid,
	"source" text DEFAULT 'manual' NOT NULL,
	"external_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_datasets" (
	"dataset" text PRIMARY KEY NOT NULL,
	"valid_from" date NOT NULL,
	"unit_count" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"person_id" uuid,
	"fields" text[] NOT NULL,
	"purpose" text,
	"ip" text,
	"details" jsonb,
	"prev_hash" text,
	"hash" text
);
--> statement-breakpoint
CREATE TABLE "diseases" (
	"code" text PRIMARY KEY NOT NULL,
	"definition" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "policy_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"disease_code" text,
	"effective_from" date NOT NULL,
	"value" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"verification" text NOT NULL,
	"unverified_paths" text[],
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "seed_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"jurisdiction_code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "linkage_reviews" ADD CONSTRAINT "linkage_reviews_person_a_persons_id_fk" FOREIGN KEY ("person_a") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkage_reviews" ADD CONSTRAINT "linkage_reviews_person_b_persons_id_fk" FOREIGN KEY ("person_b") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_blocking_keys" ADD CONSTRAINT "person_blocking_keys_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_survivor_id_persons_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_id_persons_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_units_parent_idx" ON "admin_units" USING btree ("parent_code","valid_from");--> statement-breakpoint
CREATE INDEX "facilities_unit_idx" ON "facilities" USING btree ("unit_code");--> statement-breakpoint
CREATE INDEX "facilities_kind_idx" ON "facilities" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "households_commune_idx" ON "households" USING btree ("commune_code");--> statement-breakpoint
CREATE UNIQUE INDEX "linkage_reviews_pair_idx" ON "linkage_reviews" USING btree ("person_a","person_b");--> statement-breakpoint
CREATE INDEX "linkage_reviews_status_idx" ON "linkage_reviews" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "person_blocking_keys_person_idx" ON "person_blocking_keys" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_merges_survivor_idx" ON "person_merges" USING btree ("survivor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_merges_merged_idx" ON "person_merges" USING btree ("merged_id");--> statement-breakpoint
CREATE INDEX "persons_name_key_idx" ON "persons" USING btree ("name_key" text_pattern_ops) WHERE merged_into is null;--> statement-breakpoint
CREATE INDEX "persons_commune_name_idx" ON "persons" USING btree ("commune_code","name_key" text_pattern_ops) WHERE merged_into is null;--> statement-breakpoint
CREATE INDEX "persons_cccd_idx" ON "persons" USING btree ("cccd");--> statement-breakpoint
CREATE INDEX "persons_cmnd_idx" ON "persons" USING btree ("cmnd");--> statement-breakpoint
CREATE INDEX "persons_passport_idx" ON "persons" USING btree ("passport");--> statement-breakpoint
CREATE INDEX "persons_phone_idx" ON "persons" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "persons_household_idx" ON "persons" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "persons_merged_into_idx" ON "persons" USING btree ("merged_into");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_source_external_key_idx" ON "persons" USING btree ("source","external_key");--> statement-breakpoint
CREATE INDEX "audit_log_person_idx" ON "audit_log" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("delivered_at","available_at");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_rules_version_idx" ON "policy_rules" USING btree ("key","disease_code","effective_from");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");