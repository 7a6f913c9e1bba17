import { addDays, today, weekMonday } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { seedDemoLevelHistory } from './level-history.ts';

type Feed = { weeks: { week: string; units: { code: string; level: string; epidemicLevel: number }[] }[] };

/**
 * A new demo opens with levels already published: the three weeks before this one computed from
 * its data by the rule of each Monday and confirmed, oldest first, each confirmation audited;
 * this week is left for the weekly proposal and the steering committee.
 */
describe('the demo’s published levels', () => {
  let t: TestApp;
  const current = weekMonday(today());

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('confirms the weeks before this one, and the open feed publishes them', async () => {
    const audited = async () =>
      (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
    const before = await audited();
    const weeks = await seedDemoLevelHistory(t.database.db, { provinceCode: '83', weeks: 3 });
    expect(weeks).toEqual([addDays(current, -21), addDays(current, -14), addDays(current, -7)]);
    expect(await audited()).toBeGreaterThanOrEqual(before + 3);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/public/levels/history?from=${addDays(current, -35)}&to=${addDays(current, 6)}`,
    });
    expect(res.statusCode).toBe(200);
    const feed = res.json<Feed>();
    expect(feed.weeks.map((w) => w.week).sort()).toEqual(weeks);
    for (const w of feed.weeks) {
      expect(w.units.some((u) => u.level === 'province' && u.code === '83')).toBe(true);
      expect(w.units.filter((u) => u.level === 'commune').length).toBeGreaterThan(100);
    }
    const [status] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from epidemic_level_weeks where week = ${current}`,
    );
    expect(status!.n).toBe(0);
  });
});
