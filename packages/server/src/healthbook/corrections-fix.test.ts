/**
 * The fix of each kind of accepted correction request (#17 item 3), made by the commune's official
 * through the owning module's service, its audit row naming the request: a case's onset date, a
 * positive result that was someone else's (→ negative: the case is discarded, the housemate is no
 * longer an F1, the colour changes, and the housemate's order, decided already, is put on the
 * commune's quarantine worklist as an alert), a check-in moved and one voided, and the two "missing
 * record" fixes (a dose, entered as historical: no stock taken, no screening invented; a result).
 * A fix of the wrong kind is refused in Vietnamese, nothing changed.
 * (The dose's date/lot fix is the story in corrections.story.test.ts.)
 */
import { addDays, localDay } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedVenue, checkinAt } from '../../test/checkin/fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { COMMUNE_A, household } from '../cases/test-fixtures.ts';
import { queryRows } from '../db/client.ts';
import { citizenHeaders, siteAt } from '../testing/test-fixtures.ts';

const PRODUCT = 'EU/1/20/1528';
let t: TestApp;
let me: Record<string, string>;
let officer: Record<string, string>;
const ids = { me: '', mate: '', site: '', result: '', case: '', facility: '', venue: '' };

const post = (url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

/** The citizen asks about a record (or a missing one); returns the request's id. */
async function ask(recordKind: string | null, recordId: string | null): Promise<string> {
  const res = await post('/api/me/corrections', me, {
    personId: ids.me,
    recordKind,
    recordId,
    message: 'Xin đính chính',
    evidence: null,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** The official accepts with the fix; returns the response. */
const accept = (id: string, fix: object) =>
  post(`/api/corrections/${id}/resolve`, officer, { decision: 'accept', answer: 'Đã đính chính', fix });

/** The audit rows that name the request, as entity:fields. */
async function linked(requestId: string): Promise<string[]> {
  const rows = await queryRows<{ e: string }>(
    t.database.db,
    sql`select entity || ':' || array_to_string(fields, ',') as e
      from audit_log where details->>'correctionRequestId' = ${requestId} order by id`,
  );
  return rows.map((r) => r.e);
}

const one = async <T>(q: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, q))[0]!;

beforeAll(async () => {
  t = await createTestApp();
  [ids.me, ids.mate] = (await household(t, COMMUNE_A, [
    { fullName: 'Lâm Thị Hoa', phone: '0912300001', dateOfBirth: '1985-04-04', sex: 'female' },
    { fullName: 'Lâm Văn Tú', phone: '0912300002', dateOfBirth: '1984-03-03', sex: 'male' },
  ])) as [string, string];
  officer = (await signInAs(t, 'commune_officer', COMMUNE_A.communeCode)).headers;
  me = await citizenHeaders(t, '0912300001');
  ids.site = await siteAt(t.database.db, COMMUNE_A, 'Trạm Y tế Phường 7');
  // A positive result through the testing service: the case is confirmed, the housemate proposed.
  const s = await post('/api/testing/specimens', officer, {
    personId: ids.me,
    siteId: ids.site,
    testType: 'rtPcr',
    reason: 'screening',
  });
  expect(s.statusCode, s.body).toBe(201);
  const r = await post('/api/testing/results', officer, {
    barcode: s.json<{ barcode: string }>().barcode,
    outcome: 'positive',
    ct: 20,
  });
  expect(r.statusCode, r.body).toBe(201);
  ({ resultId: ids.result, caseId: ids.case } = r.json<{ resultId: string; caseId: string }>());
  const contact = await one<{ id: string }>(sql`select id from contacts where person_id = ${ids.mate}::uuid`);
  const ok = await post(`/api/contacts/${contact.id}/decision`, officer, { decision: 'confirm' });
  expect(ok.statusCode, ok.body).toBe(200);
  const [f] = await queryRows<{ id: string }>(
    t.database.db,
    sql`with l as (insert into vaccine_lots (product_code, lot_number, expiry_date)
          values (${PRODUCT}, 'FIX-LOT-1', '2030-01-01') returning id),
        f as (insert into facilities (kind, name, unit_code, province_code)
          values ('vaccination_site', 'Trạm Y tế Phường 7', ${COMMUNE_A.communeCode}, '83') returning id),
        s as (insert into vaccine_stock (lot_id, facility_id, quantity) select l.id, f.id, 10 from l, f)
      select id from f`,
  );
  ids.facility = f!.id;
  ids.venue = (await approvedVenue(t)).id;
});
afterAll(async () => {
  await t?.close();
});

describe('the fix of an accepted correction, through the owning module, linked to the request', () => {
  it('a case’s onset date goes through the cases service; the window moves', async () => {
    const onset = addDays(localDay(), -3);
    const id = await ask('case', ids.case);
    const res = await accept(id, { kind: 'case', onsetDate: onset });
    expect(res.statusCode, res.body).toBe(200);
    const c = await one<{ onset: string; from: string }>(
      sql`select onset_date::text as onset, infectious_from::text as from from cases where id = ${ids.case}::uuid`,
    );
    expect(c.onset).toBe(onset);
    expect(await linked(id)).toEqual(['case:onsetDate']);
  });

  it('a fix of the wrong kind is refused in Vietnamese, nothing changed', async () => {
    const id = await ask('testResult', ids.result);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/corrections/${id}/resolve`,
      headers: { ...officer, 'accept-language': 'vi' },
      payload: { decision: 'accept', answer: '', fix: { kind: 'checkin', void: true } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Cách đính chính này không dành cho hồ sơ của yêu cầu');
    const still = await one<{ status: string; outcome: string }>(
      sql`select r.status, (select outcome from test_results where id = ${ids.result}::uuid) as outcome
        from correction_requests r where r.id = ${id}::uuid`,
    );
    expect(still).toEqual({ status: 'open', outcome: 'positive' });
  });

  it('a positive that was not hers → negative: the case is discarded, her housemate no longer F1, her colour changes', async () => {
    const colour = async () => (await get(`/api/me/status/${ids.me}`, me)).json<{ colour: string }>().colour;
    const before = await colour();
    expect(
      await one<{ status: string }>(
        sql`select status from person_epi_status where person_id = ${ids.mate}::uuid`,
      ),
    ).toMatchObject({ status: 'f1' });
    const id = (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`select id from correction_requests where record_kind = 'testResult' and status = 'open'`,
      )
    )[0]!.id;
    const res = await accept(id, { kind: 'testResult', outcome: 'negative' });
    expect(res.statusCode, res.body).toBe(200);
    const after = await one<{
      outcome: string;
      ct: number | null;
      cls: string;
      status: string;
      mate: string;
    }>(
      sql`select r.outcome, r.ct, c.classification as cls, c.status,
          (select status from person_epi_status where person_id = ${ids.mate}::uuid) as mate
        from test_results r, cases c where r.id = ${ids.result}::uuid and c.id = ${ids.case}::uuid`,
    );
    expect(after).toEqual({
      outcome: 'negative',
      ct: null,
      cls: 'discarded',
      status: 'closed',
      mate: 'cleared',
    });
    expect(await colour()).not.toBe(before);
    // A home isolation the case may have had proposed is cancelled with it (linked to the request too).
    const trail = await linked(id);
    expect(trail.slice(0, 2)).toEqual([
      'test_result:outcome,ct',
      'case:classification,evidence,infectiousWindow',
    ]);
    expect(
      trail.slice(2).every((e) => e === 'quarantine_order:status' || e === 'quarantine_alert:level'),
    ).toBe(true);
    // Her housemate's order was decided by an official (the contact confirmed): it stands, and the
    // commune's quarantine worklist has an open alert asking to review it, linked to the request.
    const mateOrder = await one<{ status: string; alerts: string[] }>(
      sql`select o.status, array(select a.kind from quarantine_alerts a where a.order_id = o.id and a.status = 'open') as alerts
        from quarantine_orders o where o.person_id = ${ids.mate}::uuid`,
    );
    expect(mateOrder).toEqual({ status: 'proposed', alerts: ['sourceWithdrawn'] });
    expect(trail).toContain('quarantine_alert:level');
    const list = await get(`/api/quarantine/worklist?commune=${COMMUNE_A.communeCode}`, officer);
    expect(list.json<{ alerts: { items: { personId: string; kind: string }[] } }>().alerts.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ personId: ids.mate, kind: 'sourceWithdrawn' })]),
    );
    const proposed = await one<{ n: number }>(
      sql`select count(*)::int as n from quarantine_orders where case_id = ${ids.case}::uuid and status = 'proposed'`,
    );
    expect(proposed.n).toBe(0);
    const stored = await one<{ fix: { entity: string; fields: string[] } }>(
      sql`select fix from correction_requests where id = ${id}::uuid`,
    );
    expect(stored.fix).toMatchObject({ entity: 'test_result', fields: ['outcome', 'ct'] });
  });

  it('a check-in moved to its real time, another voided; the venue’s daily counts follow', async () => {
    const day = addDays(localDay(), -2);
    await checkinAt(t, ids.venue, ids.me, `${day}T09:00:00+07:00`, `${day}T10:00:00+07:00`);
    await checkinAt(t, ids.venue, ids.me, `${day}T18:00:00+07:00`, `${day}T19:00:00+07:00`);
    const rows = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id::text from checkins where person_id = ${ids.me}::uuid order by checked_in_at`,
    );
    const moved = await ask('checkin', rows[0]!.id);
    const realTime = `${addDays(day, -1)}T02:30:00.000Z`;
    expect((await accept(moved, { kind: 'checkin', checkedInAt: realTime })).statusCode).toBe(200);
    const voided = await ask('checkin', rows[1]!.id);
    expect((await accept(voided, { kind: 'checkin', void: true })).statusCode).toBe(200);
    const now = await queryRows<{ at: string; out: string }>(
      t.database.db,
      sql`select to_char(checked_in_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as at,
          to_char(checked_out_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as out
        from checkins where person_id = ${ids.me}::uuid`,
    );
    expect(now).toEqual([{ at: realTime.slice(0, 16), out: `${addDays(day, -1)}T03:30` }]);
    const counts = await queryRows<{ day: string; count: number }>(
      t.database.db,
      sql`select day::text, count::int as count from checkin_daily where venue_id = ${ids.venue}::uuid order by day`,
    );
    expect(counts).toEqual([
      { day: addDays(day, -1), count: 1 },
      { day, count: 0 },
    ]);
    expect(await linked(moved)).toEqual(['checkin:checkedInAt,checkedOutAt']);
    expect(await linked(voided)).toEqual(['checkin:voided']);
  });

  it('a missing dose and a missing result are recorded for her through the modules’ own paths', async () => {
    const doseDay = addDays(localDay(), -30);
    const missingDose = await ask(null, null);
    const d = await accept(missingDose, {
      kind: 'missingDose',
      siteId: ids.facility,
      productCode: PRODUCT,
      lotNumber: 'FIX-LOT-1',
      date: doseDay,
    });
    expect(d.statusCode, d.body).toBe(200);
    const missingResult = await ask(null, null);
    const r = await accept(missingResult, {
      kind: 'missingResult',
      siteId: ids.site,
      testType: 'rapidAntigen',
      outcome: 'negative',
      ct: null,
      sampledOn: addDays(localDay(), -1),
    });
    expect(r.statusCode, r.body).toBe(200);
    const got = await one<{ doses: number; results: number; status: string }>(
      sql`select (select count(*)::int from vaccination_doses where person_id = ${ids.me}::uuid and date = ${doseDay}::date) as doses,
          (select count(*)::int from test_results where person_id = ${ids.me}::uuid and test_type = 'rapidAntigen') as results,
          (select status from vaccination_status where person_id = ${ids.me}::uuid) as status`,
    );
    expect(got).toMatchObject({ doses: 1, results: 1 });
    expect(got.status).not.toBeNull();
    expect(await linked(missingDose)).toEqual(['vaccination_dose:dose']);
    // A dose given a month ago: today's stock of the lot is untouched, no screening answer invented.
    const entry = await one<{ stock: number; screening: { answers: unknown; outcome: string } }>(
      sql`select (select quantity from vaccine_stock where facility_id = ${ids.facility}::uuid) as stock, screening
        from vaccination_doses where person_id = ${ids.me}::uuid and date = ${doseDay}::date`,
    );
    expect(entry).toEqual({
      stock: 10,
      screening: { answers: null, outcome: 'notRecorded', historical: true },
    });
    expect(await linked(missingResult)).toEqual(['test_result:correctionRequest']);
    const sms = await one<{ n: number }>(
      sql`select count(*)::int as n from outbox where topic = 'notification.send' and payload->>'to' = '0912300001'
        and payload->>'body' like '%da duoc chap nhan%'`,
    );
    expect(sms.n).toBe(6);
  });
});
