DROP INDEX "policy_rules_version_idx";--> statement-breakpoint
ALTER TABLE "policy_rules" ADD CONSTRAINT "policy_rules_version_uq" UNIQUE NULLS NOT DISTINCT("key","disease_code","effective_from");