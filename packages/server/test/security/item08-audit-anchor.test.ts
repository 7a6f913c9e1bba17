/**
 * Issue #9 item 8 — the audit chain anchored outside its rows. Someone with superuser SQL
 * (triggers off) attacks the audit trail, on PGlite and PostgreSQL:
 * - deletes the newest rows (with their chain entries): the signed heads name a position past
 *   the new end of the chain → `truncated`;
 * - rewrites an old row and removes its chain entries so the server chains it again: the chainer
 *   refuses to re-hash (the chain no longer ends at its signed head), verification says so;
 * - goes further and cuts the heads back too, so the server re-chains the rewritten row and signs
 *   fresh heads: the chain is then consistent with itself, and only the head the security officer
 *   exported earlier shows it → `rechained`;
 * - cuts back rows, chain and heads together: again the exported head shows it → `truncated`.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { runCommand } from '../../src/cli.ts';
import { queryRows } from '../../src/db/client.ts';
import type { SignedHead } from '../../src/audit/anchor.ts';
import { AuditChainTamperedError, chainAllWritten, chainAudit } from '../../src/audit/chain.ts';

// Each story attacks its own fresh database; building one takes a while on a loaded machine.
vi.setConfig({ testTimeout: 240_000 });

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** A fresh app whose trail holds some reads, chained and anchored; returns the officer's headers. */
async function trailWithReads(reads: number) {
  t = await createTestApp();
  const security = (await signInAs(t, 'security_officer', '83')).headers;
  const officer = (await signInAs(t, 'commune_officer', '28756')).headers;
  // The chainer runs between reads, as the worker does every second: a signed head after each.
  for (let i = 0; i < reads; i++) {
    await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
    await t.app.inject({
      method: 'POST',
      url: '/api/persons/search',
      headers: officer,
      payload: { q: `nguyen${i}` },
    });
  }
  await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
  return { security, officer };
}

/** Run SQL as a superuser with every trigger off (what the attacker can do). */
async function asSuperuser(statements: ReturnType<typeof sql>[]) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const s of statements) await tx.execute(s);
  });
}

async function verify(security: Record<string, string>, head?: SignedHead) {
  const url = head
    ? `/api/audit/verify?head=${encodeURIComponent(JSON.stringify(head))}`
    : '/api/audit/verify';
  const res = await t.app.inject({ method: 'GET', url, headers: security });
  expect(res.statusCode).toBe(200);
  return res.json<{ ok: boolean; firstBroken: { id: string; seq: string; reason: string } | null }>();
}

async function exportHead(security: Record<string, string>): Promise<SignedHead> {
  const res = await t.app.inject({ method: 'GET', url: '/api/audit/head', headers: security });
  expect(res.statusCode).toBe(200);
  return res.json<SignedHead>();
}

