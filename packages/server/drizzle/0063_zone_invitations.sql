CREATE TABLE "zone_invitations" (
	"round_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"zone_id" uuid NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"invited_by" uuid,
	CONSTRAINT "zone_invitations_round_id_person_id_pk" PRIMARY KEY("round_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "zone_invitations" ADD CONSTRAINT "zone_invitations_round_id_zone_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."zone_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zone_invitations" ADD CONSTRAINT "zone_invitations_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;