-- checkin_record_many (0013) planned for what it does whatever the statistics say. Its generic plan
-- is made once per connection, and again after each partition change, often while today's partition
-- is still empty: on the benchmark that plan scanned the day's partition per batch (1,499 batches
-- read 36 M rows), or probed the time range without the visitor, so check-ins slowed down as the
-- day filled (2,724/s in the first 5 s round, 834/s in the fourth). Now the open-stay check is a
-- function of its own (below) whose plan is an index probe on the visitor key; it is bounded above
-- by now(), so the day partitions created ahead and the default partition are pruned when the plan
-- starts instead of probed for every visitor; the venue is compared with IS NOT DISTINCT FROM (same
-- meaning: venue ids are never null) so that the probe never goes by the venue index (every check-in
-- at the venue in the last 12 hours). No sequential scans, hash or merge joins inside these
-- functions: token, venue, open stay and conflict are index lookups per visitor.
-- One visitor's open stay at a venue: a function of its own so that its plan is an index probe on
-- the visitor (index conditions on the visitor key and the time bounds) whatever the statistics.
CREATE OR REPLACE FUNCTION checkin_has_open_stay(p_key text, p_venue uuid)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET jit = off
SET enable_seqscan = off
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM checkins o WHERE o.visitor_key = p_key AND o.venue_id IS NOT DISTINCT FROM p_venue
    AND o.checked_in_at > now() - interval '720 minutes' AND o.checked_in_at <= now() AND o.checked_out_at > now());
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_record_many(p_tokens text[], p_keys text[], p_persons uuid[],
  p_methods text[], p_phones text[], p_names text[], p_bys uuid[])
RETURNS TABLE (o_token text, o_venue json, o_venue_id uuid, o_visitor_key text, o_id bigint,
  o_in timestamptz, o_out timestamptz)
LANGUAGE plpgsql VOLATILE
SET plan_cache_mode = force_generic_plan
SET max_parallel_workers_per_gather = 0
SET jit = off
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
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
      AND NOT checkin_has_open_stay(x.visitor_key, tv.id)
    ON CONFLICT DO NOTHING
    RETURNING checkins.venue_id, checkins.visitor_key, checkins.id, checkins.checked_in_at, checkins.checked_out_at
  )
  SELECT tv.token, tv.j, NULL::uuid, NULL::text, NULL::bigint, NULL::timestamptz, NULL::timestamptz FROM tv
  UNION ALL
  SELECT NULL::text, NULL::json, r.venue_id, r.visitor_key, r.id, r.checked_in_at, r.checked_out_at FROM r;
END;
$$;
