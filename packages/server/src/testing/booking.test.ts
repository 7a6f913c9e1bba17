/**
 * Testing, from booking to result, against a real database (PGlite and PostgreSQL): the district
 * health centre opens a site and a slot, a citizen books it from their phone, capacity holds, the
 * specimen is collected with a printable label, a lab technician enters the result and the
 * citizen sees it on their page.
 */
import { makeBarcode } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { HOME, citizenHeaders } from './test-fixtures.ts';

let t: TestApp;
let station: Record<string, string>;
let lab: Record<string, string>;
let citizen: Record<string, string>;
let citizenId = '';
let neighbourId = '';

beforeAll(async () => {
  t = await createTestApp();
  station = (await signInAs(t, 'district_officer', HOME.districtCode)).headers;
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  const [me, neighbour] = await addPeople(t.database, [
    { fullName: 'Lê Thị Hoa', dateOfBirth: '1988-03-04', phone: '0912345001', cccd: '083188001234', ...HOME },
    { fullName: 'Phạm Văn Tâm', dateOfBirth: '1979-11-30', phone: '0912345002', ...HOME },
  ]);
  citizenId = me!.personId;
  neighbourId = neighbour!.personId;
  citizen = await citizenHeaders(t, '0912345001');
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

describe('a citizen books a test slot; capacity holds', () => {
  let siteId = '';
  let sessionId = '';

  it('the district health centre opens a site and a slot with one place', async () => {
    const site = await post('/api/testing/sites', station, {
      name: 'Điểm xét nghiệm Phường 1',
      communeCode: HOME.communeCode,
      address: '12 Đồng Khởi',
    });
    expect(site.statusCode, site.body).toBe(201);
    siteId = site.json<{ id: string }>().id;
    const start = new Date(Date.now() + 3_600_000);
    const slot = await post('/api/testing/sessions', station, {
      siteId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      capacity: 1,
    });
    expect(slot.statusCode, slot.body).toBe(201);
    sessionId = slot.json<{ id: string }>().id;
    // A slot that ends before it starts is refused.
    const bad = await post('/api/testing/sessions', station, {
      siteId,
      startsAt: start.toISOString(),
      endsAt: start.toISOString(),
      capacity: 5,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('the citizen sees the slot, books it, and the next person finds it full', async () => {
    const sites = await get('/api/me/testing/sites', citizen);
    const listed = sites.json<{ items: { id: string; sessions: { id: string; free: number }[] }[] }>().items;
    expect(listed.find((s) => s.id === siteId)?.sessions).toEqual([
      expect.objectContaining({ id: sessionId, free: 1 }),
    ]);

    const booked = await post('/api/me/testing/registrations', citizen, {
      personId: citizenId,
      sessionId,
      testType: 'rtPcr',
      reason: 'symptoms',
    });
    expect(booked.statusCode, booked.body).toBe(201);

    const full = await post('/api/testing/registrations', station, {
      personId: neighbourId,
      siteId,
      sessionId,
      testType: 'rtPcr',
      reason: 'screening',
    });
    expect(full.statusCode).toBe(409);
    expect(full.json<{ error: { code: string } }>().error.code).toBe('TEST_SESSION_FULL');
    // The collection desk tells namesakes apart: date of birth and masked ID of a resident.
    const desk = await get(`/api/testing/registrations?siteId=${siteId}&status=booked`, lab);
    expect(desk.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({
        fullName: 'Lê Thị Hoa',
        dateOfBirth: '1988-03-04',
        idNumberMasked: expect.stringMatching(/^083\*+234$/u) as unknown,
        resident: true,
      }),
    ]);
    // The full slot is no longer offered to citizens.
    const after = await get('/api/me/testing/sites', citizen);
    expect(after.json<{ items: { id: string }[] }>().items.map((s) => s.id)).not.toContain(siteId);
  });

  it('a citizen cannot book for someone who is not theirs', async () => {
    const res = await post('/api/me/testing/registrations', citizen, {
      personId: neighbourId,
      sessionId,
      testType: 'rtPcr',
      reason: 'screening',
    });
    expect(res.statusCode).toBe(404);
  });

  it('two people racing for the last place: exactly one gets it', async () => {
    const start = new Date(Date.now() + 7_200_000);
    const slot = await post('/api/testing/sessions', station, {
      siteId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      capacity: 1,
    });
    const raceId = slot.json<{ id: string }>().id;
    const [a, b] = await Promise.all(
      [citizenId, neighbourId].map((personId) =>
        post('/api/testing/registrations', station, {
          personId,
          siteId,
          sessionId: raceId,
          testType: 'rapidAntigen',
          reason: 'screening',
        }),
      ),
    );
    expect([a!.statusCode, b!.statusCode].sort()).toEqual([201, 409]);
    const [row] = await queryRows<{ booked: number }>(
      t.database.db,
      sql`select booked from test_sessions where id = ${raceId}`,
    );
    expect(row!.booked).toBe(1);
  });

  it('cancelling gives the place back', async () => {
    const mine = await get('/api/me/testing', citizen);
    const reg = mine
      .json<{ registrations: { id: string; status: string; reason: string }[] }>()
      .registrations.find((r) => r.reason === 'symptoms')!;
    expect(reg.status).toBe('booked');
    const cancel = await post(`/api/me/testing/registrations/${reg.id}/cancel`, citizen, {});
    expect(cancel.statusCode, cancel.body).toBe(200);
    const again = await post('/api/me/testing/registrations', citizen, {
      personId: citizenId,
      sessionId,
      testType: 'rtPcr',
      reason: 'symptoms',
    });
    expect(again.statusCode).toBe(201);
  });

  it('staff mark a booked person who did not come as no-show; the slot keeps the place counted', async () => {
    const reg = await post('/api/testing/registrations', station, {
      personId: neighbourId,
      siteId,
      testType: 'rapidAntigen',
      reason: 'contact',
    });
    const id = reg.json<{ id: string }>().id;
    const res = await post(`/api/testing/registrations/${id}/close`, lab, { status: 'no_show' });
    expect(res.statusCode, res.body).toBe(200);
    const again = await post(`/api/testing/registrations/${id}/close`, lab, { status: 'cancelled' });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TEST_REGISTRATION_CLOSED');
  });

  it('collect: the specimen gets a barcode with a check digit and a printable label', async () => {
    const regs = await get(`/api/testing/registrations?sessionId=${sessionId}&status=booked`, station);
    const [reg] = regs.json<{ items: { id: string; fullName: string }[] }>().items;
    expect(reg!.fullName).toBe('Lê Thị Hoa');
    const mistyped = await post('/api/testing/specimens', lab, {
      registrationId: reg!.id,
      barcode: 'S0000000010',
    });
    expect(mistyped.statusCode).toBe(422);
    expect(mistyped.json<{ error: { code: string } }>().error.code).toBe('BARCODE_INVALID');
    const res = await post('/api/testing/specimens', lab, { registrationId: reg!.id });
    expect(res.statusCode, res.body).toBe(201);
    const { barcode } = res.json<{ barcode: string }>();
    expect(barcode).toMatch(/^S\d{10}$/u);
    const again = await post('/api/testing/specimens', lab, { registrationId: reg!.id });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('TEST_REGISTRATION_CLOSED');

    const label = await get(`/api/testing/specimens/${barcode}/label.pdf`, lab);
    expect(label.statusCode).toBe(200);
    expect(label.headers['content-type']).toContain('application/pdf');
    expect(label.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Scanned before the result is typed, the tube names its person (name, date of birth, masked
    // identity number: two Lê Thị Hoa are told apart), and the read is audited.
    const scanned = await get(`/api/testing/specimens/${barcode}`, lab);
    expect(scanned.json<{ specimen: object }>().specimen).toMatchObject({
      fullName: 'Lê Thị Hoa',
      dateOfBirth: '1988-03-04',
      idNumberMasked: '083******234',
    });
    const [read] = await queryRows<{ fields: string[] }>(
      t.database.db,
      sql`select fields from audit_log where entity = 'site_record' and person_id = ${citizenId}
        and 'idNumberMasked' = any(fields) limit 1`,
    );
    expect(read!.fields).toEqual(expect.arrayContaining(['fullName', 'dateOfBirth', 'idNumberMasked']));

    // The technician enters the result: a rapid-test Ct or an impossible Ct is refused.
    const impossible = await post('/api/testing/results', lab, { barcode, outcome: 'positive', ct: 52 });
    expect(impossible.json<{ error: { code: string } }>().error.code).toBe('CT_INVALID');
    const saved = await post('/api/testing/results', lab, { barcode, outcome: 'positive', ct: 21.5 });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json<{ unchanged: boolean }>().unchanged).toBe(false);
    // The saved line says whose result it was.
    expect(saved.json<{ person: object }>().person).toEqual({
      fullName: 'Lê Thị Hoa',
      dateOfBirth: '1988-03-04',
      idNumberMasked: '083******234',
      yearOfBirth: '1988',
      resident: true,
    });
    // Scanning the same tube again with the same outcome changes nothing; another outcome is refused.
    const rescan = await post('/api/testing/results', lab, { barcode, outcome: 'positive' });
    expect(rescan.json<{ unchanged: boolean }>().unchanged).toBe(true);
    const flip = await post('/api/testing/results', lab, { barcode, outcome: 'negative' });
    expect(flip.json<{ error: { code: string } }>().error.code).toBe('RESULT_EXISTS');

    const [events] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where topic = 'testing.result_recorded' and payload->>'personId' = ${citizenId}`,
    );
    expect(events!.n).toBe(1);
    const [audit] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'test_result' and action = 'create' and person_id = ${citizenId}`,
    );
    expect(audit!.n).toBe(1);

    const mine = await get('/api/me/testing', citizen);
    expect(mine.json<{ results: { outcome: string; ct: number; barcode: string }[] }>().results).toEqual([
      expect.objectContaining({ outcome: 'positive', ct: 21.5, barcode }),
    ]);
    const page = await get(`/api/persons/${citizenId}/testing`, station);
    expect(page.json<{ results: unknown[] }>().results).toHaveLength(1);
  });

  it('the result queue: a batch lands what it can and says why the rest did not', async () => {
    const walkIns = [];
    for (const personId of [neighbourId, citizenId]) {
      const res = await post('/api/testing/specimens', lab, {
        personId,
        siteId,
        testType: 'rapidAntigen',
        reason: 'screening',
      });
      expect(res.statusCode, res.body).toBe(201);
      walkIns.push(res.json<{ barcode: string }>().barcode);
    }
    const batch = await post('/api/testing/results/batch', lab, {
      items: [
        { barcode: walkIns[0], outcome: 'negative' },
        { barcode: walkIns[1], outcome: 'positive', ct: 20 },
        { barcode: makeBarcode('specimen', 424242), outcome: 'negative' },
        { barcode: 'S123', outcome: 'negative' },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    const items = batch.json<{ items: { ok: boolean; error: { code: string } | null }[] }>().items;
    expect(items.map((i) => i.ok)).toEqual([true, false, false, false]);
    expect(items.map((i) => i.error?.code ?? null)).toEqual([
      null,
      'CT_INVALID',
      'NOT_FOUND',
      'BARCODE_INVALID',
    ]);
  });
});
