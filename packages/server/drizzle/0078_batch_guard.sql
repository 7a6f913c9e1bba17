-- The guard of a batch stored by ONE statement outside an explicit transaction (the declarations'
-- group commit, declarations/batch.ts): called in the statement's final select with the batch's own
-- verdict (its triage versions unchanged, every row inserted), it raises when the verdict is false,
-- so the whole statement — every data-modifying CTE — is rolled back, as a transaction's rollback
-- did. SQLSTATE EL001 (an EpiLink class) tells the caller it was the guard.
CREATE FUNCTION epilink_batch_guard(p_ok boolean, p_reason text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
  IF p_ok IS NOT TRUE THEN
    RAISE EXCEPTION 'epilink batch refused: %', p_reason USING ERRCODE = 'EL001';
  END IF;
  RETURN true;
END
$$;
