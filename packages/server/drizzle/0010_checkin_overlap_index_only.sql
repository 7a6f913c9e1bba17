-- The overlap search reads only the (venue, time) index: the check-in id joins it to the few
-- guest rows (phone, name) afterwards; jurisdiction comes from the venue. Function recreated.
DROP INDEX IF EXISTS "checkins_venue_time_idx";
--> statement-breakpoint
CREATE INDEX "checkins_venue_time_idx" ON "checkins" USING btree ("venue_id","checked_in_at") INCLUDE ("checked_out_at","person_id","id");
--> statement-breakpoint
DROP FUNCTION IF EXISTS checkin_overlap(uuid[], timestamptz, timestamptz);
--> statement-breakpoint
CREATE FUNCTION checkin_overlap(ids uuid[], f timestamptz, t timestamptz)
RETURNS TABLE (
  person_id uuid, full_name text, guest_phone text, guest_name text, venue_id uuid, venue_name text,
  province_code text, district_code text, commune_code text, exposure_date text,
  overlap_minutes int, first_at timestamptz
)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET max_parallel_workers_per_gather = 0
AS $$
BEGIN
  RETURN QUERY
  WITH idx AS (
    SELECT i.venue_id, make_interval(mins => v.default_stay_minutes) AS stay,
      greatest(i.checked_in_at, f) AS s, least(i.checked_out_at, t) AS e
    FROM checkins i JOIN venues v ON v.id = i.venue_id
    WHERE i.person_id = ANY (ids)
      AND i.checked_in_at >= f - interval '720 minutes' AND i.checked_in_at < t
      AND i.checked_out_at > f
  ), hits AS (
    SELECT c.person_id AS pid, CASE WHEN c.person_id IS NULL THEN c.id END AS gid,
      CASE WHEN c.person_id IS NULL THEN c.checked_in_at END AS gat, c.venue_id AS vid,
      greatest(c.checked_in_at, idx.s) AS s, least(c.checked_out_at, idx.e) AS e
    FROM idx
    JOIN checkins c ON c.venue_id = idx.venue_id
      AND c.checked_in_at >= idx.s - idx.stay AND c.checked_in_at < idx.e
      AND c.checked_out_at > idx.s
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
  LEFT JOIN checkins g ON a.gid IS NOT NULL AND g.id = a.gid AND g.checked_in_at = a.gat
  ORDER BY 11 DESC, 12;
END;
$$;
