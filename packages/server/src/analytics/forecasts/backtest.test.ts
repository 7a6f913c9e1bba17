import { addDays, scoreForecasts, today, weightedIntervalScore } from '@epilink/core';
import type { ForecastOutcome } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../../test/helpers.ts';
import type { TestApp } from '../../../test/helpers.ts';
import { queryRows } from '../../db/client.ts';
import { analyticsForecasts } from '../../db/schema/index.ts';
import type { Backtest } from './schemas.ts';
import { FORECAST_MODEL, storeForecasts } from './store.ts';

type Refusal = { error: { code: string; message: string } };

/** Cases with onset on day k (0 … 59 of the last 60 days): 3 · 1.04^k. */
const casesOnDay = (k: number) => Math.floor(3 * 1.04 ** k);
/** The i-th case of a day (1-based) is reported (i mod 4) days after its onset. */
const delayOf = (i: number) => i % 4;

/**
 * Xã Trà Côn (29836, province 86) has had a growing COVID-19 outbreak over the last 60 days. The
 * forecasts the model would have made 28 and 21 days ago are stored for the province, its
 * districts, areas and the commune with cases (a second run stores nothing); the provincial epidemiologist's backtest scores them
 * per horizon against the cases by report that happened, as core's scoring does on the stored
 * rows. A forecast entered by hand is scored to the hand-computed WIS. Another commune's official
 * finds no such unit.
 */
