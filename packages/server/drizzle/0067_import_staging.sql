CREATE TABLE "import_staged_rows" (
	"job_id" uuid NOT NULL,
	"first_seq" integer NOT NULL,
	"row_count" integer NOT NULL,
	"rows" text NOT NULL,
	CONSTRAINT "import_staged_rows_job_id_first_seq_pk" PRIMARY KEY("job_id","first_seq")
);
--> statement-breakpoint
ALTER TABLE "import_staged_rows" ADD CONSTRAINT "import_staged_rows_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;