/**
 * A tracer's day, on PGlite and PostgreSQL: the interview names contacts (linked to the registry
 * by phone, or added), follow-up calls (three unreachable days → lost), case updates (onset moves
 * the window, an outcome closes the case and the person shows as recovered), a venue cluster,
 * and bad input that changes nothing.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { checkinAt } from '../../test/checkin/fixtures.ts';
import { systemAccess } from '../access/context.ts';
import { queryRows } from '../db/client.ts';
import { applyTestResult } from './intake.ts';
import { COMMUNE_A, household } from './test-fixtures.ts';

let t: TestApp;
let tracer: { headers: Record<string, string>; userId: string };
let officer: Record<string, string>;
let labUser: string;
let caseId = '';
let anId = '';
let resultSerial = 0;

const post = (url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const patch = (url: string, headers: Record<string, string>, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers, payload });
const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

/** A result stored by the testing module would call the seam like this. */
function result(
  personId: string,
  outcome: 'positive' | 'negative',
  sampledAt: Date,
  symptomatic: boolean | null = null,
) {
  const resultId = `00000000-0000-4000-8000-${String(++resultSerial).padStart(12, '0')}`;
  return t.database.db.transaction((tx) =>
    applyTestResult(
      tx,
      systemAccess('test'),
      {
        resultId,
        personId,
        diseaseCode: 'COVID-19',
        testType: 'rtPcr',
        outcome,
        ct: outcome === 'positive' ? 20 : null,
        sampledAt,
        symptomatic,
      },
      { ip: null },
    ),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  tracer = await signInAs(t, 'tracer', COMMUNE_A.communeCode);
  officer = (await signInAs(t, 'commune_officer', COMMUNE_A.communeCode)).headers;
  labUser = (await signInAs(t, 'lab_technician', COMMUNE_A.communeCode)).userId;
  [anId] = (await household(t, COMMUNE_A, [
    { fullName: 'Huỳnh Văn An', phone: '0913000001', dateOfBirth: '1985-01-01' },
  ])) as [string];
  caseId = (await result(anId, 'positive', new Date(Date.now() - 2 * 3_600_000))).caseId!;
});
afterAll(async () => {
  await t?.close();
});