describe('stored forecasts backtested by the epidemiologist', () => {
  let t: TestApp;
  let epidemiologist: Record<string, string>;
  let otherCommune: Record<string, string>;
  const to = today();
  const madeOn = [addDays(to, -28), addDays(to, -21)];
  const get = (headers: Record<string, string>, url: string, lang?: string) =>
    t.app.inject({ method: 'GET', url, headers: lang ? { ...headers, 'accept-language': lang } : headers });

  // Cases by report per day, worked out independently of the database: day index 0 … 59.
  const byReport = new Array<number>(60).fill(0);
  for (let k = 0; k < 60; k++) {
    for (let i = 1; i <= casesOnDay(k); i++) if (k + delayOf(i) <= 59) byReport[k + delayOf(i)]!++;
  }
  const observedOn = (day: string) =>
    byReport[59 - Math.round((Date.parse(to) - Date.parse(day)) / 86_400_000)] ?? 0;

  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.execute(sql`
      with days as (
        select k, i, ${to}::date - 59 + k as onset, ${to}::date - 59 + k + (i % 4) as report
        from generate_series(0, 59) k, generate_series(1, floor(3 * power(1.04, k))::int) i
        where k + (i % 4) <= 59),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '86', '29836', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.onset, d.report, 'open', '86', '831', '29836'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    ({ headers: epidemiologist } = await signInAs(t, 'provincial_epidemiologist', '86'));
    ({ headers: otherCommune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  it('stores each unit’s forecast once per day made, from the data as of that day', async () => {
    const first = await storeForecasts(t.database, '86', madeOn, { diseases: ['COVID-19'] });
    expect(first.ran).toBe(true);
    // The province, its districts and areas, and the one commune with cases (29836), twice.
    expect(first.forecasts).toBeGreaterThanOrEqual(2 * 3);
    expect(first.stored).toBe(first.forecasts * 14);
    const again = await storeForecasts(t.database, '86', madeOn, { diseases: ['COVID-19'] });
    expect(again).toMatchObject({ forecasts: first.forecasts, stored: 0, ran: true });

    const f = analyticsForecasts;
    const rows = await t.database.db
      .select()
      .from(f)
      .where(and(eq(f.unitCode, '86'), eq(f.madeOn, madeOn[0]!)));
    expect(rows.map((r) => r.horizon).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 14 }, (_, h) => h + 1),
    );
    expect(rows.every((r) => r.model === FORECAST_MODEL && r.day === addDays(r.madeOn, r.horizon))).toBe(
      true,
    );
    // Made 28 days ago from a growing series: the forecast grows, its median near the cases then.
    const h1 = rows.find((r) => r.horizon === 1)!;
    expect(h1.median).toBeGreaterThan(0);
    expect(rows.find((r) => r.horizon === 14)!.median).toBeGreaterThanOrEqual(h1.median);
    // The commune with the outbreak has its own forecasts; a commune without a case has none.
    const communes = await queryRows<{ unit: string; n: number }>(
      t.database.db,
      sql`select unit_code as unit, count(*)::int as n from analytics_forecasts
          where unit_code in ('29836', '28756') group by 1`,
    );
    expect(communes).toEqual([{ unit: '29836', n: 2 * 14 }]);
  });

  it('scores them per horizon against the cases by report that happened', async () => {
    const res = await get(
      epidemiologist,
      `/api/analytics/backtest?unitCode=86&disease=COVID-19&from=${madeOn[0]}&to=${madeOn[1]}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Backtest>();
    expect(body.unit).toMatchObject({ code: '86', level: 'province' });
    expect(body.models).toEqual([`${FORECAST_MODEL}@1`]);
    expect(body.byHorizon.map((h) => [h.horizon, h.count])).toEqual(
      Array.from({ length: 14 }, (_, h) => [h + 1, 2]),
    );

    // The same scores from the stored rows and the independently counted cases, through core's scoring.
    const stored = await t.database.db
      .select()
      .from(analyticsForecasts)
      .where(eq(analyticsForecasts.unitCode, '86'));
    const outcomes: ForecastOutcome[] = stored.map((r) => ({ ...r, observed: observedOn(r.day) }));
    for (const r of body.forecasts) expect(r.observed).toBe(observedOn(r.day));
    const expected = scoreForecasts(outcomes);
    body.byHorizon.forEach((h, i) => {
      const e = expected.byHorizon[i]!;
      expect(h.horizon).toBe(e.horizon);
      expect(h.wis).toBeCloseTo(e.meanWis, 6);
      expect(h.coverage50).toBeCloseTo(e.coverage50, 9);
      expect(h.coverage90).toBeCloseTo(e.coverage90, 9);
    });
    expect(body.overall.count).toBe(28);
    expect(body.overall.wis).toBeCloseTo(expected.overall.meanWis, 6);
    expect(body.overall.wis).toBeGreaterThan(0);
  });

  it('scores a forecast entered by hand to the hand-computed weighted interval score', async () => {
    const day = addDays(to, -40);
    const y1 = observedOn(addDays(day, 1));
    const y2 = observedOn(addDays(day, 2));
    const base = {
      unitCode: '29836',
      diseaseCode: 'COVID-19',
      madeOn: day,
      model: 'hand',
      modelVersion: '0',
    };
    // Intervals placed so that day 1's cases fall above the 90 % interval and day 2's inside the 50 % one.
    await t.database.db.insert(analyticsForecasts).values([
      {
        ...base,
        horizon: 1,
        day: addDays(day, 1),
        median: y1 - 4,
        lower50: y1 - 5,
        upper50: y1 - 3,
        lower90: y1 - 6,
        upper90: y1 - 2,
      },
      {
        ...base,
        horizon: 2,
        day: addDays(day, 2),
        median: y2,
        lower50: y2 - 1,
        upper50: y2 + 1,
        lower90: y2 - 3,
        upper90: y2 + 3,
      },
    ]);
    // Horizon 1: ½·4 + 0.25·(2 + 4·3) + 0.05·(4 + 20·2) = 2 + 3.5 + 2.2 = 7.7, over K + ½ = 2.5 → 3.08.
    // Horizon 2: ½·0 + 0.25·2 + 0.05·6 = 0.8, over 2.5 → 0.32.
    const res = await get(epidemiologist, `/api/analytics/backtest?unitCode=29836&from=${day}&to=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Backtest>();
    expect(body.byHorizon).toEqual([
      { horizon: 1, count: 1, wis: expect.closeTo(3.08, 9) as number, coverage50: 0, coverage90: 0 },
      { horizon: 2, count: 1, wis: expect.closeTo(0.32, 9) as number, coverage50: 1, coverage90: 1 },
    ]);
    expect(
      weightedIntervalScore(
        y1 - 4,
        [
          { level: 0.5, lower: y1 - 5, upper: y1 - 3 },
          { level: 0.9, lower: y1 - 6, upper: y1 - 2 },
        ],
        y1,
      ),
    ).toBeCloseTo(3.08, 9);
  });

  it('is "not found" outside the caller’s jurisdiction and refuses a reversed period, translated', async () => {
    const outside = await get(otherCommune, `/api/analytics/backtest?unitCode=29836&disease=COVID-19`);
    expect(outside.statusCode).toBe(404);
    expect(
      (await get(otherCommune, `/api/analytics/backtest?unitCode=28756`)).json<Backtest>().overall.count,
    ).toBe(0);
    const url = `/api/analytics/backtest?unitCode=86&from=${to}&to=${addDays(to, -1)}`;
    const vi = await get(epidemiologist, url);
    expect(vi.statusCode).toBe(400);
    expect(vi.json<Refusal>().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(vi.json())).toContain('Khoảng ngày lập dự báo không hợp lệ');
    expect(JSON.stringify((await get(epidemiologist, url, 'en')).json())).toContain(
      'Invalid period of forecast days',
    );
  });
});
