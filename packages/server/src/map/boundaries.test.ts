import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { auditLog, mapBoundarySets } from '../db/schema/index.ts';
import { runMapLoadBoundaries } from './commands.ts';

/** A small square commune polygon near Bến Tre town (lon/lat). */
const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + 0.01, lat],
      [lon + 0.01, lat + 0.01],
      [lon, lat + 0.01],
      [lon, lat],
    ],
  ],
});
const feature = (code: unknown, geometry: unknown) => ({ type: 'Feature', properties: { code }, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

interface Collection {
  attribution: string | null;
  licence: string | null;
  features: { properties: { code: string; group: string | null }; geometry: unknown }[];
}

describe('the map boundaries: shipped polygons, the cartogram fallback and the commune upload', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  const sets = async () =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(mapBoundarySets))[0]!.n;
  const upload = (headers: Record<string, string>, payload: Record<string, unknown>, lang = 'vi') =>
    t.app.inject({
      method: 'POST',
      url: '/api/map/boundaries',
      headers: { ...headers, 'accept-language': lang },
      payload: { unitsAsOf: '2022-01-01', licence: 'CC BY 4.0', attribution: 'Sở TN&MT Bến Tre', ...payload },
    });
  const read = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/map/boundaries?${query}` });
    expect(res.statusCode).toBe(200);
    return res.json<Collection>();
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signInAs(t, 'province_admin', '83')).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers anyone, without signing in: Bến Tre and its nine districts drawn, 157 communes without polygons', async () => {
    const communes = await read('level=commune&asOf=2022-01-01');
    expect(communes.features).toHaveLength(157);
    expect(communes.features.every((f) => f.geometry === null)).toBe(true);
    expect(new Set(communes.features.map((f) => f.properties.group)).size).toBe(9);
    const districts = await read('level=district&asOf=2022-01-01');
    expect(districts.features.map((f) => f.properties.code).sort()).toEqual([
      '829',
      '831',
      '832',
      '833',
      '834',
      '835',
      '836',
      '837',
      '838',
    ]);
    expect(districts.attribution).toContain('GPL-3.0');
    const province = await read('level=province&asOf=2022-01-01');
    expect(province.features.map((f) => f.properties.code)).toEqual(['83']);
    // One district's communes only; a unit outside the province is not found.
    const town = await read('level=commune&asOf=2022-01-01&unit=829');
    expect(town.features.every((f) => f.properties.group === '829')).toBe(true);
    expect(town.features.length).toBeGreaterThan(10);
    expect((await t.app.inject({ method: 'GET', url: '/api/map/boundaries?unit=79' })).statusCode).toBe(404);
  });

  it("stores the province's commune polygons with their credit, audited, and draws them from then on", async () => {
    const gz = gzipSync(
      JSON.stringify(
        collection(feature('28756', square(106.37, 10.24)), feature(28759, square(106.38, 10.24))),
      ),
    ).toString('base64');
    const res = await upload(admin, { geojsonGzip: gz });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ dataset: '2021-11', features: 2, missing: 155 });
    const communes = await read('level=commune&asOf=2022-01-01');
    expect(communes.attribution).toBe('Sở TN&MT Bến Tre');
    expect(communes.licence).toBe('CC BY 4.0');
    const drawn = communes.features.filter((f) => f.geometry !== null).map((f) => f.properties.code);
    expect(drawn.sort()).toEqual(['28756', '28759']);
    const audits = await t.database.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'map_boundaries'), eq(auditLog.action, 'create')));
    expect(audits.map((a) => a.entityId)).toEqual([res.json<{ id: string }>().id]);
  });

  it('refuses a bad file with translated reasons and stores nothing', async () => {
    const before = await sets();
    const point = await upload(
      admin,
      { geojson: collection(feature('28756', { type: 'Point', coordinates: [106, 10] })) },
      'en',
    );
    expect(point.statusCode).toBe(422);
    expect(point.json()).toMatchObject({
      error: {
        code: 'BOUNDARIES_INVALID',
        message: 'The boundary file is not valid; nothing was stored.',
        details: [{ path: 'features[0]', messageKey: 'map.errors.geometryType' }],
      },
    });
    // A commune of another province (Hà Nội's Phúc Xá), and one of Bến Tre next to it: none is kept.
    const foreign = await upload(admin, {
      geojson: collection(feature('28756', square(106.37, 10.24)), feature('00001', square(105.8, 21.0))),
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json<{ error: { details: { message: string }[] } }>().error.details[0]!.message).toContain(
      '00001',
    );
    const open = square(106.37, 10.24);
    open.coordinates[0]!.pop();
    open.coordinates[0]!.push([106.371, 10.241]);
    expect((await upload(admin, { geojson: collection(feature('28756', open)) })).statusCode).toBe(422);
    expect((await upload(admin, { geojsonGzip: 'bm90IGd6aXA=' })).statusCode).toBe(400);
    expect((await upload(admin, { geojson: 'x'.repeat(10) })).statusCode).toBe(422);
    expect((await upload(admin, {})).statusCode).toBe(400);
    expect(await sets()).toBe(before);
  });

  it('loads from the command line with the same checks: map:load-boundaries FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epilink-map-'));
    const good = join(dir, 'communes.geojson');
    writeFileSync(good, JSON.stringify(collection(feature('28757', square(106.36, 10.25)))));
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify(collection(feature('99999', square(106.36, 10.25)))));
    const lines: string[] = [];
    const run = (file: string) =>
      runMapLoadBoundaries(
        t.database.db,
        '83',
        { _: file, licence: 'CC BY 4.0', attribution: 'Sở TN&MT', 'as-of': '2022-01-01' },
        (l) => {
          lines.push(l);
        },
      );
    const before = await sets();
    expect(await run(bad)).toBe(1);
    expect(lines.join('\n')).toContain('99999 is not a commune of the province');
    expect(await sets()).toBe(before);
    expect(await run(good)).toBe(0);
    expect(await sets()).toBe(before + 1);
    expect(await runMapLoadBoundaries(t.database.db, '83', {}, () => undefined)).toBe(2);
  });

  it('is for the province administrator only', async () => {
    const before = await sets();
    const district = (await signInAs(t, 'district_officer', '829')).headers;
    const ok = { geojson: collection(feature('28756', square(106.37, 10.24))) };
    expect((await upload(district, ok)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/map/boundaries',
      headers: { 'x-epilink-csrf': '1' },
      payload: ok,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await sets()).toBe(before);
  });
});

describe("the official map's figures", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Three cases in Phường Phú Khương in the week of 3 January 2022, one the week before; 30,000 residents.
    await t.database.db.execute(sql`
      insert into case_day_counts (day, disease_code, province_code, district_code, commune_code, n)
      values ('2022-01-04', 'COVID-19', '83', '829', '28756', 3), ('2021-12-28', 'COVID-19', '83', '829', '28756', 1)`);
    await t.database.db.execute(sql`
      insert into population_census (commune_code, age_band, population, district_code, province_code, reference_date, source)
      values ('28756', '18-49', 30000, '829', '83', '2021-04-01', 'test');`);
  });
  afterAll(async () => {
    await t.close();
  });

  type Figures = {
    week: string;
    communes: {
      code: string;
      cases7: number;
      cases14: number;
      per100k7: number | null;
      per100k14: number | null;
    }[];
  };
  const figures = async (headers: Record<string, string>, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/map/figures?${query}`, headers });

  it('gives every commune of the jurisdiction its cases per 100,000 over 7 and 14 days for the week asked', async () => {
    const province = (await signInAs(t, 'provincial_epidemiologist', '83')).headers;
    const res = await figures(province, 'week=2022-01-06');
    expect(res.statusCode).toBe(200);
    const body = res.json<Figures>();
    expect(body.week).toBe('2022-01-03');
    expect(body.communes).toHaveLength(157);
    expect(body.communes.find((c) => c.code === '28756')).toMatchObject({
      cases7: 3,
      cases14: 4,
      per100k7: 10,
      per100k14: 13.3,
    });
    const lastWeek = (await figures(province, 'week=2021-12-27')).json<Figures>();
    expect(lastWeek.communes.find((c) => c.code === '28756')).toMatchObject({ cases7: 1, cases14: 1 });
  });

  it("keeps a commune officer to their commune: another district's unit is not found", async () => {
    const commune = (await signInAs(t, 'commune_officer', '28756')).headers;
    const own = (await figures(commune, 'week=2022-01-03')).json<Figures>();
    expect(own.communes.map((c) => c.code)).toEqual(['28756']);
    expect((await figures(commune, 'week=2022-01-03&unit=831')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/map/figures?week=2022-01-03' })).statusCode).toBe(
      401,
    );
    // The figures are for reporting (indicator:read): the steering committee reads them, a tracer does not.
    const committee = (await signInAs(t, 'steering_committee', '83')).headers;
    expect((await figures(committee, 'week=2022-01-03')).statusCode).toBe(200);
    const tracer = (await signInAs(t, 'tracer', '28756')).headers;
    expect((await figures(tracer, 'week=2022-01-03')).statusCode).toBe(403);
  });
});
