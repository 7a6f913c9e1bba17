import { readFile } from 'node:fs/promises';
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillForecasts } from '../../src/analytics/forecasts/store.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'analytics-exports-pw-2026';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The commune's officer prepares a briefing from the analysis page of a commune with a five-week
 * COVID-19 outbreak (some cases moderate or severe, forecasts stored weekly for a month): each
 * chart — the curve, Rt, the forecast fan, hospital and ICU beds, a scenario run and the backtest —
 * downloads as a real PNG (twice the chart's pixels) and its data as an xlsx workbook whose sheet
 * holds the numbers on screen.
 */
describe('the analysis page exports its charts in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'tram.exports', password: PASSWORD, role: 'commune_officer', jurisdictionCode: '28756' },
      ],
    });
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
                         province_code, district_code, commune_code, severity)
      select p.id, 'COVID-19', 'confirmed', d.onset, d.onset + d.i % 3, 'open', '83', '829', '28756',
        case d.i % 5 when 0 then 'severe' when 1 then 'moderate' else 'mild' end
      from days d join people p on p.full_name = 'Ca ' || d.k || '-' || d.i`);
    await backfillForecasts(
      server.database,
      '83',
      { from: addDays(today(), -28), to: addDays(today(), -7), stepDays: 7 },
      { units: ['28756'], diseases: ['COVID-19'] },
    );
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Click a button and return the file it downloads. */
  async function download(page: Page, name: string): Promise<{ fileName: string; bytes: Buffer }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name, exact: true }).click(),
    ]);
    const path = await file.path();
    return { fileName: file.suggestedFilename(), bytes: await readFile(path) };
  }

  it('downloads every chart as PNG and its data as xlsx', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tram.exports');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.goto(`${server.url}/situation/analytics`);
    await page.getByTestId('rt-latest').waitFor();
    await page.getByTestId('beds-latest').waitFor();
    await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
    await page.getByTestId('scenarios-chart').locator('svg').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kiểm định dự báo' }).waitFor();

    const charts = [
      'Đường cong dịch',
      'Hệ số lây nhiễm hiệu dụng Rt',
      'Dự báo 14 ngày',
      'Giường đang sử dụng dự báo',
      'Ca dự kiến được phát hiện mỗi ngày theo kịch bản',
      'Biểu đồ: dự báo trước 7 ngày so với số ca thực tế',
    ];
    for (const chart of charts) {
      const png = await download(page, `Tải ảnh PNG: ${chart}`);
      expect(png.fileName).toMatch(/-28756-COVID-19-\d{4}-\d{2}-\d{2}\.png$/u);
      expect([...png.bytes.subarray(0, 8)], chart).toEqual(PNG_SIGNATURE);
      // IHDR: width and height (big-endian) at bytes 16 and 20, twice the CSS pixels.
      expect(png.bytes.readUInt32BE(16), chart).toBeGreaterThan(600);
      expect(png.bytes.readUInt32BE(20), chart).toBeGreaterThan(300);

      const xlsx = await download(page, `Tải số liệu Excel: ${chart}`);
      expect(xlsx.fileName).toMatch(/\.xlsx$/u);
      expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.rowCount, chart).toBeGreaterThan(1);
      expect(sheet.getRow(1).font?.bold, chart).toBe(true);
    }

    // The curve's workbook holds the 120 days, the first column the days.
    const curve = new ExcelJS.Workbook();
    await curve.xlsx.load(
      (await download(page, 'Tải số liệu Excel: Đường cong dịch')).bytes as unknown as ArrayBuffer,
    );
    const rows = curve.getWorksheet('Đường cong')!;
    expect(rows.getRow(1).getCell(1).value).toBe('Ngày');
    expect(rows.rowCount).toBe(121);
    expect(rows.getRow(121).getCell(1).value).toBe(today());
    await page.close();
  });
});
