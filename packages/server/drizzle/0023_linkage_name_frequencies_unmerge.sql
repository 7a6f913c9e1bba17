CREATE TABLE "person_name_frequencies" (
	"name" text PRIMARY KEY NOT NULL,
	"persons" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "person_merges_merged_idx";--> statement-breakpoint
ALTER TABLE "person_merges" ADD COLUMN "filled_fields" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "person_merges" ADD COLUMN "undone_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "person_merges" ADD COLUMN "undone_by" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "person_merges_merged_active_idx" ON "person_merges" USING btree ("merged_id") WHERE undone_at is null;--> statement-breakpoint
CREATE INDEX "person_merges_merged_idx" ON "person_merges" USING btree ("merged_id");--> statement-breakpoint
INSERT INTO "person_name_frequencies" ("name", "persons")
SELECT n, count(*)::int FROM (
  SELECT array_to_string(array(SELECT t FROM unnest(string_to_array(name_key, ' ')) AS t WHERE t <> '' ORDER BY t COLLATE "C"), ' ') AS n
  FROM persons WHERE merged_into IS NULL
) s WHERE n <> '' GROUP BY n
UNION ALL SELECT '', count(*)::int FROM persons WHERE merged_into IS NULL
ON CONFLICT DO NOTHING;
