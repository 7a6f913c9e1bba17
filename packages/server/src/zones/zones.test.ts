/**
 * Blockaded zones against a real database (PGlite and PostgreSQL), issue #16 items 6–8: a district
 * officer draws a zone over a commune in August 2021; the residents and venues inside are listed;
 * a round registers every resident with household pools; a negative pool result flows through the
 * testing module into the round's progress; the untested list shrinks; a route through the commune
 * is flagged while the zone is active; the zone is lifted only once the policy's days without a new
 * case have passed, and then no longer flags routes.
 */
import { localTime } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { households, persons } from '../db/schema/index.ts';
import { HOME, siteAt, specimenAt } from '../testing/test-fixtures.ts';
import { activeZonesCrossing } from './crossing.ts';

let t: TestApp;
let officer: Record<string, string>;
let lab: Record<string, string>;
let stranger: Record<string, string>;
let siteId = '';
let zoneId = '';
let roundId = '';
const people: string[] = [];
const ELSEWHERE = { provinceCode: '83', districtCode: '831', communeCode: '28843' };

beforeAll(async () => {
  t = await createTestApp();
  officer = (await signInAs(t, 'district_officer', '829')).headers;
  lab = (await signInAs(t, 'lab_technician', HOME.communeCode)).headers;
  stranger = (await signInAs(t, 'district_officer', '831')).headers;
  siteId = await siteAt(t.database.db, HOME, 'Điểm lấy mẫu khu phố 3');
  const added = await addPeople(t.database, [
    ...['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Văn Cường', 'Phạm Thị Dung', 'Võ Văn Em'].map(
      (fullName, i) => ({
        fullName,
        dateOfBirth: `198${i}-02-0${i + 1}`,
        phone: `09123470${10 + i}`,
        ...HOME,
      }),
    ),
    { fullName: 'Đỗ Văn Ngoài', dateOfBirth: '1979-03-03', phone: '0912347099', ...ELSEWHERE },
  ]);
  people.push(...added.map((a) => a.personId));
  // Two households: An and Bích; Cường, Dung and Em. (The registry's households, no coordinates.)
  const hh = await t.database.db
    .insert(households)
    .values([
      { ...HOME, address: '1 Đường Số 1' },
      { ...HOME, address: '2 Đường Số 2' },
    ])
    .returning({ id: households.id });
  await t.database.db.execute(
    sql`update ${persons} set household_id = case when id = any(${sql.param(people.slice(0, 2))}::uuid[]) then ${hh[0]!.id}::uuid else ${hh[1]!.id}::uuid end
        where id = any(${sql.param(people.slice(0, 5))}::uuid[])`,
  );
});
afterAll(async () => {
  await t?.close();
});

const post = (headers: Record<string, string>, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers });

