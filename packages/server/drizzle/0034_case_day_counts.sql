CREATE TABLE "case_day_counts" (
	"day" date NOT NULL,
	"disease_code" text NOT NULL,
	"province_code" text NOT NULL,
	"district_code" text,
	"commune_code" text,
	"n" integer NOT NULL,
	CONSTRAINT "case_day_counts_key" UNIQUE NULLS NOT DISTINCT("disease_code","day","province_code","district_code","commune_code")
);
