import { PGlite } from '@electric-sql/pglite';
import { isRole } from '@epilink/core';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor, userAccess } from '../../src/access/context.ts';
import { buildApp } from '../../src/app.ts';
import { loadSessionUser } from '../../src/auth/session.ts';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, PGLITE_EXTENSIONS, queryRows, wrapPglite } from '../../src/db/client.ts';
import type { Database } from '../../src/db/client.ts';
import { cases, persons, users, vaccinationDoses } from '../../src/db/schema/index.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../src/demo/seed.ts';
import { demoTerritory } from '../../src/demo/history.ts';
import { readShippedUnitList } from '../../src/registry/units/load.ts';
import { PROVINCES_2025_07 } from '../../src/registry/units/provinces.ts';
import { testDatabaseUrl, withDatabaseName } from '../db-template.ts';
import { signIn } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';

/** A new, empty database, as `npm start` finds on a fresh clone (PGlite) or a new PostgreSQL database. */
async function emptyDatabase(): Promise<Database> {
  const url = testDatabaseUrl();
  if (!url) return wrapPglite(await PGlite.create({ extensions: PGLITE_EXTENSIONS }));
  const name = `epilink_demo_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openDatabase({ kind: 'postgres', url: withDatabaseName(url, name), poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The communes of a shipped list in one province. */
function communesOf(list: '2021-11' | '2025-07', province: string): Set<string> {
  return new Set(
    readShippedUnitList(list)
      .rows.filter((r) => r.level === 'commune' && r.provinceCode === province)
      .map((r) => r.code),
  );
}

describe('the default demo: the new Vĩnh Long (86) today, with its history in the units of each date', () => {
  let t: TestApp;
  let demo: Awaited<ReturnType<typeof prepareDatabase>>;
  const benTre2021 = communesOf('2021-11', '83');
  const vinhLong2025 = communesOf('2025-07', '86');
  // The provincial epidemiologist enrols a second factor at the first sign-in: sign in once.
  let epidemiologist: Promise<{ headers: Record<string, string> }> | null = null;
  const dichte = () => (epidemiologist ??= signIn(t, 'dichte', DEMO_PASSWORD));

  beforeAll(async () => {
    const database = await emptyDatabase();
    // `npm start` with no settings but a small scale (and the test database's URL on PostgreSQL).
    const url = testDatabaseUrl();
    const config = loadConfig({
      DEMO: 'true',
      DEMO_SCALE: '0.002',
      LOG_LEVEL: 'silent',
      ...(url ? { DATABASE_URL: url } : {}),
    });
    demo = await prepareDatabase(database, config);
    const app = await buildApp({ config: demo.config, database }, { logger: false, serveWeb: false });
    await app.ready();
    t = {
      app,
      database,
      config: demo.config,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
    // A whole first start (migrations, three unit lists, the demo and the reform) on a shared machine.
  }, 600_000);
  afterAll(async () => {
    await t.close();
  });

  it('starts with the province of today and the full unit history, and seeds the demo over old Bến Tre', async () => {
    expect(demo.config.provinceCode).toBe('86');
    expect(demo.config.unitLists).toEqual(['2021-11', '2025-03', '2025-07']);
    expect(demo.demo?.people).toBeGreaterThan(2000);
    // Every current address is a Vĩnh Long commune of 2025-07 (all 148 old communes went whole).
    const places = await queryRows<{ province_code: string; commune_code: string }>(
      t.database.db,
      sql`select distinct province_code, commune_code from persons where merged_into is null`,
    );
    expect(places.every((p) => p.province_code === '86' && vinhLong2025.has(p.commune_code))).toBe(true);
    expect(new Set(places.map((p) => p.commune_code)).size).toBe(48);
    // The reform was applied as it happened: audited per table.
    const audited = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where entity = 'unit_rehoming' and entity_id = '2025-07'`,
    );
    expect(audited[0]!.n).toBeGreaterThan(0);
  });

  it('a 2021 case names a Bến Tre (83) commune and shows under its 2026 commune in a report in 2026 units', async () => {
    const old = await t.database.db.select().from(cases).where(lt(cases.sampleDate, '2022-01-01'));
    expect(old.length).toBeGreaterThan(0);
    for (const c of old) {
      expect(c.provinceCode).toBe('83');
      expect(benTre2021.has(c.communeCode!)).toBe(true);
    }
    // The wave of August 2021 was seeded in Phường 8 (Bến Tre city), among the generated history.
    const august = old.filter((c) => c.sampleDate! >= '2021-08-01' && c.sampleDate! <= '2021-08-31');
    const phuong8 = august.filter((c) => c.communeCode === '28759');
    expect(phuong8.length).toBeGreaterThan(0);
    expect(phuong8[0]!.districtCode).toBe('829');
    // The old communes the new Phú Khương (28756) was made of, by the change table.
    const into = await queryRows<{ old_code: string }>(
      t.database.db,
      sql`select old_code from unit_changes where new_province_code = '86' and new_code = '28756'`,
    );
    const intoPhuKhuong = new Set(into.map((r) => r.old_code));
    // A 2021 dose names a Bến Tre commune too.
    const [dose] = await t.database.db
      .select()
      .from(vaccinationDoses)
      .where(lt(vaccinationDoses.date, '2022-01-01'))
      .limit(1);
    expect(dose?.provinceCode).toBe('83');
    expect(benTre2021.has(dose!.communeCode!)).toBe(true);

    const { headers } = await dichte();
    const report = async (unitsAsOf: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/units/reports/weekly-cases?from=2021-08-01&to=2021-08-31&unitsAsOf=${unitsAsOf}`,
        headers,
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ cells: { unitCode: string; unitName: string; cases: number }[] }>().cells;
    };
    // Weekly cells: the month's cases of a unit add up over its weeks.
    const casesOf = (
      cells: { unitCode: string; unitName: string; cases: number }[],
      code: string,
      name: string,
    ) => cells.filter((c) => c.unitCode === code && c.unitName === name).reduce((n, c) => n + c.cases, 0);
    const in2026 = await report('2026-01-15');
    expect(casesOf(in2026, '28756', 'Phường Phú Khương')).toBe(
      august.filter((c) => intoPhuKhuong.has(c.communeCode!)).length,
    );
    const in2021 = await report('2021-08-01');
    expect(casesOf(in2021, '28759', 'Phường 8')).toBe(phuong8.length);
  });

  it('a 2026 case, test session and vaccination session name a Vĩnh Long (86) commune', async () => {
    const recent = await t.database.db.select().from(cases).where(gte(cases.sampleDate, '2025-07-01'));
    expect(recent.length).toBeGreaterThan(0);
    for (const c of recent) {
      expect(c.provinceCode).toBe('86');
      expect(vinhLong2025.has(c.communeCode!)).toBe(true);
    }
    const sessions = await queryRows<{ province_code: string; commune_code: string | null }>(
      t.database.db,
      sql`select province_code, commune_code from test_sessions
          union all select province_code, commune_code from vaccination_sessions`,
    );
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.province_code).toBe('86');
      if (s.commune_code) expect(vinhLong2025.has(s.commune_code)).toBe(true);
    }
  });

  it('the district demo account signs in after the reform as a health-area account and sees the same people', async () => {
    const [account] = await t.database.db.select().from(users).where(eq(users.username, 'huyen.chauthanh'));
    expect(account).toMatchObject({ role: 'district_officer', jurisdictionCode: '831', provinceCode: '86' });
    const { headers } = await signIn(t, 'huyen.chauthanh', DEMO_PASSWORD);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect(me.statusCode).toBe(200);
    expect(
      me.json<{ user: { jurisdiction: { name: string; level: string } } }>().user.jurisdiction,
    ).toMatchObject({ name: 'Khu vực y tế Huyện Châu Thành', level: 'district' });
    // Everyone of old Châu Thành district (831) is still seen; the others seen live in a new commune
    // that old Châu Thành's communes went into (some took in communes of a neighbouring district).
    const user = await loadSessionUser(t.database.db, account!.id);
    if (!user || !isRole(user.role)) throw new Error('no session user with a known role');
    const seen = await t.database.db
      .select({ id: persons.id })
      .from(persons)
      .where(scopeFor(userAccess({ ...user, role: user.role }), persons));
    const chauThanh = await t.database.db
      .select({ id: persons.id })
      .from(persons)
      .where(eq(persons.districtCode, '831'));
    expect(chauThanh.length).toBeGreaterThan(0);
    const seenIds = new Set(seen.map((p) => p.id));
    expect(chauThanh.filter((p) => !seenIds.has(p.id))).toEqual([]);
    const areaCommunes = await queryRows<{ commune_code: string }>(
      t.database.db,
      sql`select commune_code from health_area_communes where area_code = '831'`,
    );
    const area = new Set(areaCommunes.map((c) => c.commune_code));
    const others = await t.database.db
      .select({ communeCode: persons.communeCode, districtCode: persons.districtCode })
      .from(persons)
      .where(scopeFor(userAccess({ ...user, role: user.role }), persons));
    for (const p of others) expect(p.districtCode === '831' || area.has(p.communeCode!)).toBe(true);
    // Every demo account was re-homed (created in 2021 units): they are the accounts of today.
    const moved = await t.database.db
      .select({ username: users.username, jurisdictionCode: users.jurisdictionCode })
      .from(users)
      .where(and(eq(users.demo, true), eq(users.provinceCode, '86')));
    expect(Object.fromEntries(moved.map((u) => [u.username, u.jurisdictionCode]))).toEqual(
      Object.fromEntries(demoAccounts('86', true).map((a) => [a.username, a.jurisdictionCode])),
    );
    const commune = await signIn(t, 'xa.phukhuong', DEMO_PASSWORD);
    const home = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: commune.headers });
    expect(home.json<{ user: { jurisdiction: { name: string } } }>().user.jurisdiction.name).toBe(
      'Phường Phú Khương',
    );
  });

  it('the units browser lists the 124 communes of today (2025-07) under Vĩnh Long', async () => {
    const { headers } = await dichte();
    const res = await t.app.inject({ method: 'GET', url: '/api/units', headers });
    const body = res.json<{ unit: { code: string }; children: { code: string; personCount: number }[] }>();
    expect(body.unit.code).toBe('86');
    expect(new Set(body.children.map((c) => c.code))).toEqual(vinhLong2025);
    expect(body.children.filter((c) => c.personCount > 0)).toHaveLength(48);
    const meta = await t.app.inject({ method: 'GET', url: '/api/meta' });
    expect(meta.json<{ demo: boolean }>().demo).toBe(true);
  });

  it('the whole new province can be generated too: the three old provinces, about 4.26 M people at scale 1', async () => {
    const whole = await demoTerritory(t.database.db, '86', 'all');
    expect(whole?.oldProvinces).toEqual(['83', '84', '86']);
    expect(whole?.population).toBe(4_257_581);
    const benTre = await demoTerritory(t.database.db, '86', ['83']);
    expect(benTre?.communes).toHaveLength(148);
    expect(benTre?.population).toBe(1_288_206);
    // A province in its 2021 units (no reform made it) has no such territory.
    expect(await demoTerritory(t.database.db, '83', 'all')).toBeNull();
  });

  it('the provinces of today are the 34 of the shipped 2025-07 list', () => {
    const shipped = readShippedUnitList('2025-07').rows.filter((r) => r.level === 'province');
    expect(shipped.map((r) => r.code).sort()).toEqual([...PROVINCES_2025_07]);
  });
});
