/**
 * Contact tracing in real Chromium: a positive PCR result reaches the case module (through
 * `applyTestResult`, the seam testing calls), which confirms the case and proposes the household
 * as contacts. A commune officer keeps the chain view open in one browser context; a tracer, in
 * another, opens the worklist and confirms a contact — and the officer's chain view shows the
 * confirmed F1 without reloading the page (server-sent events); the case page then lists the
 * contact as confirmed, the interview form proposes a named colleague, and the contact's person
 * page shows "F1 — under monitoring".
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { createUser } from '../../src/auth/users.ts';
import { applyTestResult } from '../../src/cases/intake.ts';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'tracer-password-83-e2e';

async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

describe('contact tracing in the browser', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let contactName = '';
  let caseName = '';
  let caseIdOfMember = '';

  beforeAll(async () => {
    server = await startServer();
    // A household of at least two people in one commune of the demo province; its commune's
    // tracer and commune officer.
    const [home] = await queryRows<{ household_id: string; commune_code: string }>(
      server.database.db,
      sql`select household_id, min(commune_code) as commune_code from persons
        where household_id is not null and merged_into is null and commune_code is not null
        group by household_id having count(*) >= 2 order by household_id limit 1`,
    );
    for (const [username, role] of [
      ['truy.vet', 'tracer'],
      ['can.bo.xa', 'commune_officer'],
    ] as const) {
      await createUser(server.database.db, {
        username,
        password: PASSWORD,
        role,
        jurisdictionCode: home!.commune_code,
        displayName: username,
      });
    }
    const members = await queryRows<{ id: string; full_name: string }>(
      server.database.db,
      sql`select id, full_name from persons where household_id = ${home!.household_id} and merged_into is null
        order by id`,
    );
    expect(members.length).toBeGreaterThanOrEqual(2);
    caseName = members[0]!.full_name;
    // The positive PCR result of the first member, as the testing module hands it over.
    await server.database.db.transaction(async (tx) => {
      const { caseId } = await applyTestResult(
        tx,
        systemAccess('e2e: lab result'),
        {
          resultId: randomUUID(),
          personId: members[0]!.id,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 22,
          sampledAt: new Date(Date.now() - 6 * 3600_000),
          symptomatic: true,
        },
        { ip: null },
      );
      expect(caseId).not.toBeNull();
      caseIdOfMember = caseId!;
    });
    const [proposed] = await queryRows<{ full_name: string }>(
      server.database.db,
      sql`select p.full_name from contacts k join persons p on p.id = k.person_id
        where k.status = 'proposed' order by p.id limit 1`,
    );
    contactName = proposed!.full_name;
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a tracer confirms a contact on the worklist and the chain view of another screen follows live', async () => {
    // The commune officer watches the chain view.
    const watcher = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const chainPage = await watcher.newPage();
    await signIn(chainPage, server.url, 'can.bo.xa');
    await chainPage.getByRole('link', { name: 'Ca bệnh & truy vết' }).click();
    await chainPage.getByRole('link', { name: 'Chuỗi lây nhiễm' }).click();
    const summary = chainPage.getByTestId('chain-summary');
    await expect
      .poll(() => summary.textContent())
      .toMatch(/^1 ca bệnh \(F0\), 0 tiếp xúc đã xác nhận, [1-9]\d* tiếp xúc đề xuất$/u);
    await expect.poll(() => chainPage.getByRole('img', { name: /Sơ đồ chuỗi lây nhiễm/u }).count()).toBe(1);
    // The case is labelled on the fitted graph (not only when zoomed in).
    await expect
      .poll(() =>
        chainPage.getByRole('img', { name: /Sơ đồ chuỗi lây nhiễm/u }).getAttribute('data-case-labels'),
      )
      .toBe('1');
    await chainPage.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });

    // The tracer, on a phone, opens the worklist and confirms the contact.
    const tracer = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await tracer.newPage();
    await signIn(page, server.url, 'truy.vet');
    await page.goto(`${server.url}/cases/worklist`);
    await page.getByRole('heading', { name: /Người tiếp xúc cần gọi \([1-9]/u }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: `Xác nhận ${contactName} là người tiếp xúc` }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: contactName }).count())
      .toBeGreaterThan(0);

    // The other screen shows the confirmed F1 without a reload.
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toMatch(/, 1 tiếp xúc đã xác nhận,/u);
    expect(await chainPage.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
      true,
    );

    // The case page lists the contact as confirmed; the contact's person page says F1.
    await page.goto(`${server.url}/cases`);
    await page.getByRole('link', { name: caseName }).click();
    await page.getByRole('heading', { name: `Ca bệnh: ${caseName}` }).waitFor();
    await expect.poll(() => page.getByTestId('case-classification').textContent()).toBe('Xác định');
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader').getByRole('link', { name: contactName, exact: true }) });
    await expect.poll(() => row.textContent()).toContain('Đã xác nhận');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The interview names a colleague: proposed as a contact at once.
    await page
      .getByLabel('Ghi chú điều tra (lịch trình, nơi đã đến)')
      .fill('Làm ở xưởng may, ăn trưa cùng đồng nghiệp');
    await page.getByRole('button', { name: 'Thêm người tiếp xúc' }).click();
    const named = page.getByRole('group', { name: 'Người tiếp xúc 1' });
    await named.getByLabel('Họ và tên').fill('Trần Văn Đồng');
    await named.getByLabel('Số điện thoại').fill('0912345678');
    await named.getByLabel('Hình thức tiếp xúc').selectOption('workplace');
    await page.getByRole('button', { name: 'Lưu phiếu điều tra' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Đã lưu phiếu điều tra' }).textContent())
      .toBe('Đã lưu phiếu điều tra; 1 người tiếp xúc được đề xuất.');
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader').getByRole('link', { name: 'Trần Văn Đồng', exact: true }) })
      .waitFor();
    await row.getByRole('link', { name: contactName }).click();
    await expect.poll(() => page.getByTestId('epi-status').textContent()).toBe('F1 — đang theo dõi');
    // From the case page, the check-in overlap search opens with the case's person and window (#19 item 4).
    await page.goto(`${server.url}/cases/${caseIdOfMember}`);
    await page.getByRole('link', { name: 'Tìm người trùng check-in trong thời gian lây nhiễm' }).click();
    await page.getByText(`Người được chọn: ${caseName}`).waitFor();
    const from = await page.getByLabel('Từ', { exact: true }).inputValue();
    const to = await page.getByLabel('Đến', { exact: true }).inputValue();
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    expect(to > from).toBe(true);
    await page.getByLabel('Mục đích (ghi vào nhật ký)').fill('Truy vết ca');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText(/\d+ người có thể tiếp xúc/u).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The chain view fits the phone too.
    await page.goto(`${server.url}/cases/chain`);
    await page.getByTestId('chain-canvas').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await tracer.close();
    await watcher.close();
  });
});
