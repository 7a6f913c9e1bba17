import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/helpers.ts';
import type { TestApp } from '../test/helpers.ts';
import { parseArgs, runCommand } from './cli.ts';
import { users } from './db/schema/index.ts';

describe('the epilink command line', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates the first administrator, who must then enrol two-factor sign-in', async () => {
    const lines: string[] = [];
    const { command, options } = parseArgs([
      'create-admin',
      '--username',
      'quantri',
      '--unit',
      '83',
      '--name',
      'Quản trị tỉnh',
    ]);
    const code = await runCommand(
      t.database,
      command,
      options,
      (l) => lines.push(l),
      () => Promise.resolve('a long passphrase 2021'),
    );
    expect(code).toBe(0);
    const [u] = await t.database.db.select().from(users).where(eq(users.username, 'quantri'));
    expect(u).toMatchObject({
      role: 'province_admin',
      jurisdictionCode: '83',
      provinceCode: '83',
      demo: false,
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'quantri', password: 'a long passphrase 2021' },
    });
    expect(login.json()).toMatchObject({ stage: 'enrol' });
  });

  it('refuses a short password and an unknown unit', async () => {
    const out: string[] = [];
    expect(
      await runCommand(
        t.database,
        'create-admin',
        { username: 'x1', unit: '83' },
        (l) => out.push(l),
        () => Promise.resolve('short'),
      ),
    ).toBe(2);
    await expect(
      runCommand(
        t.database,
        'create-admin',
        { username: 'x2', unit: '99' },
        (l) => out.push(l),
        () => Promise.resolve('long enough password'),
      ),
    ).rejects.toThrow();
  });

  it('verifies an intact audit chain with exit code 0', async () => {
    const out: string[] = [];
    expect(await runCommand(t.database, 'audit:verify', {}, (l) => out.push(l))).toBe(0);
    expect(out[0]).toMatch(/^Audit chain OK: \d+ rows verified/u);
  });
});