describe('a blockaded zone', () => {
  it('is drawn over a commune of my district, and refused for a unit that does not exist', async () => {
    const res = await post(officer, '/api/zones', {
      name: 'Khu phố 3, Phường 1',
      reason: 'Ổ dịch cộng đồng',
      decisionRef: '123/QĐ-UBND',
      startsOn: '2021-08-01',
      unitCodes: [HOME.communeCode],
    });
    expect(res.statusCode, res.body).toBe(201);
    zoneId = res.json<{ id: string }>().id;
    expect(res.json<{ communeCodes: string[] }>().communeCodes).toEqual([HOME.communeCode]);
    const unknown = await post(officer, '/api/zones', {
      name: 'Sai mã',
      reason: 'x'.repeat(3),
      decisionRef: '1',
      startsOn: '2021-08-01',
      unitCodes: ['99999'],
    });
    expect(unknown.statusCode).toBe(422);
    const both = await post(officer, '/api/zones', {
      name: 'Hai cách',
      reason: 'xxx',
      decisionRef: '1',
      startsOn: '2021-08-01',
      unitCodes: [HOME.communeCode],
      polygon: [
        [106, 10],
        [107, 10],
        [107, 11],
      ],
    });
    expect(both.statusCode).toBe(400);
    expect(both.json<{ error: { details: { messageKey: string }[] } }>().error.details[0]!.messageKey).toBe(
      'zones.errors.unitsOrPolygon',
    );
  });

  it('cannot be drawn over, nor seen from, another district', async () => {
    const drawn = await post(stranger, '/api/zones', {
      name: 'Không phải của tôi',
      reason: 'xxx',
      decisionRef: '1',
      startsOn: '2021-08-01',
      unitCodes: [HOME.communeCode],
    });
    expect(drawn.statusCode).toBe(403);
    expect((await get(stranger, `/api/zones/${zoneId}`)).statusCode).toBe(404);
    expect((await get(stranger, `/api/zones/${zoneId}/residents`)).statusCode).toBe(404);
    expect((await get(stranger, '/api/zones')).json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('lists its residents from the registry page by page, and no one outside it', async () => {
    const first = await get(officer, `/api/zones/${zoneId}/residents?limit=3`);
    expect(first.statusCode, first.body).toBe(200);
    const p1 = first.json<{ items: { fullName: string }[]; nextCursor: string }>();
    expect(p1.items).toHaveLength(3);
    const second = await get(officer, `/api/zones/${zoneId}/residents?limit=3&cursor=${p1.nextCursor}`);
    const p2 = second.json<{ items: { fullName: string }[]; nextCursor: string | null }>();
    expect(p2.nextCursor).toBeNull();
    const names = [...p1.items, ...p2.items].map((p) => p.fullName);
    expect(names).toHaveLength(5);
    expect(names).not.toContain('Đỗ Văn Ngoài');
  });

  it('schedules a round for every resident, pooled by household, through the testing module', async () => {
    const res = await post(officer, `/api/zones/${zoneId}/rounds`, {
      startsOn: '2021-08-02',
      endsOn: '2021-08-03',
      siteId,
      poolBy: 'household',
    });
    expect(res.statusCode, res.body).toBe(201);
    const round = res.json<{
      id: string;
      number: number;
      memberCount: number;
      poolCount: number;
      poolSize: number;
    }>();
    roundId = round.id;
    expect(round).toMatchObject({ number: 1, memberCount: 5, poolCount: 2, poolSize: 10 });
    const regs = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from test_registrations where reason = 'screening' and status = 'booked' and site_id = ${siteId}::uuid`,
    );
    expect(regs[0]!.n).toBe(5);
    // Each member holds its own registration; a household's members share a pool.
    const members = await queryRows<{ n: number; pools: number; own: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct m.pool_id)::int as pools,
            count(*) filter (where r.person_id = m.person_id)::int as own
          from zone_round_members m join test_registrations r on r.id = m.registration_id
          where m.round_id = ${roundId}::uuid`,
    );
    expect(members[0]).toEqual({ n: 5, pools: 2, own: 5 });
    // One audit row for the round, with its counts (not one per registration).
    const audit = await queryRows<{ details: { registrations: number; pools: number } }>(
      t.database.db,
      sql`select details from audit_log where entity = 'zone_round' and entity_id = ${roundId}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ registrations: 5, pools: 2 });
    const badDates = await post(officer, `/api/zones/${zoneId}/rounds`, {
      startsOn: '2021-07-20',
      endsOn: '2021-07-21',
      siteId,
    });
    expect(badDates.statusCode).toBe(400);
  });

  it('shows progress when the pool of the first household is resulted negative', async () => {
    const [pool] = await queryRows<{ pool_id: string }>(
      t.database.db,
      sql`select pool_id from zone_round_members where round_id = ${roundId}::uuid and person_id = ${people[0]!}::uuid`,
    );
    const collected = localTime('2021-08-02', 9);
    const hoursAgo = (Date.now() - collected.getTime()) / 3_600_000;
    for (const personId of people.slice(0, 2))
      await specimenAt(t.database.db, personId, HOME, { poolId: pool!.pool_id, siteId, hoursAgo });
    expect((await post(lab, `/api/testing/pools/${pool!.pool_id}/close`, {})).statusCode).toBe(200);
    const result = await post(lab, `/api/testing/pools/${pool!.pool_id}/result`, { outcome: 'negative' });
    expect(result.statusCode, result.body).toBe(200);
    const zone = await get(officer, `/api/zones/${zoneId}`);
    expect(zone.statusCode, zone.body).toBe(200);
    const body = zone.json<{
      rounds: { total: { members: number; tested: number; positives: number; testedPercent: number } }[];
    }>();
    expect(body.rounds[0]!.total).toEqual({
      communeCode: null,
      members: 5,
      tested: 2,
      positives: 0,
      testedPercent: 40,
    });
    const map = await get(officer, '/api/zones/map');
    expect(map.json<{ items: { communeCode: string; testedPercent: number }[] }>().items).toEqual([
      expect.objectContaining({ communeCode: HOME.communeCode, testedPercent: 40, round: 1 }),
    ]);
    const untested = await get(officer, `/api/zones/${zoneId}/rounds/${roundId}/untested`);
    expect(
      untested
        .json<{ items: { fullName: string }[] }>()
        .items.map((p) => p.fullName)
        .sort(),
    ).toEqual(['Lê Văn Cường', 'Phạm Thị Dung', 'Võ Văn Em'].sort());
    const csv = await get(officer, `/api/zones/${zoneId}/rounds/${roundId}/untested.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(4);
    expect(csv.body).toContain('Võ Văn Em');
  });

  it('flags a route through the commune or its district while active', async () => {
    const db = t.database.db;
    expect(
      await activeZonesCrossing(db, { unitCodes: ['28843', HOME.communeCode], date: '2021-08-05' }),
    ).toEqual([
      expect.objectContaining({ zoneId, unitCodes: [HOME.communeCode], decisionRef: '123/QĐ-UBND' }),
    ]);
    expect(await activeZonesCrossing(db, { unitCodes: ['829'], date: '2021-08-05' })).toHaveLength(1);
    expect(await activeZonesCrossing(db, { unitCodes: [HOME.communeCode], date: '2021-07-31' })).toEqual([]);
    expect(await activeZonesCrossing(db, { unitCodes: ['28843'], date: '2021-08-05' })).toEqual([]);
  });

  it('is lifted only after the days without a new case the policy requires, with its decision', async () => {
    // A case confirmed in the commune on 10/08 restarts the count: 14 days → 24/08.
    await t.database.db.execute(
      sql`insert into cases (person_id, disease_code, classification, sample_date, province_code, district_code, commune_code)
          values (${people[2]!}::uuid, 'COVID-19', 'confirmed', '2021-08-10', '83', '829', ${HOME.communeCode})`,
    );
    const early = await post(officer, `/api/zones/${zoneId}/lift`, {
      liftedOn: '2021-08-20',
      decisionRef: '200/QĐ-UBND',
    });
    expect(early.statusCode).toBe(422);
    const detail = early.json<{ error: { details: { messageKey: string; message: string }[] } }>().error
      .details[0]!;
    expect(detail.messageKey).toBe('zones.lift_.notYet');
    expect(detail.message).toContain('2021-08-24');
    const lifted = await post(officer, `/api/zones/${zoneId}/lift`, {
      liftedOn: '2021-08-24',
      decisionRef: '200/QĐ-UBND',
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    const audit = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'zone' and entity_id = ${zoneId} and action = 'decide'`,
    );
    expect(audit[0]!.n).toBe(1);
    expect(
      await activeZonesCrossing(t.database.db, { unitCodes: [HOME.communeCode], date: '2021-08-24' }),
    ).toEqual([]);
    expect(
      await activeZonesCrossing(t.database.db, { unitCodes: [HOME.communeCode], date: '2021-08-23' }),
    ).toHaveLength(1);
    const pdf = await get(officer, `/api/zones/${zoneId}/decision.pdf?document=lift`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const again = await post(officer, `/api/zones/${zoneId}/lift`, {
      liftedOn: '2021-08-25',
      decisionRef: '201',
    });
    expect(again.statusCode).toBe(422);
  });

  it('a campaign over the commune is never a route flag nor lifted; a polygon needs commune boundaries', async () => {
    const campaign = await post(officer, '/api/zones', {
      kind: 'campaign',
      name: 'Xét nghiệm diện rộng Phường 1',
      reason: 'Tầm soát cộng đồng',
      decisionRef: '7/KH-UBND',
      startsOn: '2021-09-01',
      unitCodes: [HOME.communeCode],
      targetPercent: 95,
    });
    expect(campaign.statusCode, campaign.body).toBe(201);
    const id = campaign.json<{ id: string }>().id;
    const listed = await get(officer, '/api/zones?kind=campaign');
    expect(listed.json<{ items: { id: string; targetPercent: number }[] }>().items).toEqual([
      expect.objectContaining({ id, targetPercent: 95 }),
    ]);
    expect(
      await activeZonesCrossing(t.database.db, { unitCodes: [HOME.communeCode], date: '2021-09-05' }),
    ).toEqual([]);
    const lift = await post(officer, `/api/zones/${id}/lift`, { liftedOn: '2021-12-01', decisionRef: '8' });
    expect(lift.statusCode).toBe(422);
    const drawn = await post(officer, '/api/zones', {
      name: 'Vẽ tay',
      reason: 'xxx',
      decisionRef: '9',
      startsOn: '2021-09-01',
      polygon: [
        [106.3, 10.2],
        [106.4, 10.2],
        [106.4, 10.3],
      ],
    });
    expect(drawn.statusCode).toBe(400);
    expect(drawn.json<{ error: { details: { messageKey: string }[] } }>().error.details[0]!.messageKey).toBe(
      'zones.polygon_.noBoundaries',
    );
  });
});
