/**
 * Issue #11 item 6 — the chainer's horizon. Rows are chained in id order once every transaction
 * that could still hold a lower id has ended. A long transaction that wrote no audit rows (here or
 * in another database: transaction ids are server-wide) no longer stops the chainer; one that did
 * write audit rows holds back the rows after its own until it ends, and then they are all chained
 * in id order and the chain verifies. A batch reads a window of ids above the chain's position, so
 * the chainer's cost does not grow with the table; a row left below the position by a chain
 * written in (transaction, id) order is still found. Concurrent transactions need PostgreSQL
 * (PGlite has one connection); the order and verification parts run on both.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import type { Tx } from '../db/client.ts';
import { writeAudit } from './audit.ts';
import {
  LEFT_BEHIND_SETTINGS,
  chainAllWritten,
  chainAudit,
  leftBehindCheck,
  resolvedHorizon,
  unchainedCount,
} from './chain.ts';
import { verifyAuditChain } from './verify.ts';

let t: TestApp;
const access = systemAccess('audit horizon test');
const origin = { ip: '10.0.0.9' };

beforeAll(async () => {
  t = await createTestApp();
  await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
});
afterAll(async () => {
  await t?.close();
});

/** Write `n` audit rows in one committed transaction; returns their ids. */
async function writeRows(n: number, entity: string): Promise<string[]> {
  await t.database.db.transaction((tx) =>
    writeAudit(
      tx,
      access,
      origin,
      Array.from({ length: n }, () => ({ action: 'read' as const, entity })),
    ),
  );
  return (
    await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from audit_log where entity = ${entity} order by id`,
    )
  ).map((r) => r.id);
}

/** A transaction kept open until `release()` is called; `run` works inside it first. */
function heldTransaction(run: (tx: Tx) => Promise<void>) {
  let release!: () => void;
  let ready!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const started = new Promise<void>((resolve) => (ready = resolve));
  const done = t.database.db.transaction(async (tx) => {
    await run(tx);
    ready();
    await released;
  });
  return { started, release, done };
}

/** The chain positions of audit rows, by row id. */
async function seqOf(ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ log_id: string; seq: string }>(
    t.database.db,
    sql`select log_id::text as log_id, seq::text as seq from audit_chain where log_id = any(${`{${ids.join(',')}}`}::bigint[])`,
  );
  return new Map(rows.map((r) => [r.log_id, Number(r.seq)]));
}

describe('the audit chainer horizon', () => {
  it('chains rows in id order and the chain verifies', async () => {
    const ids = await writeRows(5, 'horizon-order');
    await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
    const seq = await seqOf(ids);
    expect(ids.map((id) => seq.get(id))).toEqual([...seq.values()].sort((a, b) => a - b));
    const report = await verifyAuditChain(t.database.db, { anchorKey: t.config.audit.anchorKey });
    expect(report.ok).toBe(true);
    expect(report.unchained).toBe(0);
  });

  it('reads ids a window at a time: a gap wider than a batch (rolled-back ids) is crossed, in id order', async () => {
    const db = t.database.db;
    const before = await writeRows(3, 'horizon-window-before');
    // Twelve ids taken and never used, as by transactions that rolled back.
    await db.execute(sql`select nextval('audit_log_id_seq') from generate_series(1, 12)`);
    const after = await writeRows(7, 'horizon-window-after');
    expect(await chainAudit(db, { anchorKey: t.config.audit.anchorKey, batchSize: 4 })).toBe(10);
    const seq = await seqOf([...before, ...after]);
    const inChainOrder = [...seq.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    expect(inChainOrder).toEqual([...before, ...after]);
    expect(await unchainedCount(db)).toBe(0);
    const report = await verifyAuditChain(db, { anchorKey: t.config.audit.anchorKey });
    expect(report.ok).toBe(true);
  });

  it('chains a row left below the position by a chain written in (transaction, id) order', async () => {
    const db = t.database.db;
    // An id taken and not used, then rows written and chained after it.
    const [free] = await queryRows<{ id: string }>(db, sql`select nextval('audit_log_id_seq')::text as id`);
    await writeRows(2, 'horizon-left-after');
    await chainAllWritten(db, { anchorKey: t.config.audit.anchorKey });
    // The left-behind row: a lower id than the chain's position, a later transaction.
    await db.execute(sql`insert into audit_log (id, actor_role, action, entity, fields)
      values (${free!.id}::bigint, 'system', 'read', 'horizon-left-behind', '{}')`);
    expect(await unchainedCount(db)).toBe(1);
    expect(await chainAudit(db, { anchorKey: t.config.audit.anchorKey, batchSize: 4 })).toBe(1);
    expect((await seqOf([free!.id])).size).toBe(1);
    expect(await unchainedCount(db)).toBe(0);
    const next = await writeRows(2, 'horizon-left-next');
    await chainAllWritten(db, { anchorKey: t.config.audit.anchorKey });
    expect((await seqOf(next)).size).toBe(2);
    const report = await verifyAuditChain(db, { anchorKey: t.config.audit.anchorKey });
    expect(report.ok).toBe(true);
  });

  it('looks for rows left behind through the BRIN, not through every row below the position', async () => {
    const db = t.database.db;
    // Statistics from a small table, then thousands of rows chained: the conditions under which
    // the planner chose an id-ordered primary-key scan that read every row below the position.
    await db.execute(sql`analyze audit_log`);
    await writeRows(3000, 'horizon-brin');
    await chainAllWritten(db, { anchorKey: t.config.audit.anchorKey });
    const [position] = await queryRows<{ xact: string; id: string }>(
      db,
      sql`select l.xact::text as xact, l.id::text as id from audit_chain c
        join audit_log l on l.id = c.log_id and l.at = c.log_at order by c.seq desc limit 1`,
    );
    const plan = await db.transaction(async (tx) => {
      await tx.execute(LEFT_BEHIND_SETTINGS);
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain (costs off) ${leftBehindCheck(position!)}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Bitmap Index Scan on audit_log_\w+_at_xact_idx/u);
    expect(plan).not.toMatch(/audit_log_\w+_pkey|Seq Scan on audit_log/u);
    expect(await unchainedCount(db)).toBe(0);
  });

  // PostgreSQL only: a transaction held open beside the chainer's needs a second connection (PGlite has one).
  it.runIf(process.env.DATABASE_URL)(
    'is not stopped by a long transaction without audit rows, and waits for one with audit rows',
    async () => {
      const db = t.database.db;
      // A long transaction that has a transaction id but writes no audit row.
      const quiet = heldTransaction(async (tx) => {
        await tx.execute(sql`select pg_current_xact_id()`);
      });
      await quiet.started;
      const first = await writeRows(3, 'horizon-quiet');
      expect(await chainAudit(db, { anchorKey: t.config.audit.anchorKey })).toBe(3);
      expect(await unchainedCount(db)).toBe(0);

      // A long transaction that wrote an audit row: the rows after it wait until it ends.
      const writer = heldTransaction(async (tx) => {
        await writeAudit(tx, access, origin, { action: 'read', entity: 'horizon-long' });
      });
      await writer.started;
      const later = await writeRows(2, 'horizon-later');
      expect(await resolvedHorizon(db, 50)).toBeNull();
      expect((await seqOf(later)).size).toBe(0);
      writer.release();
      await writer.done;
      await chainAllWritten(db, { anchorKey: t.config.audit.anchorKey });
      const [long] = await queryRows<{ id: string }>(
        db,
        sql`select id::text as id from audit_log where entity = 'horizon-long'`,
      );
      const seq = await seqOf([long!.id, ...later]);
      expect(seq.get(long!.id)).toBeLessThan(seq.get(later[0]!)!);
      expect(seq.get(later[0]!)).toBeLessThan(seq.get(later[1]!)!);
      quiet.release();
      await quiet.done;
      const report = await verifyAuditChain(db, { anchorKey: t.config.audit.anchorKey });
      expect(report.ok).toBe(true);
      expect(report.unchained).toBe(0);
      expect((await seqOf(first)).size).toBe(3);
    },
    120_000,
  );
});
