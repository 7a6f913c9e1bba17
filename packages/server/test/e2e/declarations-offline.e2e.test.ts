/**
 * #15 item 6 in real Chromium at 360 px: the citizen declaration works offline once opened. The
 * page is opened with the network (its service worker keeps it), the network is cut and the page
 * reloaded, the form is filled and sent — it waits in the device's queue — the network returns, and
 * exactly one declaration is stored. Then a retry that cannot duplicate: the server stores a declaration but
 * its answer is lost on the way back; the page keeps it queued and sends it again with the same
 * submission id, and still exactly one more declaration is stored.
 */
import { count } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declarations } from '../../src/db/schema/index.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

describe('the citizen declaration offline', () => {
  let server: RunningServer;
  let browser: FileBrowser;

  beforeAll(async () => {
    server = await startServer();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const stored = async () => {
    const [row] = await server.database.db.select({ n: count() }).from(declarations);
    return row?.n ?? 0;
  };

  /**
   * A context at 360 px that records page errors, console errors and failed responses — but the
   * browser's own log of the request made while offline.
   */
  async function phone(): Promise<{ context: BrowserContext; page: Page; errors: () => string[] }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('ERR_INTERNET_DISCONNECTED')) errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    return { context, page, errors: () => errors };
  }

  /** Fill the health declaration as a person with no symptom, no contact, no travel. */
  async function fill(page: Page, name: string, phoneNumber: string) {
    await page.getByLabel('Họ và tên').fill(name);
    await page.getByLabel('Số điện thoại').fill(phoneNumber);
    // The first commune of the list (index 0 is "choose").
    await page.getByLabel('Xã/phường nơi ở hiện tại').selectOption({ index: 1 });
    for (const question of [
      /có triệu chứng nào/u,
      /tiếp xúc gần với người mắc/u,
      /nơi đang có ổ dịch/u,
      /đi khỏi xã\/phường/u,
    ])
      await page.getByRole('group', { name: question }).getByLabel('Không').check();
  }

  it('is opened online, reloaded and sent offline, and stored once when the network returns', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${server.url}/declare/health`);
    await page.getByRole('heading', { name: 'Khai báo y tế nội địa' }).waitFor();
    await page.getByText('Trang này đã được lưu: bạn có thể khai báo cả khi không có mạng.').waitFor();
    const before = await stored();

    // The network goes; the page is even reloaded: the service worker gives the page, its code,
    // the questionnaire and the communes.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Khai báo y tế nội địa' }).waitFor();
    await page.getByText('Đang ngoại tuyến', { exact: false }).first().waitFor();
    await fill(page, 'Lê Thị Ngoại Tuyến', '0912000111');
    await page.getByRole('button', { name: 'Gửi khai báo' }).click();
    await page.getByText(/Chưa có mạng: khai báo đã được lưu trên máy này/u).waitFor();
    await page.getByText('1 khai báo đang chờ gửi.').waitFor();
    expect(await stored()).toBe(before);

    await context.setOffline(false);
    await page.getByRole('heading', { name: 'Đã nhận khai báo' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('declaration-qr').waitFor();
    expect(await page.getByTestId('triage-action').textContent()).toBe('Không cần làm gì thêm');
    expect(await stored()).toBe(before + 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(errors()).toEqual([]);
    await context.close();
  });

  it('sends again with the same submission id when the answer was lost: one declaration', async () => {
    const { context, page } = await phone();
    await page.goto(`${server.url}/declare/health`);
    await page.getByRole('heading', { name: 'Khai báo y tế nội địa' }).waitFor();
    const before = await stored();
    const bodies: string[] = [];
    // The first send reaches the server, which stores it; the answer never comes back. The test
    // goes on only once that lost answer is over (unrouting a handler mid-flight lets the request
    // through, and the page would get its answer after all).
    let lostAnswerOver = (): void => undefined;
    const answerLost = new Promise<void>((resolve) => {
      lostAnswerOver = resolve;
    });
    await page.route('**/api/declarations', async (route) => {
      bodies.push(route.request().postData() ?? '');
      try {
        await route.fetch();
        await route.abort('connectionreset');
      } finally {
        lostAnswerOver();
      }
    });
    await fill(page, 'Phan Văn Gửi Lại', '0912000222');
    await page.getByRole('button', { name: 'Gửi khai báo' }).click();
    await answerLost;
    await page.getByText('1 khai báo đang chờ gửi.').waitFor();
    expect(await stored()).toBe(before + 1);

    await page.unroute('**/api/declarations');
    await page.route('**/api/declarations', async (route) => {
      bodies.push(route.request().postData() ?? '');
      await route.continue();
    });
    // The page also sends again by itself every 15 s; on a slow machine that may come first. Either
    // way it is the same queued submission: press "send now" if it is still there.
    const received = page.getByRole('heading', { name: 'Đã nhận khai báo' });
    const sendNow = page.getByRole('button', { name: 'Gửi ngay' });
    await sendNow.or(received).first().waitFor();
    if (await sendNow.isVisible()) await sendNow.click();
    await received.waitFor({ timeout: 30_000 });
    expect(await stored()).toBe(before + 1);
    expect(bodies).toHaveLength(2);
    const ids = bodies.map((b) => (JSON.parse(b) as { submissionId: string }).submissionId);
    expect(ids[0]).toBe(ids[1]);
    await context.close();
  });
});
