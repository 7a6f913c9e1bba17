-- Guest details (phone, name) only for the guest rows (a lateral lookup gated on the guest id),
-- and constant time bounds on every reference to `checkins` so that partitions outside the
-- window are pruned when the plan starts (the look-back of a contact's check-in is at most the
-- index visit's look-back, 720 min, plus the venue's stay, itself at most 720 min). Custom plans:
-- on PostgreSQL 15 a generic plan over day partitions costs more to start than to plan anew.
CREATE OR REPLACE FUNCTION checkin_overlap(ids uuid[], f timestamptz, t timestamptz)
RETURNS TABLE (
  person_id uuid, full_name text, guest_phone text, guest_name text, venue_id uuid, venue_name text,
  province_code text, district_code text, commune_code text, exposure_date text,
  overlap_minutes int, first_at timestamptz
)
LANGUAGE plpgsql STABLE
SET max_parallel_workers_per_gather = 0
SET plan_cache_mode = force_custom_plan
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
      AND c.checked_in_at >= f - interval '1440 minutes' AND c.checked_in_at < t
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
      AND x.checked_in_at >= f - interval '1440 minutes' AND x.checked_in_at < t
  ) g ON true
  ORDER BY 11 DESC, 12;
END;
$$;
