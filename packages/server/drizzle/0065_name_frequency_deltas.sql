CREATE TABLE "person_name_frequency_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"persons" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "person_name_frequency_deltas_name_idx" ON "person_name_frequency_deltas" USING btree ("name");