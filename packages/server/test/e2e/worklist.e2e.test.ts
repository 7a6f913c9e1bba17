/**
 * The tracer worklist as a compact table, in real Chromium on a 360 px phone (#19 item 1): a
 * confirmed case proposes their household and a check-in overlap at a venue. The tracer sees each
 * contact's phone as a number to tap (`tel:`), the venue's name and the minutes of overlap; while
 * the page is open, a new case arrives live and is counted at the top and marked "new"; the case
 * filter keeps one case's contacts (in the address, so it survives a reload); the export holds what
 * the tables show.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemAccess } from '../../src/access/context.ts';
import { createUser } from '../../src/auth/users.ts';
import { applyTestResult } from '../../src/cases/intake.ts';
import { queryRows } from '../../src/db/client.ts';
import { openBrowser, startServer } from './browser.ts';
import type { FileBrowser, RunningServer } from './browser.ts';

const PASSWORD = 'worklist-password-19-e2e';

interface Member {
  id: string;
  full_name: string;
  household_id: string;
  province_code: string;
  district_code: string;
  commune_code: string;
}

describe('the tracer worklist table', () => {
  let server: RunningServer;
  let browser: FileBrowser;
  let homes: Member[][] = [];
  let visitor: Member;

  const positive = (personId: string) =>
    server.database.db.transaction(async (tx) => {
      const { caseId } = await applyTestResult(
        tx,
        systemAccess('e2e: lab result'),
        {
          resultId: randomUUID(),
          personId,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 22,
          sampledAt: new Date(Date.now() - 6 * 3600_000),
          symptomatic: true,
        },
        { ip: null },
      );
      return caseId!;
    });

  beforeAll(async () => {
    server = await startServer();
    const db = server.database.db;
    // Two households of two or more people in one commune, and someone else of that commune.
    const [commune] = await queryRows<{ commune_code: string }>(
      db,
      sql`select commune_code from persons where household_id is not null and merged_into is null
        and commune_code is not null group by commune_code
        having count(distinct household_id) filter (where household_id in (
          select household_id from persons where merged_into is null group by household_id having count(*) >= 2
        )) >= 2
        order by commune_code limit 1`,
    );
    const people = await queryRows<Member>(
      db,
      sql`select id, full_name, household_id, province_code, district_code, commune_code from persons
        where commune_code = ${commune!.commune_code} and merged_into is null and household_id is not null
        order by household_id, id`,
    );
    const byHome = new Map<string, Member[]>();
    for (const p of people) byHome.set(p.household_id, [...(byHome.get(p.household_id) ?? []), p]);
    homes = [...byHome.values()].filter((m) => m.length >= 2).slice(0, 2);
    expect(homes.length).toBe(2);
    const inHomes = new Set(homes.flat().map((p) => p.id));
    visitor = people.find(
      (p) => !inHomes.has(p.id) && !byHome.get(p.household_id)!.some((q) => inHomes.has(q.id)),
    )!;
    expect(visitor).toBeDefined();
    // The contact's phone number, as the registry holds it.
    await db.execute(sql`update persons set phone = '0913 555 019' where id = ${homes[0]![1]!.id}`);
    await createUser(db, {
      username: 'truy.vet.19',
      password: PASSWORD,
      role: 'tracer',
      jurisdictionCode: commune!.commune_code,
      displayName: 'Truy vết 19',
    });
    const caseId = await positive(homes[0]![0]!.id);
    // A check-in overlap at a venue of the commune, as contact.f1Criteria proposes it.
    const place = homes[0]![0]!;
    const [venue] = await queryRows<{ id: string }>(
      db,
      sql`insert into venues (name, type, address, province_code, district_code, commune_code, status)
        values ('Chợ Phú Hưng', 'market', 'Ấp 2', ${place.province_code}, ${place.district_code},
          ${place.commune_code}, 'approved') returning id`,
    );
    await db.execute(sql`insert into contacts (case_id, source_person_id, person_id, disease_code, exposure_type,
        exposure_date, duration_minutes, source, venue_id, province_code, district_code, commune_code)
      values (${caseId}, ${place.id}, ${visitor.id}, 'COVID-19', 'venue', current_date - 1, 45, 'checkin',
        ${venue!.id}, ${visitor.province_code}, ${visitor.district_code}, ${visitor.commune_code})`);
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('phone, venue and overlap on compact rows; a live case is counted and marked; filter and export', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Tên đăng nhập').fill('truy.vet.19');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.goto(`${server.url}/cases/worklist`);
    await page.getByRole('heading', { name: /Người tiếp xúc cần gọi \([1-9]/u }).waitFor();

    // The household contact: the phone number is a link to call.
    const contact = homes[0]![1]!;
    const call = page.getByRole('link', { name: `Gọi ${contact.full_name}: 0913 555 019` });
    expect(await call.getAttribute('href')).toBe('tel:0913555019');
    // The venue contact: the venue's name and the minutes of overlap.
    const venueRow = page.getByRole('row', { name: visitor.full_name });
    await expect.poll(() => venueRow.textContent()).toContain('Chợ Phú Hưng');
    expect(await venueRow.textContent()).toContain('45 phút');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // A row is compact: one table row, not a tall card.
    const height = await venueRow.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThan(200);
    expect(await page.getByTestId('worklist-fresh').count()).toBe(0);

    // A new case arrives while the page is open: counted at the top, its rows marked new.
    const second = homes[1]!;
    await positive(second[0]!.id);
    const fresh = page.getByTestId('worklist-fresh');
    await expect.poll(() => fresh.textContent(), { timeout: 15_000 }).toMatch(/^[2-9]\d* việc mới/u);
    const newRow = page.getByRole('row', { name: second[1]!.full_name });
    expect(await newRow.getAttribute('class')).toContain('row--new');
    expect(await newRow.textContent()).toContain('Mới');
    expect(await page.getByRole('row', { name: contact.full_name }).getAttribute('class')).toBeNull();
    // The new case's contacts come first in their table.
    const firstRow = page.locator('#wl-contacts ~ .table-scroll tbody tr').first();
    expect(await firstRow.getAttribute('class')).toContain('row--new');
    await page.getByRole('button', { name: 'Đã xem' }).click();
    await expect.poll(() => fresh.count()).toBe(0);

    // Only the first case: its contacts stay, the other household goes; the address keeps it.
    await page.getByRole('combobox', { name: /^Ca bệnh/u }).selectOption({ label: homes[0]![0]!.full_name });
    await expect.poll(() => page.getByRole('row', { name: second[1]!.full_name }).count()).toBe(0);
    expect(await page.getByRole('row', { name: contact.full_name }).count()).toBe(1);
    expect(page.url()).toMatch(/[?&]case=[0-9a-f-]{36}/u);
    await page.reload();
    await page.getByRole('row', { name: visitor.full_name }).waitFor();
    expect(await page.getByRole('row', { name: second[1]!.full_name }).count()).toBe(0);

    // The export holds what is shown: names, the phone, the venue and its minutes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Xuất CSV' }).click(),
    ]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toContain(contact.full_name);
    expect(csv).toContain('0913 555 019');
    expect(csv).toMatch(/Chợ Phú Hưng,45,/u);
    expect(csv).not.toContain(second[1]!.full_name);
    await context.close();
  });
});
