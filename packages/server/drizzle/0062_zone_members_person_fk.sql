ALTER TABLE "zone_round_members" DROP CONSTRAINT "zone_round_members_person_id_persons_id_fk";
