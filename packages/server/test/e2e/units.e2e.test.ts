import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { households } from '../../src/db/schema/index.ts';
import { loadUnitDataset } from '../../src/registry/units/load.ts';
import { addPeople } from '../helpers.ts';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'units-admin-pw-2026';
const asset = (f: string) =>
  readFileSync(fileURLToPath(new URL(`../../assets/units/${f}`, import.meta.url)), 'utf8');

async function widthFits(page: Page): Promise<boolean> {
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  return width <= 360;
}

describe('the reform of 1 July 2025 loaded and reviewed by the province administrator in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let household: string;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'quantri.donvi', password: PASSWORD, role: 'province_admin', jurisdictionCode: '83' },
      ],
    });
    const { db } = server.database;
    // The list in force before the reform (2025-03), and a household of two in Thị trấn Tam Bình
    // (Vĩnh Long), a commune the reform divided between Xã Tam Bình and Xã Trà Côn.
    await db.transaction((tx) => loadUnitDataset(tx, '2025-03'));
    const [h] = await db
      .insert(households)
      .values({ communeCode: '29719', districtCode: '860', provinceCode: '86', address: 'Khóm 2' })
      .returning({ id: households.id });
    household = h!.id;
    await addPeople(
      server.database,
      ['Huỳnh Văn Phúc', 'Huỳnh Thị Quý'].map((fullName) => ({
        fullName,
        communeCode: '29719',
        districtCode: '860',
        provinceCode: '86',
        householdId: household,
      })),
    );
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a malformed list and a change table missing a reused code, loads the real one, and a divided commune’s household is decided', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('quantri.donvi');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'quantri.donvi');
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    await page.getByRole('link', { name: 'Quản trị', exact: true }).click();
    await page.getByRole('link', { name: 'Danh mục đơn vị' }).click();
    await page.getByRole('heading', { level: 1, name: 'Danh mục đơn vị hành chính' }).waitFor();
    const form = page.getByRole('form', { name: 'Nạp danh mục mới' });
    const listInput = form.getByLabel('Tệp danh mục (JSON)');
    const changesInput = form.getByLabel('Bảng chuyển đổi (CSV)');
    const confirm = form.getByRole('button', { name: 'Xác nhận nạp danh mục' });

    // A file that is not a list: said at once, in Vietnamese; nothing can be sent.
    await listInput.setInputFiles({
      name: 'list.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{not json'),
    });
    await form.getByRole('alert').getByText('Tệp danh mục không phải JSON hợp lệ.').waitFor();
    expect(await confirm.isDisabled()).toBe(true);

    // The reform's list with a change table that lacks the row keeping Phường Phú Khương's code
    // (28756 is reused for the larger new ward): the server refuses it and names the code.
    const csv = asset('vn-commune-changes-2025-07.csv');
    const withoutReuse = csv
      .split('\n')
      .filter((line) => !line.startsWith('83,829,28756,'))
      .join('\n');
    await listInput.setInputFiles({
      name: 'vn-admin-units-2025-07.json',
      mimeType: 'application/json',
      buffer: Buffer.from(asset('vn-admin-units-2025-07.json')),
    });
    await changesInput.setInputFiles({
      name: 'changes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(withoutReuse),
    });
    await form.getByLabel('Tên danh mục').fill('2025-07');
    await form.getByLabel('Ngày có hiệu lực').fill('2025-07-01');
    const preview = page.getByTestId('unit-list-preview');
    await preview.getByText('3.321').waitFor(); // communes of the 2025-07 list
    expect(await preview.textContent()).toContain('Chia cho nhiều xã');
    await confirm.click();
    const refusal = page.getByRole('alert').filter({ hasText: '28756' });
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toContain(
      'Mã 28756 được dùng lại trong danh mục mới, nhưng bảng chuyển đổi không có dòng chuyển xã cũ 28756 vào đó.',
    );

    // The full official change table: loaded, and re-homed at once (its day has come).
    await changesInput.setInputFiles({
      name: 'vn-commune-changes-2025-07.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await confirm.click();
    const loaded = page.getByRole('status').filter({ hasText: 'Đã nạp danh mục 2025-07' });
    await loaded.waitFor({ timeout: 120_000 });
    expect(await loaded.textContent()).toContain('3.355 đơn vị, 10.583 dòng chuyển đổi');
    expect(await loaded.textContent()).toContain('theo bảng chuyển đổi: 2025-07');
    expect(await widthFits(page)).toBe(true);

    // The review queue: the household of old Thị trấn Tam Bình, with both parts at half each.
    await loaded.getByRole('link', { name: 'Mở danh sách rà soát xã bị chia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rà soát chuyển đơn vị (xã bị chia)' }).waitFor();
    const item = page.getByTestId(`rehoming-household-${household}`);
    await item.waitFor();
    expect(await item.getByRole('heading').textContent()).toBe(
      'hộ gia đình ở Thị trấn Tam Bình (xã cũ, mã 29719)',
    );
    expect(await widthFits(page)).toBe(true);
    const decide = item.getByRole('button', { name: 'Quyết định' });
    expect(await decide.isDisabled()).toBe(true);
    await item.getByLabel('Xã Trà Côn (29836) — 50% dân số').check();
    await decide.click();
    await page.getByRole('status').getByText('Đã chuyển hộ gia đình vào Xã Trà Côn.').waitFor();
    await item.waitFor({ state: 'detached' });

    // The household moved; the decision is in the audit trail.
    const [h] = await server.database.db.select().from(households).where(eq(households.id, household));
    expect(h).toMatchObject({ communeCode: '29836', provinceCode: '86' });
    const audited = await queryRows<{ n: number }>(
      server.database.db,
      sql`select count(*)::int as n from audit_log where action = 'decide' and entity = 'unit_rehoming_review'`,
    );
    expect(audited[0]!.n).toBe(1);
    await context.close();
  });
});
