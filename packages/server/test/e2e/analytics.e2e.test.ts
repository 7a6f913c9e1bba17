import { today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'analytics-page-pw-2026';

/**
 * The commune's officer opens the analysis page of their commune with a five-week outbreak, on
 * a phone (360 px) and a meeting-room screen (1366 px): the three charts are drawn, the alarm
 * list is there, and nothing widens the page.
 */
describe('the analysis page in real Chromium', () => {
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
    // 35 days of onsets in Phường Phú Khương, 1 + k/3 cases on day k, reported 0–2 days later.
    await server.database.db.execute(sql`
      with days as (
        select k, i, ${today()}::date - 34 + k as onset
        from generate_series(0, 34) k, generate_series(1, 1 + k / 3) i
        where k + i % 3 <= 34),
      people as (
        insert into persons (full_name, name_key, province_code, commune_code, source)
        select 'Ca ' || k || '-' || i, 'ca ' || k || '-' || i, '83', '28756', 'test' from days
        returning id, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select p.id, 'COVID-19', 'confirmed', d.onset, d.onset + d.i % 3, 'open', '83', '829', '28756'
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the curve, Rt and the forecast at 360 px and 1366 px without widening the page', async () => {
    for (const width of [360, 1366]) {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Tên đăng nhập').fill('tram.phukhuong');
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
      await page.goto(`${server.url}/situation/analytics`);
      await page.getByRole('heading', { level: 1, name: 'Phân tích dịch tễ' }).waitFor();
      await page.getByTestId('rt-latest').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Dự báo 14 ngày' }).waitFor();
      await page.locator('.situation-chart svg').nth(2).waitFor();
      expect(await page.locator('.situation-chart svg').count()).toBe(3);
      expect(await page.getByRole('link', { name: 'Tải CSV' }).getAttribute('download')).toMatch(
        /^analytics-28756-COVID-19-/u,
      );
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `/tmp/e2-analytics-${width}.png`, fullPage: true });
      await page.close();
    }
  });
});
