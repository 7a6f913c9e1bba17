/**
 * Issue #9, low item — "the security officer reads case classifications through audit details",
 * on PGlite and PostgreSQL. The case intake audits a classification change with
 * `details: { resultId, classification }` (cases/intake.ts), a contact decision with
 * `{ decision }`, an adverse event with `{ serious }`; the security officer reads the audit trail
 * (viewer and CSV export) and sees the row — who, what, which person — but no health value.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { writeAudit } from '../../src/audit/audit.ts';
import { createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

let t: TestApp;
const personId = randomUUID();
const caseId = randomUUID();
beforeAll(async () => {
  t = await createTestApp();
  await writeAudit(t.database.db, systemAccess('test: rows as the case modules write them'), { ip: null }, [
    {
      action: 'update',
      entity: 'case',
      entityId: caseId,
      personId,
      fields: ['classification', 'evidence', 'infectiousWindow'],
      details: { resultId: 'r-1', classification: 'confirmed' },
    },
    { action: 'decide', entity: 'contact', personId, fields: ['status'], details: { decision: 'confirm' } },
    { action: 'create', entity: 'aefi', personId, fields: ['aefi'], details: { serious: true } },
  ]);
});
afterAll(async () => {
  await t?.close();
});

describe('issue 9 (low): the audit trail shows no health data to its readers', () => {
  it('the viewer shows the rows about the person without classification, decision or seriousness', async () => {
    const security = await signInAs(t, 'security_officer', '83');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?personId=${personId}`,
      headers: security.headers,
    });
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: { entity: string; fields: string[]; details: unknown }[] }>();
    expect(items.map((i) => i.entity).sort()).toEqual(['aefi', 'case', 'contact']);
    const text = JSON.stringify(items.map((i) => i.details));
    expect(text).not.toMatch(/confirmed|classification|decision|serious/u);
    expect(items.find((i) => i.entity === 'case')).toMatchObject({ details: { resultId: 'r-1' } });
  });

  it('the CSV export leaves them out too', async () => {
    const security = await signInAs(t, 'security_officer', '83');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit/export?personId=${personId}`,
      headers: security.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(caseId);
    expect(res.body).not.toMatch(/confirmed|"serious|decision/u);
  });
});
