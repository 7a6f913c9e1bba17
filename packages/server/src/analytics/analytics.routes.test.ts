import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import type { UnitAnalysis } from './schemas.ts';

type Refusal = { error: { code: string; message: string } };

/** Cases with onset on day k (0 … 59 of the last 60 days): 3 · 1.04^k, and a burst of 30 on day 29. */
const casesOnDay = (k: number) => Math.floor(3 * 1.04 ** k) + (k === 29 ? 30 : 0);
/** The i-th case of a day (1-based) is reported (i mod 4) days after its onset. */
const delayOf = (i: number) => i % 4;

/**
 * Xã Trà Côn (29836) has a growing COVID-19 outbreak over the last 60 days, its cases
 * reported 0–3 days after onset, with a burst of 30 cases one day a month ago; cases reported after
 * today are not in yet. The provincial epidemiologist analyses the commune: the curves, the nowcast
 * of the last days' onsets, Rt above 1, a growing 14-day forecast and the burst flagged by EARS. The
 * official of another commune (Phường Phú Khương, 28756) finds no such unit.
 */
describe('a unit analysed by the epidemiologist', () => {
  let t: TestApp;
  let epidemiologist: Record<string, string>;
  let otherCommune: Record<string, string>;
  const to = today();
  const get = (headers: Record<string, string>, url: string, lang?: string) =>
    t.app.inject({ method: 'GET', url, headers: lang ? { ...headers, 'accept-language': lang } : headers });

  // What the seed below inserts, worked out independently: per onset day, the cases and those reported by today.
  const onsets = Array.from({ length: 60 }, (_, k) => {
    const all = casesOnDay(k);
    let reported = 0;
    for (let i = 1; i <= all; i++) if (k + delayOf(i) <= 59) reported++;
    return { day: addDays(to, k - 59), all, reported };
  });
  const totalReported = onsets.reduce((s, o) => s + o.reported, 0);

  beforeAll(async () => {
    t = await createTestApp();
    await t.database.db.execute(sql`
      with days as (
        select k, i, ${to}::date - 59 + k as onset, ${to}::date - 59 + k + (i % 4) as report
        from generate_series(0, 59) k,
             generate_series(1, floor(3 * power(1.04, k))::int + case when k = 29 then 30 else 0 end) i
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

  it('shows the curves, the nowcast, Rt above 1, a growing forecast and the burst as an alarm', async () => {
    const res = await get(epidemiologist, `/api/analytics/unit?unitCode=29836&disease=COVID-19&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<UnitAnalysis>();
    expect(body.unit).toMatchObject({ code: '29836', level: 'commune' });
    expect(body.days).toHaveLength(120);
    expect(body.days.at(-1)).toBe(to);
    // Curves from the rollup: every reported case once by onset and once by report.
    expect(body.casesByOnset.reduce((s, n) => s + n, 0)).toBe(totalReported);
    expect(body.casesByReport.reduce((s, n) => s + n, 0)).toBe(totalReported);
    expect(body.casesByOnset.slice(-60)).toEqual(onsets.map((o) => o.reported));

    // Nowcast: delays 0–3 days a quarter each, so the last three onset days are scaled back up.
    expect(body.nowcast.pairs).toBe(totalReported);
    for (const p of body.nowcast.delayPmf.slice(0, 4)) expect(p).toBeCloseTo(0.25, 1);
    expect(body.nowcast.delayPmf.slice(4).every((p) => p < 1e-9)).toBe(true);
    const lastDay = body.nowcast.days.at(-1)!;
    expect(lastDay.day).toBe(to);
    expect(lastDay.reported).toBe(onsets[59]!.reported);
    expect(lastDay.expected!).toBeGreaterThan(lastDay.reported);
    expect(Math.abs(lastDay.expected! - onsets[59]!.all)).toBeLessThan(
      Math.abs(lastDay.reported - onsets[59]!.all),
    );
    expect(lastDay.lower90!).toBeLessThanOrEqual(lastDay.expected!);
    expect(lastDay.upper90!).toBeGreaterThanOrEqual(lastDay.expected!);
    expect(body.casesByOnsetNowcast.at(-1)).toBe(Math.round(lastDay.expected!));

    // Rt: weekly windows; the last one reliable, above 1, its interval around its median.
    const last = body.rt.windows.at(-1)!;
    expect(last.end).toBe(to);
    expect(last.start).toBe(addDays(to, -6));
    expect(last.reliable).toBe(true);
    expect(last.median).toBeGreaterThan(1);
    expect(last.median).toBeLessThan(1.6);
    expect(last.lower95).toBeLessThan(last.lower50);
    expect(last.upper50).toBeLessThan(last.upper95);
    expect(body.rt.serialInterval).toMatchObject({ mean: 4.7, sd: 2.9 });

    // Forecast: 14 days after `to`, nested intervals, growing.
    expect(body.forecast!.simulations).toBe(1000);
    const f = body.forecast!.days;
    expect(f.map((d) => d.day)).toEqual(Array.from({ length: 14 }, (_, h) => addDays(to, h + 1)));
    for (const d of f) {
      expect(d.lower90).toBeLessThanOrEqual(d.lower50);
      expect(d.lower50).toBeLessThanOrEqual(d.median);
      expect(d.median).toBeLessThanOrEqual(d.upper50);
      expect(d.upper50).toBeLessThanOrEqual(d.upper90);
    }
    expect(f[13]!.median).toBeGreaterThan(f[0]!.median);

    // EARS: the burst's report days stand out for C1 and C2; every alarm is above its bar.
    const burstDays = [0, 1, 2, 3].map((d) => addDays(to, -30 + d));
    for (const method of ['C1', 'C2'] as const) {
      expect(body.alarms.some((a) => a.method === method && burstDays.includes(a.day))).toBe(true);
    }
    expect(body.alarms.every((a) => a.observed > a.upperbound)).toBe(true);

    // The same request gives the same (seeded) forecast.
    const again = await get(epidemiologist, `/api/analytics/unit?unitCode=29836&disease=COVID-19&to=${to}`);
    expect(again.json<UnitAnalysis>().forecast).toEqual(body.forecast);
  });

  it('forecasts hospital and ICU beds from the severity mix of the last 28 days', async () => {
    const url = `/api/analytics/unit?unitCode=29836&disease=COVID-19&to=${to}`;
    // No case has a recorded severity yet: no bed demand, and the page is told why.
    const before = (await get(epidemiologist, url)).json<UnitAnalysis>();
    expect(before).toMatchObject({ beds: null, bedsMissing: 'noSeverity' });

    // Cases reported the day of onset were severe, a day later moderate, the others mild.
    await t.database.db.execute(sql`update cases set severity = case sample_date - onset_date
      when 0 then 'severe' when 1 then 'moderate' else 'mild' end where commune_code = '29836'`);
    let recorded = 0;
    let hospital = 0;
    let icu = 0;
    for (let k = 0; k < 60; k++) {
      for (let i = 1; i <= casesOnDay(k); i++) {
        const report = k + delayOf(i);
        if (report > 59 || report < 60 - 28) continue;
        recorded++;
        if (delayOf(i) <= 1) hospital++;
        if (delayOf(i) === 0) icu++;
      }
    }
    const body = (await get(epidemiologist, url)).json<UnitAnalysis>();
    expect(body.bedsMissing).toBeNull();
    const beds = body.beds!;
    // COVID-19's default rule: moderate, severe and critical admitted, severe and critical in ICU.
    expect(beds.mix).toEqual({ recorded, hospital, icu });
    expect(beds.rule).toMatchObject({ admissionDelayDays: 5, verification: 'unverified' });
    expect(beds.hospitalShare).toBeCloseTo((hospital + 1) / (recorded + 2), 6);
    expect(beds.days.map((d) => d.day)).toEqual(body.forecast!.days.map((d) => d.day));
    for (const d of beds.days) {
      for (const b of [d.hospital, d.icu]) {
        expect(b.lower90).toBeLessThanOrEqual(b.median);
        expect(b.median).toBeLessThanOrEqual(b.upper90);
      }
      expect(d.icu.median).toBeGreaterThan(0);
      expect(d.hospital.median).toBeGreaterThan(d.icu.median);
    }
    // A growing outbreak fills more beds at the horizon's end than at its start.
    expect(beds.days[13]!.hospital.median).toBeGreaterThan(beds.days[0]!.hospital.median);
  });

  it('is "not found" for an official of another commune', async () => {
    const res = await get(otherCommune, `/api/analytics/unit?unitCode=29836&disease=COVID-19`);
    expect(res.statusCode).toBe(404);
    expect((await get(otherCommune, `/api/analytics/unit?unitCode=28756`)).statusCode).toBe(200);
  });

  it('refuses a bad unit code or a disease without a serial interval, translated', async () => {
    const badUnit = await get(epidemiologist, `/api/analytics/unit?unitCode=abc`);
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json<Refusal>().error.code).toBe('VALIDATION_FAILED');
    const vi = await get(epidemiologist, `/api/analytics/unit?unitCode=29836&disease=RABIES`);
    expect(vi.statusCode).toBe(400);
    expect(JSON.stringify(vi.json())).toContain('Chưa có khoảng nối tiếp cho bệnh RABIES');
    const en = await get(epidemiologist, `/api/analytics/unit?unitCode=29836&disease=RABIES`, 'en');
    expect(JSON.stringify(en.json())).toContain('No serial interval is known for RABIES');
  });
});
