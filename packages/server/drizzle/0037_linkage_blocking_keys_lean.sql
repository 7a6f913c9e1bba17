ALTER TABLE "person_blocking_keys" DROP CONSTRAINT "person_blocking_keys_person_id_persons_id_fk";
--> statement-breakpoint
DROP INDEX "person_blocking_keys_person_idx";