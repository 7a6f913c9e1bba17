CREATE TABLE "facility_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"from_day" date NOT NULL,
	"to_day" date,
	"reason" text,
	"transferred_from" uuid,
	"ended_by" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "facility_allocations" ADD CONSTRAINT "facility_allocations_order_id_quarantine_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."quarantine_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_allocations" ADD CONSTRAINT "facility_allocations_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_allocations" ADD CONSTRAINT "facility_allocations_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_allocations" ADD CONSTRAINT "facility_allocations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "facility_allocations_current_idx" ON "facility_allocations" USING btree ("order_id") WHERE "facility_allocations"."to_day" is null;--> statement-breakpoint
CREATE INDEX "facility_allocations_facility_idx" ON "facility_allocations" USING btree ("facility_id","from_day");