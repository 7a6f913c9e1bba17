import { foldText } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-password-123';

describe('the web shell in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'tp.bentre', password: PASSWORD, role: 'district_officer', jurisdictionCode: '829' },
      ],
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, switches language, searches a person and opens their page', async () => {
    const [row] = await queryRows<{ full_name: string }>(
      server.database.db,
      sql`select full_name from persons where merged_into is null and district_code = '829' and full_name like 'Nguyễn %' order by name_key limit 1`,
    );
    const fullName = row!.full_name;
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.url);

    // Vietnamese first.
    await page.getByLabel('Tên đăng nhập').fill('tp.bentre');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // A province administrator must use two-factor sign-in (enrolment at the first sign-in).
    await secondFactorInPage(page, 'tp.bentre');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tổng quan');

    // Switch to English on this screen; the choice sticks.
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Overview');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Search by name typed without diacritics; open the person's page.
    await page.goto(`${server.url}/people`);
    await page.getByLabel('Search people').fill(foldText(fullName).split(' ').slice(0, 2).join(' '));
    const link = page.getByRole('link', { name: fullName }).first();
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(fullName);
    await context.close();
  });

  it('registers a person through the form (record linkage answers), then shows the rules in force', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tp.bentre');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'tp.bentre');
    await page.getByRole('heading', { name: 'Tổng quan' }).waitFor();

    await page.goto(`${server.url}/people/new`);
    await page.getByLabel('Họ và tên').fill('Huỳnh Thị Thanh Thủy');
    await page.getByLabel('Ngày sinh').fill('1988-09-21');
    await page.getByLabel('Giới tính').selectOption('female');
    await page.getByLabel('Số CCCD / CMND / hộ chiếu').fill('083188123456');
    await page.getByLabel('Huyện/thành phố').selectOption('829');
    await page.getByLabel('Xã/phường/thị trấn').selectOption('28756');
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.getByText('Đã thêm người dân mới.').waitFor();

    // The same CCCD again is not a second person: linkage merges it into the first.
    await page.getByLabel('Họ và tên').fill('HUYNH THI THANH THUY');
    await page.getByLabel('Số CCCD / CMND / hộ chiếu').fill('083 188 123 456');
    await page.getByLabel('Huyện/thành phố').selectOption('829');
    await page.getByLabel('Xã/phường/thị trấn').selectOption('28756');
    await page.getByRole('button', { name: 'Lưu hồ sơ' }).click();
    await page.getByText(/Người này đã có trong sổ/).waitFor();

    await page.getByRole('link', { name: 'Quy định & chính sách' }).click();
    const retention = page.locator('section', {
      has: page.getByRole('heading', { name: 'Thời gian lưu lượt quét mã' }),
    });
    await retention.getByText('Đang áp dụng', { exact: true }).waitFor();
    // The rule reads for officials: its value with its unit, no rule code.
    await retention.getByText('30 ngày', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'checkin.retentionDays' }).count()).toBe(0);
    await context.close();
  });
});
