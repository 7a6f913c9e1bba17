import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/auth/totp.ts';
import { queryRows } from '../../src/db/client.ts';
import { startWorkers } from '../../src/workers.ts';
import { testConfig } from '../helpers.ts';
import { enrolTotpInPage, openBrowser, startServer } from './browser.ts';
import { recordOfPhone, stateIdentityInPage } from './citizen-identity.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'e2e-password-456';

describe('identity in real Chromium', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let stopWorkers: () => Promise<void>;

  beforeAll(async () => {
    server = await startServer({
      users: [
        { username: 'baomat.e2e', password: PASSWORD, role: 'security_officer', jurisdictionCode: '83' },
      ],
    });
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

  it('an official enrols TOTP by QR code, then signs in again with a code', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('baomat.e2e');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toBe('Xác thực hai lớp');
    // Before the second factor, the API refuses everything behind sign-in.
    expect((await page.request.get(`${server.url}/api/units`)).status()).toBe(401);
    const secret = await enrolTotpInPage(page);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tổng quan');
    expect((await page.request.get(`${server.url}/api/units`)).status()).toBe(200);

    // Sign out, sign in again: password, then the code of the next time step.
    await page.getByRole('button', { name: 'Đăng xuất' }).first().click();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('baomat.e2e');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Mã xác thực').fill(await currentTotp(secret, Math.floor(Date.now() / 1000) + 30));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Tổng quan');
    await context.close();
  });

  it('a citizen signs in with a one-time code read from the demo inbox and sees only their own record', async () => {
    const [candidate] = await queryRows<{ phone: string }>(
      server.database.db,
      sql`select phone from persons where merged_into is null and phone is not null
          and date_of_birth < '2000-01-01'
          and (select count(*) from persons q where q.phone = persons.phone and q.merged_into is null) = 1
          order by name_key limit 1`,
    );
    const phone = candidate!.phone;
    const personId = await recordOfPhone(server.database, phone);
    const [me] = await queryRows<{ full_name: string }>(
      server.database.db,
      sql`select full_name from persons where id = ${personId}`,
    );
    const [stranger] = await queryRows<{ full_name: string }>(
      server.database.db,
      sql`select full_name from persons where merged_into is null and id <> ${personId}
          and (household_id is distinct from (select household_id from persons where id = ${personId}))
          order by name_key desc limit 1`,
    );

    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/me/login`);
    await page.getByLabel('Số điện thoại').fill(phone);
    await page.getByRole('button', { name: 'Gửi mã' }).click();
    await page.getByLabel('Mã đăng nhập').waitFor();

    // The demo inbox (another tab, no sign-in) shows the SMS once the outbox worker delivered it.
    const inbox = await context.newPage();
    await inbox.goto(`${server.url}/demo/inbox`);
    const body = inbox.getByTestId('message-body').first();
    await body.waitFor({ timeout: 15_000 });
    const code = /\d{6}/u.exec((await body.textContent()) ?? '')![0];

    await page.getByLabel('Mã đăng nhập').fill(code);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // First sign-in: the page asks who holds the phone; the record's date of birth and ID bind it.
    await stateIdentityInPage(page, server.database, personId);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toBe('Sổ sức khỏe của tôi');
    await page.getByRole('heading', { level: 2, name: me!.full_name }).waitFor();
    expect(await page.getByText(stranger!.full_name).count()).toBe(0);
    // And the API agrees: someone else's record is not found.
    const other = await queryRows<{ id: string }>(
      server.database.db,
      sql`select id from persons where full_name = ${stranger!.full_name} limit 1`,
    );
    expect((await page.request.get(`${server.url}/api/me/persons/${other[0]!.id}`)).status()).toBe(404);
    await context.close();
  });
});
