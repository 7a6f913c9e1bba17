/**
 * Linked flow 1 as a story (issue 5, "Must show"), on PGlite and PostgreSQL: a citizen registers
 * for a test, the specimen goes into a pool, the pool is positive, members are recalled, one
 * individual result is positive → case confirmed → household members and a venue co-visitor
 * proposed as F1 → tracers confirm them → the co-visitor's household appears as F2 → the
 * co-visitor tests positive and becomes F0, degrees recompute. Jurisdiction split: the
 * co-visitor lives in commune B; B's officer sees B's contacts, not A's case.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue } from '../../test/checkin/fixtures.ts';
import { queryRows } from '../db/client.ts';
import { citizenHeaders } from '../testing/test-fixtures.ts';
import { expectF1Guidance } from './guidance.fixtures.ts';
import { COMMUNE_A, household, otherCommune } from './test-fixtures.ts';
import type { Place } from './test-fixtures.ts';

let t: TestApp;
let communeB: Place;
let station: Record<string, string>;
let lab: Record<string, string>;
let tracerA: Record<string, string>;
let officerB: Record<string, string>;
let an: Record<string, string>;
let dung: Record<string, string>;
const ids = { an: '', binh: '', cuong: '', dung: '', em: '', giang: '', hai: '' };
let siteId = '';
let caseId = '';

const post = (url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

interface Contact {
  id: string;
  personId: string;
  fullName: string;
  source: string;
  status: string;
  venueName: string | null;
  degree: number | null;
  proposedDegree: number | null;
  epiStatus: string | null;
  sourceName: string | null;
}

async function epi(
  personId: string,
): Promise<{ degree: number | null; proposed_degree: number | null; status: string }> {
  const [row] = await queryRows<{ degree: number | null; proposed_degree: number | null; status: string }>(
    t.database.db,
    sql`select degree, proposed_degree, status from person_epi_status where person_id = ${personId}`,
  );
  return row!;
}

async function enterResult(barcode: string, outcome: 'positive' | 'negative', ct: number | null) {
  const res = await post('/api/testing/results', lab, { barcode, outcome, ...(ct === null ? {} : { ct }) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ caseId: string | null }>();
}

beforeAll(async () => {
  t = await createTestApp();
  communeB = await otherCommune(t);
  station = (await signInAs(t, 'district_officer', COMMUNE_A.districtCode)).headers;
  lab = (await signInAs(t, 'lab_technician', COMMUNE_A.districtCode)).headers;
  tracerA = (await signInAs(t, 'tracer', COMMUNE_A.communeCode)).headers;
  officerB = (await signInAs(t, 'commune_officer', communeB.communeCode)).headers;
  [ids.an, ids.binh, ids.cuong] = (await household(t, COMMUNE_A, [
    { fullName: 'Nguyễn Văn An', phone: '0912000001', dateOfBirth: '1980-02-01', sex: 'male' },
    { fullName: 'Trần Thị Bình', phone: '0912000002', dateOfBirth: '1982-05-06', sex: 'female' },
    { fullName: 'Nguyễn Văn Cường', dateOfBirth: '2010-09-09', sex: 'male' },
  ])) as [string, string, string];
  [ids.dung, ids.em] = (await household(t, communeB, [
    { fullName: 'Lê Văn Dũng', phone: '0912000004', dateOfBirth: '1975-03-03', sex: 'male' },
    { fullName: 'Phạm Thị Em', phone: '0912000005', dateOfBirth: '1977-07-07', sex: 'female' },
  ])) as [string, string];
  const [g, h] = await addPeople(t.database, [
    { fullName: 'Võ Thị Giang', phone: '0912000007', dateOfBirth: '1990-01-01', ...COMMUNE_A },
    { fullName: 'Đỗ Văn Hải', phone: '0912000008', dateOfBirth: '1991-01-01', ...COMMUNE_A },
  ]);
  ids.giang = g!.personId;
  ids.hai = h!.personId;
  an = await citizenHeaders(t, '0912000001');
  dung = await citizenHeaders(t, '0912000004');
});
afterAll(async () => {
  await t?.close();
});

describe('a positive result reaches every contact', () => {
  it('An and Dũng (from commune B) eat at the same restaurant in commune A, checking in with the QR code', async () => {
    const venue = await approvedVenue(t, { communeCode: COMMUNE_A.communeCode, name: 'Quán cơm Bà Tư' });
    for (const [headers, personId] of [
      [an, ids.an],
      [dung, ids.dung],
    ] as const) {
      const tap = await post('/api/me/checkins', headers, { token: venue.token, personIds: [personId] });
      expect(tap.statusCode, tap.body).toBe(200);
    }
  });

  it('An books a test; the specimen goes into a pool with two others; the pool is positive and all are recalled', async () => {
    const site = await post('/api/testing/sites', station, {
      name: 'Điểm xét nghiệm Phường 1',
      communeCode: COMMUNE_A.communeCode,
      address: '12 Đồng Khởi',
    });
    expect(site.statusCode, site.body).toBe(201);
    siteId = site.json<{ id: string }>().id;
    const start = new Date(Date.now() - 1_800_000);
    const slot = await post('/api/testing/sessions', station, {
      siteId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
      capacity: 20,
    });
    expect(slot.statusCode, slot.body).toBe(201);
    const sessionId = slot.json<{ id: string }>().id;
    const booked = await post('/api/me/testing/registrations', an, {
      personId: ids.an,
      sessionId,
      testType: 'rtPcr',
      reason: 'screening',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const registrationId = booked.json<{ id: string }>().id;

    const specimens = [
      await post('/api/testing/specimens', lab, { registrationId }),
      await post('/api/testing/specimens', lab, {
        personId: ids.giang,
        siteId,
        testType: 'rtPcr',
        reason: 'screening',
      }),
      await post('/api/testing/specimens', lab, {
        personId: ids.hai,
        siteId,
        testType: 'rtPcr',
        reason: 'screening',
      }),
    ];
    for (const s of specimens) expect(s.statusCode, s.body).toBe(201);
    const pool = await post('/api/testing/pools', lab, { siteId });
    expect(pool.statusCode, pool.body).toBe(201);
    const poolId = pool.json<{ id: string }>().id;
    for (const s of specimens) {
      const add = await post(`/api/testing/pools/${poolId}/specimens`, lab, {
        barcode: s.json<{ barcode: string }>().barcode,
      });
      expect(add.statusCode, add.body).toBe(200);
    }
    expect((await post(`/api/testing/pools/${poolId}/close`, lab, {})).statusCode).toBe(200);
    const result = await post(`/api/testing/pools/${poolId}/result`, lab, { outcome: 'positive', ct: 24 });
    expect(result.statusCode, result.body).toBe(200);
    expect(result.json()).toMatchObject({ recalled: 3, caseIds: [] });
    // A pool is not a person: no case yet.
    const [n] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from cases`);
    expect(n!.n).toBe(0);
  });

  it('the recalled individual tests: An is positive (case confirmed), Giang and Hải negative (no case)', async () => {
    const regs = await get(`/api/testing/registrations?siteId=${siteId}&status=booked`, lab);
    const recalls = regs.json<{ items: { id: string; personId: string; reason: string }[] }>().items;
    const barcodeOf: Record<string, string> = {};
    for (const r of recalls.filter((x) => x.reason === 'recall')) {
      const s = await post('/api/testing/specimens', lab, { registrationId: r.id });
      expect(s.statusCode, s.body).toBe(201);
      barcodeOf[r.personId] = s.json<{ barcode: string }>().barcode;
    }
    expect(Object.keys(barcodeOf).sort()).toEqual([ids.an, ids.giang, ids.hai].sort());
    expect((await enterResult(barcodeOf[ids.giang]!, 'negative', null)).caseId).toBeNull();
    expect((await enterResult(barcodeOf[ids.hai]!, 'negative', null)).caseId).toBeNull();
    const positive = await enterResult(barcodeOf[ids.an]!, 'positive', 21.5);
    expect(positive.caseId).toEqual(expect.any(String));
    caseId = positive.caseId!;
  });

  it('the case is confirmed by the rule in force, with its infectious window, and its contacts were proposed in the same step', async () => {
    const page = await get(`/api/cases/${caseId}`, tracerA);
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json<{
      case: {
        classification: string;
        ruleId: string | null;
        infectiousFrom: string;
        infectiousTo: string | null;
      };
      contacts: Contact[];
      contactsOutsideJurisdiction: number;
      epiStatus: { status: string; degree: number };
    }>();
    expect(body.case.classification).toBe('confirmed');
    expect(body.case.ruleId).toEqual(expect.any(String));
    expect(Date.parse(body.case.infectiousFrom)).toBeLessThan(Date.now() - 2 * 86_400_000 + 3_600_000);
    expect(body.case.infectiousTo).toBeNull();
    expect(body.epiStatus).toMatchObject({ status: 'f0', degree: 0 });
    // Household members (commune A) are visible to A's tracer; Dũng (commune B) only as a count.
    expect(body.contacts.map((c) => [c.fullName, c.source, c.status]).sort()).toEqual([
      ['Nguyễn Văn Cường', 'household', 'proposed'],
      ['Trần Thị Bình', 'household', 'proposed'],
    ]);
    expect(body.contactsOutsideJurisdiction).toBe(1);
    expect(body.contacts.every((c) => c.proposedDegree === 1 && c.degree === null)).toBe(true);
    const outbox = await queryRows<{ topic: string }>(
      t.database.db,
      sql`select topic from outbox where topic in ('case.confirmed', 'contact.proposed') order by id`,
    );
    expect(outbox.map((o) => o.topic)).toEqual(['case.confirmed', 'contact.proposed']);
    // The case's check-ins are held past retention while the investigation is open.
    const holds = await queryRows<{ person_id: string }>(
      t.database.db,
      sql`select person_id from checkin_holds where investigation = ${`case:${caseId}`} and released_at is null`,
    );
    expect(holds.map((h) => h.person_id)).toEqual([ids.an]);
  });

  it('commune B’s officer sees Dũng as a contact to call, proposed from the check-in overlap — but not A’s case', async () => {
    expect((await get(`/api/cases/${caseId}`, officerB)).statusCode).toBe(404);
    const list = await get('/api/cases', officerB);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    const work = await get('/api/tracing/worklist', officerB);
    expect(work.statusCode, work.body).toBe(200);
    const calls = work.json<{ contactsToCall: Contact[] }>().contactsToCall;
    expect(calls.map((c) => [c.fullName, c.source, c.venueName, c.sourceName])).toEqual([
      ['Lê Văn Dũng', 'checkin', 'Quán cơm Bà Tư', null],
    ]);
  });

  it('tracers confirm the F1s; confirming Dũng proposes his wife Em as an F2 candidate', async () => {
    // Before a tracer has looked, Dũng's citizen page does not show him as a probable F1.
    expect((await epi(ids.dung)).status).toBe('candidate');
    expect((await get('/api/me/epi-status', dung)).json<{ items: { personId: string }[] }>().items).toEqual(
      [],
    );
    const mine = (await get(`/api/cases/${caseId}/contacts`, tracerA)).json<{ items: Contact[] }>().items;
    for (const c of mine) {
      const r = await post(`/api/contacts/${c.id}/decision`, tracerA, { decision: 'confirm' });
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(await epi(ids.binh)).toMatchObject({ degree: 1, status: 'f1' });
    // A's tracer cannot decide B's contact (not found), B's officer can.
    const dungContact = (await get('/api/tracing/worklist', officerB)).json<{ contactsToCall: Contact[] }>()
      .contactsToCall[0]!;
    expect(
      (await post(`/api/contacts/${dungContact.id}/decision`, tracerA, { decision: 'confirm' })).statusCode,
    ).toBe(404);
    const ok = await post(`/api/contacts/${dungContact.id}/decision`, officerB, { decision: 'confirm' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ proposed: 1 });
    expect(await epi(ids.dung)).toMatchObject({ degree: 1, status: 'f1' });
    expect(await epi(ids.em)).toMatchObject({ degree: null, proposed_degree: 2, status: 'candidate' });
    // Dũng is told what to do, until when, where and when — and nothing naming An, the case.
    await expectF1Guidance(t.database.db, await get('/api/me/epi-status', dung), {
      personId: ids.dung,
      venueName: 'Quán cơm Bà Tư',
      secrets: ['Nguyễn Văn An', 'Nguyen Van An', '0912000001', ids.an, caseId],
    });

    const work = (await get('/api/tracing/worklist', officerB)).json<{ contactsToCall: Contact[] }>();
    const em = work.contactsToCall.find((c) => c.personId === ids.em)!;
    expect(em).toMatchObject({ fullName: 'Phạm Thị Em', source: 'household', sourceName: 'Lê Văn Dũng' });
    const confirmEm = await post(`/api/contacts/${em.id}/decision`, officerB, { decision: 'confirm' });
    expect(confirmEm.statusCode, confirmEm.body).toBe(200);
    expect(await epi(ids.em)).toMatchObject({ degree: 2, status: 'f2' });
    // Follow-ups are scheduled daily for the monitoring period in policy.
    const [f] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from contact_followups where contact_id = ${em.id}`,
    );
    expect(f!.n).toBeGreaterThanOrEqual(7);
  });

  it('Dũng tests positive: he becomes F0 and Em moves up to F1', async () => {
    const s = await post('/api/testing/specimens', lab, {
      personId: ids.dung,
      siteId,
      testType: 'rtPcr',
      reason: 'contact',
    });
    expect(s.statusCode, s.body).toBe(201);
    const r = await enterResult(s.json<{ barcode: string }>().barcode, 'positive', 18);
    expect(r.caseId).not.toBeNull();
    expect(await epi(ids.dung)).toMatchObject({ degree: 0, status: 'f0' });
    expect(await epi(ids.em)).toMatchObject({ degree: 1, status: 'f1' });
    expect(await epi(ids.an)).toMatchObject({ degree: 0, status: 'f0' });
    // B's officer now has Dũng's case; Em's status is on her person page.
    const list = (await get('/api/cases', officerB)).json<{
      items: { personId: string; classification: string }[];
    }>();
    expect(list.items).toEqual([
      expect.objectContaining({ personId: ids.dung, classification: 'confirmed' }),
    ]);
    const status = await get(`/api/persons/${ids.em}/epi-status`, officerB);
    expect(status.json<{ items: { status: string }[] }>().items).toEqual([
      expect.objectContaining({ status: 'f1' }),
    ]);
    expect((await get(`/api/persons/${ids.em}/epi-status`, tracerA)).statusCode).toBe(404);
  });

  it('An sees his own status on his citizen page; the chain graph names only people in the caller’s jurisdiction', async () => {
    const me = await get('/api/me/epi-status', an);
    expect(me.json<{ items: { personId: string; status: string }[] }>().items).toEqual([
      expect.objectContaining({ personId: ids.an, status: 'f0' }),
    ]);
    const graph = await get('/api/tracing/graph', tracerA);
    expect(graph.statusCode, graph.body).toBe(200);
    const g = graph.json<{
      nodes: { id: string; label: string | null; degree: number | null }[];
      edges: unknown[];
      outsideJurisdiction: number;
    }>();
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    expect(byId.get(ids.an)).toMatchObject({ label: 'Nguyễn Văn An', degree: 0 });
    // Dung and Em live in another commune: counted, never shown (not even their ids).
    expect(byId.has(ids.dung)).toBe(false);
    expect(byId.has(ids.em)).toBe(false);
    expect(g.outsideJurisdiction).toBe(2);
    const clusters = await get('/api/tracing/clusters', tracerA);
    expect(clusters.statusCode, clusters.body).toBe(200);
    expect(clusters.json<{ clusters: { size: number; caseCount: number }[] }>().clusters[0]).toMatchObject({
      size: 5,
      caseCount: 2,
    });
    // Daily cases count on the onset day (else the sample day), never the day of confirmation.
    const [before] = await queryRows<{ onset: string | null; sample: string | null }>(
      t.database.db,
      sql`select onset_date::text as onset, sample_date::text as sample from cases where id = ${caseId}`,
    );
    await t.database.db.execute(
      sql`update cases set onset_date = current_date - 4, sample_date = current_date - 2 where id = ${caseId}`,
    );
    const byOnset = await get('/api/tracing/clusters', tracerA);
    const days = byOnset
      .json<{ clusters: { timeline: { date: string; cases: number }[] }[] }>()
      .clusters[0]!.timeline.filter((d) => d.cases > 0)
      .map((d) => d.date);
    const [onset] = await queryRows<{ d: string }>(
      t.database.db,
      sql`select to_char(onset_date, 'YYYY-MM-DD') as d from cases where id = ${caseId}`,
    );
    expect(days).toContain(onset!.d);
    await t.database.db.execute(
      sql`update cases set onset_date = ${before!.onset}::date, sample_date = ${before!.sample}::date where id = ${caseId}`,
    );
  });

  it('a negative test ends An’s infectious window; every step left audit rows', async () => {
    const s = await post('/api/testing/specimens', lab, {
      personId: ids.an,
      siteId,
      testType: 'rtPcr',
      reason: 'screening',
    });
    await enterResult(s.json<{ barcode: string }>().barcode, 'negative', null);
    const page = (await get(`/api/cases/${caseId}`, tracerA)).json<{
      case: { infectiousTo: string | null };
    }>();
    expect(page.case.infectiousTo).not.toBeNull();
    const audit = await queryRows<{ entity: string; action: string }>(
      t.database.db,
      sql`select distinct entity, action from audit_log where entity in ('case', 'contact') order by 1, 2`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity: 'case', action: 'create' },
        { entity: 'case', action: 'read' },
        { entity: 'case', action: 'update' },
        { entity: 'contact', action: 'create' },
        { entity: 'contact', action: 'decide' },
        { entity: 'contact', action: 'read' },
      ]),
    );
  });
});
