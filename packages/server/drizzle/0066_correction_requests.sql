CREATE TABLE "correction_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"record_kind" text,
	"record_id" text,
	"owner_kind" text NOT NULL,
	"owner_id" text,
	"owner_name" text,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"message" text NOT NULL,
	"evidence" "bytea",
	"evidence_type" text,
	"requested_by" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"level" text DEFAULT 'unit' NOT NULL,
	"level_since" timestamp with time zone NOT NULL,
	"answer" text,
	"fix" jsonb,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_requested_by_citizens_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."citizens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correction_requests" ADD CONSTRAINT "correction_requests_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "correction_requests_person_idx" ON "correction_requests" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "correction_requests_open_idx" ON "correction_requests" USING btree ("status","level_since");--> statement-breakpoint
CREATE INDEX "correction_requests_place_idx" ON "correction_requests" USING btree ("commune_code","status");