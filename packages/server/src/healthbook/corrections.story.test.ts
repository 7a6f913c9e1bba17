/**
 * Story of a correction request (#17 item 3): a citizen asks for a dose's date to be corrected,
 * with a photo that still carries its GPS position; the request goes to the vaccination site's
 * commune (another commune's official: 404), whose official accepts it with the fix through the
 * vaccination service; the dose changes, its audit row names the request, an SMS is queued and
 * the book says 'resolved'. Then an unanswered "missing record" climbs commune → district →
 * province on a controlled clock.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInCitizen } from '../../test/checkin/fixtures.ts';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { escalateCorrections } from './corrections-escalation.ts';

const PRODUCT = 'EU/1/20/1528';
const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const seg = (m: number, p: number[]) => [0xff, m, (p.length + 2) >> 8, (p.length + 2) & 0xff, ...p];

/** A small JPEG whose EXIF block holds a GPS latitude. */
function photoWithGps(): string {
  const exif = [...ascii('Exif'), 0, 0, ...ascii('MM'), 0, 42, 0, 0, 0, 8, 0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1]
    .concat([0, 0, 0, 26, 0, 0, 0, 0, 0, 1, 0, 1, 0, 2, 0, 0, 0, 2, ...ascii('N'), 0, 0, 0, 0, 0, 0, 0])
    .concat(ascii('GPSLatitude 10.24N'));
  const jpeg = [0xff, 0xd8, ...seg(0xe1, exif), ...seg(0xc0, [8, 0, 200, 1, 44, 1, 1, 0x11, 0])].concat(
    seg(0xda, [1, 1, 0, 0, 0x3f, 0]),
    [1, 2, 3, 0xff, 0xd9],
  );
  return Buffer.from(jpeg).toString('base64');
}

