import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { runCommand } from '../cli.ts';
import { queryRows } from '../db/client.ts';
import { GENESIS_HASH, auditRowHash, chainAllWritten } from './chain.ts';
import { verifyAuditChain } from './verify.ts';

describe('the audit trail', () => {
  let t: TestApp;
  let security: Record<string, string>;
  let admin: Record<string, string>;
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    security = (await signInAs(t, 'security_officer', '83')).headers;
    admin = (await signInAs(t, 'province_admin', '83')).headers;
    const [p] = await addPeople(t.database, [{ fullName: 'Lê Thị Audit', dateOfBirth: '1980-01-01' }]);
    personId = p!.personId;
    await t.app.inject({ method: 'GET', url: `/api/persons/${personId}`, headers: admin });
  });
  afterAll(async () => {
    await t.close();
  });

  it('records who read which person record, with role, fields and IP', async () => {
    await t.app.inject({ method: 'GET', url: `/api/persons/${personId}`, headers: admin });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?personId=${personId}&action=read`,
      headers: security,
    });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(items[0]).toMatchObject({
      actorRole: 'province_admin',
      action: 'read',
      entity: 'person',
      personId,
      ip: '127.0.0.1',
    });
    expect(items[0]!.fields).toContain('phone');
  });

  it('is readable by security officers only (not administrators, who hold no audit:read)', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/audit', headers: admin })).statusCode).toBe(403);
    const health = await t.app.inject({ method: 'GET', url: `/api/persons/${personId}`, headers: security });
    expect(health.statusCode).toBe(403); // a security officer sees no health data
  });

  it('exports as CSV, and the export is itself audited', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit/export?action=read',
      headers: security,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toContain('"read"');
    const after = await t.app.inject({ method: 'GET', url: '/api/audit?action=export', headers: security });
    expect(after.json<{ items: unknown[] }>().items.length).toBe(1);
  });

  it('chains rows by hash; the application can neither change nor delete a row', async () => {
    const anchorKey = t.config.audit.anchorKey;
    await chainAllWritten(t.database.db, { anchorKey });
    const report = await verifyAuditChain(t.database.db, { anchorKey });
    expect(report).toMatchObject({ ok: true, firstBroken: null });
    expect(report.checked).toBeGreaterThan(5);
    await expect(
      t.database.db.execute(sql`update audit_log set action = 'search' where id = 1`),
    ).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log where id = 1`)).rejects.toThrow();
  });

  it('hashes a row exactly as the chains already stored were hashed (nested keys in any order)', () => {
    const row = {
      id: '123456',
      at: '2026-12-03T18:00:00.123456Z',
      actor_id: '3f0c8c1e-2b7a-4d7e-9a55-0c1e2b7a4d7e',
      actor_name: null,
      actor_role: 'citizen',
      action: 'create',
      entity: 'declaration',
      entity_id: '9a55-0c1e',
      person_id: '3f0c8c1e-2b7a-4d7e-9a55-0c1e2b7a4d7f',
      fields: ['response', 'triage'],
      purpose: null,
      ip: '10.1.2.3',
      details: {
        kind: 'health',
        version: 3,
        channel: 'citizen',
        declaredBy: 'self',
        dcc: null,
        nested: { b: [1, { z: 1, a: 'x' }], a: 'é' },
      },
      xact: '1000',
    };
    // The value the chainer wrote before its serialisation was rewritten (#11.6): stored chains verify.
    expect(auditRowHash(GENESIS_HASH, '42', row)).toBe(
      '7c3ad23fa07f02d7fbe3e2c61f5964276b9c4edc6e2689416c89bf2d34052c16',
    );
  });

  it('detects a row changed by direct SQL (trigger disabled by a superuser) and names it', async () => {
    await chainAllWritten(t.database.db, { anchorKey: t.config.audit.anchorKey });
    const [victim] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text as id from audit_log where action = 'read' and person_id = ${personId} order by id limit 1`,
    );
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`); // a superuser, triggers off
      await tx.execute(sql`update audit_log set actor_role = 'tracer' where id = ${victim!.id}::bigint`);
    });

    const lines: string[] = [];
    const code = await runCommand(
      t.database,
      'audit:verify',
      {},
      (l) => lines.push(l),
      undefined,
      t.config.audit.anchorKey,
    );
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(`audit_log row id=${victim!.id}`);
    expect(lines.join('\n')).toContain('content does not match');

    const api = await t.app.inject({ method: 'GET', url: '/api/audit/verify', headers: security });
    expect(api.json()).toMatchObject({ ok: false, firstBroken: { id: victim!.id, reason: 'content' } });
  });

  it('detects a deleted row (the chain names it missing)', async () => {
    const t2 = await createTestApp();
    try {
      const h = (await signInAs(t2, 'commune_officer', '28756')).headers;
      for (let i = 0; i < 3; i++)
        await t2.app.inject({
          method: 'POST',
          url: '/api/persons/search',
          headers: h,
          payload: { q: 'abc' },
        });
      const anchorKey = t2.config.audit.anchorKey;
      await chainAllWritten(t2.database.db, { anchorKey });
      const [row] = await queryRows<{ id: string }>(
        t2.database.db,
        sql`select log_id::text as id from audit_chain order by seq offset 2 limit 1`,
      );
      await t2.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from audit_log where id = ${row!.id}::bigint`);
      });
      const report = await verifyAuditChain(t2.database.db, { anchorKey });
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ id: row!.id, reason: 'missing' });
    } finally {
      await t2.close();
    }
  });
});
