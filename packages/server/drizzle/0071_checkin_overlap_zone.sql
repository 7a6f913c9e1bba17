-- The overlap search's exposure day in the province's time zone as configured (issue #11 item 3:
-- one clock, TIME_ZONE, owned by core/time/clock.ts): the caller passes the zone's IANA name
-- (`provinceTimeZone()`) and the day is `AT TIME ZONE` that zone, with the time zone database,
-- instead of the literal UTC + 7 hours of 0009-0070 that ignored TIME_ZONE (and would ignore a
-- zone with daylight saving time). The three-argument function goes, so nothing can still
-- call the literal. Otherwise the same as 0070.
DROP FUNCTION IF EXISTS checkin_overlap(uuid[], timestamptz, timestamptz);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION checkin_overlap(ids uuid[], f timestamptz, t timestamptz, day_zone text)
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
    array_agg((SELECT make_interval(mins => v.default_stay_minutes) FROM venues v WHERE v.id = i.venue_id))
  INTO v_venue, v_s, v_e, v_stay
  FROM checkins i
  WHERE i.person_id = ANY (ids)
    AND i.checked_in_at >= f - interval '720 minutes' AND i.checked_in_at < t
    AND i.checked_out_at > f;
  IF v_venue IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH hits AS (
    SELECT c.person_id AS pid, CASE WHEN c.person_id IS NULL THEN c.id END AS gid,
      CASE WHEN c.person_id IS NULL THEN c.guest_phone END AS gphone,
      CASE WHEN c.person_id IS NULL THEN c.guest_name END AS gname, x.venue AS vid,
      greatest(c.checked_in_at, x.s) AS s, least(c.checked_out_at, x.e) AS e
    FROM unnest(v_venue, v_s, v_e, v_stay) AS x(venue, s, e, stay)
    CROSS JOIN LATERAL (
      SELECT c.person_id, c.id, c.checked_in_at, c.checked_out_at, c.guest_phone, c.guest_name FROM checkins c
      WHERE c.venue_id = x.venue AND c.checked_in_at >= x.s - x.stay AND c.checked_in_at < x.e
        AND c.checked_out_at > x.s
    ) c
    WHERE c.person_id IS NULL OR c.person_id <> ALL (ids)
  ), agg AS (
    SELECT h.pid, h.gid, min(h.gphone) AS gphone, min(h.gname) AS gname, h.vid,
      (h.s AT TIME ZONE day_zone)::date AS day,
      sum(ceil(extract(epoch FROM (h.e - h.s)) / 60))::int AS minutes, min(h.s) AS first_at
    FROM hits h WHERE h.e > h.s
    GROUP BY h.pid, h.gid, h.vid, (h.s AT TIME ZONE day_zone)::date
  ), vs AS MATERIALIZED (
    SELECT v.id, v.name, v.province_code, v.district_code, v.commune_code FROM venues v
    WHERE v.id IN (SELECT DISTINCT u.venue FROM unnest(v_venue) AS u(venue))
  )
  SELECT coalesce(p.merged_into, a.pid), coalesce(sv.full_name, p.full_name), a.gphone, a.gname,
    a.vid, v.name, v.province_code, v.district_code, v.commune_code, to_char(a.day, 'YYYY-MM-DD'),
    a.minutes, a.first_at
  FROM agg a
  JOIN vs v ON v.id = a.vid
  LEFT JOIN persons p ON p.id = a.pid
  LEFT JOIN persons sv ON sv.id = p.merged_into
  ORDER BY 11 DESC, 12;
END;
$$;
