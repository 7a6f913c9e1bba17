-- Group commit on the check-in hot path: a per-process batcher (checkin/batch.ts) collects the
-- check-ins of concurrent requests and records them with ONE call of this function — one
-- statement, one commit — instead of one per request. Same rules as checkin_record (0012): each
-- token resolved (forged, revoked, venue not approved → no insert, the venue answered so the
-- caller can name the error), visitors with an open stay at the venue skipped, the unique
-- (visitor, venue, minute) index against races. Rows out: one per distinct token (o_token,
-- o_venue) and one per inserted check-in (o_venue_id, o_visitor_key, o_id, o_in, o_out).
CREATE OR REPLACE FUNCTION checkin_record_many(p_tokens text[], p_keys text[], p_persons uuid[],
  p_methods text[], p_phones text[], p_names text[], p_bys uuid[])
RETURNS TABLE (o_token text, o_venue json, o_venue_id uuid, o_visitor_key text, o_id bigint,
  o_in timestamptz, o_out timestamptz)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET max_parallel_workers_per_gather = 0
AS $$
BEGIN
  RETURN QUERY
  WITH x AS (
    SELECT * FROM unnest(p_tokens, p_keys, p_persons, p_methods, p_phones, p_names, p_bys)
      AS x(token, visitor_key, person_id, method, guest_phone, guest_name, recorded_by)
  ), tv AS (
    SELECT t.token, ve.id, ve.default_stay_minutes, ve.province_code, ve.district_code, ve.commune_code,
      (t.revoked_at IS NULL AND ve.status = 'approved') AS open,
      json_build_object('id', ve.id, 'name', ve.name, 'type', ve.type, 'address', ve.address,
        'communeCode', ve.commune_code, 'status', ve.status, 'defaultStayMinutes', ve.default_stay_minutes,
        'revoked', t.revoked_at IS NOT NULL) AS j
    FROM venue_tokens t JOIN venues ve ON ve.id = t.venue_id
    WHERE t.token = ANY (p_tokens)
  ), r AS (
    INSERT INTO checkins (venue_id, person_id, visitor_key, method, guest_phone, guest_name, checked_in_at,
      checked_out_at, province_code, district_code, commune_code, recorded_by)
    SELECT tv.id, x.person_id, x.visitor_key, x.method, x.guest_phone, x.guest_name, date_trunc('minute', now()),
      date_trunc('minute', now()) + make_interval(mins => tv.default_stay_minutes),
      tv.province_code, tv.district_code, tv.commune_code, x.recorded_by
    FROM x JOIN tv ON tv.token = x.token
    WHERE tv.open
      AND NOT EXISTS (SELECT 1 FROM checkins o WHERE o.visitor_key = x.visitor_key AND o.venue_id = tv.id
        AND o.checked_in_at > now() - interval '720 minutes' AND o.checked_out_at > now())
    ON CONFLICT DO NOTHING
    RETURNING checkins.venue_id, checkins.visitor_key, checkins.id, checkins.checked_in_at, checkins.checked_out_at
  )
  SELECT tv.token, tv.j, NULL::uuid, NULL::text, NULL::bigint, NULL::timestamptz, NULL::timestamptz FROM tv
  UNION ALL
  SELECT NULL::text, NULL::json, r.venue_id, r.visitor_key, r.id, r.checked_in_at, r.checked_out_at FROM r;
END;
$$;
