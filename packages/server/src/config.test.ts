import { provinceTimeZone } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to the embedded database in ./data with the demo province of today: the new Vĩnh Long', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      provinceCode: '86',
      unitLists: ['2021-11', '2025-03', '2025-07'],
      database: { kind: 'pglite', dataDir: './data' },
      demo: { enabled: true, territory: ['83'] },
    });
  });

  it('runs old Bến Tre (83) in its 2021 units; the whole new province or chosen lists when asked', () => {
    expect(loadConfig({ PROVINCE_CODE: '83' }).unitLists).toEqual(['2021-11']);
    expect(loadConfig({ DEMO_TERRITORY: 'all' }).demo.territory).toBe('all');
    expect(loadConfig({ DEMO_TERRITORY: '83,84' }).demo.territory).toEqual(['83', '84']);
    expect(loadConfig({ PROVINCE_CODE: '83', UNIT_LISTS: '2021-11,2025-07' }).unitLists).toEqual([
      '2021-11',
      '2025-07',
    ]);
    expect(() => loadConfig({ DEMO_TERRITORY: 'Bến Tre' })).toThrow(ConfigError);
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the demo off unless asked for', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/epilink' });
    expect(c.database).toMatchObject({
      kind: 'postgres',
      url: 'postgres://u@db:5432/epilink',
      poolSize: 4,
      workerPoolSize: 3,
      idleSeconds: 600,
    });
    expect(c.demo.enabled).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@db/e', DEMO: 'true' }).demo.enabled).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PROVINCE_CODE: 'BT' }, 'PROVINCE_CODE'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ DEMO_SCALE: '2' }, 'DEMO_SCALE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DB_POOL_IDLE_SECONDS: '-1' }, 'DB_POOL_IDLE_SECONDS'],
    // Two connections at least (config.ts says why).
    [{ DB_POOL_SIZE: '1' }, 'DB_POOL_SIZE'],
    [{ DB_WORKER_POOL_SIZE: '1' }, 'DB_WORKER_POOL_SIZE'],
  ])('stops on a bad value and names the variable: %j', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('pglite');
  });

  it("sets the one clock to the province's time zone (TIME_ZONE) and refuses an unknown zone", () => {
    try {
      expect(loadConfig({}).timeZone).toBe('Asia/Ho_Chi_Minh');
      expect(loadConfig({ TIME_ZONE: 'Asia/Bangkok' }).timeZone).toBe('Asia/Bangkok');
      expect(provinceTimeZone()).toBe('Asia/Bangkok');
      let error: unknown;
      try {
        loadConfig({ TIME_ZONE: 'UTC+7' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('TIME_ZONE');
      expect(provinceTimeZone()).toBe('Asia/Bangkok');
    } finally {
      loadConfig({});
    }
  });
});
