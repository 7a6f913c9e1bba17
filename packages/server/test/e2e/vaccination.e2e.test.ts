import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/users.ts';
import { queryRows } from '../../src/db/client.ts';
import { vaccineLots, vaccineStock } from '../../src/db/schema/index.ts';
import { seedDemoVaccination } from '../../src/vaccination/demo.ts';
import { startWorkers } from '../../src/workers.ts';
import { recordOfPhone, stateIdentityInPage } from './citizen-identity.ts';
import { testConfig } from '../helpers.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';
import { largestImageAsPng } from './pdf-image.ts';

const PASSWORD = 'e2e-password-789';

describe('vaccination in real Chromium: dose → certificate PDF → offline verifier', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let stopWorkers: () => Promise<void>;
  /** The person the first story vaccinated (the correction story asks to fix that dose). */
  let dosed: { person_id: string; phone: string; full_name: string } | null = null;

  beforeAll(async () => {
    server = await startServer();
    // The demo's vaccination data, as `npm start` loads it: lots, stock, today's sessions, past doses.
    await seedDemoVaccination(server.database.db, { provinceCode: '83', seed: 7 });
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
    dosed = person;
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

  it('a correction request round trip at 360 px in Vietnamese: the citizen asks with a GPS-tagged photo, the site’s commune corrects the dose (and a test result’s outcome through its fix form), the book says so', async () => {
    const person = dosed!;
    const { db } = server.database;
    const errors: string[] = [];
    const watch = (p: Page) => {
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      p.on('pageerror', (e) => errors.push(e.message));
    };
    const fits360 = async (p: Page) => {
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    };
    const citizen = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const me = await citizen.newPage();
    watch(me);
    // The inbox already holds the first story's code: wait for one more, the newest first.
    const inbox = await citizen.newPage();
    await inbox.goto(`${server.url}/demo/inbox`);
    const codes = inbox.getByTestId('message-body').filter({ hasText: /ma dang nhap/u });
    await codes.first().waitFor();
    const seen = await codes.count();
    await me.goto(`${server.url}/me/login`);
    await me.getByLabel('Số điện thoại').fill(person.phone);
    await me.getByRole('button', { name: 'Gửi mã' }).click();
    await me.getByLabel('Mã đăng nhập').waitFor();
    await expect
      .poll(
        async () => {
          await inbox.reload();
          await codes.first().waitFor();
          return codes.count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(seen);
    const otp = codes.first();
    const code = /\d{6}/u.exec((await otp.textContent()) ?? '')![0];
    await me.getByLabel('Mã đăng nhập').fill(code);
    await me.getByRole('button', { name: 'Đăng nhập' }).click();
    const identity = me.getByLabel('Ngày sinh');
    const home = me.getByRole('heading', { level: 1, name: 'Sổ sức khỏe của tôi' });
    await identity.or(home).waitFor();
    if (await identity.isVisible()) await stateIdentityInPage(me, server.database, person.person_id);
    await home.waitFor();
    await me.goto(`${server.url}/me/book/${person.person_id}`);
    const dose = me.getByRole('listitem', { name: 'Mũi tiêm' }).first();
    await dose.getByRole('button', { name: 'Yêu cầu đính chính' }).click();
    await me.getByLabel('Cần đính chính điều gì?').fill('Tôi tiêm hôm qua, không phải hôm nay.');
    // A real photo of the paper card, 2400 × 1800, carrying an EXIF block with a GPS position.
    const jpeg = Buffer.from(
      (
        await me.evaluate(() => {
          const c = document.createElement('canvas');
          c.width = 2400;
          c.height = 1800;
          const g = c.getContext('2d')!;
          g.fillStyle = '#fff';
          g.fillRect(0, 0, 2400, 1800);
          g.fillStyle = '#036';
          g.fillRect(200, 200, 1200, 600);
          return c.toDataURL('image/jpeg', 0.9);
        })
      ).split(',')[1]!,
      'base64',
    );
    const exif = Buffer.concat([
      Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'),
      Buffer.from([0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0]),
      Buffer.from([0, 1, 0, 1, 0, 2, 0, 0, 0, 2, 0x4e, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from('GPSLatitude 10.24N'),
    ]);
    const app1 = Buffer.concat([
      Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]),
      exif,
    ]);
    const tagged = Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
    await me
      .getByLabel('Ảnh bằng chứng (không bắt buộc)')
      .setInputFiles({ name: 'so-tiem.jpg', mimeType: 'image/jpeg', buffer: tagged });
    await me.getByText('Ảnh đã sẵn sàng (1600 × 1200 điểm ảnh, không còn thông tin vị trí).').waitFor();
    await me.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await me.getByText('Đã gửi yêu cầu. Đơn vị quản lý hồ sơ sẽ trả lời bằng tin nhắn.').waitFor();
    await expect.poll(() => me.getByTestId('correction-status').first().textContent()).toBe('Đang chờ xử lý');
    await fits360(me);
    const [stored] = await queryRows<{
      evidence: Buffer;
      commune_code: string | null;
      district_code: string | null;
    }>(
      db,
      sql`select evidence, commune_code, district_code from correction_requests where person_id = ${person.person_id}`,
    );
    const kept = Buffer.from(stored!.evidence);
    expect(kept.includes(Buffer.from('Exif'))).toBe(false);
    expect(kept.includes(Buffer.from('GPSLatitude'))).toBe(false);

    // A rapid test of the same unit's test site came back 'invalid'; the citizen's slip says negative.
    const [result] = await queryRows<{ id: string }>(
      db,
      sql`with s as (insert into test_sites (name, province_code, district_code, commune_code)
            select 'Điểm xét nghiệm E2E', p.province_code, coalesce(${stored!.district_code}, p.district_code),
              coalesce(${stored!.commune_code}, p.commune_code) from persons p where p.id = ${person.person_id}
            returning *),
          sp as (insert into specimens (barcode, person_id, test_type, collected_at, site_id, status,
              province_code, district_code, commune_code)
            select 'E2E-CORR-1', ${person.person_id}, 'rapidAntigen', now() - interval '2 hours', s.id, 'resulted',
              s.province_code, s.district_code, s.commune_code from s returning *)
        insert into test_results (specimen_id, person_id, test_type, outcome, sampled_at, resulted_at, source,
            province_code, district_code, commune_code)
        select sp.id, sp.person_id, 'rapidAntigen', 'invalid', sp.collected_at, now() - interval '1 hour', 'entry',
          sp.province_code, sp.district_code, sp.commune_code from sp returning id`,
    );
    await me.reload();
    const test = me.getByRole('listitem', { name: 'Kết quả xét nghiệm' }).first();
    await test.getByRole('button', { name: 'Yêu cầu đính chính' }).click();
    await me.getByLabel('Cần đính chính điều gì?').fill('Phiếu kết quả ghi âm tính.');
    await me.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await me.getByText('Đã gửi yêu cầu. Đơn vị quản lý hồ sơ sẽ trả lời bằng tin nhắn.').waitFor();

    // An official of the site's unit works the list: opens it (photo shown), corrects the date.
    await createUser(db, {
      username: 'dinhchinh.e2e',
      password: PASSWORD,
      role: 'commune_officer',
      jurisdictionCode: stored!.commune_code ?? stored!.district_code!,
      displayName: 'Đính chính E2E',
    });
    const officer = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await officer.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('dinhchinh.e2e');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    // Watched from here: the officials' sign-in page logs its 401 before anyone is signed in.
    watch(page);
    await page.goto(`${server.url}/corrections`);
    await page.getByRole('heading', { level: 1, name: 'Yêu cầu đính chính hồ sơ' }).waitFor();
    const row = page.getByRole('listitem', { name: `${person.full_name} · Mũi tiêm` });
    await row.getByRole('button', { name: 'Xem' }).click();
    await row.getByRole('img', { name: 'Ảnh bằng chứng' }).waitFor();
    const yesterday = await page.evaluate(() => {
      const d = new Date(Date.now() - 86_400_000);
      return d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
    });
    await row.getByLabel('Ngày tiêm đúng').fill(yesterday);
    await row.getByLabel('Trả lời người dân').fill('Đã sửa theo sổ tiêm của trạm.');
    await row.getByRole('button', { name: 'Chấp nhận và đính chính' }).click();
    await page.getByText('Đã xử lý yêu cầu.').waitFor();
    await fits360(page);
    // The result: its fix form asks for the correct outcome; the testing service amends it.
    const testRow = page.getByRole('listitem', { name: `${person.full_name} · Kết quả xét nghiệm` });
    await testRow.getByRole('button', { name: 'Xem' }).click();
    await testRow.getByLabel('Kết quả đúng').selectOption({ label: 'Âm tính' });
    await testRow.getByLabel('Trả lời người dân').fill('Đã sửa theo phiếu kết quả.');
    await fits360(page);
    await testRow.getByRole('button', { name: 'Chấp nhận và đính chính' }).click();
    await testRow.waitFor({ state: 'detached' });
    await officer.close();
    const [amended] = await queryRows<{ outcome: string; linked: number }>(
      db,
      sql`select outcome, (select count(*)::int from audit_log a where a.entity = 'test_result'
          and a.entity_id = ${result!.id} and a.details ? 'correctionRequestId') as linked
        from test_results where id = ${result!.id}::uuid`,
    );
    expect(amended).toEqual({ outcome: 'negative', linked: 1 });

    // The citizen gets the SMS and sees the answer in the book; the dose has its new date.
    await inbox.reload();
    await inbox
      .getByTestId('message-body')
      .filter({ hasText: /da duoc chap nhan/u })
      .first()
      .waitFor({ timeout: 15_000 });
    await me.reload();
    await expect.poll(() => me.getByTestId('correction-status').first().textContent()).toBe('Đã đính chính');
    await me.getByText('Trả lời: Đã sửa theo sổ tiêm của trạm.').waitFor();
    await fits360(me);
    const [fixed] = await queryRows<{ date: string }>(
      db,
      sql`select date::text as date from vaccination_doses where person_id = ${person.person_id}`,
    );
    expect(fixed!.date).toBe(yesterday);
    expect(errors).toEqual([]);
    await citizen.close();
  });
});
