/**
 * The week's epidemic levels, as the steering committee lives them: a proposal computed from the
 * rollups (cases, coverage over the census) by the rules in force, each commune saying which
 * criterion decided; districts and the province aggregated; the committee overrides one commune
 * with a reason and confirms; the public feed shows the confirmed levels and nothing else; the next
 * week, unreported capacity keeps a commune from going down.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { computeLevels } from './compute.ts';
import { proposeCurrentWeek } from './worker.ts';

const WEEK = '2021-11-08'; // assessed from 1 to 7 November 2021, under 4800/QĐ-BYT
const NEXT = '2021-11-15';
const WEEK3 = '2021-11-22';

interface Unit {
  code: string;
  level: string;
  epidemicLevel: number;
  proposedLevel: number;
  overridden: boolean;
  reason?: string;
  decidingCriterion: string;
  inputs: {
    casesPer100kWeek?: number | null;
    coverage?: { population: string; share: number | null; met: boolean | null }[];
    capacity?: string;
    ruleIndex?: number | null;
  };
}

let t: TestApp;
let committee: Record<string, string>;
const unit = (units: Unit[], code: string) => units.find((u) => u.code === code)!;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // Two communes of Thành phố Bến Tre with a census of 10,000 each (6,000 adults 18-49, 2,000 50-64,
  // 1,000 65+, 1,000 children), 16 and 3 cases in the assessed week; Phú Tân's adults half vaccinated.
  await db.execute(sql`
    insert into population_census (commune_code, age_band, population, district_code, province_code, reference_date, source)
    select c, b, n, '829', '83', '2021-04-01', 'test census'
    from (values ('28756'), ('28757')) cs(c),
         (values ('0-4', 400), ('5-11', 300), ('12-17', 300), ('18-49', 6000), ('50-64', 2000), ('65+', 1000)) bs(b, n)`);
  await db.execute(sql`
    insert into case_day_counts (day, disease_code, province_code, district_code, commune_code, n)
    values ('2021-11-02', 'COVID-19', '83', '829', '28756', 10), ('2021-11-06', 'COVID-19', '83', '829', '28756', 6),
           ('2021-11-03', 'COVID-19', '83', '829', '28757', 3), ('2021-11-09', 'COVID-19', '83', '829', '28757', 50)`);
  await db.execute(sql`
    insert into vaccination_coverage_daily (disease, commune_code, age_band, day, district_code, province_code, doses, first_dose, full_schedule)
    select 'COVID-19', c, b, '2021-09-01', '829', '83', n, n, f
    from (values ('28756', '18-49', 5000, 4000), ('28756', '50-64', 1800, 1500), ('28756', '65+', 900, 850),
                 ('28757', '18-49', 3000, 2000), ('28757', '50-64', 1000, 900), ('28757', '65+', 500, 400)) v(c, b, n, f)`);
  committee = (await signInAs(t, 'steering_committee', '83')).headers;
});

afterAll(async () => {
  await t.close();
});

describe('the weekly proposal', () => {
  it('computes every commune of the province, its districts and the province', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/levels/compute',
      headers: committee,
      payload: { week: WEEK },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ week: WEEK, communes: 157, units: 157 + 9 + 1 });
  });

  it('says for each commune which criterion decided, with its inputs', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/levels?week=${WEEK}`, headers: committee });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      status: string;
      assessedFrom: string;
      units: Unit[];
      rules: { thresholds: { source: { document: string }; verification: string } };
    }>();
    expect(body).toMatchObject({ status: 'proposed', assessedFrom: '2021-11-01' });
    expect(body.rules.thresholds).toMatchObject({
      source: { document: '4800/QĐ-BYT' },
      verification: 'unverified',
    });
    // Phú Khương: 160 cases/100k/week ≥ 150 → level 4 by criterion 1.
    expect(unit(body.units, '28756')).toMatchObject({
      level: 'commune',
      epidemicLevel: 4,
      decidingCriterion: 'incidence',
      inputs: { casesPer100kWeek: 160, capacity: 'notReported' },
    });
    // Phú Tân: 30/100k → level 2, raised to 3 because only half its adults have a first dose
    // (the case on 9 November belongs to the next week).
    const phuTan = unit(body.units, '28757');
    expect(phuTan).toMatchObject({
      epidemicLevel: 3,
      decidingCriterion: 'coverage',
      inputs: { casesPer100kWeek: 30 },
    });
    expect(phuTan.inputs.coverage).toEqual([
      expect.objectContaining({ population: 'adults18Plus', share: 0.5, met: false }),
      expect.objectContaining({ population: 'elderly65Plus', share: 0.4, met: false }),
    ]);
    // A commune without a census cannot be measured, and says so.
    expect(unit(body.units, '28759')).toMatchObject({ epidemicLevel: 1, decidingCriterion: 'noPopulation' });
    // The city: one commune at level 4 of 14 → level 3 by 2686's "any commune very high".
    expect(unit(body.units, '829')).toMatchObject({
      level: 'district',
      epidemicLevel: 3,
      decidingCriterion: 'aggregation',
      inputs: { ruleIndex: 3 },
    });
    expect(unit(body.units, '83')).toMatchObject({ level: 'province', epidemicLevel: 3 });
    expect(unit(body.units, '831')).toMatchObject({ epidemicLevel: 1 });
  });

  it('a commune officer sees only their commune', async () => {
    const { headers } = await signInAs(t, 'commune_officer', '28756');
    const res = await t.app.inject({ method: 'GET', url: `/api/levels?week=${WEEK}`, headers });
    expect(res.json<{ units: Unit[] }>().units.map((u) => u.code)).toEqual(['28756']);
  });

  it('a committee member of one district neither computes nor confirms the province’s week', async () => {
    const { headers } = await signInAs(t, 'steering_committee', '829');
    for (const url of ['/api/levels/compute', '/api/levels/confirm']) {
      const res = await t.app.inject({ method: 'POST', url, headers, payload: { week: WEEK } });
      expect(res.statusCode).toBe(404);
    }
  });

  it('refuses a day that is not a Monday, and a week before any rule', async () => {
    for (const week of ['2021-11-09', '2021-10-04']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/levels/compute',
        headers: committee,
        payload: { week },
      });
      expect(res.statusCode).toBe(400);
    }
  });
});

describe('the committee confirms', () => {
  it('nothing is published before', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/public/levels' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ latest: unknown }>().latest).toBeNull();
  });

  it('only the committee confirms, and an override needs a reason', async () => {
    const { headers } = await signInAs(t, 'district_officer', '829');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers,
      payload: { week: WEEK },
    });
    expect(denied.statusCode).toBe(403);
    const noReason = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: {
        week: WEEK,
        overrides: [{ unitCode: '28757', unitLevel: 'commune', level: 2, reason: ' ' }],
      },
    });
    expect(noReason.statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: {
        week: WEEK,
        overrides: [{ unitCode: '99999', unitLevel: 'commune', level: 2, reason: 'no such place' }],
      },
    });
    expect(unknown.statusCode).toBe(400);
    const status = await t.app.inject({ method: 'GET', url: `/api/levels?week=${WEEK}`, headers: committee });
    expect(status.json<{ status: string }>().status).toBe('proposed');
  });

  it('overrides one commune with a reason and confirms; the proposal is kept and the change audited', async () => {
    const reason = 'Ổ dịch đã khoanh vùng, truy vết xong';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: { week: WEEK, overrides: [{ unitCode: '28757', unitLevel: 'commune', level: 2, reason }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ week: WEEK, confirmed: 167, overridden: 1 });
    const week = await t.app.inject({ method: 'GET', url: `/api/levels?week=${WEEK}`, headers: committee });
    const body = week.json<{ status: string; units: Unit[] }>();
    expect(body.status).toBe('confirmed');
    expect(unit(body.units, '28757')).toMatchObject({
      epidemicLevel: 2,
      proposedLevel: 3,
      overridden: true,
      reason,
      decidingCriterion: 'override',
    });
    const audit = await queryRows<{ action: string; entity: string }>(
      t.database.db,
      sql`select action, entity from audit_log where entity in ('epidemic_level', 'epidemic_level_week') order by id`,
    );
    expect(audit.map((a) => `${a.action} ${a.entity}`)).toEqual([
      'create epidemic_level_week',
      'decide epidemic_level_week',
      'update epidemic_level',
    ]);
  });

  it('a confirmed week is history: neither recomputed nor confirmed again', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: { week: WEEK },
    });
    expect(again.statusCode).toBe(409);
    await expect(computeLevels(t.database.db, { provinceCode: '83', week: WEEK })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('the public feed', () => {
  it('shows the latest confirmed levels and guidance, no inputs, no reasons, in the reader’s language', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/public/levels',
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      latest: { week: string; units: Record<string, unknown>[] };
      guidance: Record<string, string>;
    }>();
    expect(body.latest.week).toBe(WEEK);
    expect(body.latest.units.find((u) => u.code === '28757')).toEqual({
      code: '28757',
      name: 'Phường Phú Tân',
      level: 'commune',
      parentCode: '829',
      epidemicLevel: 2,
    });
    expect(body.guidance['4']).toMatch(/strictest/u);
    expect(res.body).not.toMatch(/inputs|reason|Ổ dịch/u);
  });

  it('keeps the history of confirmed weeks, and bounds the period asked', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/public/levels/history?from=2021-11-01&to=2021-12-31',
    });
    expect(res.json<{ weeks: { week: string }[] }>().weeks.map((w) => w.week)).toEqual([WEEK]);
    const tooLong = await t.app.inject({
      method: 'GET',
      url: '/api/public/levels/history?from=2019-01-01&to=2021-12-31',
    });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('the next week', () => {
  it('unreported capacity keeps a commune from going below its confirmed level', async () => {
    await computeLevels(t.database.db, { provinceCode: '83', week: NEXT });
    const res = await t.app.inject({ method: 'GET', url: `/api/levels?week=${NEXT}`, headers: committee });
    const units = res.json<{ units: Unit[] }>().units;
    // No cases in Phú Khương from 8 to 14 November, but capacity is not reported: it stays at 4.
    expect(unit(units, '28756')).toMatchObject({ epidemicLevel: 4, decidingCriterion: 'capacity' });
    // Phú Tân: 50 cases = 500/100k → level 4 by criterion 1, whatever last week's override said.
    expect(unit(units, '28757')).toMatchObject({ epidemicLevel: 4, decidingCriterion: 'incidence' });
    expect(unit(units, '28756').inputs.capacity).toBe('notReported');
    const weeks = await t.app.inject({ method: 'GET', url: '/api/levels/weeks', headers: committee });
    expect(
      weeks.json<{ items: { week: string; status: string }[] }>().items.map((w) => `${w.week} ${w.status}`),
    ).toEqual([`${NEXT} proposed`, `${WEEK} confirmed`]);
  });

  it('once the city’s hospitals report free beds, capacity is adequate and the level goes down', async () => {
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/levels/confirm',
      headers: committee,
      payload: { week: NEXT },
    });
    expect(confirm.statusCode).toBe(200);
    // 100 free beds and 5 free ICU beds in Thành phố Bến Tre (20,000 people with a census): 500/100k.
    await t.database.db.execute(sql`
      with f as (
        insert into facilities (kind, name, unit_code, district_code, province_code)
        values ('district_hospital', 'Bệnh viện thử', '28756', '829', '83') returning id
      )
      insert into facility_bed_reports (facility_id, day, beds_total, beds_occupied, icu_total, icu_occupied, province_code, district_code, commune_code)
      select id, '2021-11-17', 300, 200, 10, 5, '83', '829', '28756' from f`);
    await computeLevels(t.database.db, { provinceCode: '83', week: WEEK3 });
    const res = await t.app.inject({ method: 'GET', url: `/api/levels?week=${WEEK3}`, headers: committee });
    const units = res.json<{ units: (Unit & { inputs: { freeBedsPer100k?: number } })[] }>().units;
    expect(unit(units, '28756')).toMatchObject({
      epidemicLevel: 1,
      decidingCriterion: 'incidence',
      inputs: { capacity: 'adequate', freeBedsPer100k: 500 },
    });
    expect(unit(units, '829').inputs.capacity).toBe('adequate');
    // Elsewhere nobody reported.
    expect(unit(units, '28807').inputs.capacity).toBe('notReported');
  });
});

describe('the weekly worker', () => {
  it('proposes the current ISO week by the province’s clock, once', async () => {
    // Sunday 5 December 2021, 23:30 in Bến Tre, is still Monday 29 November's week there (16:30 UTC).
    const now = new Date('2021-12-05T16:30:00Z');
    expect(await proposeCurrentWeek(t.database, '83', now)).toBe('2021-11-29');
    expect(await proposeCurrentWeek(t.database, '83', now)).toBeNull();
    // 17:30 UTC is already Monday 6 December there: a new week.
    expect(await proposeCurrentWeek(t.database, '83', new Date('2021-12-05T17:30:00Z'))).toBe('2021-12-06');
  });
});
