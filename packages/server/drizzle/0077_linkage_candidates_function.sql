-- Record linkage's candidate lookup for small blocks (registry/linkage/candidates.ts, up to 2,000
-- keys: a declaration batch, a form, a small file), planned for what it does whatever the
-- statistics say: each key by the blocking keys' primary key, each candidate by the persons'
-- primary key. As a statement prepared by name, its generic plan was made once per connection,
-- often while `person_blocking_keys` was nearly empty (a new province, the benchmark's first
-- declarations; no autovacuum on PGlite or a server run without it): a sequential scan of the
-- keys table filtered by the batch's keys, kept as the table grew — 5-6 ms per declaration batch
-- at 12,000 keys, growing with every person linked, until an analyze replaced the plan.
-- `p_cccds` (null: no narrowing) leaves out people whose compact CCCD differs from all of them
-- (candidates.ts#narrowKeys).
CREATE OR REPLACE FUNCTION linkage_candidates(p_keys text[], p_cccds text[])
RETURNS TABLE (o_key text, o_id uuid, o_full_name text, o_date_of_birth text, o_sex text, o_cccd text,
  o_cmnd text, o_passport text, o_phone text, o_commune_code text, o_district_code text,
  o_province_code text, o_address text)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
SET jit = off
SET enable_seqscan = off
AS $$
BEGIN
  RETURN QUERY
  SELECT k.key, p.id, p.full_name, p.date_of_birth::text, p.sex, p.cccd, p.cmnd, p.passport, p.phone,
    p.commune_code, p.district_code, p.province_code, p.address
  FROM person_blocking_keys k
  CROSS JOIN LATERAL (
    SELECT q.id, q.full_name, q.date_of_birth, q.sex, q.cccd, q.cmnd, q.passport, q.phone, q.commune_code,
      q.district_code, q.province_code, q.address
    FROM persons q
    WHERE q.id = k.person_id AND q.merged_into IS NULL
      AND (p_cccds IS NULL OR q.cccd IS NULL OR q.cccd !~ '^[0-9A-Z]+$' OR q.cccd = ANY (p_cccds))
    OFFSET 0) p
  WHERE k.key = ANY (p_keys);
END;
$$;
