-- The overlap search as a function: PL/pgSQL caches its plan per session, and the SET clauses
-- make it a generic plan with run-time partition pruning (planning a query over 30+ day
-- partitions twice costs more than running it) and no parallel workers (start-up costs more
-- than the few hundred index entries it reads). Same SQL on PGlite and PostgreSQL.
CREATE OR REPLACE FUNCTION checkin_overlap(ids uuid[], f timestamptz, t timestamptz)
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
    SELECT coalesce(p.merged_into, c.person_id) AS pid, c.guest_phone AS phone, c.guest_name AS gname,
      c.venue_id AS vid, c.province_code AS prov, c.district_code AS dist, c.commune_code AS comm,
      greatest(c.checked_in_at, idx.s) AS s, least(c.checked_out_at, idx.e) AS e
    FROM idx
    JOIN checkins c ON c.venue_id = idx.venue_id
      AND c.checked_in_at >= idx.s - idx.stay AND c.checked_in_at < idx.e
      AND c.checked_out_at > idx.s
    LEFT JOIN persons p ON p.id = c.person_id
    WHERE c.person_id IS NULL OR c.person_id <> ALL (ids)
  )
  SELECT h.pid, max(n.full_name), h.phone, max(h.gname), h.vid, v.name, h.prov, h.dist, h.comm,
    to_char(((h.s AT TIME ZONE 'UTC') + interval '7 hours')::date, 'YYYY-MM-DD'),
    sum(ceil(extract(epoch FROM (h.e - h.s)) / 60))::int,
    min(h.s)
  FROM hits h JOIN venues v ON v.id = h.vid LEFT JOIN persons n ON n.id = h.pid
  WHERE h.e > h.s
  GROUP BY h.pid, h.phone, h.vid, v.name, h.prov, h.dist, h.comm, ((h.s AT TIME ZONE 'UTC') + interval '7 hours')::date
  ORDER BY 11 DESC, 12;
END;
$$;
