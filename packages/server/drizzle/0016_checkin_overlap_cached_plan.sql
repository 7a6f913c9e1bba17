-- The overlap search without planning per call (a custom plan over the day partitions cost 6-8 ms
-- of planning per search on the 30 M-row benchmark): step 1 collects the index person's visits
-- (venue, clipped start and end, venue stay) into arrays; step 2 reads every overlapping stay per
-- visit through a LATERAL join on the (venue, time) index. Both are generic plans cached per
-- connection, with partitions pruned when the plan starts (step 1: from the window) and per visit
-- (step 2: from that visit's bounds). JIT is off: a generic plan's cost estimate crosses
-- jit_above_cost and compiling took ~500 ms for a query that runs in a few ms. Same result as 0011.
CREATE OR REPLACE FUNCTION checkin_overlap(ids uuid[], f timestamptz, t timestamptz)
RETURNS TABLE (
  person_id uuid, full_name text, guest_phone text, guest_name text, venue_id uuid, venue_name text,
  province_code text, district_code text, commune_code text, exposure_date text,
  overlap_minutes int, first_at timestamptz
)
LANGUAGE plpgsql STABLE
SET max_parallel_workers_per_gather = 0
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
DECLARE
  v_venue uuid[];
  v_s timestamptz[];
  v_e timestamptz[];
  v_stay interval[];
BEGIN
  SELECT array_agg(i.venue_id), array_agg(greatest(i.checked_in_at, f)), array_agg(least(i.checked_out_at, t)),
    array_agg(make_interval(mins => v.default_stay_minutes))
  INTO v_venue, v_s, v_e, v_stay
  FROM checkins i JOIN venues v ON v.id = i.venue_id
  WHERE i.person_id = ANY (ids)
    AND i.checked_in_at >= f - interval '720 minutes' AND i.checked_in_at < t
    AND i.checked_out_at > f;
  IF v_venue IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH hits AS (
    SELECT c.person_id AS pid, CASE WHEN c.person_id IS NULL THEN c.id END AS gid,
      CASE WHEN c.person_id IS NULL THEN c.checked_in_at END AS gat, x.venue AS vid,
      greatest(c.checked_in_at, x.s) AS s, least(c.checked_out_at, x.e) AS e
    FROM unnest(v_venue, v_s, v_e, v_stay) AS x(venue, s, e, stay)
    CROSS JOIN LATERAL (
      SELECT c.person_id, c.id, c.checked_in_at, c.checked_out_at FROM checkins c
      WHERE c.venue_id = x.venue AND c.checked_in_at >= x.s - x.stay AND c.checked_in_at < x.e
        AND c.checked_out_at > x.s
    ) c
    WHERE c.person_id IS NULL OR c.person_id <> ALL (ids)
  ), agg AS (
    SELECT h.pid, h.gid, min(h.gat) AS gat, h.vid, ((h.s AT TIME ZONE 'UTC') + interval '7 hours')::date AS day,
      sum(ceil(extract(epoch FROM (h.e - h.s)) / 60))::int AS minutes, min(h.s) AS first_at
    FROM hits h WHERE h.e > h.s
    GROUP BY h.pid, h.gid, h.vid, ((h.s AT TIME ZONE 'UTC') + interval '7 hours')::date
  )
  SELECT coalesce(p.merged_into, a.pid), coalesce(sv.full_name, p.full_name), g.guest_phone, g.guest_name,
    a.vid, v.name, v.province_code, v.district_code, v.commune_code, to_char(a.day, 'YYYY-MM-DD'),
    a.minutes, a.first_at
  FROM agg a
  JOIN venues v ON v.id = a.vid
  LEFT JOIN persons p ON p.id = a.pid
  LEFT JOIN persons sv ON sv.id = p.merged_into
  LEFT JOIN LATERAL (
    SELECT x.guest_phone, x.guest_name FROM checkins x
    WHERE a.gid IS NOT NULL AND x.id = a.gid AND x.checked_in_at = a.gat
  ) g ON true
  ORDER BY 11 DESC, 12;
END;
$$;
--> statement-breakpoint
-- Is there any unlinked (guest) check-in in a window? Asked before every overlap search; a cached
-- plan instead of planning over every day partition each time.
CREATE OR REPLACE FUNCTION checkin_has_unlinked(f timestamptz, t timestamptz)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM checkins WHERE person_id IS NULL AND checked_in_at >= f AND checked_in_at < t);
END;
$$;
--> statement-breakpoint
-- The hot-path functions never need JIT either (a generic plan's estimate could cross the threshold).
ALTER FUNCTION checkin_record(text, text[], uuid[], text[], text[], text[], uuid) SET jit = off;
--> statement-breakpoint
ALTER FUNCTION checkin_record_many(text[], text[], uuid[], text[], text[], text[], uuid[]) SET jit = off;
