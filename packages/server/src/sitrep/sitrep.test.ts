import { addDays, today } from '@epilink/core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { runScheduledSitreps } from './schedule.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';

/**
 * The daily situation report (issue #13 item 9): made from the indicators (never typed), stored
 * with its PDF and workbook, listed and downloaded within the caller's jurisdiction, and made on a
 * schedule once per unit and day, each mailed through the notification outbox.
 *
 * The story's province (Bến Tre, 83) had 5 confirmed COVID-19 cases sampled on 9 August 2021 and
 * 6 on the 10th: 4 + 4 in Châu Thành (831), the others in Bến Tre city (829).
 */
const DAY = '2021-08-10';

interface Listed {
  id: string;
  unitCode: string;
  day: string;
  kind: string;
  headline: Record<string, number>;
  sentences: string[];
}

describe('daily situation reports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ SITREP_HOUR: '7', SITREP_EMAIL_TO: 'bcd@example.org,so-yte@example.org' });
    const { db } = t.database;
    await db.execute(sql`
      with p as (
        insert into persons (full_name, name_key, province_code, district_code, commune_code, source)
        select 'Người ' || g, 'nguoi ' || g, '83', case when g % 3 = 0 then '829' else '831' end,
               case when g % 3 = 0 then '28756' else '28801' end, 'test'
        from generate_series(1, 11) g
        returning id, province_code, district_code, commune_code, full_name)
      insert into cases (person_id, disease_code, classification, onset_date, sample_date, status,
                         province_code, district_code, commune_code)
      select id, 'COVID-19', 'confirmed', date '2021-08-07',
             case when substring(full_name from 7)::int <= 5 then date '2021-08-09' else date '2021-08-10' end,
             'open', province_code, district_code, commune_code
      from p`);
  });
  afterAll(() => t?.close());

  it('is generated on demand from the numbers: 6 new cases, one more (20 %) than the day before', async () => {
    const { headers } = await signInAs(t, 'provincial_epidemiologist', '83');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers: { ...headers, 'accept-language': 'en' },
      payload: { unitCode: '83', day: DAY, lang: 'vi' },
    });
    expect(res.statusCode).toBe(201);
    const s = res.json<Listed>();
    expect(s).toMatchObject({ unitCode: '83', day: DAY, kind: 'on-demand' });
    expect(s.headline.newCases).toBe(6);
    expect(s.headline.activeCases).toBe(11);
    expect(s.sentences[0]).toBe('New cases rose by 1 (↑ 20 %) since yesterday, to 6.');

    const pdf = await t.app.inject({ method: 'GET', url: `/api/sitreps/${s.id}/pdf`, headers });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Three pages: headline and changes; charts; map and districts.
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/gu)).toHaveLength(3);

    const xlsx = await t.app.inject({ method: 'GET', url: `/api/sitreps/${s.id}/xlsx`, headers });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(3).values).toEqual([undefined, 'Ca mới', 6, 5]);
    // Days are real date cells in the report language's format, not ISO text.
    expect(summary.getRow(1).getCell(2).value).toEqual(new Date(`${DAY}T00:00:00Z`));
    expect(summary.getRow(1).getCell(2).numFmt).toBe('dd/mm/yyyy');
    const days = book.getWorksheet('Theo ngày')!;
    expect(days.getRow(days.rowCount).getCell(1).value).toBeInstanceOf(Date);
    const units = book.getWorksheet('Theo đơn vị')!;
    const chauThanh = units.getRows(3, units.rowCount - 2)!.find((r) => r.getCell(1).value === '831');
    expect(chauThanh?.getCell(4).value).toBe(8);

    const audit = await queryRows<{ action: string; n: number }>(
      t.database.db,
      sql`select action, count(*)::int as n from audit_log where entity = 'sitrep' group by action order by action`,
    );
    expect(audit).toEqual([
      { action: 'create', n: 1 },
      { action: 'export', n: 2 },
    ]);
  });

  it('is kept within the jurisdiction: a district sees its own report, never the province’s', async () => {
    const province = await signInAs(t, 'provincial_epidemiologist', '83');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers: province.headers,
      payload: { unitCode: '831', day: DAY },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json<Listed>().headline.newCases).toBe(4);

    const district = await signInAs(t, 'district_officer', '831');
    const list = await t.app.inject({ method: 'GET', url: '/api/sitreps', headers: district.headers });
    expect(list.json<{ items: Listed[] }>().items.map((i) => i.unitCode)).toEqual(['831']);
    const provinceReport = (
      await t.app.inject({ method: 'GET', url: '/api/sitreps?unit=83', headers: province.headers })
    ).json<{ items: Listed[] }>().items[0]!;
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/sitreps/${provinceReport.id}/pdf`,
      headers: district.headers,
    });
    expect(denied.statusCode).toBe(404);
    for (const unitCode of ['83', '829', '99999']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/sitreps',
        headers: district.headers,
        payload: { unitCode, day: DAY },
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('refuses a commune (reports are of the province and its districts), a malformed unit code and a day to come', async () => {
    const { headers } = await signInAs(t, 'provincial_epidemiologist', '83');
    const commune = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers,
      payload: { unitCode: '28801', day: DAY },
    });
    expect(commune.statusCode).toBe(400);
    const hostile = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers,
      payload: { unitCode: "83' or 1=1 --", day: DAY },
    });
    expect(hostile.statusCode).toBe(400);
    const future = await t.app.inject({
      method: 'POST',
      url: '/api/sitreps',
      headers,
      payload: { unitCode: '83', day: addDays(today(), 2) },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ error: { details: { path: string }[] } }>().error.details[0]?.path).toBe('day');
  });

  it('is made on schedule once per unit and day, from SITREP_HOUR local time, and mailed through the outbox', async () => {
    const { db } = t.database;
    // 06:00 on 11 August in the province (23:00 UTC the day before): not yet.
    expect(await runScheduledSitreps(db, t.config, new Date('2021-08-10T23:00:00Z'))).toEqual([]);
    // 08:00 local: the 10th's reports, for the province and each of its 9 districts, made by two
    // processes at once, and then once more: each exists once.
    const at = new Date('2021-08-11T01:00:00Z');
    const runs = await Promise.all([
      runScheduledSitreps(db, t.config, at),
      runScheduledSitreps(db, t.config, at),
    ]);
    const again = await runScheduledSitreps(db, t.config, at);
    expect(again).toEqual([]);
    const made = runs.flat();
    const stored = await queryRows<{ unit_code: string }>(
      db,
      sql`select unit_code from sitreps where kind = 'scheduled' and day = ${DAY}`,
    );
    const province83 = ['83', '829', '831', '832', '833', '834', '835', '836', '837', '838'];
    expect(stored.map((r) => r.unit_code).sort()).toEqual(province83.sort());
    expect(made.map((s) => s.unitCode).sort()).toEqual(province83);
    const mails = await queryRows<{ to: string; subject: string; body: string }>(
      db,
      sql`select payload->>'to' as "to", payload->>'subject' as subject, payload->>'body' as body
          from outbox where topic = 'notification.send' and payload->>'channel' = 'email'`,
    );
    expect(mails).toHaveLength(20);
    const province = mails.find(
      (m) =>
        m.to === 'bcd@example.org' &&
        m.subject.includes(`ngày ${DAY}`) &&
        m.body.includes('Số ca mới tăng 1'),
    );
    expect(province?.body).toContain('New cases rose by 1 (↑ 20 %) since yesterday, to 6.');
    expect(province?.body).toMatch(/\/api\/sitreps\/[0-9a-f-]{36}\/pdf/u);
    // The scheduled files are drawn in a worker thread (render-thread.ts): the same three pages
    // and the same workbook as on demand.
    const { headers } = await signInAs(t, 'provincial_epidemiologist', '83');
    const provinceReport = made.find((s) => s.unitCode === '83')!;
    const pdf = await t.app.inject({ method: 'GET', url: `/api/sitreps/${provinceReport.id}/pdf`, headers });
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1').match(/\/Type \/Page\b/gu)).toHaveLength(3);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/sitreps/${provinceReport.id}/xlsx`,
      headers,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('Tổng hợp')!.getRow(3).values).toEqual([undefined, 'Ca mới', 6, 5]);
  });
});
