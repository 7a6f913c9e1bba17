/**
 * Import in real Chromium at 1366 px, in Vietnamese: a commune officer uploads a residents
 * workbook (a title banner, 30 rows, 3 of them broken), checks the automatic column mapping,
 * previews the first rows as they will be stored, starts the import and follows its progress
 * (the real import worker runs it), then downloads the error report; at 360 px the page fits.
 */
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportWorker } from '../../src/imports/worker.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-commune-pw-2026';

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('DS');
  sheet.addRow(['DANH SÁCH NGƯỜI DÂN']);
  sheet.mergeCells('A1:D1');
  sheet.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Mã xã']);
  const given = ['An', 'Bình', 'Chi', 'Dũng', 'Hoà', 'Khánh'];
  for (let i = 0; i < 30; i++) {
    const dob = i % 10 === 4 ? '30/02/1980' : `${1 + i}/3/${1950 + i}`;
    sheet.addRow([`Lâm Thị ${given[i % 6]} ${given[Math.floor(i / 6)]}`, dob, 'Nữ', '28756']);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function heading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).first().textContent();
}

describe('import in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let stopWorker: () => void;

  beforeAll(async () => {
    server = await startServer({
      users: [{ username: 'xa.e2e', password: PASSWORD, role: 'commune_officer', jurisdictionCode: '28756' }],
    });
    stopWorker = startImportWorker(server.database, () => undefined, { pollMs: 200 });
    browser = await openBrowser();
  });
  afterAll(async () => {
    stopWorker?.();
    await browser?.close();
    await server?.close();
  });

  it('upload, mapping, preview, progress and the error report', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('xa.e2e');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => heading(page)).toBe('Tổng quan');

    await page.getByRole('link', { name: 'Nhập dữ liệu' }).click();
    await expect.poll(() => heading(page)).toBe('Nhập dữ liệu từ Excel/CSV');
    await page.getByRole('link', { name: 'Tải mẫu Mũi tiêm vắc xin' }).waitFor();

    await page.getByLabel('Loại dữ liệu').selectOption('people');
    await page.getByLabel('Nguồn (để lưu cách ghép cột)').fill('Sổ hộ khẩu xã');
    await page.getByLabel('Tệp xlsx hoặc CSV').setInputFiles({
      name: 'nguoi-dan.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbook(),
    });
    await page.getByRole('button', { name: 'Tải lên' }).click();

    await page.getByRole('heading', { name: 'Ghép cột' }).waitFor();
    const nameColumn = page.getByLabel(/Cột cho “Họ và tên”/u);
    expect(await nameColumn.locator('option:checked').textContent()).toBe('Họ và tên');
    expect(
      await page
        .getByLabel(/Cột cho “Mã xã\/phường”/u)
        .locator('option:checked')
        .textContent(),
    ).toBe('Mã xã');

    await page.getByRole('button', { name: 'Lưu cách ghép và xem trước' }).click();
    await page.getByRole('heading', { name: 'Xem trước (các dòng đầu, như sẽ lưu)' }).waitFor();
    await page.getByRole('cell', { name: 'Lâm Thị An An' }).waitFor();
    await page.getByRole('cell', { name: '1950-03-01' }).waitFor();
    await page.getByText('Ngày sinh: Ngày không tồn tại').waitFor();

    await page.getByRole('button', { name: 'Bắt đầu nhập' }).click();
    await page.getByRole('progressbar', { name: 'Tiến độ nhập' }).waitFor();
    await page
      .getByText(/Đã nhập 27, trùng 0, chờ đối chiếu \d+, lỗi 3 \/ 30 dòng/u)
      .waitFor({ timeout: 60_000 });
    await page.getByText(/— Hoàn tất/u).waitFor();

    const link = page.getByRole('link', { name: 'Tải báo cáo lỗi (xlsx)' });
    const href = await link.getAttribute('href');
    const report = await page.evaluate(async (url) => {
      const res = await fetch(url!, { headers: { 'Accept-Language': 'vi' } });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        bytes: (await res.arrayBuffer()).byteLength,
      };
    }, href);
    expect(report.status).toBe(200);
    expect(report.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(report.bytes).toBeGreaterThan(1000);
    await page.getByRole('heading', { name: 'Lịch sử nhập' }).waitFor();
    await page.getByRole('button', { name: 'nguoi-dan.xlsx' }).waitFor();
    // The history line: the kind and the counts (added, duplicates skipped, errors).
    await page
      .getByRole('row', { name: /nguoi-dan\.xlsx Danh sách người dân .*\(30\/30\) 27 0 3$/u })
      .waitFor();
    // The same page on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(360);
    await context.close();
  }, 180_000);
});
