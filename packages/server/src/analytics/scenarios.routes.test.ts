import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import type { ScenariosResult } from './scenarios.ts';

type Refusal = { error: { code: string; message: string } };

/** Cases reported on day k (0 … 29 of the last 30 days): 2 + floor(k / 3). */
const casesOnDay = (k: number) => 2 + Math.floor(k / 3);

/**
 * Xã Trà Côn (29836) has had a growing COVID-19 outbreak for 30 days. The provincial
 * epidemiologist compares doing nothing with halving contacts and with testing: the model is seeded
 * from the rollups (the last 14 days of cases), the curves come side by side with every assumption
 * and its source, and the levers lower the peak. An official of another commune finds no such unit;
 * a lever out of range is refused in the caller's language.
 */
describe('scenarios of a unit, side by side', () => {
  let t: TestApp;
  let epidemiologist: Record<string, string>;
  let otherCommune: Record<string, string>;
  const to = today();
  const post = (headers: Record<string, string>, payload: unknown, lang?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/analytics/scenarios',
      headers: lang ? { ...headers, 'accept-language': lang } : headers,
      payload: payload as Record<string, unknown>,
    });

  beforeAll(async () => {
    t = await createTestApp();
    // 6,000 residents who are not cases: the commune's population.
    await t.database.db.execute(sql`
      insert into persons (full_name, name_key, province_code, commune_code, source)
      select 'Dân ' || n, 'dan ' || n, '86', '29836', 'test' from generate_series(1, 6000) n`);
    await t.database.db.execute(sql`
      with days as (
        select k, i, ${to}::date - 29 + k as day
        from generate_series(0, 29) k, generate_series(1, 2 + k / 3) i),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '86', '29836', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.day, d.day, 'open', '86', '831', '29836'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    ({ headers: epidemiologist } = await signInAs(t, 'provincial_epidemiologist', '86'));
    ({ headers: otherCommune } = await signInAs(t, 'commune_officer', '28756'));
  });
  afterAll(() => t?.close());

  it('runs the baseline and the scenarios from the current state, with their assumptions', async () => {
    const res = await post(epidemiologist, {
      unitCode: '29836',
      disease: 'COVID-19',
      days: 90,
      to,
      parameters: { r0: 2, ascertainment: 1 },
      scenarios: [
        { name: 'Giảm tiếp xúc 50 %', contactReductionPercent: 50 },
        { name: 'Xét nghiệm', testingPercent: 60 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<ScenariosResult>();
    expect(body.unit).toMatchObject({ code: '29836', level: 'commune' });
    expect(body.days).toHaveLength(90);
    expect(body.days[0]).toBe(addDays(to, 1));
    // Seeded from the rollups: the last 14 days' cases by report, all 30 days in the cumulative count.
    const expected = Array.from({ length: 30 }, (_, k) => casesOnDay(k));
    expect(body.seed.recentDailyCases).toEqual(expected.slice(-14));
    expect(body.seed.cumulativeCases).toBe(expected.reduce((a, b) => a + b, 0));
    // Ascertainment 1: the last 5 days' cases are infectious, every earlier case recovered.
    expect(body.seed.infectious).toBeCloseTo(
      expected.slice(-5).reduce((a, b) => a + b, 0),
      6,
    );
    expect(body.seed.recovered).toBeCloseTo(body.seed.cumulativeCases - body.seed.infectious, 6);
    expect(body.assumptions.find((a) => a.name === 'populationByBand')?.source).toMatch(/census/);
    expect(body.curves.map((c) => c.name)).toEqual(['baseline', 'Giảm tiếp xúc 50 %', 'Xét nghiệm']);
    for (const c of body.curves) expect(c.cases).toHaveLength(90);
    const [baseline, halved, testing] = body.curves;
    expect(halved!.peakCases).toBeLessThan(baseline!.peakCases);
    expect(testing!.peakCases).toBeLessThan(baseline!.peakCases);
    expect(halved!.totalInfections).toBeLessThan(baseline!.totalInfections);
    const r0 = body.assumptions.find((a) => a.name === 'r0');
    expect(r0).toEqual({ name: 'r0', value: 2, source: 'request' });
    expect(body.assumptions.find((a) => a.name === 'infectiousDays')?.source).toMatch(/default/);
    expect(body.assumptions.find((a) => a.name === 'contactMatrix')?.source).toMatch(/assumption/);
  });

  it('is "not found" for an official of another commune', async () => {
    const res = await post(otherCommune, { unitCode: '29836', days: 90 });
    expect(res.statusCode).toBe(404);
  });

  it('refuses a lever out of range or too many scenarios, translated', async () => {
    const vi = await post(epidemiologist, {
      unitCode: '29836',
      scenarios: [{ name: 'x', contactReductionPercent: 150 }],
    });
    expect(vi.statusCode).toBe(400);
    expect(vi.json<Refusal>().error.code).toBe('VALIDATION_FAILED');
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `s${i}` }));
    const en = await post(epidemiologist, { unitCode: '29836', scenarios: five }, 'en');
    expect(en.statusCode).toBe(400);
    expect(en.json<Refusal>().error.message).not.toBe(vi.json<Refusal>().error.message);
  });
});
