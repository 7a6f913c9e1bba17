import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { systemAccess } from '../access/context.ts';
import { addPolicyRule } from './add.ts';
import { policyInForce } from './store.ts';

describe('the policy store', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('ships the default rules with their sources and applies them by date', async () => {
    const { db } = t.database;
    const july2021 = await policyInForce(db, 'quarantine.f1', '2021-08-01', 'COVID-19');
    const march2022 = await policyInForce(db, 'quarantine.f1', '2022-03-01', 'COVID-19');
    expect(july2021?.source.document).toBe('5599/BYT-MT');
    expect(march2022?.source.document).toBe('762/BYT-DP');
    expect(await policyInForce(db, 'quarantine.f1', '2020-01-01', 'COVID-19')).toBeUndefined();
  });

  it('lets the provincial epidemiologist add a new version, effective from a date, without losing the old one', async () => {
    const epi = (await signInAs(t, 'provincial_epidemiologist', '83')).headers;
    const body = {
      key: 'checkin.retentionDays',
      diseaseCode: null,
      effectiveFrom: '2030-01-01',
      value: 45,
      source: { document: '123/QĐ-UBND', date: '2029-12-20' },
      verification: 'confirmed',
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/policy/rules', headers: epi, payload: body });
    expect(res.statusCode).toBe(201);
    expect((await policyInForce(t.database.db, 'checkin.retentionDays', '2029-12-31'))?.value).toBe(30);
    expect((await policyInForce(t.database.db, 'checkin.retentionDays', '2030-01-01'))?.value).toBe(45);
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/policy/rules?key=checkin.retentionDays&at=2030-02-01',
        headers: epi,
      })
    ).json<{ rules: { value: unknown; inForce: boolean; source: { date?: string } }[] }>();
    expect(list.rules.map((r) => [r.value, r.inForce])).toEqual([
      [30, false],
      [45, true],
    ]);
    // The source document's date, when given, is kept and shown with its number.
    expect(list.rules[1]?.source.date).toBe('2029-12-20');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/policy/rules', headers: epi, payload: body }))
        .statusCode,
    ).toBe(409);
  });

  it('reads a key once per transaction, and a rule the transaction stores is seen by its next read', async () => {
    const seen = await t.database.db.transaction(async (tx) => {
      const before = await policyInForce(tx, 'checkin.retentionDays', '2031-06-01');
      const again = await policyInForce(tx, 'checkin.retentionDays', '2031-06-01');
      await addPolicyRule(tx, systemAccess('test'), {
        key: 'checkin.retentionDays',
        diseaseCode: null,
        effectiveFrom: '2031-01-01',
        value: 21,
        source: { document: '7/QĐ-UBND' },
        verification: 'confirmed',
      });
      const after = await policyInForce(tx, 'checkin.retentionDays', '2031-06-01');
      return [before?.value, again?.value, after?.value];
    });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).toBe(21);
    // Outside a transaction nothing is kept: the committed rule is read at once.
    expect((await policyInForce(t.database.db, 'checkin.retentionDays', '2031-06-01'))?.value).toBe(21);
  });

  it('refuses an invalid value, an unknown key and a role without the permission', async () => {
    const epi = (await signInAs(t, 'provincial_epidemiologist', '83')).headers;
    const base = {
      diseaseCode: null,
      effectiveFrom: '2031-01-01',
      source: { document: 'x' },
      verification: 'unverified',
    };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/policy/rules',
      headers: epi,
      payload: { ...base, key: 'checkin.retentionDays', value: 'thirty' },
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/policy/rules',
      headers: epi,
      payload: { ...base, key: 'no.such.rule', value: 1 },
    });
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('UNKNOWN_CODE');
    const officer = (await signInAs(t, 'commune_officer', '28756')).headers;
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/policy/rules',
      headers: officer,
      payload: { ...base, key: 'checkin.retentionDays', value: 10 },
    });
    expect(denied.statusCode).toBe(403);
  });
});
