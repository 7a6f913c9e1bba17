-- audit_log, partitioned by month and written once per row (#11 item 6), anchored by signed chain
-- heads (#9 item 8). The old table is renamed, a partitioned one created, rows moved in, and the
-- chain columns (seq, prev_hash, hash: until now filled in by an UPDATE of every row) moved into
-- audit_chain. Rows chained before carry xact 1, rows not yet chained xact 2 (normal transaction
-- ids start at 3), so the chainer (audit/chain.ts) continues after them in (xact, id) order.
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
ALTER TABLE "audit_log" RENAME TO "audit_log_legacy";
--> statement-breakpoint
ALTER SEQUENCE "audit_log_id_seq" OWNED BY NONE;
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint DEFAULT nextval('audit_log_id_seq'::regclass) NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"person_id" uuid,
	"fields" text[] NOT NULL,
	"purpose" text,
	"ip" text,
	"details" jsonb,
	"xact" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	CONSTRAINT "audit_log_id_at_pk" PRIMARY KEY("id","at")
) PARTITION BY RANGE ("at");
--> statement-breakpoint
CREATE TABLE "audit_log_default" PARTITION OF "audit_log" DEFAULT;
--> statement-breakpoint
-- One partition per UTC month, audit_log_pYYYYMM, with its own TRUNCATE guard (statement triggers
-- are not inherited). A month whose rows already sit in the default partition is left there.
CREATE OR REPLACE FUNCTION audit_log_ensure_month(month_start date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  lo timestamptz := date_trunc('month', month_start)::timestamp AT TIME ZONE 'UTC';
  hi timestamptz := (date_trunc('month', month_start) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  part text := 'audit_log_p' || to_char(month_start, 'YYYYMM');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN false; END IF;
  IF EXISTS (SELECT 1 FROM audit_log_default WHERE at >= lo AND at < hi) THEN RETURN false; END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  EXECUTE format('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()', part);
  RETURN true;
END;
$$;
--> statement-breakpoint
SELECT audit_log_ensure_month(m::date) FROM generate_series(
  date_trunc('month', coalesce((SELECT min(at) FROM audit_log_legacy), now()) AT TIME ZONE 'UTC'),
  date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months',
  interval '1 month') AS m;
--> statement-breakpoint
CREATE TABLE "audit_chain" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"log_id" bigint NOT NULL,
	"log_at" timestamp with time zone NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_heads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"last_xact" bigint NOT NULL,
	"last_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
INSERT INTO audit_log (id, at, actor_id, actor_name, actor_role, action, entity, entity_id, person_id, fields, purpose, ip, details, xact)
  SELECT id, at, actor_id, actor_name, actor_role, action, entity, entity_id, person_id, fields, purpose, ip, details,
    CASE WHEN seq IS NULL THEN 2 ELSE 1 END
  FROM audit_log_legacy;
--> statement-breakpoint
INSERT INTO audit_chain (seq, log_id, log_at, hash)
  SELECT seq, id, at, hash FROM audit_log_legacy WHERE seq IS NOT NULL;
--> statement-breakpoint
DROP TABLE "audit_log_legacy";
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_log_guard();
--> statement-breakpoint
ALTER SEQUENCE "audit_log_id_seq" OWNED BY "audit_log"."id";
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_log_idx" ON "audit_chain" USING btree ("log_id");
--> statement-breakpoint
CREATE INDEX "audit_chain_heads_seq_idx" ON "audit_chain_heads" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "audit_log_xact_idx" ON "audit_log" USING btree ("xact","id");
--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");
--> statement-breakpoint
CREATE INDEX "audit_log_person_idx" ON "audit_log" USING btree ("person_id","at");
--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id","at");
--> statement-breakpoint
CREATE INDEX "audit_log_contact_ids_idx" ON "audit_log" USING gin (("details" -> 'contactIds') jsonb_path_ops);
--> statement-breakpoint
-- Append-only for everyone but a superuser who disables the triggers (what verification detects).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log_default
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_append_only BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
-- Live events kept for a few minutes so a reconnecting stream is replayed what it missed (events/replay.ts).
CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"event" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "live_events_at_idx" ON "live_events" USING btree ("at");
