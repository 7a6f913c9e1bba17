import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { vaccineLots, vaccineStock } from '../../src/db/schema/index.ts';
import { seedDemoVaccination } from '../../src/vaccination/demo.ts';
import { startWorkers } from '../../src/workers.ts';
import { recordOfPhone, stateIdentityInPage } from './citizen-identity.ts';
import { testConfig } from '../helpers.ts';
import { launchChromium, startServer } from './browser.ts';
import type { RunningServer } from './browser.ts';
import { largestImageAsPng } from './pdf-image.ts';

const PASSWORD = 'e2e-password-789';

describe('vaccination in real Chromium: dose → certificate PDF → offline verifier', () => {
  let server: RunningServer;
  let browser: Browser;
  let stopWorkers: () => Promise<void>;

  beforeAll(async () => {
    server = await startServer();
    // The demo's vaccination data, as `npm start` loads it: lots, stock, today's sessions, past doses.
    await seedDemoVaccination(server.database.db, { provinceCode: '83', seed: 7 });
    stopWorkers = startWorkers(
      { config: testConfig({ DEMO: 'true', OUTBOX_POLL_MS: '200' }), database: server.database },
      () => undefined,
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await stopWorkers?.();
    await browser?.close();
    await server?.close();
  });

  it('a vaccinator records a dose at the session screen; the citizen downloads the certificate; /verify checks its QR offline', async () => {
    const { db } = server.database;
    // Today's demo session and an adult of its area (its commune when there is one) with a phone and no
    // dose yet; the vaccinator works at that commune (or district): no second factor at those levels.
    const [target] = await queryRows<{
      session_id: string;
      facility_id: string;
      jurisdiction_code: string;
      person_id: string;
      full_name: string;
      phone: string;
    }>(
      db,
      sql`select s.id as session_id, s.facility_id, p.id as person_id, p.full_name, p.phone,
            case when s.commune_code = p.commune_code then s.commune_code else s.district_code end
              as jurisdiction_code
          from vaccination_sessions s
          join persons p on p.district_code = s.district_code
          where s.date = (now() at time zone 'Asia/Ho_Chi_Minh')::date
            and p.merged_into is null and p.phone is not null and p.date_of_birth < '2000-01-01'
            and not exists (select 1 from vaccination_doses d where d.person_id = p.id)
            and (select count(*) from persons q where q.phone = p.phone and q.merged_into is null) = 1
          order by (s.commune_code = p.commune_code) desc nulls last, p.name_key limit 1`,
    );
    if (!target) {
      const counts = await queryRows(
        db,
        sql`select (select count(*) from vaccination_sessions) as sessions,
                   (select count(*) from persons where phone is not null) as with_phone,
                   (select count(*) from persons p where not exists
                      (select 1 from vaccination_doses d where d.person_id = p.id)) as undosed`,
      );
      throw new Error(`no candidate: ${JSON.stringify(counts)}`);
    }
    expect(target).toBeDefined();
    const person = target;
    expect(await recordOfPhone(server.database, person.phone)).toBe(person.person_id);
    // An expired and a recalled lot with stock at the site: the screen must not offer them.
    const bad = await db
      .insert(vaccineLots)
      .values([
        { productCode: 'EU/1/20/1528', lotNumber: 'E2E-EXPIRED', expiryDate: '2022-01-31' },
        {
          productCode: 'EU/1/20/1528',
          lotNumber: 'E2E-RECALLED',
          expiryDate: '2031-01-31',
          recalledAt: new Date(),
          recallReason: 'e2e',
        },
      ])
      .returning({ id: vaccineLots.id });
    await db
      .insert(vaccineStock)
      .values(bad.map((l) => ({ lotId: l.id, facilityId: person.facility_id, quantity: 10 })));
    await createUser(db, {
      username: 'tiemchung.e2e',
      password: PASSWORD,
      role: 'vaccinator',
      jurisdictionCode: person.jurisdiction_code,
      displayName: 'Tiêm chủng E2E',
    });

    // The vaccinator (commune level: no second factor) signs in and opens the session screen.
    const officer = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await officer.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('tiemchung.e2e');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tổng quan');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Tiêm chủng' }).click();
    await page.getByRole('heading', { level: 1, name: 'Buổi tiêm chủng' }).waitFor();
    await page.getByLabel('Buổi tiêm hôm nay').selectOption(person.session_id);

    const lotOptions = page.getByLabel('Lô vắc xin').locator('option');
    await expect.poll(() => lotOptions.count()).toBeGreaterThan(0);
    const offered = (await lotOptions.allTextContents()).join('\n');
    expect(offered).not.toContain('E2E-EXPIRED');
    expect(offered).not.toContain('E2E-RECALLED');

    // Find the person by phone, take them with Enter (one match), answer the screening, record.
    const search = page.getByRole('searchbox', { name: /^Tìm người/u });
    await search.fill(person.phone);
    await page.getByRole('button', { name: `Chọn ${person.full_name}` }).waitFor();
    await search.press('Enter');
    await expect.poll(() => page.getByTestId('chosen-person').textContent()).toBe(person.full_name);
    // Focus moved to the checklist: a "yes" to a monitor-only question still allows the dose.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type')))
      .toBe('checkbox');
    await page.getByLabel('Tiền sử dị ứng nặng').check();
    await expect
      .poll(() => page.getByTestId('screening-outcome').textContent())
      .toContain('Tiêm, theo dõi thêm');
    await page.getByRole('button', { name: 'Ghi nhận mũi tiêm' }).click();
    const result = page.getByTestId('dose-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toContain(`Đã ghi nhận mũi 1 cho ${person.full_name}.`);
    expect(await result.textContent()).toMatch(/Đã cấp chứng nhận URN:UVCI:01:VN:/u);
    // Ready for the next person: the search box has the focus again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dose-person');
    // The session's list of doses shows the person at the top.
    await page.locator('table tbody tr').first().getByText(person.full_name, { exact: true }).waitFor();
    await officer.close();

    // The citizen signs in with a one-time code from the demo inbox and downloads the PDF.
    const citizen = await browser.newContext({
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const me = await citizen.newPage();
    await me.goto(`${server.url}/me/login`);
    await me.getByLabel('Số điện thoại').fill(person.phone);
    await me.getByRole('button', { name: 'Gửi mã' }).click();
    await me.getByLabel('Mã đăng nhập').waitFor();
    const inbox = await citizen.newPage();
    await inbox.goto(`${server.url}/demo/inbox`);
    const body = inbox
      .getByTestId('message-body')
      .filter({ hasText: /ma dang nhap/u })
      .first();
    await body.waitFor({ timeout: 15_000 });
    const code = /\d{6}/u.exec((await body.textContent()) ?? '')![0];
    await inbox.close();
    await me.getByLabel('Mã đăng nhập').fill(code);
    await me.getByRole('button', { name: 'Đăng nhập' }).click();
    await stateIdentityInPage(me, server.database, person.person_id);
    await expect
      .poll(() => me.getByRole('heading', { level: 1 }).first().textContent())
      .toBe('Sổ sức khỏe của tôi');
    await me.getByRole('link', { name: 'Chứng nhận tiêm chủng của tôi' }).click();
    await me.getByRole('heading', { level: 1, name: 'Chứng nhận tiêm chủng của tôi' }).waitFor();
    await me.getByRole('img', { name: /^Mã QR chứng nhận URN:UVCI/u }).waitFor();
    const [download] = await Promise.all([
      me.waitForEvent('download'),
      me.getByRole('link', { name: 'Tải PDF' }).first().click(),
    ]);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The QR picture printed in that PDF, taken out of the file itself.
    const qrPng = largestImageAsPng(pdf);

    // The verifier loads once online (trust list saved on the device), then the network goes.
    const verifier = await citizen.newPage();
    // No script error (e.g. a validator compiled with `new Function`, refused by the page's CSP).
    const pageErrors: string[] = [];
    verifier.on('pageerror', (e) => pageErrors.push(e.message));
    await verifier.goto(`${server.url}/verify`);
    await verifier.getByText(/Danh sách tin cậy: \d+ cơ quan ký/u).waitFor();
    // As a user would: the network goes only once the page says it is kept for offline use (its
    // worker then holds the QR decoder, which the page fetches after it is usable).
    await verifier.getByText('Trang này đã được lưu để dùng khi không có mạng.').waitFor();
    await citizen.setOffline(true);
    await verifier
      .getByLabel('Chọn ảnh mã QR')
      .setInputFiles({ name: 'certificate-qr.png', mimeType: 'image/png', buffer: qrPng });
    await expect.poll(() => verifier.getByTestId('verify-outcome').textContent()).toBe('Chứng nhận hợp lệ');
    expect((await verifier.getByTestId('holder-name').textContent())?.normalize('NFC')).toBe(
      person.full_name.normalize('NFC'),
    );
    expect(pageErrors).toEqual([]);
    await citizen.close();
  });
});
