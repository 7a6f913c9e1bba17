import { today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'scenarios-page-pw-2026';

/**
 * On a phone (360 px) the commune's officer runs the default scenario (30 % fewer contacts) from
 * the analysis page: the server's SEIRV curves are drawn beside the baseline, the assumptions table
 * is shown, and nothing widens the page.
 */
describe('scenarios on the analysis page in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

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
    await server.database.db.execute(sql`
      insert into persons (full_name, name_key, province_code, commune_code, source)
      select 'Dân ' || n, 'dan ' || n, '83', '28756', 'test' from generate_series(1, 3000) n`);
    await server.database.db.execute(sql`
      with days as (
        select k, i, ${today()}::date - 20 + k as day
        from generate_series(0, 20) k, generate_series(1, 1 + k / 4) i),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '83', '28756', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.day, d.day, 'open', '83', '829', '28756'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs a scenario at 360 px and shows the curves and assumptions without widening the page', async () => {
    const width = 360;
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tram.phukhuong');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${server.url}/situation/analytics`);
    await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
    await page.getByRole('table', { name: 'Giả định của mô hình' }).waitFor();
    await page.getByTestId('scenarios-chart').locator('svg').waitFor();
    const peaks = page.getByRole('list', { name: /Ca dự kiến/u }).getByRole('listitem');
    expect(await peaks.count()).toBe(2);
    expect(await peaks.first().textContent()).toMatch(/^Cơ sở: đỉnh /u);
    await page.screenshot({ path: '/tmp/b2-scenarios-360.png', fullPage: true });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await page.close();
  });
});
