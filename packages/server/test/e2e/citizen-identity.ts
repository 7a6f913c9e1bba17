/**
 * At a citizen's first sign-in the page asks who the phone holder is (issue #9 item 6): the
 * browser tests type the date of birth and ID number (or name) of the record, as the citizen would.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import type { Database } from '../../src/db/client.ts';
import { queryRows } from '../../src/db/client.ts';

/** The one live record carrying `phone` (the tests pick phones carried by one record). */
export async function recordOfPhone(database: Database, phone: string): Promise<string> {
  const rows = await queryRows<{ id: string }>(
    database.db,
    sql`select id from persons where phone = ${phone} and merged_into is null`,
  );
  if (rows.length !== 1) throw new Error(`${rows.length} records carry ${phone}`);
  return rows[0]!.id;
}

/** After "Đăng nhập" with the code: fill the identity step the page shows, and sign in. */
export async function stateIdentityInPage(page: Page, database: Database, personId: string): Promise<void> {
  const [p] = await queryRows<{ dob: string; id_number: string | null; full_name: string }>(
    database.db,
    sql`select date_of_birth::text as dob, coalesce(cccd, cmnd, passport) as id_number, full_name
          from persons where id = ${personId}`,
  );
  await page.getByLabel('Ngày sinh').fill(p!.dob);
  if (p!.id_number) await page.getByLabel('Số CCCD / CMND / hộ chiếu').fill(p!.id_number);
  else await page.getByLabel('Họ và tên (nếu chưa có giấy tờ)').fill(p!.full_name);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
