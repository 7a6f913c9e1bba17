/**
 * The household list, the case line list and the contact list of a commune (PGlite and
 * PostgreSQL): each small file with good rows and a few bad rows of mixed faults lands its good
 * rows through the owning module (households in the registry with their head linked; cases by
 * the cases module's create path; contacts as proposed edges of the contact graph), reports each
 * bad row with its reason, sends every person through record linkage (a CCCD match is the
 * existing person, a namesake stays apart) and adds nothing when uploaded again.
 */
import { makeCccd } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { runImportJob } from './runner.ts';

const COMMUNE = '28756';
const F0_CCCD = makeCccd('083', 'male', 1975, 70_001);
const KNOWN_CCCD = makeCccd('083', 'female', 1988, 70_002);

let t: TestApp;
let officer: Record<string, string>;

type Job = {
  id: string;
  status: string;
  alreadyImported: boolean;
  importedCount: number;
  duplicateCount: number;
  reviewCount: number;
  errorCount: number;
};

beforeAll(async () => {
  t = await createTestApp();
  officer = { ...(await signInAs(t, 'commune_officer', COMMUNE)).headers, 'accept-language': 'en' };
  // Already in the registry: the future F0 (by CCCD), a known woman (by CCCD) and a namesake.
  await addPeople(t.database, [
    { fullName: 'Nguyễn Văn Sáu', dateOfBirth: '1975-04-04', sex: 'male', cccd: F0_CCCD },
    { fullName: 'Trần Thị Bảy', dateOfBirth: '1988-08-08', sex: 'female', cccd: KNOWN_CCCD },
    { fullName: 'Lê Văn Tám', dateOfBirth: '1960-01-01', sex: 'male' },
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function importCsv(kind: string, lines: string[], fileName: string): Promise<Job> {
  const up = await t.app.inject({
    method: 'POST',
    url: `/api/imports?kind=${kind}&source=${encodeURIComponent(`Sổ ${kind}`)}&fileName=${fileName}`,
    headers: { ...officer, 'content-type': 'text/csv' },
    payload: Buffer.from(lines.join('\r\n'), 'utf8'),
  });
  expect(up.statusCode, up.body).toBe(200);
  const job = up.json<Job>();
  if (job.alreadyImported) return job;
  const start = await t.app.inject({ method: 'POST', url: `/api/imports/${job.id}/start`, headers: officer });
  expect(start.statusCode, start.body).toBe(200);
  expect(await runImportJob(t.database, job.id, { deps: t })).toBe('done');
  return (await t.app.inject({ method: 'GET', url: `/api/imports/${job.id}`, headers: officer })).json<Job>();
}

const errorsOf = (jobId: string) =>
  queryRows<{ row_number: number; field: string; reason: string }>(
    t.database.db,
    sql`select row_number, e->>'field' as field, e->>'reason' as reason
        from import_row_errors, jsonb_array_elements(errors) e where job_id = ${jobId} order by row_number`,
  );

const count = async (query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(t.database.db, query))[0]!.n;

describe.each([
  {
    kind: 'households',
    header: 'Mã hộ,Chủ hộ,Địa chỉ,Mã xã/phường,Số điện thoại',
    rows: [
      `HK-001,Nguyễn Văn Sáu,Ấp 1,${COMMUNE},0912345678`,
      `HK-002,Phạm Thị Chín,Ấp 2,${COMMUNE},`,
      'HK-003,Lê Văn Mười,Ấp 3,99999,',
      `,Đỗ Thị Một,Ấp 4,${COMMUNE},`,
      `HK-005,Võ Văn Hai,Ấp 5,${COMMUNE},12345`,
      `hk-001,Nguyễn Văn Sáu,Ấp 1,${COMMUNE},0912345678`,
    ],
    expected: { importedCount: 2, duplicateCount: 1, errorCount: 3 },
    errors: [
      [4, 'communeCode', 'unknownCode'],
      [5, 'householdCode', 'required'],
      [6, 'phone', 'phoneInvalid'],
    ],
    stored: sql`select count(*)::int as n from households h join persons p on p.household_id = h.id
                where h.code in ('HK-001', 'HK-002') and p.merged_into is null`,
    storedCount: 2,
  },
  {
    kind: 'cases',
    header: 'Họ và tên,Ngày sinh,Giới tính,Số CCCD,Mã xã/phường,Bệnh,Ngày khởi phát,Ngày báo cáo',
    rows: [
      `Nguyễn Văn Sáu,04/04/1975,Nam,${F0_CCCD},${COMMUNE},COVID-19,01/06/2026,03/06/2026`,
      `Lê Văn Tám,02/02/1962,Nam,,${COMMUNE},COVID-19,,04/06/2026`,
      `Hồ Thị Năm,5/5/90,Nữ,,${COMMUNE},DENGUE,02/06/2026,05/06/2026`,
      `Phan Văn Lỗi,01/01/1980,Nam,,${COMMUNE},CUM-XYZ,,05/06/2026`,
      `Phan Văn Sớm,01/01/1981,Nam,,${COMMUNE},COVID-19,09/06/2026,05/06/2026`,
      `Phan Văn Muộn,01/01/1982,Nam,,${COMMUNE},COVID-19,,05/06/2099`,
    ],
    expected: { importedCount: 3, duplicateCount: 0, errorCount: 3 },
    errors: [
      [5, 'disease', 'unknownCode'],
      [6, 'onsetDate', 'onsetAfterReport'],
      [7, 'reportDate', 'dateInFuture'],
    ],
    stored: sql`select count(*)::int as n from cases c join outbox o on o.topic = 'case.created'
                and o.payload->>'caseId' = c.id::text`,
    storedCount: 3,
  },
  {
    kind: 'contacts',
    header: 'Mã ca bệnh,Họ và tên,Số CCCD,Số điện thoại,Mã xã/phường,Ngày tiếp xúc cuối',
    rows: [
      `${F0_CCCD},Đặng Văn Tiếp,,0987654321,${COMMUNE},02/06/2026`,
      `${F0_CCCD},Trần Thị Bảy,${KNOWN_CCCD},,${COMMUNE},02/06/2026`,
      `KHONG-CO,Mai Văn Lạ,,0987000111,${COMMUNE},02/06/2026`,
      `${F0_CCCD},Vũ Văn Số,,0123,${COMMUNE},02/06/2026`,
      `${F0_CCCD},Nguyễn Văn Sáu,${F0_CCCD},,${COMMUNE},02/06/2026`,
    ],
    expected: { importedCount: 2, duplicateCount: 0, errorCount: 3 },
    errors: [
      [4, 'caseCode', 'noSuchCase'],
      [5, 'phone', 'phoneInvalid'],
      [6, 'fullName', 'contactIsCase'],
    ],
    stored: sql`select count(*)::int as n from contacts k join persons f0 on f0.id = k.source_person_id
                where f0.cccd = ${F0_CCCD} and k.status = 'proposed' and k.exposure_date = '2026-06-02'`,
    storedCount: 2,
  },
])('a $kind file with good and bad rows', ({ kind, header, rows, expected, errors, stored, storedCount }) => {
  it('lands the good rows through the owning module and reports each bad row with its reason', async () => {
    const job = await importCsv(kind, [header, ...rows], `${kind}.csv`);
    expect(job).toMatchObject({ status: 'done', ...expected });
    expect((await errorsOf(job.id)).map((e) => [e.row_number, e.field, e.reason])).toEqual(errors);
    expect(await count(stored)).toBe(storedCount);
  });

  it('adds nothing when the same file, or the same rows in another file, come again', async () => {
    const again = await importCsv(kind, [header, ...rows], `${kind}.csv`);
    expect(again.alreadyImported).toBe(true);
    const reordered = await importCsv(kind, [header, ...[...rows].reverse()], `${kind}-copy.csv`);
    expect(reordered).toMatchObject({ importedCount: 0, errorCount: expected.errorCount });
    expect(await count(stored)).toBe(storedCount);
  });
});

describe('record linkage of the imported people', () => {
  it('a CCCD match is the existing person, a namesake stays apart, a member joins their household', async () => {
    const [f0] = await queryRows<{ cases: number; people: number }>(
      t.database.db,
      sql`select (select count(*)::int from cases c join persons p on p.id = c.person_id
                  where p.cccd = ${F0_CCCD} and p.merged_into is null) as cases,
                 (select count(*)::int from persons where cccd = ${F0_CCCD} and merged_into is null) as people`,
    );
    expect(f0).toEqual({ cases: 1, people: 1 });
    const namesakes = await queryRows<{ dob: string; cases: number }>(
      t.database.db,
      sql`select p.date_of_birth::text as dob, count(c.id)::int as cases from persons p
          left join cases c on c.person_id = p.id
          where p.full_name = 'Lê Văn Tám' and p.merged_into is null group by p.id order by 1`,
    );
    expect(namesakes).toEqual([
      { dob: '1960-01-01', cases: 0 },
      { dob: '1962-02-02', cases: 1 },
    ]);
    const member = await importCsv(
      'people',
      ['Họ và tên,Ngày sinh,Giới tính,Mã xã/phường,Mã hộ', `Nguyễn Thị Hoa,01/02/1990,Nữ,${COMMUNE},hk-002`],
      'members.csv',
    );
    expect(member.importedCount).toBe(1);
    const [joined] = await queryRows<{ code: string }>(
      t.database.db,
      sql`select h.code from persons p join households h on h.id = p.household_id where p.full_name = 'Nguyễn Thị Hoa'`,
    );
    expect(joined?.code).toBe('HK-002');
  });
});