describe('issue 9 item 8: the audit chain is anchored outside its rows', () => {
  it('the application can change nothing: audit rows, chain entries and heads refuse UPDATE and DELETE', async () => {
    await trailWithReads(2);
    const db = t.database.db;
    await expect(db.execute(sql`update audit_log set action = 'search'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(db.execute(sql`update audit_chain set hash = repeat('0', 64)`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_chain`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_chain_heads`)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_chain_heads`)).rejects.toThrow();
  });

  it('deleting the newest rows (and their chain entries) shows as truncation, naming the position', async () => {
    const { security } = await trailWithReads(4);
    expect(await verify(security)).toMatchObject({ ok: true, firstBroken: null });
    await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
    const newest = await queryRows<{ seq: string; log_id: string }>(
      t.database.db,
      sql`select seq::text as seq, log_id::text as log_id from audit_chain order by seq desc limit 3`,
    );
    await asSuperuser([
      sql`delete from audit_log where id in (${sql.join(
        newest.map((r) => sql`${r.log_id}::bigint`),
        sql`, `,
      )})`,
      sql`delete from audit_chain where seq >= ${newest.at(-1)!.seq}::bigint`,
    ]);
    const report = await verify(security);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ reason: 'truncated' });
    expect(BigInt(report.firstBroken!.seq)).toBeGreaterThanOrEqual(BigInt(newest.at(-1)!.seq));

    const lines: string[] = [];
    expect(
      await runCommand(
        t.database,
        'audit:verify',
        {},
        (l) => lines.push(l),
        undefined,
        t.config.audit.anchorKey,
      ),
    ).toBe(1);
    expect(lines.join('\n')).toContain('the newest rows were deleted');
  });

  it('deleting only the newest audit rows shows them missing', async () => {
    const { security } = await trailWithReads(3);
    const [newest] = await queryRows<{ seq: string; log_id: string }>(
      t.database.db,
      sql`select seq::text as seq, log_id::text as log_id from audit_chain order by seq desc limit 1`,
    );
    await asSuperuser([sql`delete from audit_log where id = ${newest!.log_id}::bigint`]);
    expect((await verify(security)).firstBroken).toMatchObject({ reason: 'missing', id: newest!.log_id });
  });

  it('a row rewritten and handed back to the chainer is never re-hashed: the chainer refuses, verify names it', async () => {
    const { security } = await trailWithReads(3);
    const [victim] = await queryRows<{ seq: string; log_id: string }>(
      t.database.db,
      sql`select seq::text as seq, log_id::text as log_id from audit_chain order by seq offset 2 limit 1`,
    );
    await asSuperuser([
      sql`update audit_log set actor_role = 'province_admin' where id = ${victim!.log_id}::bigint`,
      sql`delete from audit_chain where seq >= ${victim!.seq}::bigint`,
    ]);
    await expect(chainAudit(t.database.db, { anchorKey: t.config.audit.anchorKey })).rejects.toThrow(
      AuditChainTamperedError,
    );
    const [still] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_chain where seq >= ${victim!.seq}::bigint`,
    );
    expect(still!.n).toBe(0);
    // Verification (which chains first, and leaves the broken chain alone) names the break.
    const report = await verify(security);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ reason: 'truncated' });
    expect(BigInt(report.firstBroken!.seq)).toBeGreaterThanOrEqual(BigInt(victim!.seq));
  });

  it('re-chaining after cutting the heads back too shows against the head the security officer exported', async () => {
    const { security } = await trailWithReads(3);
    const exported = await exportHead(security);
    // The attacker cuts chain and heads back to the first signed head, and rewrites the row after it.
    const [keep] = await queryRows<{ id: string; seq: string }>(
      t.database.db,
      sql`select id::text as id, seq::text as seq from audit_chain_heads order by audit_chain_heads.id limit 1`,
    );
    const [victim] = await queryRows<{ log_id: string }>(
      t.database.db,
      sql`select log_id::text as log_id from audit_chain where seq = ${keep!.seq}::bigint + 1`,
    );
    await asSuperuser([
      sql`update audit_log set actor_role = 'province_admin' where id = ${victim!.log_id}::bigint`,
      sql`delete from audit_chain where seq > ${keep!.seq}::bigint`,
      sql`delete from audit_chain_heads where id > ${keep!.id}::bigint`,
    ]);
    // The server re-chains the rewritten rows and signs new heads: consistent with itself ...
    expect(await verify(security)).toMatchObject({ ok: true });
    // ... but not with the head kept outside the database.
    const report = await verify(security, exported);
    expect(report).toMatchObject({ ok: false, firstBroken: { reason: 'rechained', seq: exported.seq } });
  });

  it('cutting back rows, chain and heads together shows against the exported head', async () => {
    const { security } = await trailWithReads(3);
    const exported = await exportHead(security);
    const [keep] = await queryRows<{ id: string; seq: string }>(
      t.database.db,
      sql`select id::text as id, seq::text as seq from audit_chain_heads where seq < ${exported.seq}::bigint
        order by audit_chain_heads.id desc limit 1`,
    );
    await asSuperuser([
      sql`delete from audit_log where id in (select log_id from audit_chain where seq > ${keep!.seq}::bigint)`,
      sql`delete from audit_chain where seq > ${keep!.seq}::bigint`,
      sql`delete from audit_chain_heads where id > ${keep!.id}::bigint`,
    ]);
    // The server goes on chaining new rows from the cut: at the exported position the chain now
    // holds another hash, or does not reach it yet.
    const report = await verify(security, exported);
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: exported.seq });
    expect(['rechained', 'truncated']).toContain(report.firstBroken!.reason);
    // A forged exported head is refused as such.
    const forged = await verify(security, { ...exported, hash: 'f'.repeat(64) });
    expect(forged.firstBroken).toMatchObject({ reason: 'signature' });
  });
});
