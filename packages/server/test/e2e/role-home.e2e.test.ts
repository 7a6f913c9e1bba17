/**
 * Each role on its own home (#19 item 6), in real Chromium on a phone: the commune officer lands on
 * their commune (its name and its people, not the province's) with today's tracing work; the venue
 * owner on their venues with no headcount; the tracer on today's work, one tap from the worklist;
 * the province's steering committee (two-factor sign-in) one tap from the situation room.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'role-home-password-19';

describe('each role lands on its own home', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let commune = { code: '', name: '', people: 0 };

  beforeAll(async () => {
    server = await startServer();
    const db = server.database.db;
    const [c] = await queryRows<{ code: string; name: string; people: number }>(
      db,
      sql`select p.commune_code as code, u.name, count(*)::int as people from persons p
        join admin_units u on u.code = p.commune_code and u.valid_to is null
        where p.merged_into is null group by p.commune_code, u.name order by count(*) desc limit 1`,
    );
    commune = c!;
    for (const [username, role, unit] of [
      ['can.bo.xa.19', 'commune_officer', commune.code],
      ['chu.dia.diem.19', 'venue_owner', commune.code],
      ['truy.vet.19', 'tracer', commune.code],
      ['ban.chi.dao.19', 'steering_committee', '83'],
    ] as const) {
      await createUser(db, {
        username,
        password: PASSWORD,
        role,
        jurisdictionCode: unit,
        displayName: username,
      });
    }
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function home(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    if (username === 'ban.chi.dao.19') await secondFactorInPage(page, username);
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    return page;
  }

  it('the commune officer: their commune and today’s work', async () => {
    const page = await home('can.bo.xa.19');
    await page.getByText(`Địa bàn: ${commune.name}`).waitFor();
    await page.getByRole('heading', { name: 'Việc hôm nay' }).waitFor();
    await page.getByTestId('home-contactsToCall').waitFor();
    expect(await page.getByTestId('stat-persons').textContent()).toBe(
      new Intl.NumberFormat('vi-VN').format(commune.people),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The policy history and the check-in activity tables fold into cards on the phone.
    for (const [path, heading] of [
      ['/policy', 'Quy định & chính sách'],
      ['/checkins/activity', 'Chỉ số check-in'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('main table:visible').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
    }
    await page.context().close();
  });

  it('the venue owner: their venues, no headcount', async () => {
    const page = await home('chu.dia.diem.19');
    await page.getByRole('link', { name: 'Địa điểm của tôi' }).waitFor();
    expect(await page.getByTestId('stat-persons').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Việc hôm nay' }).count()).toBe(0);
    // The menu offers only what the venue owner can open: no people, cases or vaccination.
    await page.getByRole('button', { name: 'Menu' }).click();
    const menu = page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link');
    expect(await menu.allTextContents()).toEqual(['Tổng quan', 'Đơn vị hành chính', 'Check-in QR']);
    await page.context().close();
  });

  it('the tracer: today’s work, one tap from the worklist', async () => {
    const tracer = await home('truy.vet.19');
    await tracer.getByRole('heading', { name: 'Việc hôm nay' }).waitFor();
    expect(await tracer.getByRole('main').getByRole('link', { name: 'Phòng tình huống' }).count()).toBe(0);
    await tracer.getByRole('main').getByRole('link', { name: 'Mở việc truy vết' }).click();
    await tracer.waitForURL((u) => u.pathname === '/cases/worklist');
    await tracer.context().close();
  });

  it('the province: one tap from the situation room, no tracing work', async () => {
    const province = await home('ban.chi.dao.19');
    const link = province.getByRole('main').getByRole('link', { name: 'Phòng tình huống' });
    await link.waitFor();
    expect(await province.getByRole('heading', { name: 'Việc hôm nay' }).count()).toBe(0);
    await link.click();
    await province.waitForURL((u) => u.pathname === '/situation');
    await province.getByRole('heading', { level: 1, name: 'Phòng tình huống' }).waitFor();
    await province.context().close();
  });
});
