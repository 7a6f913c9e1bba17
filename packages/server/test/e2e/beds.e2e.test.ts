import { today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'beds-form-pw-2026';

/**
 * A commune health station reports today's beds on a phone (360 px): the form saves, shows the
 * latest report, and refuses more occupied ICU beds than there are with the translated reason.
 */
describe('the beds form in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let facilityId: string;

  beforeAll(async () => {
    server = await startServer({
      users: [
        {
          username: 'tram.phukhuong',
          password: PASSWORD,
          role: 'commune_officer',
          jurisdictionCode: '28756',
        },
      ],
    });
    const [f] = await queryRows<{ id: string }>(
      server.database.db,
      sql`insert into facilities (kind, name, unit_code, district_code, province_code)
          values ('commune_health_station', 'Trạm Y tế thử nghiệm Phú Khương', '28756', '829', '83') returning id`,
    );
    facilityId = f!.id;
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('saves a day’s report and refuses an impossible one', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tram.phukhuong');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${server.url}/situation/beds`);
    await page.getByRole('heading', { level: 1, name: 'Báo cáo giường bệnh' }).waitFor();
    await page.getByLabel('Cơ sở y tế').selectOption({ label: 'Trạm Y tế thử nghiệm Phú Khương' });
    await page.getByLabel('Tổng số giường', { exact: true }).fill('24');
    await page.getByLabel('Giường đang có bệnh nhân', { exact: true }).fill('9');
    await page.getByLabel('Tổng số giường hồi sức (ICU)').fill('2');
    await page.getByLabel('Giường ICU đang có bệnh nhân').fill('1');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu báo cáo giường bệnh' }).waitFor();
    await page.getByRole('row', { name: /Trạm Y tế thử nghiệm Phú Khương/ }).waitFor();
    const stored = await queryRows<{ beds_occupied: number; day: string }>(
      server.database.db,
      sql`select beds_occupied, day::text from facility_bed_reports where facility_id = ${facilityId}`,
    );
    expect(stored).toEqual([{ beds_occupied: 9, day: today() }]);

    await page.getByLabel('Giường ICU đang có bệnh nhân').fill('3');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('alert').filter({ hasText: 'không được lớn hơn tổng số giường' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.close();
  });
});
