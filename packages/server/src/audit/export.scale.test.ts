/**
 * The audit CSV export streams every matching row (issue #11 item 1: it stopped at 50,000 rows
 * without a word). 50,100 rows of one official, seeded in one statement, all reach the file,
 * newest first, each once, and the export's own audit row records that count. On PGlite and
 * PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

const ROWS = 50_100;
let t: TestApp;
let security: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  security = (await signInAs(t, 'security_officer', '83')).headers;
  await t.database.db.execute(sql`
    insert into audit_log (actor_name, actor_role, action, entity, entity_id, fields)
    select 'scale-clerk', 'commune_officer', 'read', 'person', 'row-' || g, '{}'::text[]
    from generate_series(1, ${ROWS}) g`);
});
afterAll(async () => {
  await t?.close();
});

describe('audit export at scale', () => {
  it('writes all 50,100 rows of the filter, newest first, and audits the count', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit/export?actorName=scale-clerk',
      headers: security,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/u, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toMatch(/^"?id"?,/u);
    const entityIds = lines.slice(1).map((l) => /"(row-\d+)"/u.exec(l)?.[1]);
    expect(entityIds).toHaveLength(ROWS);
    expect(new Set(entityIds).size).toBe(ROWS);
    expect(entityIds[0]).toBe(`row-${ROWS}`);
    expect(entityIds.at(-1)).toBe('row-1');
    const after = await t.app.inject({ method: 'GET', url: '/api/audit?action=export', headers: security });
    const [exported] = after.json<{ items: { details: { rows: number } }[] }>().items;
    expect(exported?.details.rows).toBe(ROWS);
  });
});
