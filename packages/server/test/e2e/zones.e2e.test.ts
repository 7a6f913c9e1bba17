/**
 * Blockaded zones in real Chromium (issue #16 items 6–7): a district officer on a 360 px phone draws
 * a zone over Phường Phú Khương, sees its residents, schedules a pooled round at the commune's test
 * site and, once a pool is resulted negative through the testing module, sees the round's progress
 * — in Vietnamese, then in English — and the page never scrolls sideways. The same officer allocates
 * a facility-quarantine order on the facilities page and draws a zone's polygon on the map.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { queryRows } from '../../src/db/client.ts';
import { recordPoolResult } from '../../src/testing/pools.ts';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'zones-83-e2e-password';

async function fitsWidth(page: Page, width: number): Promise<boolean> {
  return (await page.evaluate(() => document.documentElement.scrollWidth)) <= width;
}

describe('blockaded zones in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        {
          username: 'phong.toa.huyen',
          password: PASSWORD,
          role: 'district_officer',
          jurisdictionCode: '829',
        },
      ],
    });
    await server.database.db.execute(
      sql`insert into test_sites (name, province_code, district_code, commune_code) values ('Điểm lấy mẫu khu phố 2', '83', '829', '28756')`,
    );
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a district officer draws a zone, schedules a round and sees its progress at 360 px', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('phong.toa.huyen');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'phong.toa.huyen');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();

    await page.goto(`${server.url}/zones`);
    await page.getByRole('heading', { level: 1, name: 'Vùng phong tỏa' }).waitFor();
    await page.getByLabel('Tên', { exact: true }).fill('Khu phố 2, Phường Phú Khương');
    await page.getByLabel('Lý do').fill('Ổ dịch tại chợ');
    await page.getByLabel('Số quyết định').fill('45/QĐ-UBND');
    await page.getByLabel('Ngày bắt đầu').fill('2021-08-01');
    // The ward is picked by its name typed without tone marks (#19 item 8), not by its code.
    await page.getByLabel('Tìm xã, phường, huyện theo tên').fill('phu khuong');
    await page.getByRole('button', { name: 'Phường Phú Khương, Thành phố Bến Tre' }).click();
    await page
      .getByRole('list', { name: 'Đơn vị đã chọn' })
      .getByText('Phường Phú Khương, Thành phố Bến Tre')
      .waitFor();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Khu phố 2, Phường Phú Khương' }).waitFor();
    await page.getByText('Chưa có đợt xét nghiệm nào.').waitFor();
    const residents = page.getByRole('region', { name: 'Người dân trong vùng' }).getByRole('listitem');
    await expect.poll(() => residents.count()).toBeGreaterThan(0);
    expect(await fitsWidth(page, 360)).toBe(true);

    const form = page.getByRole('form', { name: 'Lập đợt xét nghiệm' });
    await form.getByLabel('Ngày bắt đầu').fill('2021-08-02');
    await form.getByLabel('Ngày kết thúc').fill('2021-08-03');
    await form.getByLabel('Điểm lấy mẫu').selectOption({ label: 'Điểm lấy mẫu khu phố 2' });
    await form.getByLabel('Gộp mẫu').selectOption('household');
    await form.getByRole('button', { name: 'Lập đợt xét nghiệm' }).click();
    await page.getByRole('heading', { level: 3, name: 'Đợt 1: 02/08/2021 – 03/08/2021' }).waitFor();
    await page.getByText(/0\/\d+ đã xét nghiệm \(0%\)/u).waitFor();

    // The lab collects the first pool's members on 02/08 and results it negative (testing module).
    const db = server.database.db;
    const [pool] = await queryRows<{ pool_id: string; n: number }>(
      db,
      sql`select pool_id, count(*)::int as n from zone_round_members group by pool_id order by pool_id limit 1`,
    );
    await db.execute(sql`insert into specimens (barcode, person_id, registration_id, test_type, collected_at, pool_id, province_code, district_code, commune_code)
      select 'E2E-' || row_number() over (), m.person_id, m.registration_id, 'rtPcr', timestamptz '2021-08-02 03:00:00+00', m.pool_id, '83', '829', '28756'
      from zone_round_members m where m.pool_id = ${pool!.pool_id}::uuid`);
    await db.transaction((tx) =>
      recordPoolResult(
        tx,
        systemAccess('e2e lab'),
        { ip: null },
        pool!.pool_id,
        { outcome: 'negative', ct: null, resultedAt: new Date() },
        'vi',
      ),
    );
    await page.reload();
    await page.getByText(new RegExp(`${pool!.n}/\\d+ đã xét nghiệm`, 'u')).waitFor();
    expect(await fitsWidth(page, 360)).toBe(true);

    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Testing rounds' }).waitFor();
    await page.getByText(new RegExp(`${pool!.n}/\\d+ tested`, 'u')).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Lift the zone' }).waitFor();
    expect(await fitsWidth(page, 360)).toBe(true);
    await context.close();
  });

  it('allocates a facility on the facilities page and draws a polygon on the map at 360 px', async () => {
    const db = server.database.db;
    const [person] = await queryRows<{ name: string }>(
      db,
      sql`with p as (select id, full_name from persons where commune_code = '28756' and merged_into is null
            order by id limit 1),
          f as (insert into facilities (kind, name, unit_code, district_code, province_code, capacity)
            values ('quarantine_facility', 'Khu cách ly Trường Chính trị', '829', '829', '83', 3)),
          o as (insert into quarantine_orders (person_id, disease_code, role, kind, status, start_date,
              quarantine_end, end_date, forms_per_day, province_code, district_code, commune_code)
            select id, 'COVID-19', 'F1', 'facility_quarantine', 'active', current_date, current_date + 13,
              current_date + 13, 2, '83', '829', '28756' from p)
          select full_name as name from p`,
    );
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('phong.toa.huyen');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(page, 'phong.toa.huyen');
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();

    await page.goto(`${server.url}/quarantine/facilities`);
    const pending = page.getByRole('list', { name: 'Lệnh cách ly tập trung chưa có cơ sở' });
    const pick = pending.getByLabel(`Cơ sở: ${person!.name}`);
    const option = pick.locator('option', { hasText: 'Khu cách ly Trường Chính trị' });
    await pick.selectOption({ value: (await option.getAttribute('value')) ?? '' });
    await pending.getByRole('button', { name: 'Phân bổ' }).click();
    await page.getByText('Đã phân bổ.').waitFor();
    const [allocated] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from facility_allocations a join facilities f on f.id = a.facility_id
          where f.name = 'Khu cách ly Trường Chính trị'`,
    );
    expect(allocated!.n).toBe(1);
    expect(await fitsWidth(page, 360)).toBe(true);

    await page.goto(`${server.url}/zones`);
    await page.getByRole('heading', { level: 1, name: 'Vùng phong tỏa' }).waitFor();
    await page.getByRole('radio', { name: 'Vẽ đa giác trên bản đồ' }).check();
    const map = page.getByRole('application', { name: /Bản đồ vẽ vùng/u });
    for (const [x, y] of [
      [60, 60],
      [260, 80],
      [160, 240],
    ] as const)
      await map.click({ position: { x, y } });
    await page.getByText('Đã chọn 3 điểm.').waitFor();
    await page.getByRole('button', { name: 'Khép đa giác' }).click();
    const points = (await page.getByLabel(/Toạ độ đa giác/u).inputValue()).split('\n');
    expect(points).toHaveLength(3);
    for (const p of points) expect(p).toMatch(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/u);
    expect(await fitsWidth(page, 360)).toBe(true);
    await context.close();
  });
});
