/**
 * The quarantine worklist in real Chromium on a 360 px phone (#16 item 5): a quarantine officer has
 * the page open; Lan opens the form link from her SMS on her own phone, enters SpO2 94 % and sends
 * it. Her screen shows the warning and the hotlines; the officer's screen shows the alert without a
 * reload (server push), with Lan's phone to call; acknowledging with a note takes it off.
 */
import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { quarantineOrders } from '../../src/db/schema/index.ts';
import { formToken } from '../../src/quarantine/links.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'quarantine-password-16-e2e';

describe('an alert arrives live on the quarantine officer’s screen', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let token: string;
  let name: string;

  beforeAll(async () => {
    server = await startServer();
    const db = server.database.db;
    const [lan] = await queryRows<{
      id: string;
      full_name: string;
      province_code: string;
      district_code: string | null;
      commune_code: string;
    }>(
      db,
      sql`select id, full_name, province_code, district_code, commune_code from persons
        where merged_into is null and commune_code is not null order by id limit 1`,
    );
    name = lan!.full_name;
    await db.execute(sql`update persons set phone = '0913 555 016' where id = ${lan!.id}`);
    const end = addDays(today(), 5);
    const [order] = await db
      .insert(quarantineOrders)
      .values({
        provinceCode: lan!.province_code,
        districtCode: lan!.district_code,
        communeCode: lan!.commune_code,
        personId: lan!.id,
        diseaseCode: 'COVID-19',
        role: 'F1',
        kind: 'home_quarantine',
        status: 'active',
        startDate: addDays(today(), -1),
        quarantineEnd: end,
        endDate: end,
        testsDue: [end],
        formsPerDay: 2,
        confirmedAt: new Date(),
      })
      .returning({ id: quarantineOrders.id });
    token = await formToken(db, order!.id);
    await createUser(db, {
      username: 'cach.ly.16',
      password: PASSWORD,
      role: 'quarantine_officer',
      jurisdictionCode: lan!.commune_code,
      displayName: 'Cách ly 16',
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('SpO2 94 % from the SMS link → the alert with the phone on the open worklist, then acknowledged', async () => {
    const officer = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await officer.goto(`${server.url}/login`);
    await officer.getByLabel('Tên đăng nhập').fill('cach.ly.16');
    await officer.getByLabel('Mật khẩu').fill(PASSWORD);
    await officer.getByRole('button', { name: 'Đăng nhập' }).click();
    await officer.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await officer.goto(`${server.url}/quarantine`);
    await officer.getByRole('heading', { name: 'Cảnh báo (0)' }).waitFor();
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Lan, on her phone, from the SMS link (no sign-in).
    const lan = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await lan.goto(`${server.url}/q/${token}`);
    await lan.getByLabel('SpO2 (%)').fill('94');
    await lan.getByLabel('Mạch (lần/phút)').fill('88');
    await lan.getByRole('button', { name: 'Gửi khai báo' }).click();
    const warning = lan.getByRole('alert');
    await expect.poll(() => warning.textContent()).toContain('SpO2 94% (dưới 96%)');
    expect(await lan.getByRole('link', { name: '115' }).getAttribute('href')).toBe('tel:115');

    // The officer's open page, without a reload.
    await officer.getByRole('heading', { name: 'Cảnh báo (1)' }).waitFor({ timeout: 15_000 });
    const card = officer.getByTestId('quarantine-alert');
    expect(await card.textContent()).toContain(name);
    expect(await card.textContent()).toContain('SpO2 94% (dưới 96%)');
    expect(await officer.getByRole('link', { name: '0913 555 016' }).first().getAttribute('href')).toBe(
      'tel:0913555016',
    );
    expect(await officer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await card.getByLabel('Ghi chú').fill('Đã gọi, hướng dẫn đến trạm');
    await card.getByRole('button', { name: 'Đã xử lý' }).click();
    await officer.getByRole('heading', { name: 'Cảnh báo (0)' }).waitFor();
  });
});