describe('the interview', () => {
  it('the new case waits on the worklist to be interviewed', async () => {
    const work = (await get('/api/tracing/worklist', tracer.headers)).json<{ newCases: { id: string }[] }>();
    expect(work.newCases.map((c) => c.id)).toContain(caseId);
  });

  it('named contacts are linked to the registry by phone and name, or added, and proposed', async () => {
    const [known] = await addPeople(t.database, [
      { fullName: 'Trần Văn Bảy', phone: '0913000002', dateOfBirth: '1970-06-06', ...COMMUNE_A },
    ]);
    const res = await post(`/api/cases/${caseId}/interview`, tracer.headers, {
      answers: { symptoms: 'sốt, ho', workplace: 'Xưởng may Phú Hưng' },
      contacts: [
        {
          fullName: 'TRAN VAN BAY',
          phone: '+84913000002',
          dateOfBirth: '1970-06-06',
          exposureType: 'workplace',
          exposureDate: '2026-11-20',
          durationMinutes: 480,
        },
        {
          fullName: 'Ngô Thị Cúc',
          phone: '0913000003',
          exposureType: 'proximity',
          note: 'Bán hàng cạnh nhà',
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ proposed: 2, linked: 1 });
    const contacts = (await get(`/api/cases/${caseId}/contacts`, tracer.headers)).json<{
      items: { personId: string; fullName: string; source: string; exposureType: string }[];
    }>().items;
    expect(contacts.map((c) => [c.fullName, c.source, c.exposureType]).sort()).toEqual([
      ['Ngô Thị Cúc', 'interview', 'proximity'],
      ['Trần Văn Bảy', 'interview', 'workplace'],
    ]);
    expect(contacts.find((c) => c.fullName === 'Trần Văn Bảy')!.personId).toBe(known!.personId);
    const work = (await get('/api/tracing/worklist', tracer.headers)).json<{ newCases: { id: string }[] }>();
    expect(work.newCases.map((c) => c.id)).not.toContain(caseId);
  });

  it('an unknown commune code or a hostile body is refused and nothing is stored', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from contacts`,
    );
    const unknown = await post(`/api/cases/${caseId}/interview`, tracer.headers, {
      answers: {},
      contacts: [{ fullName: 'Ai Đó', communeCode: '99999', exposureType: 'other' }],
    });
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('UNKNOWN_CODE');
    for (const payload of [
      { answers: {}, contacts: [{ fullName: 'x'.repeat(201), exposureType: 'other' }] },
      { answers: {}, contacts: [{ fullName: 'Ai Đó', exposureType: 'telepathy' }] },
      { answers: { a: { nested: true } }, contacts: [] },
      { answers: {}, contacts: [], admin: true },
    ]) {
      const res = await post(`/api/cases/${caseId}/interview`, tracer.headers, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const after = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from contacts`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('a phone that is not a mobile number or an exposure after today is refused, not silently dropped', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from contacts`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/interview`,
      headers: { ...tracer.headers, 'accept-language': 'en' },
      payload: {
        answers: {},
        contacts: [
          { fullName: 'Trần Văn Đồng', phone: '12ab', exposureType: 'workplace' },
          { fullName: 'Lê Thị Mai', phone: '0912345678', exposureType: 'other', exposureDate: '2999-01-01' },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
      expect.objectContaining({ path: 'contacts.0.phone', message: 'Invalid phone number.' }),
      expect.objectContaining({
        path: 'contacts.1.exposureDate',
        message: 'The date cannot be after today.',
      }),
    ]);
    const after = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from contacts`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('assignment and follow-up', () => {
  it('a case is assigned to a tracer, never to an account that cannot trace', async () => {
    const ok = await post(`/api/cases/${caseId}/assign`, officer, { tracerId: tracer.userId });
    expect(ok.statusCode, ok.body).toBe(200);
    const bad = await post(`/api/cases/${caseId}/assign`, officer, { tracerId: labUser });
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('NOT_A_TRACER');
    const mine = (await get('/api/tracing/worklist?mine=true', tracer.headers)).json<{ date: string }>();
    expect(mine.date).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    const list = (await get(`/api/cases?assignedTracerId=${tracer.userId}`, officer)).json<{
      items: { id: string }[];
    }>();
    expect(list.items.map((c) => c.id)).toEqual([caseId]);
  });

  it('a confirmed contact is due for a call today; three unreachable days mark them lost', async () => {
    const contacts = (await get(`/api/cases/${caseId}/contacts`, tracer.headers)).json<{
      items: { id: string; fullName: string }[];
    }>().items;
    const cuc = contacts.find((c) => c.fullName === 'Ngô Thị Cúc')!;
    // A proposal cannot be followed up before it is confirmed.
    const early = await post(`/api/contacts/${cuc.id}/followups`, tracer.headers, { outcome: 'well' });
    expect(early.json<{ error: { code: string } }>().error.code).toBe('CONTACT_NOT_CONFIRMED');
    expect(
      (await post(`/api/contacts/${cuc.id}/decision`, tracer.headers, { decision: 'confirm' })).statusCode,
    ).toBe(200);
    // No exposure date was named: monitoring counts from today, first call due tomorrow.
    const detail = (await get(`/api/contacts/${cuc.id}`, tracer.headers)).json<{
      followUps: { dueDate: string }[];
      contact: { monitoringUntil: string };
    }>();
    expect(detail.followUps.length).toBeGreaterThanOrEqual(7);
    const days = detail.followUps.map((f) => f.dueDate);
    for (const day of days.slice(0, 3)) {
      const r = await post(`/api/contacts/${cuc.id}/followups`, tracer.headers, {
        dueDate: day,
        outcome: 'unreachable',
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const lost = (await get('/api/tracing/worklist', tracer.headers)).json<{ lost: { id: string }[] }>().lost;
    expect(lost.map((c) => c.id)).toEqual([cuc.id]);
    const back = await post(`/api/contacts/${cuc.id}/followups`, tracer.headers, {
      dueDate: days[3],
      outcome: 'well',
    });
    expect(back.json()).toMatchObject({ followUpStatus: 'active' });
    const note = await patch(`/api/contacts/${cuc.id}`, tracer.headers, {
      note: 'Gọi buổi tối',
      followUpStatus: 'completed',
    });
    expect(note.statusCode, note.body).toBe(200);
    const [s] = await queryRows<{ status: string }>(
      t.database.db,
      sql`select status from person_epi_status where person_id = (select person_id from contacts where id = ${cuc.id})`,
    );
    expect(s!.status).toBe('cleared');
  });
});

describe('case updates', () => {
  it('an onset date moves the infectious window to two days before it', async () => {
    const res = await patch(`/api/cases/${caseId}`, officer, {
      onsetDate: '2026-11-01',
      symptomatic: true,
      severity: 'mild',
      placeOfCare: 'home',
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = (await get(`/api/cases/${caseId}`, officer)).json<{
      case: { infectiousFrom: string; severity: string };
    }>();
    expect(page.case.infectiousFrom).toBe('2026-10-29T17:00:00.000Z');
    expect(page.case.severity).toBe('mild');
  });

  it('an onset after today, or an outcome before the onset, is refused with a readable reason', async () => {
    const future = await t.app.inject({
      method: 'PATCH',
      url: `/api/cases/${caseId}`,
      headers: officer,
      payload: { onsetDate: '2999-01-01' },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
      expect.objectContaining({ path: 'onsetDate', message: 'Ngày không được sau hôm nay.' }),
    ]);
    const early = await patch(`/api/cases/${caseId}`, officer, {
      outcome: 'recovered',
      outcomeDate: '2026-10-01',
    });
    expect(early.statusCode).toBe(400);
    expect(early.json<{ error: { details: { path: string; message: string }[] } }>().error.details).toEqual([
      expect.objectContaining({
        path: 'outcomeDate',
        message: 'Ngày kết thúc không được trước ngày khởi phát.',
      }),
    ]);
    const page = (await get(`/api/cases/${caseId}`, officer)).json<{
      case: { onsetDate: string; status: string };
    }>();
    expect(page.case).toMatchObject({ onsetDate: '2026-11-01', status: 'open' });
  });

  it('a confirmed case cannot be discarded by hand; an unknown field is refused', async () => {
    const res = await patch(`/api/cases/${caseId}`, officer, { classification: 'discarded' });
    expect(res.json<{ error: { code: string } }>().error.code).toBe('CASE_CONFIRMED_BY_EVIDENCE');
    expect((await patch(`/api/cases/${caseId}`, officer, { classification: 'confirmed' })).statusCode).toBe(
      400,
    );
    expect((await patch(`/api/cases/${caseId}`, officer, { personId: anId })).statusCode).toBe(400);
    // A tracer may not change the case itself (case:write).
    expect((await patch(`/api/cases/${caseId}`, tracer.headers, { severity: 'severe' })).statusCode).toBe(
      403,
    );
  });

  it('recovery closes the case; the person is shown as recovered', async () => {
    const res = await patch(`/api/cases/${caseId}`, officer, {
      outcome: 'recovered',
      outcomeDate: '2026-11-24',
    });
    expect(res.statusCode, res.body).toBe(200);
    const status = (await get(`/api/persons/${anId}/epi-status`, officer)).json<{
      items: { status: string }[];
    }>();
    expect(status.items).toEqual([expect.objectContaining({ status: 'recovered' })]);
    const [hold] = await queryRows<{ released: boolean }>(
      t.database.db,
      sql`select released_at is not null as released from checkin_holds where investigation = ${`case:${caseId}`}`,
    );
    expect(hold!.released).toBe(true);
    const closed = await patch(`/api/cases/${caseId}`, officer, { severity: 'severe' });
    expect(closed.json<{ error: { code: string } }>().error.code).toBe('CASE_CLOSED');
  });
});

describe('next-degree proposals', () => {
  it("confirming a household F1 proposes no one already in the investigation (not the F0 'exposed by' her own contact)", async () => {
    const [mother, son, daughter] = (await household(t, COMMUNE_A, [
      { fullName: 'Đặng Thị Hoa', dateOfBirth: '1970-03-03', sex: 'female' },
      { fullName: 'Đặng Văn Phúc', dateOfBirth: '1995-04-04', sex: 'male' },
      { fullName: 'Đặng Thị Lộc', dateOfBirth: '1998-05-05', sex: 'female' },
    ])) as [string, string, string];
    const motherCase = (await result(mother, 'positive', new Date(Date.now() - 3_600_000))).caseId!;
    const edges = () =>
      queryRows<{ source: string; person: string }>(
        t.database.db,
        sql`select source_person_id as source, person_id as person from contacts where case_id = ${motherCase}`,
      );
    expect((await edges()).map((e) => e.person).sort()).toEqual([son, daughter].sort());
    const sonEdge = (await get(`/api/cases/${motherCase}/contacts`, tracer.headers))
      .json<{ items: { id: string; personId: string }[] }>()
      .items.find((c) => c.personId === son)!;
    const decided = await post(`/api/contacts/${sonEdge.id}/decision`, tracer.headers, {
      decision: 'confirm',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // The son's housemates are his mother (the F0) and his sister (already her contact): nothing new.
    expect(decided.json<{ proposed: number }>().proposed).toBe(0);
    expect((await edges()).filter((e) => e.source === son)).toEqual([]);
  });
});

describe('venue clusters', () => {
  it('three cases at one venue within the window make a venue cluster', async () => {
    const [venue] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Chợ Phường 7', 'market', 'Ấp 2', '83', '829', '28756', 'approved') returning id`,
    );
    const people = await addPeople(
      t.database,
      ['Lý Văn Một', 'Lý Văn Hai', 'Lý Văn Ba'].map((fullName, i) => ({
        fullName,
        dateOfBirth: `1990-0${i + 1}-01`,
        ...COMMUNE_A,
      })),
    );
    for (const [i, p] of people.entries()) {
      const day = new Date(Date.now() - (i * 12 + 3) * 3_600_000);
      await checkinAt(
        t,
        venue!.id,
        p.personId,
        day.toISOString(),
        new Date(day.getTime() + 1_800_000).toISOString(),
      );
      await result(p.personId, 'positive', new Date(Date.now() - 3_600_000));
    }
    const res = await get('/api/tracing/clusters', officer);
    expect(res.statusCode, res.body).toBe(200);
    const clusters = res.json<{ venueClusters: { venueName: string; caseIds: string[] }[] }>().venueClusters;
    expect(clusters).toEqual([expect.objectContaining({ venueName: 'Chợ Phường 7' })]);
    expect(clusters[0]!.caseIds).toHaveLength(3);
  });
});

describe('a suspected case opened by hand', () => {
  it('an official opens it for someone with symptoms; a positive rapid test then confirms it by the 2022 rule', async () => {
    const [p] = await household(t, COMMUNE_A, [{ fullName: 'Đặng Thị Nghi', dateOfBirth: '1992-02-02' }]);
    const res = await post('/api/cases', officer, {
      personId: p,
      symptomatic: true,
      onsetDate: '2026-11-23',
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    expect((await post('/api/cases', officer, { personId: p })).statusCode).toBe(409);
    expect((await post('/api/cases', officer, { personId: p, diseaseCode: 'PLAGUE' })).statusCode).toBe(422);
    const resultId = '00000000-0000-4000-8000-00000000abcd';
    const applied = await t.database.db.transaction((tx) =>
      applyTestResult(
        tx,
        systemAccess('test'),
        {
          resultId,
          personId: p!,
          diseaseCode: 'COVID-19',
          testType: 'rapidAntigen',
          outcome: 'positive',
          ct: null,
          sampledAt: new Date(),
          symptomatic: null,
        },
        { ip: null },
      ),
    );
    expect(applied.caseId).toBe(id);
    const page = (await get(`/api/cases/${id}`, officer)).json<{
      case: { classification: string; infectiousFrom: string };
    }>();
    expect(page.case.classification).toBe('confirmed');
    // Symptomatic with an onset date: the window opens two days before the onset.
    expect(page.case.infectiousFrom).toBe('2026-11-20T17:00:00.000Z');
  });

  it('a large chain graph is cut at maxNodes and says so', async () => {
    const res = await get('/api/tracing/graph?maxNodes=1', officer);
    expect(res.statusCode, res.body).toBe(200);
    const g = res.json<{ nodes: unknown[]; truncated: boolean }>();
    expect(g.nodes).toHaveLength(1);
    expect(g.truncated).toBe(true);
  });
});
