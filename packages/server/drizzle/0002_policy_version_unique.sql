-- Before this constraint, generic rules (disease_code null) were not unique, so each start
-- re-inserted the defaults: keep the oldest copy of each (key, disease, date) first.
DELETE FROM "policy_rules" a USING "policy_rules" b
  WHERE a."key" = b."key" AND a."disease_code" IS NOT DISTINCT FROM b."disease_code"
    AND a."effective_from" = b."effective_from" AND (a."created_at", a."id") > (b."created_at", b."id");--> statement-breakpoint
DROP INDEX "policy_rules_version_idx";--> statement-breakpoint
ALTER TABLE "policy_rules" ADD CONSTRAINT "policy_rules_version_uq" UNIQUE NULLS NOT DISTINCT("key","disease_code","effective_from");
