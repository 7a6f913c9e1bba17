/**
 * Declarations, the linked flow (PRODUCT.md flow 3) on a real server (PGlite and PostgreSQL): a
 * citizen declares fever and contact with a case → triage flags them → the commune officer's live
 * stream hears it and the review list shows them → the citizen confirms the suggested test in one
 * tap → a negative result → the flag is cleared (and the officer hears that too). Anonymous
 * declarations, checkpoints and refusals are in anonymous.test.ts.
 */
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { openEventStream } from '../events/test-stream.ts';
import { HOME, citizenHeaders, sessionAt, siteAt } from '../testing/test-fixtures.ts';
import { healthAnswers, healthQuestionnaireId } from './test-fixtures.ts';
import type { Answer } from './test-fixtures.ts';

let t: TestApp;
let base = '';
let healthId = '';

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  healthId = await healthQuestionnaireId(t);
});
afterAll(async () => {
  await t?.close();
});

describe('a citizen declares fever and contact with a case: flagged, tested in one tap, cleared', () => {
  it('runs the whole flow, and the commune officer sees it live', async () => {
    const siteId = await siteAt(t.database.db, HOME, 'Trạm Y tế xã');
    const sessionId = await sessionAt(t.database.db, siteId, HOME);
    const [added] = await addPeople(t.database, [
      { fullName: 'Nguyễn Thị Khai', dateOfBirth: '1990-04-02', cccd: '083190000123', phone: '0912000111' },
    ]);
    const personId = added!.personId;
    const citizen = await citizenHeaders(t, '0912000111');
    const officer = await signInAs(t, 'commune_officer', HOME.communeCode);
    const lab = await signInAs(t, 'lab_technician', HOME.districtCode);
    const stream = await openEventStream(base, officer.headers.cookie!, '/api/events');

    const submissionId = randomUUID();
    const body = {
      submissionId,
      questionnaireId: healthId,
      communeCode: HOME.communeCode,
      personId,
      response: healthAnswers({ fever: true, contact: true }),
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/declarations',
      headers: citizen,
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const d = res.json<Answer>();
    expect(d).toMatchObject({ action: 'isolateAndTest', flagged: true, flagStatus: 'open', replayed: false });
    // Today's rule (the March 2022 version): a case contact with symptoms isolates and tests.
    expect(d.reasons).toEqual(['symptoms', 'caseContact', 'caseContactWithSymptoms']);
    expect(d.suggestedTest).toMatchObject({ siteId, sessionId, reason: 'symptoms' });

    // The offline retry sends the same submission again: one declaration, the first answer.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/me/declarations',
      headers: citizen,
      payload: body,
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<Answer>()).toMatchObject({ id: d.id, replayed: true, action: 'isolateAndTest' });
    const [n] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from declarations where submission_id = ${submissionId}`,
    );
    expect(n!.n).toBe(1);

    // The citizen's health book lists it with its QR token.
    const book = await t.app.inject({ method: 'GET', url: '/api/me/declarations', headers: citizen });
    expect(book.json<{ items: { id: string; token: string }[] }>().items).toContainEqual(
      expect.objectContaining({ id: d.id, token: d.token }),
    );
    // The commune officer heard it live and finds the person on the review list.
    const heard = await stream.next((e) => e.event === 'declaration' && e.data.id === d.id);
    // Kinds and ids only: nothing personal travels on the stream.
    expect(Object.keys(heard.data).every((k) => ['kind', 'id', 'personId', 'caseId'].includes(k))).toBe(true);
    const review = await t.app.inject({
      method: 'GET',
      url: '/api/declarations?flag=flagged',
      headers: officer.headers,
    });
    const listed = review.json<{ items: { id: string; person: { fullName: string } }[] }>().items;
    expect(listed.find((i) => i.id === d.id)?.person.fullName).toBe('Nguyễn Thị Khai');

    // One tap: the prefilled test is registered; a second tap changes nothing.
    const tap = await t.app.inject({ method: 'POST', url: `/api/declarations/qr/${d.token}/test` });
    expect(tap.statusCode).toBe(200);
    const { registrationId } = tap.json<{ registrationId: string }>();
    const tap2 = await t.app.inject({ method: 'POST', url: `/api/declarations/qr/${d.token}/test` });
    expect(tap2.json<{ registrationId: string }>().registrationId).toBe(registrationId);
    const [reg] = await queryRows<{
      person_id: string;
      session_id: string;
      registered_via: string;
      reason: string;
    }>(
      t.database.db,
      sql`select person_id, session_id, registered_via, reason from test_registrations where id = ${registrationId}`,
    );
    expect(reg).toEqual({
      person_id: personId,
      session_id: sessionId,
      registered_via: 'citizen',
      reason: 'symptoms',
    });

    // The specimen is taken and comes back negative: the flag is cleared, and the officer hears it.
    const specimen = await t.app.inject({
      method: 'POST',
      url: '/api/testing/specimens',
      headers: lab.headers,
      payload: { registrationId },
    });
    expect(specimen.statusCode).toBe(201);
    const { barcode } = specimen.json<{ barcode: string }>();
    const before = stream.received.length;
    const result = await t.app.inject({
      method: 'POST',
      url: '/api/testing/results',
      headers: lab.headers,
      payload: { barcode, outcome: 'negative' },
    });
    expect(result.statusCode).toBe(201);
    await stream.next(
      (e) => e.event === 'declaration' && e.data.id === d.id && stream.received.indexOf(e) >= before,
    );
    stream.close();
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${d.id}`,
      headers: officer.headers,
    });
    expect(read.json()).toMatchObject({
      flagStatus: 'cleared',
      testRegistrationId: registrationId,
      declaredBy: 'self',
    });
    const still = await t.app.inject({
      method: 'GET',
      url: '/api/declarations?flag=flagged',
      headers: officer.headers,
    });
    expect(still.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(d.id);
    // The situation room's adoption indicator counts the declaration in its commune (7-day mean).
    const adoption = await t.app.inject({
      method: 'GET',
      url: `/api/indicators/adoption?unit=${HOME.communeCode}`,
      headers: officer.headers,
    });
    const row = adoption.json<{ communes: { communeCode: string; declarationsPerDay: number }[] }>()
      .communes[0];
    expect(row?.declarationsPerDay).toBeGreaterThanOrEqual(0.1);
    const qr = await t.app.inject({ method: 'GET', url: `/api/declarations/qr/${d.token}` });
    expect(qr.json()).toMatchObject({ flagStatus: 'cleared', suggestedTest: null });
  });
});
