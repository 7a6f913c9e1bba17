CREATE TABLE "map_boundaries" (
	"set_id" uuid NOT NULL,
	"code" text NOT NULL,
	"geometry" jsonb NOT NULL,
	CONSTRAINT "map_boundaries_set_id_code_pk" PRIMARY KEY("set_id","code")
);
--> statement-breakpoint
CREATE TABLE "map_boundary_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"level" text NOT NULL,
	"dataset" text NOT NULL,
	"units_as_of" date NOT NULL,
	"licence" text NOT NULL,
	"attribution" text NOT NULL,
	"feature_count" integer NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "map_boundaries" ADD CONSTRAINT "map_boundaries_set_id_map_boundary_sets_id_fk" FOREIGN KEY ("set_id") REFERENCES "public"."map_boundary_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "map_boundary_sets_list_idx" ON "map_boundary_sets" USING btree ("province_code","dataset","uploaded_at");