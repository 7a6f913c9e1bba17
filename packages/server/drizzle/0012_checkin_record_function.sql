-- The check-in hot path as one function call: PL/pgSQL keeps a generic plan per connection, so
-- a check-in is not re-planned over every day partition (planning cost more than the insert).
CREATE OR REPLACE FUNCTION checkin_record(p_token text, p_keys text[], p_persons uuid[], p_methods text[],
  p_phones text[], p_names text[], p_by uuid)
RETURNS TABLE (venue json, inserted json)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET max_parallel_workers_per_gather = 0
AS $$
DECLARE
  v record;
  ins json;
BEGIN
  SELECT ve.id, ve.status, ve.default_stay_minutes, ve.province_code, ve.district_code, ve.commune_code,
    json_build_object('id', ve.id, 'name', ve.name, 'type', ve.type, 'address', ve.address,
      'communeCode', ve.commune_code, 'status', ve.status, 'defaultStayMinutes', ve.default_stay_minutes,
      'revoked', t.revoked_at IS NOT NULL) AS j, t.revoked_at
  INTO v FROM venue_tokens t JOIN venues ve ON ve.id = t.venue_id WHERE t.token = p_token;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::json, '[]'::json;
    RETURN;
  END IF;
  IF v.revoked_at IS NOT NULL OR v.status <> 'approved' THEN
    RETURN QUERY SELECT v.j, '[]'::json;
    RETURN;
  END IF;
  WITH x AS (
    SELECT * FROM unnest(p_keys, p_persons, p_methods, p_phones, p_names)
      AS x(visitor_key, person_id, method, guest_phone, guest_name)
  ), r AS (
    INSERT INTO checkins (venue_id, person_id, visitor_key, method, guest_phone, guest_name, checked_in_at,
      checked_out_at, province_code, district_code, commune_code, recorded_by)
    SELECT v.id, x.person_id, x.visitor_key, x.method, x.guest_phone, x.guest_name, date_trunc('minute', now()),
      date_trunc('minute', now()) + make_interval(mins => v.default_stay_minutes),
      v.province_code, v.district_code, v.commune_code, p_by
    FROM x
    WHERE NOT EXISTS (SELECT 1 FROM checkins o WHERE o.visitor_key = x.visitor_key AND o.venue_id = v.id
      AND o.checked_in_at > now() - interval '720 minutes' AND o.checked_out_at > now())
    ON CONFLICT DO NOTHING
    RETURNING checkins.id, checkins.visitor_key, checkins.checked_in_at, checkins.checked_out_at
  )
  SELECT coalesce(json_agg(json_build_object('id', r.id::text, 'visitorKey', r.visitor_key, 'in', r.checked_in_at,
    'out', r.checked_out_at)), '[]'::json) INTO ins FROM r;
  RETURN QUERY SELECT v.j, ins;
END;
$$;
