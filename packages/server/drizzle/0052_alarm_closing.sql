CREATE TABLE "analytics_alarm_scans" (
	"day" date PRIMARY KEY NOT NULL,
	"evaluated" integer NOT NULL,
	"raised" integer NOT NULL,
	"closed" integer NOT NULL,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD COLUMN "close_note" text;--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD CONSTRAINT "analytics_alarms_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_alarms" ADD CONSTRAINT "analytics_alarms_closed" CHECK (("analytics_alarms"."status" = 'closed') = ("analytics_alarms"."close_reason" is not null and "analytics_alarms"."closed_at" is not null));