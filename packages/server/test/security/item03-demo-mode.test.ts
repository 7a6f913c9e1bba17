/**
 * Issue 9, item 3 (both databases): restarting a real embedded install without `DEMO=false`
 * loaded the demo province into it, with `admin`/`epilink-demo` and the public one-time-code
 * inbox. Demo mode is now chosen once, recorded in the database at creation, never switched on
 * for an existing real database; a demo database says so (`GET /api/meta` → `demo`, shown as a
 * banner on every page of the web app).
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { createUser } from '../../src/auth/users.ts';
import { loadConfig } from '../../src/config.ts';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { queryRows } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { createTestDatabase, TEST_PASSWORD } from '../helpers.ts';

/** The environment of a restart "without DEMO=false" (as the embedded database's default is on). */
const envWith = (demo: 'true' | 'false') => ({
  DEMO: demo,
  DEMO_SCALE: '0.002',
  PROVINCE_CODE: '83',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_PER_USER: '1000000',
});

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function restart(db: Database, demo: 'true' | 'false') {
  const env = envWith(demo);
  return prepareDatabase(db, loadConfig(env), { env });
}

async function count(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db.db, query);
  return row!.n;
}

async function whatTheAppShows(db: Database, config: Config) {
  const app = await buildApp({ config, database: db }, { logger: false, serveWeb: false });
  try {
    const meta = await app.inject({ method: 'GET', url: '/api/meta' });
    const inbox = await app.inject({ method: 'GET', url: '/api/demo/inbox' });
    const demoAdmin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: DEMO_PASSWORD },
    });
    return {
      demo: meta.json<{ demo: boolean }>().demo,
      inbox: inbox.statusCode,
      demoAdmin: demoAdmin.statusCode,
    };
  } finally {
    await app.close();
  }
}

describe('a real install restarted without DEMO=false', () => {
  it('stays real: no demo province, no demo accounts, no public inbox, no demo signing secret', async () => {
    database = await createTestDatabase();
    await createUser(database.db, {
      username: 'tinh.quantri',
      displayName: 'Quản trị tỉnh',
      password: TEST_PASSWORD,
      role: 'province_admin',
      jurisdictionCode: '83',
    });
    const { config, mode, demo } = await restart(database, 'true');
    expect(mode).toMatchObject({ demo: false, configIgnored: true });
    expect(demo).toBeNull();
    expect(config.demo.enabled).toBe(false);
    expect(config.certificates.demoSecret).toBe(false);
    expect(await count(database, sql`select count(*)::int as n from persons`)).toBe(0);
    expect(await count(database, sql`select count(*)::int as n from users where demo`)).toBe(0);
    expect(
      await count(database, sql`select count(*)::int as n from seed_runs where name = 'demo-province'`),
    ).toBe(0);
    expect(await whatTheAppShows(database, config)).toEqual({ demo: false, inbox: 404, demoAdmin: 401 });
  });

  it('an install from before the mode was recorded (it has accounts) is recognised as real, and recorded so', async () => {
    database = await createTestDatabase();
    await database.db.execute(sql`delete from seed_runs where name = 'install-mode'`);
    await createUser(database.db, {
      username: 'xa.canbo',
      displayName: 'Cán bộ',
      password: TEST_PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: '28756',
    });
    const { mode } = await restart(database, 'true');
    expect(mode).toEqual({ demo: false, recordedNow: true, configIgnored: true });
    expect(await count(database, sql`select count(*)::int as n from persons`)).toBe(0);
    const [row] = await queryRows<{ demo: boolean }>(
      database.db,
      sql`select (details->>'demo')::boolean as demo from seed_runs where name = 'install-mode'`,
    );
    expect(row!.demo).toBe(false);
  });
});

describe('a new database chosen as a demo', () => {
  it('gets the demo province once, says so through the API, and stays a demo when restarted with DEMO=false', async () => {
    database = await createTestDatabase();
    // A brand-new database: nothing recorded, no accounts, no people.
    await database.db.execute(sql`delete from seed_runs where name = 'install-mode'`);
    const first = await restart(database, 'true');
    expect(first.mode).toEqual({ demo: true, recordedNow: true, configIgnored: false });
    expect(first.demo).not.toBeNull();
    expect(
      await count(database, sql`select count(*)::int as n from persons where source = 'demo'`),
    ).toBeGreaterThan(0);
    expect(await whatTheAppShows(database, first.config)).toMatchObject({ demo: true, inbox: 200 });

    const again = await restart(database, 'false');
    expect(again.mode).toEqual({ demo: true, recordedNow: false, configIgnored: true });
    expect(again.config.demo.enabled).toBe(true); // the banner stays: the data is still demo data
    expect(again.demo).toBeNull();
    // A whole demo seed (people through linkage, vaccination, the epidemic history) on a shared machine.
  }, 180_000);
});
