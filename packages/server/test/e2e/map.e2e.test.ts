/**
 * The safe anti-epidemic map in real Chromium (issue #13 items 5–6): the public map needs no
 * sign-in and draws every commune of Bến Tre as a cell of the cartogram until commune boundaries
 * are loaded; a district officer's map shows the figures of the commune clicked, and the week
 * slider moves them to another week; once the province administrator loads a GeoJSON of commune
 * polygons, the map draws those polygons with their credit. In Vietnamese and English, at 1366 px
 * and 360 px.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'safe-map-83-e2e-password';

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function fitsWidth(page: Page, width: number): Promise<boolean> {
  return (await page.evaluate(() => document.documentElement.scrollWidth)) <= width;
}

/** The commune's cell (or polygon) on the map: an SVG path that is a button named by the commune. */
const commune = (page: Page, code: string) => page.locator(`path[role="button"][data-code="${code}"]`);

/** The figure the chosen commune's panel shows against a label. */
async function figure(page: Page, label: string): Promise<string> {
  const row = page.locator('.epimap__figures div').filter({ has: page.locator('dt', { hasText: label }) });
  return ((await row.locator('dd').textContent()) ?? '').trim();
}

const square = (lon: number, lat: number) => [
  [
    [lon, lat],
    [lon + 0.02, lat],
    [lon + 0.02, lat + 0.02],
    [lon, lat + 0.02],
    [lon, lat],
  ],
];

describe('the safe anti-epidemic map in the browser', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  const thisMonday = (() => {
    const d = today();
    return addDays(d, -((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7));
  })();

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'ban.do.huyen', password: PASSWORD, role: 'district_officer', jurisdictionCode: '829' },
        { username: 'quan.tri.tinh', password: PASSWORD, role: 'province_admin', jurisdictionCode: '83' },
      ],
    });
    // Phường Phú Khương (28756, Bến Tre town): 3 cases this week (on its Monday, never after today),
    // 1 the week before, and 30,000 residents in the census.
    await server.database.db.execute(sql`
      insert into case_day_counts (day, disease_code, province_code, district_code, commune_code, n)
      values (${thisMonday}, 'COVID-19', '83', '829', '28756', 3), (${addDays(thisMonday, -7)}, 'COVID-19', '83', '829', '28756', 1)
      on conflict on constraint case_day_counts_key do update set n = case_day_counts.n + excluded.n`);
    await server.database.db.execute(sql`delete from population_census where commune_code = '28756'`);
    await server.database.db.execute(sql`
      insert into population_census (commune_code, age_band, population, district_code, province_code, reference_date, source)
      values ('28756', '18-49', 30000, '829', '83', '2021-04-01', 'e2e')`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows anyone the cartogram of every commune, a commune on click, in Vietnamese and English at 1366 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/map`);
    await page.getByRole('heading', { level: 1, name: 'Bản đồ an toàn phòng, chống dịch' }).waitFor();
    await page.getByText(/Sơ đồ: mỗi ô là một xã\/phường/u).waitFor();
    await expect.poll(() => page.locator('path[role="button"]').count(), { timeout: 15_000 }).toBe(157);
    await commune(page, '28756').click();
    await page.getByRole('heading', { level: 3, name: 'Phường Phú Khương' }).waitFor();
    // The public map carries levels and guidance only: no case figures.
    expect(await page.getByText('Ca mắc 7 ngày').count()).toBe(0);
    expect(await fitsWidth(page, 1366)).toBe(true);

    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Safe anti-epidemic map' }).waitFor();
    await page.getByText(/Schematic: each cell is a commune/u).waitFor();
    // The keyboard reaches every commune: focus one and press Enter.
    await commune(page, '28759').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 3, name: 'Phường 8' }).waitFor();
    expect(await fitsWidth(page, 1366)).toBe(true);
    await context.close();
  });

  it("gives a district officer the clicked commune's figures, and the week slider moves them, at 360 px and 1366 px", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'ban.do.huyen');
    // A district officer manages commune accounts: an administrator, so with a second factor.
    await secondFactorInPage(page, 'ban.do.huyen');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/situation/map`);
    await page.getByRole('heading', { level: 1, name: 'Bản đồ tình hình dịch' }).waitFor();
    // Only the communes of Bến Tre town (district 829): fewer than the province's 157.
    await commune(page, '28756').waitFor({ timeout: 15_000 });
    const cells = await page.locator('path[role="button"]').count();
    expect(cells).toBeGreaterThan(10);
    expect(cells).toBeLessThan(30);
    await commune(page, '28756').click();
    await page.getByRole('heading', { level: 3, name: 'Phường Phú Khương' }).waitFor();
    await expect.poll(() => figure(page, 'Ca mắc 7 ngày')).toBe('3');
    expect(await figure(page, 'Ca / 100.000 dân (7 ngày)')).toBe('10');
    expect(await fitsWidth(page, 360)).toBe(true);

    // One week back: last week's single case.
    const weekLabel = await page.getByTestId('map-week').textContent();
    await page.getByLabel('Chọn tuần').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('map-week').textContent()).not.toBe(weekLabel);
    await expect.poll(() => figure(page, 'Ca mắc 7 ngày')).toBe('1');
    expect(await figure(page, 'Ca mắc 14 ngày')).toBe('1');

    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Epidemic situation map' }).waitFor();
    await page.getByLabel('Map layer').selectOption('coverage');
    await page.getByRole('region', { name: 'Map of Fully vaccinated' }).waitFor();
    // The blockades layer is real since #16: the map of zones (none drawn here) replaces the notice.
    await page.getByLabel('Map layer').selectOption('blockades');
    await page.getByRole('region', { name: 'Map of Blockaded zones' }).waitFor();
    expect(await page.getByText(/This layer is not available yet/u).count()).toBe(0);
    expect(await fitsWidth(page, 1366)).toBe(true);
    await context.close();
  });

  it('draws the commune polygons the province administrator loads, credited, at 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'quan.tri.tinh');
    await secondFactorInPage(page, 'quan.tri.tinh');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.goto(`${server.url}/situation/map`);
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '28756' },
          geometry: { type: 'Polygon', coordinates: square(106.37, 10.24) },
        },
        {
          type: 'Feature',
          properties: { code: '28759' },
          geometry: { type: 'Polygon', coordinates: square(106.39, 10.24) },
        },
      ],
    };
    await page.getByLabel('Tệp GeoJSON').setInputFiles({
      name: 'xa-ben-tre.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(geojson)),
    });
    await page.getByLabel('Giấy phép').fill('CC BY 4.0');
    await page.getByLabel('Nguồn (ghi trên bản đồ)').fill('Sở TN&MT Bến Tre');
    await page.getByRole('button', { name: 'Nạp ranh giới' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã nạp 2 ranh giới xã' }).waitFor();
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const visitor = await phone.newPage();
    await visitor.goto(`${server.url}/map`);
    await visitor.getByText('Ranh giới xã: Sở TN&MT Bến Tre (CC BY 4.0).').first().waitFor();
    await expect.poll(() => visitor.locator('path[role="button"]').count(), { timeout: 15_000 }).toBe(2);
    await commune(visitor, '28759').click();
    await visitor.getByRole('heading', { level: 3, name: 'Phường 8' }).waitFor();
    // The communes still without a polygon stay reachable from the list.
    await visitor.getByLabel('Danh sách xã/phường').selectOption('28757');
    await visitor.getByRole('heading', { level: 3, name: 'Phường Phú Tân' }).waitFor();
    expect(await fitsWidth(visitor, 360)).toBe(true);
    await phone.close();
  });
});
