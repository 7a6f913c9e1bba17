/**
 * #15 in real Chromium at 360 px, citizen and commune officer side by side: the officer keeps the
 * review list open; a citizen without an account declares fever, is told to get tested and
 * confirms the prefilled test in one tap; the officer's list shows the flagged declaration without
 * a reload (live event); at the checkpoint page the officer checks the citizen's declaration code
 * and the passage is recorded.
 */
import { count, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { checkpointPassages, declarations } from '../../src/db/schema/index.ts';
import { seedDemoTesting } from '../../src/testing/demo.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-password-declarations';

async function fits360(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('declarations: citizen flagged → one-tap test → officer sees it live → checkpoint scan', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer();
    await seedDemoTesting(server.database.db, { provinceCode: '83' });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('flags a citizen with fever, books the test in one tap, shows it live and records the passage', async () => {
    const { db } = server.database;
    const [site] = await queryRows<{ commune_code: string }>(
      db,
      sql`select commune_code from test_sites where active and commune_code is not null order by name limit 1`,
    );
    expect(site).toBeDefined();
    await createUser(db, {
      username: 'xa.khaibao.e2e',
      displayName: 'Cán bộ xã',
      password: PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: site!.commune_code,
    });

    // The commune officer opens the review list on a phone.
    const officerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const officer = await officerContext.newPage();
    const officerErrors: string[] = [];
    officer.on('pageerror', (e) => officerErrors.push(e.message));
    await officer.goto(`${server.url}/login`);
    await officer.getByLabel('Tên đăng nhập').fill('xa.khaibao.e2e');
    await officer.getByLabel('Mật khẩu').fill(PASSWORD);
    await officer.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => officer.getByRole('heading', { level: 1 }).first().textContent())
      .toBe('Tổng quan');
    await officer.goto(`${server.url}/declarations`);
    await officer.getByRole('heading', { level: 1, name: 'Khai báo cần xem xét' }).waitFor();
    await officer.getByText('Không có khai báo nào cần xem xét.').waitFor();

    // A citizen without an account declares fever.
    const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const me = await citizenContext.newPage();
    const citizenErrors: string[] = [];
    me.on('pageerror', (e) => citizenErrors.push(e.message));
    await me.goto(`${server.url}/declare`);
    await me.getByRole('link', { name: 'Khai báo y tế nội địa' }).click();
    await me.getByLabel('Họ và tên').fill('Đặng Thị Sốt Cao');
    await me.getByLabel('Số điện thoại').fill('0913555777');
    await me.getByLabel('Xã/phường nơi ở hiện tại').selectOption(site!.commune_code);
    await me
      .getByRole('group', { name: /có triệu chứng nào/u })
      .getByLabel('Có')
      .check();
    await me
      .getByRole('group', { name: /^Các triệu chứng/u })
      .getByLabel('Sốt')
      .check();
    for (const question of [/tiếp xúc gần với người mắc/u, /nơi đang có ổ dịch/u, /đi khỏi xã\/phường/u])
      await me.getByRole('group', { name: question }).getByLabel('Không').check();
    await fits360(me);
    await me.getByRole('button', { name: 'Gửi khai báo' }).click();
    await me.getByRole('heading', { name: 'Đã nhận khai báo' }).waitFor();
    expect(await me.getByTestId('triage-action').textContent()).toBe('Xét nghiệm');
    await me.getByTestId('declaration-qr').waitFor();
    await fits360(me);

    // One tap books the prefilled test.
    await me.getByRole('button', { name: 'Xác nhận đăng ký xét nghiệm' }).click();
    await me.getByText('Đã đăng ký xét nghiệm.').waitFor();
    const [stored] = await db.select().from(declarations);
    expect(stored?.flagStatus).toBe('testRegistered');

    // The officer's list showed it without a reload.
    const row = officer.getByRole('row', { name: /Đặng Thị Sốt Cao/u });
    await row.waitFor({ timeout: 20_000 });
    await fits360(officer);

    // At the checkpoint: the code the citizen shows (as the QR's text) is checked, the passage recorded.
    const token = await me.evaluate(() => {
      const kept = JSON.parse(localStorage.getItem('epilink.declarations.receipts') ?? '[]') as {
        receipt: { token: string };
      }[];
      return kept[0]?.receipt.token ?? '';
    });
    expect(token).not.toBe('');
    await officer.getByRole('link', { name: 'Chốt kiểm soát' }).click();
    await officer.getByLabel('Tên chốt').fill('Chốt cầu Rạch Miễu');
    await officer.getByLabel('Hoặc dán nội dung mã').fill(token);
    await officer.getByRole('button', { name: 'Kiểm tra' }).click();
    const result = officer.getByTestId('checkpoint-result');
    await result.getByText('Đặng Thị Sốt Cao').waitFor();
    await result.getByText(/^Đã ghi nhận lượt qua chốt lúc/u).waitFor();
    const [passages] = await db
      .select({ n: count() })
      .from(checkpointPassages)
      .where(eq(checkpointPassages.declarationId, stored!.id));
    expect(passages?.n).toBe(1);
    await fits360(officer);

    expect(citizenErrors).toEqual([]);
    expect(officerErrors).toEqual([]);
    await citizenContext.close();
    await officerContext.close();
  });
});
