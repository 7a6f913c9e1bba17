/**
 * Venue check-in in real Chromium: the venue owner prints the QR poster (a PDF), the QR code read
 * out of the PDF's image opens the check-in page, a citizen signs in there with a one-time code
 * (from the demo inbox) and checks in with one tap, then sees the visit in their history; at the
 * desk, the venue's scanner reads a visitor's personal QR shown to the (fake) camera.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { CSRF_HEADER } from '../../src/http/register.ts';
import { qrFromPdf, writeQrVideo } from '../checkin/pdfQr.ts';
import { addPeople, cookieHeader } from '../helpers.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'venue-owner-password-83';

async function signInOfficial(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('navigation').first().waitFor();
}

describe('venue check-in in the browser', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let venueId = '';
  const dir = mkdtempSync(join(tmpdir(), 'epilink-checkin-e2e-'));

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'chu.quan', password: PASSWORD, role: 'venue_owner', jurisdictionCode: '28756' },
        {
          username: 'tram.phukhuong',
          password: PASSWORD,
          role: 'commune_officer',
          jurisdictionCode: '28756',
        },
      ],
    });
    // The owner registers the venue and the commune station approves it (through the API).
    const login = async (username: string) => {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      return { cookie: cookieHeader(res), [CSRF_HEADER]: '1' };
    };
    const owner = await login('chu.quan');
    const reg = await server.app.inject({
      method: 'POST',
      url: '/api/venues',
      headers: owner,
      payload: {
        name: 'Quán Cơm Tấm Sáu Lợi',
        type: 'restaurant',
        address: '45 Đồng Khởi',
        communeCode: '28756',
      },
    });
    venueId = reg.json<{ venue: { id: string } }>().venue.id;
    const ok = await server.app.inject({
      method: 'POST',
      url: `/api/venues/${venueId}/review`,
      headers: await login('tram.phukhuong'),
      payload: { status: 'approved' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    await addPeople(server.database, [
      { fullName: 'Đặng Thị Thu', dateOfBirth: '1990-04-04', phone: '0913555777' },
    ]);
    await addPeople(server.database, [
      { fullName: 'Nguyễn Văn Đức', dateOfBirth: '1985-03-14', cccd: '083085001234', sex: 'male' },
    ]);
    await writeQrVideo(join(dir, 'personal-qr.y4m'), '083085001234|NGUYEN VAN DUC|1985-03-14|0|QID-E2E|');
    browser = await openBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${join(dir, 'personal-qr.y4m')}`,
    ]);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the poster, opens its QR, checks a citizen in with one tap and shows the history', async () => {
    const ownerContext = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const ownerPage = await ownerContext.newPage();
    await signInOfficial(ownerPage, server.url, 'chu.quan');
    await ownerPage.getByRole('link', { name: 'Check-in QR' }).click();
    await ownerPage.getByRole('link', { name: 'Địa điểm của tôi' }).click();
    const poster = ownerPage.getByRole('link', { name: 'Áp phích A4 (PDF)' });
    const href = await poster.getAttribute('href');
    const pdf = await ownerPage.request.get(`${server.url}${href!}`);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const url = qrFromPdf(body);
    expect(url).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/u);
    await ownerContext.close();

    // A citizen's phone opens the URL of the QR code.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(url);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Quán Cơm Tấm Sáu Lợi');
    await page.getByRole('button', { name: 'Đăng nhập để check-in một chạm' }).click();
    await page.getByLabel('Số điện thoại').last().fill('0913555777');
    await page.getByRole('button', { name: 'Gửi mã' }).click();
    await page.getByLabel('Mã đăng nhập').waitFor();
    const [msg] = await queryRows<{ body: string }>(
      server.database.db,
      sql`select payload->>'body' as body from outbox where topic = 'notification.send' order by id desc limit 1`,
    );
    await page.getByLabel('Mã đăng nhập').fill(/\d{6}/u.exec(msg!.body)![0]);
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    // First sign-in with this phone: the page asks who holds it (no ID on this record: the name).
    await page.getByLabel('Ngày sinh').fill('1990-04-04');
    await page.getByLabel('Họ và tên (nếu chưa có giấy tờ)').fill('Đặng Thị Thu');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByRole('button', { name: 'Check-in', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã check-in lúc');
    // A second tap stores nothing twice.
    await page.goto(url);
    await page.getByRole('button', { name: 'Check-in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('không ghi lại lần nữa');
    await page.getByRole('link', { name: 'Lịch sử check-in của tôi' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'Quán Cơm Tấm Sáu Lợi' }).count()).toBe(1);
    await context.close();
  });

  it('the venue scanner reads a personal QR from the camera and checks the visitor in', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await context.newPage();
    await signInOfficial(page, server.url, 'chu.quan');
    await page.goto(`${server.url}/venues`);
    await page.getByRole('link', { name: 'Quét mã khách' }).click();
    await page.getByRole('button', { name: 'Bật camera' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 })
      .toContain('Đã ghi nhận NGUYEN VAN DUC');
    const [row] = await queryRows<{ n: number }>(
      server.database.db,
      // Stored as evidence about the code (ID number and name), not linked to a registry person.
      sql`select count(*)::int as n from checkins c
        where c.venue_id = ${venueId} and c.method = 'scan' and c.person_id is null
          and c.visitor_key like 'q:083085001234:%'`,
    );
    expect(row!.n).toBe(1);
    await context.close();
  });
});
