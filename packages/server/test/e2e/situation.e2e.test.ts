/**
 * The situation room in real Chromium: a commune officer keeps the dashboard open; a positive
 * result entered through the API (the lab's own HTTP requests) shows as a new case on it without
 * a reload — the test waits for the count, never for a fixed time. The dashboard reads at 1366 px
 * and at 360 px, in Vietnamese and English; presentation mode moves by key and by its timer, and
 * Esc leaves it.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { specimenAt } from '../../src/testing/test-fixtures.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'situation-room-83-e2e';

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** The number a key-figure tile shows (digits only; grouping signs differ by language). */
async function tileNumber(page: Page, id: string): Promise<number> {
  const text = (await page.getByTestId(`tile-${id}`).locator('.tile__value').textContent()) ?? '';
  return Number(text.replace(/\D/gu, ''));
}

async function fitsWidth(page: Page, width: number): Promise<boolean> {
  return (await page.evaluate(() => document.documentElement.scrollWidth)) <= width;
}

describe('the situation room in the browser', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let place = { provinceCode: '83', districtCode: '', communeCode: '' };
  let personId = '';

  beforeAll(async () => {
    // A person of the demo province and the officials of their commune: its officer watches the
    // dashboard, its lab technician enters results.
    server = await startServer();
    const [person] = await queryRows<{ id: string; district_code: string; commune_code: string }>(
      server.database.db,
      sql`select id, district_code, commune_code from persons
        where merged_into is null and commune_code is not null and district_code is not null
          and not exists (select 1 from cases c where c.person_id = persons.id)
        order by id limit 1`,
    );
    personId = person!.id;
    place = { provinceCode: '83', districtCode: person!.district_code, communeCode: person!.commune_code };
    for (const [username, role] of [
      ['phong.tinh.huong', 'commune_officer'],
      ['ky.thuat.vien', 'lab_technician'],
    ] as const)
      await createUser(server.database.db, {
        username,
        password: PASSWORD,
        role,
        jurisdictionCode: place.communeCode,
        displayName: username,
      });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The lab technician enters a positive RT-PCR result through the HTTP API. */
  async function enterPositiveResult(): Promise<void> {
    const specimen = await specimenAt(server.database.db, personId, place);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ky.thuat.vien', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const res = await fetch(`${server.url}/api/testing/results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, [CSRF_HEADER]: '1' },
      body: JSON.stringify({ barcode: specimen.barcode, outcome: 'positive', ct: 19 }),
    });
    expect(res.status, await res.text()).toBe(201);
  }

  it('shows a positive result entered through the API on the open dashboard, without a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'phong.tinh.huong');
    await page
      .getByRole('navigation', { name: 'Chức năng' })
      .getByRole('link', { name: 'Phòng tình huống' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Phòng tình huống' }).waitFor();
    await page.getByTestId('tile-casesPeriod').waitFor();
    const before = await tileNumber(page, 'casesPeriod');
    await page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    await enterPositiveResult();

    await expect.poll(() => tileNumber(page, 'casesPeriod'), { timeout: 15_000 }).toBe(before + 1);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // The epidemic curve is drawn (ECharts' SVG, as wide as its half of the screen) and says in words
    // what it shows.
    const curve = page.getByTestId('chart-curve');
    await curve.locator('svg').first().waitFor();
    await expect
      .poll(() =>
        curve.getByRole('img', { name: /^Theo ngày báo cáo: 30 ngày số liệu, giá trị cuối \d/u }).count(),
      )
      .toBe(1);
    expect(
      await curve
        .locator('svg')
        .first()
        .evaluate((svg) => svg.getBoundingClientRect().width),
    ).toBeGreaterThan(400);
    expect(await fitsWidth(page, 1366)).toBe(true);
    await context.close();
  });

  it('reads at 360 px in English and in Vietnamese, and downloads its figures as a workbook', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signIn(page, server.url, 'phong.tinh.huong');
    await page.goto(`${server.url}/situation`);
    await page.getByTestId('tile-casesToday').waitFor();
    await page.getByTestId('doses-by-age').waitFor();
    expect(await fitsWidth(page, 360)).toBe(true);
    // The scope on screen as a workbook, its headers in Vietnamese (doses by age band and kind included).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Excel (.xlsx, mọi bảng)' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    expect(workbook.getWorksheet('Chỉ số')?.getRow(2).getCell(1).value).toBe('Ngày');
    expect(workbook.getWorksheet('Mũi tiêm theo nhóm tuổi')?.getRow(1).values).toEqual([
      undefined,
      'Nhóm tuổi',
      'Mũi 1',
      'Mũi 2',
      'Mũi nhắc lại',
      'Mũi bổ sung',
      'Mũi tiêm',
    ]);
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Situation room' }).waitFor();
    await page.getByRole('group', { name: 'Test positivity' }).waitFor();
    await page.getByRole('figure').filter({ hasText: 'Epidemic curve' }).waitFor();
    expect(await fitsWidth(page, 360)).toBe(true);
    await context.close();
  });

  it('presentation mode advances by key and by its timer, and Esc leaves it', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'phong.tinh.huong');
    await page.goto(`${server.url}/situation/present?interval=600`);
    await page.getByRole('heading', { name: 'Tình hình hôm nay' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Đường cong dịch' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('heading', { name: 'Tình hình hôm nay' }).waitFor();
    // Back round the end: levels, beds, then the map (C's EpiMap: the cartogram of the communes).
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.getByRole('heading', { name: 'Bản đồ: ca mới trên 100.000 dân (7 ngày)' }).waitFor();
    await page.locator('.epimap__map').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('heading', { name: 'Tình hình hôm nay' }).waitFor();

    // Two seconds a slide: it moves on by itself.
    await page.getByLabel('Số giây mỗi trang').fill('2');
    await page.getByRole('heading', { name: 'Đường cong dịch' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Xét nghiệm và tỷ lệ dương tính' }).waitFor({ timeout: 15_000 });
    expect(await fitsWidth(page, 1366)).toBe(true);

    await page.getByLabel('Số giây mỗi trang').blur();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { level: 1, name: 'Phòng tình huống' }).waitFor();
    await context.close();
  });
});
