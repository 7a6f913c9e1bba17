/**
 * The worklist filtered to one case, on PGlite and PostgreSQL: two cases of one commune each
 * propose their household; `caseId` keeps the chosen case and its contacts only (the filter is in
 * SQL, so a page never mixes in another case's rows), and a contact's phone number, shown on the
 * row for the tracer to call, is audited as read with the row.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { applyTestResult } from './intake.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

let t: TestApp;
let tracer: Record<string, string>;
const caseIds: string[] = [];
const contactPeople: string[] = [];

interface Worklist {
  newCases: { id: string }[];
  contactsToCall: { caseId: string; personId: string; phone: string | null }[];
}

beforeAll(async () => {
  t = await createTestApp();
  tracer = (await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers;
  const homes = [
    [
      { fullName: 'Lê Văn Tám', phone: '0913100001', dateOfBirth: '1980-02-02' },
      { fullName: 'Lê Thị Chín', phone: '0913100002', dateOfBirth: '1982-03-03' },
    ],
    [
      { fullName: 'Đỗ Văn Mười', phone: '0913100003', dateOfBirth: '1975-04-04' },
      { fullName: 'Đỗ Thị Một', dateOfBirth: '1990-05-05' },
    ],
  ];
  for (const [i, members] of homes.entries()) {
    const [index, contact] = (await household(t, COMMUNE_A, members)) as [string, string];
    contactPeople.push(contact);
    const { caseId } = await t.database.db.transaction((tx) =>
      applyTestResult(
        tx,
        systemAccess('test'),
        {
          resultId: `00000000-0000-4000-8000-0000000019${String(i).padStart(2, '0')}`,
          personId: index,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 21,
          sampledAt: new Date(Date.now() - 3_600_000),
          symptomatic: true,
        },
        { ip: null },
      ),
    );
    caseIds.push(caseId!);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('the worklist of one case', () => {
  it('without a filter both cases and their households wait', async () => {
    const work = (
      await t.app.inject({ method: 'GET', url: '/api/tracing/worklist', headers: tracer })
    ).json<Worklist>();
    expect(work.newCases.map((c) => c.id).sort()).toEqual([...caseIds].sort());
    expect(new Set(work.contactsToCall.map((c) => c.caseId))).toEqual(new Set(caseIds));
  });

  it('caseId keeps that case and its contacts only, with the phone number to call', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/tracing/worklist?caseId=${caseIds[0]}`,
      headers: tracer,
    });
    expect(res.statusCode, res.body).toBe(200);
    const work = res.json<Worklist>();
    expect(work.newCases.map((c) => c.id)).toEqual([caseIds[0]]);
    expect(work.contactsToCall.map((c) => [c.personId, c.phone])).toEqual([[contactPeople[0], '0913100002']]);
  });

  it('the phone shown is audited as read; a contact with no phone is audited without it', async () => {
    const rows = await queryRows<{ person_id: string; fields: string[] }>(
      t.database.db,
      sql`select person_id, fields from audit_log where entity = 'worklist_item'
        and person_id in (${contactPeople[0]}, ${contactPeople[1]})`,
    );
    const withPhone = rows.filter((r) => r.person_id === contactPeople[0]);
    const without = rows.filter((r) => r.person_id === contactPeople[1]);
    expect(withPhone.length).toBeGreaterThan(0);
    expect(withPhone.every((r) => r.fields.includes('phone'))).toBe(true);
    expect(without.length).toBeGreaterThan(0);
    expect(without.every((r) => !r.fields.includes('phone'))).toBe(true);
  });

  it('a malformed case id is a translated 400', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/tracing/worklist?caseId=not-a-case',
      headers: { ...tracer, 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).not.toBe('');
  });
});
