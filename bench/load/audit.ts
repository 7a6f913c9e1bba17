/**
 * Helpers of the audit benchmark (bench/audit.ts): the prefill, the chain's position, the chainer
 * timed alone, and the plain table the audit trail is compared with.
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { actorId, actorName, actorRole } from '../../packages/server/src/access/context.ts';
import type { Access } from '../../packages/server/src/access/context.ts';
import type { AuditEntry, AuditOrigin } from '../../packages/server/src/audit/audit.ts';
import { chainAudit } from '../../packages/server/src/audit/chain.ts';
import type { Db } from '../../packages/server/src/db/client.ts';
import { queryRows } from '../../packages/server/src/db/client.ts';

/** The anchor key of the bench database's chain heads (bench only). */
export const ANCHOR_KEY = 'epilink-bench-only-audit-anchor-key-0123456789';

/** One caller's audit rows: who, from where, what (as `auditInsertGroups` takes them). */
export interface AuditGroup {
  access: Access;
  origin: AuditOrigin;
  entries: readonly AuditEntry[];
}

/** Insert `n` audit rows server-side (one statement per 50,000), shaped like search rows. */
export async function prefill(db: Db, n: number): Promise<void> {
  for (let done = 0; done < n; done += 50_000) {
    const k = Math.min(50_000, n - done);
    await db.execute(sql`insert into audit_log (actor_id, actor_name, actor_role, action, entity, fields, ip, details)
      select gen_random_uuid(), 'bench', 'tracer', 'search', 'person', array['fullName','dateOfBirth'], '10.0.0.1',
        jsonb_build_object('count', 4, 'personIds', jsonb_build_array(gen_random_uuid(), gen_random_uuid()))
      from generate_series(1, ${k})`);
  }
}

/** The chain's length at its newest signed head. */
export async function headSeq(db: Db): Promise<number> {
  const [row] = await queryRows<{ seq: string | null }>(
    db,
    sql`select max(seq)::text as seq from audit_chain_heads where id = (select max(id) from audit_chain_heads)`,
  );
  return Number(row?.seq ?? 0);
}

/** Chain everything chainable now, timed. */
export async function timedChain(db: Db): Promise<{ rows: number; seconds: number }> {
  const t = performance.now();
  const rows = await chainAudit(db, { anchorKey: ANCHOR_KEY });
  return { rows, seconds: (performance.now() - t) / 1000 };
}

/** The baseline's table: audit_log's columns, not partitioned, a primary key only, never chained. */
export async function createPlainTable(db: Db): Promise<void> {
  await db.execute(sql`create table bench_plain_log (id bigserial primary key,
    at timestamptz not null default now(), actor_id uuid, actor_name text, actor_role text not null,
    action text not null, entity text not null, entity_id text, person_id uuid, fields text[] not null,
    purpose text, ip text, details jsonb)`);
}

/** The rows `auditInsertGroups` writes, in one statement, into the baseline's table. */
export function plainInsert(groups: readonly AuditGroup[]): SQL {
  const rows = groups.flatMap(({ access, origin, entries }) =>
    entries.map((e) => ({
      actor_id: actorId(access),
      actor_name: actorName(access),
      actor_role: actorRole(access),
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId ?? null,
      person_id: e.personId ?? null,
      fields: e.fields ?? [],
      purpose: e.purpose ?? origin.purpose ?? null,
      ip: origin.ip,
      details: e.details ?? null,
    })),
  );
  const columns = sql.raw(
    'actor_id, actor_name, actor_role, action, entity, entity_id, person_id, fields, purpose, ip, details',
  );
  return sql`insert into bench_plain_log (${columns}) select ${columns}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(actor_id uuid, actor_name text, actor_role text,
      action text, entity text, entity_id text, person_id uuid, fields text[], purpose text, ip text, details jsonb)`;
}
