/**
 * Issue #9, low items — the audit trail also records what was refused and what was declared, on
 * PGlite and PostgreSQL:
 * - a commune officer who asks for a person outside their commune (404) and a security officer
 *   who asks for health data (403) each leave a `denied` row naming the route and the id asked for;
 * - declaring an outbreak (`POST /api/outbreaks`) is audited, in the declaration's transaction.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { COMMUNE_A, household, otherCommune } from '../../src/cases/test-fixtures.ts';
import { queryRows } from '../../src/db/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Row {
  action: string;
  entity: string;
  entity_id: string | null;
  person_id: string | null;
  actor_id: string | null;
  details: Record<string, unknown> | null;
}

function rowsOf(actorId: string, action: string): Promise<Row[]> {
  return queryRows<Row>(
    t.database.db,
    sql`select action, entity, entity_id, person_id::text as person_id, actor_id::text as actor_id, details
      from audit_log where actor_id = ${actorId}::uuid and action = ${action} order by id`,
  );
}

describe('issue 9 (low): refused attempts and outbreak declarations are audited', () => {
  it('a person outside the jurisdiction (404) leaves a denied row naming the route and the person', async () => {
    const elsewhere = await otherCommune(t);
    const [stranger] = await household(t, elsewhere, [
      { fullName: 'Phạm Văn Xa', dateOfBirth: '1970-07-07' },
    ]);
    const officer = await signInAs(t, 'commune_officer', COMMUNE_A.communeCode);
    expect(await rowsOf(officer.userId, 'denied')).toEqual([]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${stranger}`,
      headers: officer.headers,
    });
    expect(res.statusCode).toBe(404);
    const [row] = await rowsOf(officer.userId, 'denied');
    expect(row).toMatchObject({
      entity: 'route',
      entity_id: 'GET /api/persons/:id',
      person_id: stranger,
      details: { status: 404, code: 'NOT_FOUND' },
    });
  });

  it('a role without the permission (403) leaves a denied row too', async () => {
    const [someone] = await household(t, COMMUNE_A, [{ fullName: 'Võ Thị Mẫu', dateOfBirth: '1990-09-09' }]);
    const security = await signInAs(t, 'security_officer', '83');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/persons/${someone}`,
      headers: security.headers,
    });
    expect(res.statusCode).toBe(403);
    const [row] = await rowsOf(security.userId, 'denied');
    expect(row).toMatchObject({
      entity_id: 'GET /api/persons/:id',
      details: { status: 403, code: 'FORBIDDEN' },
    });
  });

  it('declaring an outbreak is audited with the outbreak it created', async () => {
    const epidemiologist = await signInAs(t, 'provincial_epidemiologist', '83');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/outbreaks',
      headers: epidemiologist.headers,
      payload: { diseaseCode: 'COVID-19', name: 'Ổ dịch chợ Phú Khương', startedOn: '2021-11-20' },
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json<{ id: string }>();
    const rows = await rowsOf(epidemiologist.userId, 'create');
    expect(rows.filter((r) => r.entity === 'outbreak')).toEqual([
      expect.objectContaining({
        entity_id: id,
        details: { diseaseCode: 'COVID-19', startedOn: '2021-11-20' },
      }),
    ]);
  });
});
