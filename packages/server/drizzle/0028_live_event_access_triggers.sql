-- Live event streams end at once when their caller's access goes (events/stream.ts): these
-- triggers announce on channel `epilink_access`, delivered on commit, whose access changed — a
-- session or citizen session revoked or deleted, an API key revoked, an official's account
-- deactivated or given another role or jurisdiction (`account`: its streams end).
CREATE OR REPLACE FUNCTION notify_access_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload json;
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    IF TG_OP = 'DELETE' THEN
      payload := json_build_object('userId', OLD.user_id);
    ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
      payload := json_build_object('userId', NEW.user_id);
    END IF;
  ELSIF TG_TABLE_NAME = 'citizen_sessions' THEN
    IF TG_OP = 'DELETE' THEN
      payload := json_build_object('citizenId', OLD.citizen_id);
    ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
      payload := json_build_object('citizenId', NEW.citizen_id);
    END IF;
  ELSIF TG_TABLE_NAME = 'api_keys' THEN
    IF TG_OP = 'DELETE' THEN
      payload := json_build_object('apiKeyId', OLD.id);
    ELSIF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
      payload := json_build_object('apiKeyId', NEW.id);
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    payload := json_build_object('userId', OLD.id, 'account', true);
  ELSIF NEW.active IS DISTINCT FROM OLD.active OR NEW.role IS DISTINCT FROM OLD.role
     OR NEW.jurisdiction_code IS DISTINCT FROM OLD.jurisdiction_code THEN
    payload := json_build_object('userId', NEW.id, 'account', true);
  END IF;
  IF payload IS NOT NULL THEN
    PERFORM pg_notify('epilink_access', payload::text);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_access_change AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_access_change();
--> statement-breakpoint
CREATE TRIGGER citizen_sessions_access_change AFTER UPDATE OR DELETE ON citizen_sessions
  FOR EACH ROW EXECUTE FUNCTION notify_access_change();
--> statement-breakpoint
CREATE TRIGGER api_keys_access_change AFTER UPDATE OR DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION notify_access_change();
--> statement-breakpoint
CREATE TRIGGER users_access_change AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION notify_access_change();
