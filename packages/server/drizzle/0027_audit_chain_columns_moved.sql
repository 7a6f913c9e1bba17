-- Nothing left to do: migration 0026 created the partitioned audit_log without the chain columns
-- (seq, prev_hash, hash), whose values moved to audit_chain. This step only records that schema.
SELECT 1;
