-- The outbox worker's claim (outbox/worker.ts#deliverBatch), planned for what it does whatever the
-- statistics say: the undelivered rows in id order from the partial index `outbox_pending_idx`
-- (0075), read as an ordered index scan that stops at `p_limit`. An index scan marks the entry of a
-- row version that is dead to every transaction (a row delivered since the last vacuum), so the
-- next claim skips it without visiting the table; a bitmap scan marks nothing, and with stale
-- statistics (no autovacuum: PGlite, or a server that runs without it) the planner chose one,
-- re-reading every row delivered since the last vacuum on every claim (45 ms per claim after
-- 70,000 deliveries). Sequential and bitmap scans are therefore off inside this function only.
CREATE FUNCTION outbox_claim(p_topics text[], p_max_attempts integer, p_limit integer)
RETURNS TABLE (id text, topic text, payload jsonb, attempts integer, created_at text)
LANGUAGE sql VOLATILE
SET enable_seqscan = off
SET enable_bitmapscan = off
AS $$
  select o.id::text, o.topic, o.payload, o.attempts,
    to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  from outbox o
  where o.delivered_at is null and o.available_at <= now() and o.attempts < p_max_attempts
    and o.topic = any(p_topics)
  order by o.id
  limit p_limit
  for update of o skip locked
$$;
