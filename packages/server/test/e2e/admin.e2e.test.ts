import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-password-789';
const OFFICER_PASSWORD = 'commune-officer-pw-2026';

async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function heading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).first().textContent();
}

describe('administration screens in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'quantri.e2e', password: PASSWORD, role: 'province_admin', jurisdictionCode: '83' },
        { username: 'baomat.e2e', password: PASSWORD, role: 'security_officer', jurisdictionCode: '83' },
      ],
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an administrator creates a commune officer; the security officer revokes their session and audits it', async () => {
    // The province administrator (two-factor) creates a commune officer in the UI.
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const admin = await adminContext.newPage();
    await signIn(admin, server.url, 'quantri.e2e', PASSWORD);
    await secondFactorInPage(admin, 'quantri.e2e');
    await expect.poll(() => heading(admin)).toBe('Tổng quan');
    await admin.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await admin.getByRole('link', { name: 'Tài khoản' }).click();
    const form = admin.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill('xa.e2e');
    await form.getByLabel('Họ tên').fill('Cán bộ xã E2E');
    await form.locator('select').first().locator('option[value="829"]').waitFor({ state: 'attached' });
    await form.getByLabel('Huyện', { exact: true }).selectOption('829');
    await form
      .getByLabel('Xã', { exact: true })
      .locator('option[value="28756"]')
      .waitFor({ state: 'attached' });
    await form.getByLabel('Xã', { exact: true }).selectOption('28756');
    await form.getByLabel('Vai trò').selectOption({ label: 'Cán bộ xã' });
    await form.getByLabel(/Mật khẩu ban đầu/u).fill(OFFICER_PASSWORD);
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await form.getByText('Đã tạo tài khoản xa.e2e.').waitFor();
    await admin.getByTestId('account-xa.e2e').waitFor();
    await admin.setViewportSize({ width: 360, height: 740 });
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await adminContext.close();

    // The new officer signs in (commune level: no second factor), on a phone.
    const officerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const officer = await officerContext.newPage();
    await signIn(officer, server.url, 'xa.e2e', OFFICER_PASSWORD);
    await expect.poll(() => heading(officer)).toBe('Tổng quan');

    // The security officer (two-factor) sees the session and revokes it.
    const securityContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const security = await securityContext.newPage();
    await signIn(security, server.url, 'baomat.e2e', PASSWORD);
    await secondFactorInPage(security, 'baomat.e2e');
    await expect.poll(() => heading(security)).toBe('Tổng quan');
    await security.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await security.getByRole('link', { name: 'Phiên đăng nhập' }).click();
    const row = security.getByTestId('session-xa.e2e');
    await row.waitFor();
    expect(await row.textContent()).toContain('Cán bộ xã');
    await row.getByRole('button', { name: /Thu hồi phiên của xa\.e2e/u }).click();
    await security.getByText('Đã thu hồi phiên của xa.e2e.').waitFor();
    // The list reloads after the revocation: wait for the row to leave it.
    await security.getByTestId('session-xa.e2e').waitFor({ state: 'detached' });

    // The officer's next request is refused and the app sends them back to the login page.
    await officer.getByRole('button', { name: 'Menu' }).click();
    await officer.getByRole('link', { name: 'Đơn vị hành chính' }).click();
    await officer.waitForURL(/\/login/u);
    await officer.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await officerContext.close();

    // The audit viewer shows the account creation, and the chain verifies.
    await security.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await security.getByRole('link', { name: 'Nhật ký truy cập' }).click();
    const filters = security.getByRole('search', { name: 'Lọc nhật ký' });
    await filters.getByLabel('Hành động').selectOption('user_create');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    const created = security.getByTestId('audit-row').filter({ hasText: 'Tạo tài khoản' }).first();
    await created.waitFor();
    expect(await created.textContent()).toContain('quantri.e2e');
    await security.getByRole('button', { name: 'Kiểm tra chuỗi băm' }).click();
    await expect
      .poll(() => security.getByTestId('chain-result').textContent())
      .toMatch(/^Chuỗi nhật ký toàn vẹn: đã kiểm tra [\d.]+ dòng\.$/u);
    // Every action, each with its record id: at 1280 px the table scrolls in its box, the page not.
    await filters.getByLabel('Hành động').selectOption('');
    await filters.getByRole('button', { name: 'Lọc' }).click();
    await security.getByTestId('audit-row').filter({ hasText: 'Đăng nhập' }).first().waitFor();
    expect(await security.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // At 360 px the viewer fits the screen (rows become cards): nothing scrolls sideways.
    await security.setViewportSize({ width: 360, height: 740 });
    expect(await security.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await securityContext.close();
  });

  it('on a phone, the administrator subscribes a system to level changes, sees the secret once and sends a test event', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const admin = await context.newPage();
    await signIn(admin, server.url, 'quantri.e2e', PASSWORD);
    await secondFactorInPage(admin, 'quantri.e2e');
    await expect.poll(() => heading(admin)).toBe('Tổng quan');
    await admin.goto(`${server.url}/admin`);
    await admin.getByRole('link', { name: 'Webhook', exact: true }).click();
    const form = admin.getByRole('form', { name: 'Thêm đăng ký' });
    await form.getByLabel('Tên', { exact: true }).fill('Cổng cấp độ dịch');
    await form.getByLabel('Địa chỉ nhận').fill('https://capdo.example.vn/hook');
    await form.getByLabel(/Thay đổi cấp độ dịch/u).check();
    await form.getByRole('button', { name: 'Tạo đăng ký' }).click();
    expect(await admin.getByTestId('webhook-secret').inputValue()).toMatch(/^whsec_/u);
    await admin.getByRole('button', { name: 'Gửi sự kiện thử: Cổng cấp độ dịch' }).click();
    await admin.getByRole('table', { name: 'Nhật ký gửi' }).getByText('Sự kiện thử').waitFor();
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });
});
