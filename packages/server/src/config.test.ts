import { provinceTimeZone } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to the embedded database in ./data with the demo province of Bến Tre', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      provinceCode: '83',
      database: { kind: 'pglite', dataDir: './data' },
      demo: { enabled: true },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the demo off unless asked for', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/epilink' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@db:5432/epilink' });
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
