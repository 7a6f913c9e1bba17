import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { seedDemoTesting } from '../../src/testing/demo.ts';
import { startWorkers } from '../../src/workers.ts';
import { recordOfPhone, stateIdentityInPage } from './citizen-identity.ts';
import { testConfig } from '../helpers.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-password-testing';
async function fits360(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

describe('testing in real Chromium at 360 px: citizen books → specimen collected → result entered → citizen sees it', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let stopWorkers: () => Promise<void>;

  beforeAll(async () => {
    server = await startServer();
    await seedDemoTesting(server.database.db, { provinceCode: '83' });
    stopWorkers = startWorkers(
      { config: testConfig({ DEMO: 'true', OUTBOX_POLL_MS: '200' }), database: server.database },
      () => undefined,
    );
    browser = await openBrowser();
  });
  afterAll(async () => {
    await stopWorkers?.();
    await browser?.close();
    await server?.close();
  });

  it('books a slot on the phone, the lab technician collects and enters N from the keyboard', async () => {
    const { db } = server.database;
    const [target] = await queryRows<{
      site_id: string;
      site_name: string;
      commune_code: string;
      full_name: string;
      phone: string;
    }>(
      db,
      sql`select s.id as site_id, s.name as site_name, s.commune_code, p.full_name, p.phone
          from test_sites s join persons p on p.commune_code = s.commune_code
          where p.merged_into is null and p.phone is not null and p.date_of_birth < '2005-01-01'
            and (select count(*) from persons q where q.phone = p.phone and q.merged_into is null) = 1
          order by s.name, p.name_key limit 1`,
    );
    expect(target).toBeDefined();
    await createUser(db, {
      username: 'xetnghiem.e2e',
      displayName: 'KTV xét nghiệm',
      password: PASSWORD,
      role: 'lab_technician',
      jurisdictionCode: target!.commune_code,
    });

    // The citizen signs in with a one-time code (demo inbox) and books the first free slot.
    const citizenContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const me = await citizenContext.newPage();
    await me.goto(`${server.url}/me/login`);
    await me.getByLabel('Số điện thoại').fill(target!.phone);
    await me.getByRole('button', { name: 'Gửi mã' }).click();
    await me.getByLabel('Mã đăng nhập').waitFor();
    const inbox = await citizenContext.newPage();
    await inbox.goto(`${server.url}/demo/inbox`);
    const body = inbox.getByTestId('message-body').first();
    await body.waitFor();
    const code = /\d{6}/u.exec((await body.textContent()) ?? '')![0];
    await me.getByLabel('Mã đăng nhập').fill(code);
    await me.getByRole('button', { name: 'Đăng nhập' }).click();
    await stateIdentityInPage(me, server.database, await recordOfPhone(server.database, target!.phone));
    await me.getByRole('link', { name: 'Đặt lịch xét nghiệm' }).click();
    await me.getByRole('heading', { level: 1, name: 'Đặt lịch xét nghiệm' }).waitFor();
    await me.getByLabel('Chọn điểm xét nghiệm').selectOption(target!.site_id);
    await me.getByRole('radio').first().check();
    await fits360(me);
    await me.getByRole('button', { name: 'Đặt lịch', exact: true }).click();
    await me.getByText(/^Đã đặt lịch tại/u).waitFor();

    // The lab technician, on a phone too: collection desk, then the result queue.
    const labContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const lab = await labContext.newPage();
    await lab.goto(`${server.url}/login`);
    await lab.getByLabel('Tên đăng nhập').fill('xetnghiem.e2e');
    await lab.getByLabel('Mật khẩu').fill(PASSWORD);
    await lab.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => lab.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tổng quan');
    await lab.goto(`${server.url}/testing/collect?site=${target!.site_id}`);
    const card = lab.locator('li.card', { hasText: target!.full_name });
    await card.waitFor();
    // The card tells namesakes apart: date of birth and the masked ID beside the name.
    expect(await card.getByTestId('collect-person').textContent()).toMatch(/sinh \d{2}\/\d{2}\/\d{4}/u);
    await fits360(lab);

    // Another tab of the desk keeps the site; a slot already over this morning is never offered.
    const [past] = await queryRows<{ id: string }>(
      db,
      sql`insert into test_sessions (site_id, starts_at, ends_at, capacity, province_code, district_code, commune_code)
          select id, now() - interval '3 hours', now() - interval '1 hour', 50, province_code, district_code, commune_code
          from test_sites where id = ${target!.site_id} returning id`,
    );
    await lab.getByRole('link', { name: 'Đăng ký', exact: true }).click();
    await expect
      .poll(() => lab.getByLabel('Điểm xét nghiệm', { exact: true }).inputValue())
      .toBe(target!.site_id);
    const slotPick = lab.getByLabel('Khung giờ', { exact: true });
    await expect.poll(() => slotPick.locator('option').count()).toBeGreaterThan(1);
    expect(await slotPick.locator(`option[value="${past!.id}"]`).count()).toBe(0);
    await lab.getByRole('link', { name: 'Lấy mẫu', exact: true }).click();
    await card.waitFor();
    const [label] = await Promise.all([
      labContext.waitForEvent('page'),
      card.getByRole('button', { name: 'Lấy mẫu' }).click(),
    ]);
    await label.close();
    const done = lab.getByText(/Đã lấy mẫu S\d{10}/u);
    await done.waitFor();
    const barcode = /S\d{10}/u.exec((await done.textContent()) ?? '')![0];

    await lab.getByRole('link', { name: 'Nhập kết quả' }).click();
    const scan = lab.getByLabel('Mã mẫu');
    await scan.fill(barcode);
    await scan.press('Enter');
    // Before the result is typed, the tube names its person (name and date of birth shown).
    const person = lab.getByTestId('result-person');
    await person.getByText(target!.full_name, { exact: true }).waitFor();
    expect(await person.textContent()).toMatch(/sinh \d{2}\/\d{2}\/\d{4}|chưa có ngày sinh/u);
    await lab.getByLabel('Kết quả (P/N/I)').fill('n');
    await lab.getByLabel('Kết quả (P/N/I)').press('Enter');
    await lab.getByTestId('last-entries').getByText('Đã lưu').waitFor();
    // The saved line names whose result it was.
    expect(await lab.getByTestId('last-entries').locator('li').first().textContent()).toContain(
      target!.full_name,
    );
    await expect.poll(() => lab.evaluate(() => document.activeElement?.id)).toBe('r-barcode');
    await fits360(lab);

    // The citizen sees the result on their page.
    await me.goto(`${server.url}/me/tests`);
    await me.getByTestId('test-result').getByText('Âm tính').waitFor();
    await fits360(me);
    await citizenContext.close();
    await labContext.close();
  });
});
