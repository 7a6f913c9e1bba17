ALTER TABLE "households" ADD COLUMN "code" text;--> statement-breakpoint
CREATE UNIQUE INDEX "households_commune_code_idx" ON "households" USING btree ("commune_code","code") WHERE code is not null;