describe('a citizen’s correction request, from the book to the owning unit and back', () => {
  let t: TestApp;
  let me: { headers: Record<string, string>; personId: string };
  let doseId = '';
  let requestId = '';
  const phone = '0912345670';

  beforeAll(async () => {
    t = await createTestApp();
    me = await signInCitizen(t, { fullName: 'Trần Thị Đính', phone });
    // The dose was given at a site of another commune (28757) than the citizen's (28756).
    const [dose] = await queryRows<{ id: string }>(
      t.database.db,
      sql`with f as (insert into facilities (kind, name, unit_code, province_code)
            values ('vaccination_site', 'Trạm Y tế Phường 8', '28757', '83') returning id),
          l as (insert into vaccine_lots (product_code, lot_number, expiry_date)
            values (${PRODUCT}, 'CR-LOT-1', '2030-01-01'), (${PRODUCT}, 'CR-LOT-2', '2030-01-01') returning id, lot_number)
        insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
          screening, age_band, province_code, district_code, commune_code)
        select ${me.personId}::uuid, f.id, ${PRODUCT}, l.id, 1, 'primary', '2021-09-03', '{}'::jsonb, '18-49',
          '83', '829', '28756' from f, l where l.lot_number = 'CR-LOT-1' returning id`,
    );
    doseId = dose!.id;
  });
  afterAll(() => t?.close());

  const send = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/me/corrections', headers: me.headers, payload });

  it('routes a dose correction to the site’s unit; the owning official accepts it with the fix', async () => {
    const base = {
      personId: me.personId,
      recordKind: 'dose',
      recordId: doseId,
      message: 'Tôi tiêm ngày 05/09',
    };
    // Not an image: refused with a translated message, nothing stored.
    const bad = await send({
      ...base,
      evidence: { type: 'image/jpeg', data: Buffer.from('<svg/>').toString('base64') },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('JPEG');
    const res = await send({ ...base, evidence: { type: 'image/jpeg', data: photoWithGps() } });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; status: string; ownerName: string; hasEvidence: boolean }>();
    expect(created).toMatchObject({ status: 'open', ownerName: 'Trạm Y tế Phường 8', hasEvidence: true });
    requestId = created.id;
    const [stored] = await queryRows<{ n: number; commune_code: string; evidence: Buffer }>(
      t.database.db,
      sql`select (select count(*)::int from correction_requests) as n, commune_code, evidence from correction_requests`,
    );
    expect(stored).toMatchObject({ n: 1, commune_code: '28757' });
    const kept = Buffer.from(stored!.evidence).toString('latin1');
    expect(kept).not.toContain('Exif');
    expect(kept).not.toContain('GPSLatitude');

    // The citizen's own commune is not the owner: its official does not see the request.
    const other = await signInAs(t, 'commune_officer', '28756');
    const list = await t.app.inject({ method: 'GET', url: '/api/corrections', headers: other.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    for (const url of [`/api/corrections/${requestId}`, `/api/corrections/${requestId}/resolve`]) {
      const r = url.endsWith('resolve')
        ? await t.app.inject({
            method: 'POST',
            url,
            headers: other.headers,
            payload: { decision: 'reject', answer: 'x' },
          })
        : await t.app.inject({ method: 'GET', url, headers: other.headers });
      expect(r.statusCode).toBe(404);
    }

    // The site's commune official: the worklist, the request with its photo, then the fix.
    const owner = await signInAs(t, 'commune_officer', '28757');
    const work = await t.app.inject({ method: 'GET', url: '/api/corrections', headers: owner.headers });
    expect(work.json<{ items: { id: string; name: string }[] }>().items).toEqual([
      expect.objectContaining({ id: requestId, name: 'Trần Thị Đính', recordKind: 'dose', overdue: false }),
    ]);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/corrections/${requestId}`,
      headers: owner.headers,
    });
    const opened = detail.json<{ evidence: string; record: Record<string, unknown> }>();
    expect(opened.evidence.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(opened.record).toMatchObject({ date: '2021-09-03', lotNumber: 'CR-LOT-1' });
    const noFix = await t.app.inject({
      method: 'POST',
      url: `/api/corrections/${requestId}/resolve`,
      headers: owner.headers,
      payload: { decision: 'accept', answer: '' },
    });
    expect(noFix.statusCode).toBe(400);
    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/corrections/${requestId}/resolve`,
      headers: owner.headers,
      payload: {
        decision: 'accept',
        answer: 'Đã sửa theo sổ tiêm',
        fix: { kind: 'dose', date: '2021-09-05', lotNumber: 'CR-LOT-2' },
      },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/corrections/${requestId}/resolve`,
      headers: owner.headers,
      payload: { decision: 'reject', answer: 'x' },
    });
    expect(again.statusCode).toBe(409);

    const [after] = await queryRows<{
      date: string;
      lot: string;
      audits: number;
      sms: number;
      events: number;
    }>(
      t.database.db,
      sql`select d.date::text as date, l.lot_number as lot,
          (select count(*)::int from audit_log a where a.entity = 'vaccination_dose' and a.entity_id = ${doseId}
             and a.details->>'correctionRequestId' = ${requestId}) as audits,
          (select count(*)::int from outbox o where o.topic = 'notification.send' and o.payload->>'to' = ${phone}
             and o.payload->>'body' like '%da duoc chap nhan%') as sms,
          (select count(*)::int from outbox o where o.topic in ('correction.requested', 'correction.resolved')) as events
        from vaccination_doses d join vaccine_lots l on l.id = d.lot_id where d.id = ${doseId}::uuid`,
    );
    expect(after).toEqual({ date: '2021-09-05', lot: 'CR-LOT-2', audits: 1, sms: 1, events: 2 });
    const trail = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where entity = 'correction_request' and entity_id = ${requestId} order by id`,
    );
    expect(trail.map((a) => a.action)).toEqual(['create', 'read', 'read', 'update']);

    const book = await t.app.inject({
      method: 'GET',
      url: `/api/me/corrections/${me.personId}`,
      headers: me.headers,
    });
    expect(book.json<{ items: unknown[] }>().items).toEqual([
      expect.objectContaining({ id: requestId, status: 'resolved', answer: 'Đã sửa theo sổ tiêm' }),
    ]);
  });

  it('a missing record goes to the person’s commune and climbs to the district, then the province', async () => {
    const res = await send({
      personId: me.personId,
      recordKind: null,
      recordId: null,
      message: 'Thiếu mũi 2',
      evidence: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    const [row] = await queryRows<{ created_at: string; commune_code: string; district_code: string | null }>(
      t.database.db,
      sql`select created_at, commune_code, district_code from correction_requests where id = ${id}::uuid`,
    );
    expect(row).toMatchObject({ commune_code: '28756', district_code: '829' });
    const t0 = new Date(row!.created_at).getTime();
    const day = 86_400_000;
    const district = await signInAs(t, 'district_officer', '829');
    const districtSees = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/corrections', headers: district.headers }))
        .json<{ items: { id: string; level: string }[] }>()
        .items.find((i) => i.id === id)?.level;

    expect(await escalateCorrections(t.database.db, new Date(t0 + 5 * day - 60_000))).toBe(0);
    expect(await districtSees()).toBeUndefined();
    expect(await escalateCorrections(t.database.db, new Date(t0 + 5 * day + 60_000))).toBe(1);
    expect(await districtSees()).toBe('district');
    expect(await escalateCorrections(t.database.db, new Date(t0 + 9 * day))).toBe(0);
    expect(await escalateCorrections(t.database.db, new Date(t0 + 10 * day + 120_000))).toBe(1);
    expect(await districtSees()).toBe('province');
    const steps = await queryRows<{ to: string }>(
      t.database.db,
      sql`select details->>'to' as to from audit_log where entity = 'correction_request' and entity_id = ${id}
            and action = 'update' order by id`,
    );
    expect(steps.map((s) => s.to)).toEqual(['district', 'province']);
  });
});
