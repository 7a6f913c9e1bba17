/**
 * Issue #11 item 6 — what an audit row costs to write. Every audited request inserts rows, so the
 * trail keeps only the indexes its readers use (migration 0043): the primary key (the chainer's id
 * windows, verification), one BRIN over `at` and `xact` (the viewer's time filter, the chainer's
 * rows left behind), person and actor only where set, and the contact-ids GIN of the viewer's
 * person filter. The BRIN's newest ranges are summarised by the chainer's timer, since PGlite has
 * no autovacuum to do it; a person's rows are still found by the viewer through the partial index.
 * Runs on PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { summarizeAuditRanges } from './partitions.ts';
import { searchAudit } from './viewer.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the audit trail indexes', () => {
  it('indexes persons and actors only where set, and summarises the BRIN ranges as rows arrive', async () => {
    const db = t.database.db;
    const indexes = await queryRows<{ name: string; def: string }>(
      db,
      sql`select c.relname as name, pg_get_indexdef(c.oid) as def from pg_index i
        join pg_class c on c.oid = i.indexrelid where i.indrelid = 'audit_log'::regclass order by 1`,
    );
    expect(indexes.map((i) => i.name)).toEqual([
      'audit_log_actor_idx',
      'audit_log_at_xact_brin',
      'audit_log_contact_ids_idx',
      'audit_log_id_at_pk',
      'audit_log_person_idx',
    ]);
    expect(indexes.find((i) => i.name === 'audit_log_person_idx')!.def).toMatch(
      /WHERE \(person_id IS NOT NULL\)/u,
    );
    expect(indexes.find((i) => i.name === 'audit_log_at_xact_brin')!.def).toMatch(/USING brin \(at, xact\)/u);

    // 12,000 rows (several 128-page ranges) in one statement: a search's rows, half naming a person.
    const person = '0b7d1c52-8d3e-4f0a-9a55-6f1e2d3c4b5a';
    await db.execute(sql`insert into audit_log (actor_role, action, entity, person_id, fields, details)
      select 'tracer', 'read', 'person', case when k = 11000 then ${person}::uuid
          when k % 2 = 0 then gen_random_uuid() end,
        array['fullName', 'dateOfBirth'], jsonb_build_object('via', 'search', 'padding', repeat('x', 200))
      from generate_series(1, 12000) k`);
    expect(await summarizeAuditRanges(t.database.db)).toBeGreaterThan(0);
    // Summarised ranges are not summarised again.
    expect(await summarizeAuditRanges(t.database.db)).toBe(0);

    const page = await searchAudit(db, { personId: person, limit: 10 });
    expect(page.items.map((r) => r.personId)).toEqual([person]);
  });
});
