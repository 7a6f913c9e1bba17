/** Demo testing data: sites at the demo province's stations with two slots a day for a week. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { facilities } from '../db/schema/index.ts';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { seedDemoTesting } from './demo.ts';
import { HOME } from './test-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('seeds a site per station with morning and afternoon slots in Viet Nam time', async () => {
  await t.database.db.insert(facilities).values([
    {
      kind: 'commune_health_station',
      name: 'Trạm Y tế Phường 1',
      unitCode: HOME.communeCode,
      districtCode: '829',
      provinceCode: '83',
    },
    {
      // A facility that is itself a test site keeps its name (no "Điểm xét nghiệm Điểm xét nghiệm …").
      kind: 'test_site',
      name: 'Điểm xét nghiệm lưu động Phường 1',
      unitCode: HOME.communeCode,
      districtCode: '829',
      provinceCode: '83',
    },
    {
      kind: 'vaccination_site',
      name: 'Điểm tiêm',
      unitCode: HOME.communeCode,
      districtCode: '829',
      provinceCode: '83',
    },
  ]);
  expect(await seedDemoTesting(t.database.db, { provinceCode: '83', days: 3 })).toEqual({
    sites: 2,
    sessions: 12,
  });
  const names = await queryRows<{ name: string }>(t.database.db, sql`select name from test_sites`);
  expect(names.map((r) => r.name).sort()).toEqual([
    'Điểm xét nghiệm Trạm Y tế Phường 1',
    'Điểm xét nghiệm lưu động Phường 1',
  ]);
  const rows = await queryRows<{ name: string; commune_code: string; local: string }>(
    t.database.db,
    sql`select s.name, s.commune_code, to_char(x.starts_at at time zone 'Asia/Ho_Chi_Minh', 'HH24:MI') as local
        from test_sessions x join test_sites s on s.id = x.site_id
        where s.name = 'Điểm xét nghiệm Trạm Y tế Phường 1' order by x.starts_at limit 2`,
  );
  expect(rows).toEqual([
    { name: 'Điểm xét nghiệm Trạm Y tế Phường 1', commune_code: HOME.communeCode, local: '07:30' },
    { name: 'Điểm xét nghiệm Trạm Y tế Phường 1', commune_code: HOME.communeCode, local: '13:30' },
  ]);
});
