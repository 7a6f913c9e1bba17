-- An overlap search writes one audit row per index person naming the contacts it showed in
-- details.contactIds; the audit viewer's person filter finds those rows too (routes.ts#where).
CREATE INDEX IF NOT EXISTS "audit_log_contact_ids_idx" ON "audit_log" USING gin (("details" -> 'contactIds') jsonb_path_ops);
