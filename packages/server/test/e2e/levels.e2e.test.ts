/**
 * Epidemic levels in real Chromium: the steering committee (two-factor) computes this week's
 * proposal, overrides one commune with a reason and confirms; a citizen on a phone, not signed in,
 * opens the public page and sees the confirmed level of that commune and what the level means.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, secondFactorInPage, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-committee-pw-2026';

async function heading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).first().textContent();
}

describe('epidemic levels in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'bcd.e2e', password: PASSWORD, role: 'steering_committee', jurisdictionCode: '83' },
      ],
    });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the committee confirms a week with an override, and the public page shows it', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const committee = await context.newPage();
    await committee.goto(`${server.url}/login`);
    await committee.getByLabel('Tên đăng nhập').fill('bcd.e2e');
    await committee.getByLabel('Mật khẩu').fill(PASSWORD);
    await committee.getByRole('button', { name: 'Đăng nhập' }).click();
    await secondFactorInPage(committee, 'bcd.e2e');
    await expect.poll(() => heading(committee)).toBe('Tổng quan');

    await committee.goto(`${server.url}/situation/levels`);
    await committee.getByRole('button', { name: 'Tính đề xuất' }).click();
    const row = committee
      .getByRole('row')
      .filter({ has: committee.getByRole('rowheader', { name: /Phường Phú Khương/u }) });
    await row.waitFor();
    await committee.getByText('Đề xuất, chờ xác nhận').first().waitFor();
    // The rules applied say they are not verified against the legal text.
    await committee.getByText('Chưa xác minh với văn bản gốc').first().waitFor();
    await row.getByLabel(/Cấp độ điều chỉnh cho Phường Phú Khương/u).selectOption('4');
    await row
      .getByLabel(/Lý do điều chỉnh cho Phường Phú Khương/u)
      .fill('Chùm ca bệnh tại chợ, chờ kết quả truy vết');
    await committee.getByRole('button', { name: 'Xác nhận và công bố tuần này' }).click();
    await committee.getByText(/Đã xác nhận tuần .*1 điều chỉnh/u).waitFor();
    await committee.getByText('Đã xác nhận và công bố').first().waitFor();
    await context.close();

    // Anyone, on a phone, without signing in.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const citizen = await phone.newPage();
    await citizen.goto(`${server.url}/levels`);
    await expect.poll(() => heading(citizen)).toBe('Cấp độ dịch COVID-19');
    await citizen.getByLabel('Tìm xã/phường').fill('phu khuong');
    const published = citizen
      .getByRole('row')
      .filter({ has: citizen.getByRole('rowheader', { name: 'Phường Phú Khương' }) });
    await published.getByText('Đỏ').waitFor();
    await citizen.getByText(/Áp dụng biện pháp nghiêm ngặt nhất/u).waitFor();
    expect(await citizen.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The open feed says the same, and nothing more.
    const feed = await citizen.evaluate(
      async (): Promise<{ latest: { units: { code: string; epidemicLevel: number }[] } }> =>
        (await fetch('/api/public/levels')).json() as Promise<{
          latest: { units: { code: string; epidemicLevel: number }[] };
        }>,
    );
    const unit = feed.latest.units.find((u) => u.code === '28756');
    expect(unit).toEqual(expect.objectContaining({ code: '28756', epidemicLevel: 4 }));
    expect(JSON.stringify(feed)).not.toMatch(/Chùm ca bệnh|inputs/u);
    await phone.close();
  });
});
