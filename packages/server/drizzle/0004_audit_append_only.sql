-- The audit trail is append-only for the application: rows may be inserted, and the chainer may
-- fill in the chain columns (seq, prev_hash, hash) of a row not yet chained, once. Any other
-- UPDATE, any DELETE and TRUNCATE are refused. (A superuser can still disable the trigger and
-- change a row with SQL: that is what `epilink audit:verify` detects through the hash chain.)
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.hash IS NULL AND OLD.seq IS NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
     AND NEW.actor_name IS NOT DISTINCT FROM OLD.actor_name
     AND NEW.actor_role = OLD.actor_role AND NEW.action = OLD.action AND NEW.entity = OLD.entity
     AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
     AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id
     AND NEW.fields = OLD.fields
     AND NEW.purpose IS NOT DISTINCT FROM OLD.purpose
     AND NEW.ip IS NOT DISTINCT FROM OLD.ip
     AND NEW.details IS NOT DISTINCT FROM OLD.details THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
-- Existing accounts: denormalise the jurisdiction's province/district/commune codes.
UPDATE users u SET
  province_code = a.province_code,
  district_code = CASE a.level WHEN 'district' THEN a.code WHEN 'commune' THEN a.parent_code END,
  commune_code = CASE a.level WHEN 'commune' THEN a.code END
FROM admin_units a
WHERE a.code = u.jurisdiction_code AND a.valid_to IS NULL AND u.province_code IS NULL;
