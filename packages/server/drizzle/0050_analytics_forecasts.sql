CREATE TABLE "analytics_forecasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_code" text NOT NULL,
	"disease_code" text NOT NULL,
	"made_on" date NOT NULL,
	"horizon" integer NOT NULL,
	"day" date NOT NULL,
	"median" real NOT NULL,
	"lower50" real NOT NULL,
	"upper50" real NOT NULL,
	"lower90" real NOT NULL,
	"upper90" real NOT NULL,
	"model" text NOT NULL,
	"model_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_forecasts_key" UNIQUE("unit_code","disease_code","made_on","horizon"),
	CONSTRAINT "analytics_forecasts_horizon" CHECK ("analytics_forecasts"."horizon" between 1 and 14),
	CONSTRAINT "analytics_forecasts_bands" CHECK ("analytics_forecasts"."lower90" <= "analytics_forecasts"."lower50" and "analytics_forecasts"."lower50" <= "analytics_forecasts"."median" and "analytics_forecasts"."median" <= "analytics_forecasts"."upper50" and "analytics_forecasts"."upper50" <= "analytics_forecasts"."upper90")
);
--> statement-breakpoint
CREATE INDEX "analytics_forecasts_day_idx" ON "analytics_forecasts" USING btree ("unit_code","disease_code","day");