/**
 * AEFI reports (issue #10.10), October 2021: seriousness (WHO criteria) is recorded apart from
 * severity; two reports of the SAME event on one lot within the window are a cluster and flag the
 * lot; different events on one lot are not; thresholds come from policy.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { queryRows } from '../db/client.ts';
import { CLEAR_SCREENING, siteWithLot } from './test-fixtures.ts';

let t: TestApp;
let vaccinator: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ CERT_KEY_SECRET: 'test-certificate-key-secret-0123456789abcdef' });
  vaccinator = (await signInAs(t, 'vaccinator', '83')).headers;
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
async function doseOn(site: { facilityId: string; lotId: string }): Promise<string> {
  const [p] = await addPeople(t.database, [
    {
      fullName: `Người Tiêm ${++n}`,
      dateOfBirth: '1975-05-05',
      sex: 'male',
      phone: `09120${String(n).padStart(5, '0')}`,
    },
  ]);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/vaccination/doses',
    headers: vaccinator,
    payload: {
      personId: p!.personId,
      ...site,
      productCode: 'EU/1/20/1528',
      date: '2021-10-01',
      screening: CLEAR_SCREENING,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ doseId: string }>().doseId;
}

const report = (doseId: string, body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/vaccination/aefi',
    headers: vaccinator,
    payload: { doseId, onsetDate: '2021-10-02', description: undefined, ...body },
  });

const flagged = async (lotId: string) =>
  (
    await queryRows<{ f: boolean }>(
      t.database.db,
      sql`select aefi_flagged_at is not null as f from vaccine_lots where id = ${lotId}`,
    )
  )[0]!.f;

describe('AEFI in October 2021', () => {
  it('records a mild event needing hospital care as serious, and a severe headache as not serious', async () => {
    const site = await siteWithLot(t.database.db);
    const a = await report(await doseOn(site), {
      symptoms: ['Nổi mề đay'],
      severity: 'mild',
      seriousCriteria: ['hospitalisation'],
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ serious: true, cluster: null, lotFlagged: false });
    const b = await report(await doseOn(site), { symptoms: ['Đau đầu'], severity: 'severe' });
    expect(b.json()).toMatchObject({ serious: false, cluster: null });
    // Two reports on one lot, different events: not a cluster.
    expect(await flagged(site.lotId)).toBe(false);
    const [row] = await queryRows<{ serious_criteria: string[]; severity: string }>(
      t.database.db,
      sql`select serious_criteria, severity from aefi_reports where id = ${a.json<{ id: string }>().id}`,
    );
    expect(row).toEqual({ serious_criteria: ['hospitalisation'], severity: 'mild' });
  });

  it('refuses a seriousness criterion it does not know, and stores nothing', async () => {
    const site = await siteWithLot(t.database.db);
    const dose = await doseOn(site);
    const before = (
      await queryRows<{ c: number }>(t.database.db, sql`select count(*)::int as c from aefi_reports`)
    )[0]!.c;
    const res = await report(dose, { symptoms: ['Sốt'], severity: 'mild', seriousCriteria: ['fainted'] });
    expect(res.statusCode).toBe(400);
    expect(
      (await queryRows<{ c: number }>(t.database.db, sql`select count(*)::int as c from aefi_reports`))[0]!.c,
    ).toBe(before);
  });

  it('flags the lot at the second anaphylaxis on it within 14 days (written with or without accents)', async () => {
    const site = await siteWithLot(t.database.db);
    const first = await report(await doseOn(site), {
      symptoms: ['Sốc phản vệ'],
      severity: 'severe',
      seriousCriteria: ['life_threatening'],
    });
    expect(first.json()).toMatchObject({ cluster: null, lotFlagged: false });
    const second = await report(await doseOn(site), {
      symptoms: ['soc phan ve'],
      severity: 'moderate',
      onsetDate: '2021-10-09',
    });
    expect(second.json()).toMatchObject({
      lotFlagged: true,
      cluster: { event: 'soc phan ve', relatedBy: 'lot', reports: 2 },
    });
    expect(await flagged(site.lotId)).toBe(true);
  });

  it('follows the aefi.clusterRule policy: with three reports required, two are not a cluster', async () => {
    await t.database.db
      .execute(sql`insert into policy_rules (key, disease_code, effective_from, value, source, verification)
      values ('aefi.clusterRule', null, '2021-10-05', '{"minReports": 3, "windowDays": 14, "relatedBy": ["lot"]}'::jsonb,
        '{"document": "test"}'::jsonb, 'confirmed')`);
    const site = await siteWithLot(t.database.db);
    await report(await doseOn(site), {
      symptoms: ['Viêm cơ tim'],
      severity: 'severe',
      onsetDate: '2021-10-10',
    });
    const second = await report(await doseOn(site), {
      symptoms: ['Viêm cơ tim'],
      severity: 'severe',
      onsetDate: '2021-10-11',
    });
    expect(second.json()).toMatchObject({ cluster: null, lotFlagged: false });
    const third = await report(await doseOn(site), {
      symptoms: ['Viêm cơ tim'],
      severity: 'severe',
      onsetDate: '2021-10-12',
    });
    expect(third.json()).toMatchObject({ cluster: { reports: 3, relatedBy: 'lot' }, lotFlagged: true });
  });
});
