import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { citizenAccess } from '../access/context.ts';
import { fixtureUnits } from './fixtures.ts';
import { myStatusCard, verifyStatusToken } from './status.ts';
import { statusSigningKey } from './statusKey.ts';
import type { StatusSigningKey } from './statusKey.ts';

describe('status colour card: the provincial rule on read, a signed QR a venue checks', () => {
  let t: TestApp;
  let personId = '';
  let facilityId = '';
  let key: StatusSigningKey;
  const verify = (token: string, now?: Date) => verifyStatusToken(t.database.db, [key.published], token, now);
  beforeAll(async () => {
    t = await createTestApp();
    key = await statusSigningKey(t.config);
    const [p] = await addPeople(t.database, [
      { fullName: 'Lê Thị Ánh', dateOfBirth: '1988-03-04', sex: 'female' },
    ]);
    personId = p!.personId;
    ({ facilityId } = await fixtureUnits(t.database.db, { province: '83', commune: '28756' }));
  });
  afterAll(() => t?.close());

  const card = (now = new Date()) =>
    t.database.db.transaction((tx) =>
      myStatusCard(
        tx,
        key,
        citizenAccess({ id: crypto.randomUUID(), personId, personIds: [personId] }),
        { ip: null },
        personId,
        now,
      ),
    );

  it('turns from red to green with a series completed 14 days ago, then red on an open case', async () => {
    expect((await card()).colour).toBe('red');
    const done = addDays(today(), -20);
    await t.database.db.execute(sql`
      insert into vaccination_doses (person_id, facility_id, product_code, lot_id, dose_number, dose_kind, date,
                                     screening, age_band, province_code, commune_code)
      values (${personId}::uuid, ${facilityId}::uuid, 'test-product', (select id from vaccine_lots where lot_number = 'HB-LOT'),
              1, 'primary', ${done}::date, '{}'::jsonb, '18-49', '83', '28756')`);
    await t.database.db.execute(sql`
      insert into vaccination_status (person_id, disease, status, doses_given, first_dose_on, completed_on, province_code)
      values (${personId}::uuid, 'COVID-19', 'complete', 1, ${done}::date, ${done}::date, '83')`);
    const green = await card();
    expect(green).toMatchObject({ colour: 'green', hex: '#2e7d32', initials: 'L.T.Á.' });
    expect(green.token.startsWith(`EPS1:${key.published.kid}.`)).toBe(true);
    const check = await verify(green.token);
    expect(check).toMatchObject({ valid: true, colour: 'green', initials: 'L.T.Á.' });
    expect(JSON.stringify(check)).not.toContain('Ánh');
    await t.database.db
      .execute(sql`insert into cases (person_id, disease_code, classification, status, province_code)
      values (${personId}::uuid, 'COVID-19', 'confirmed', 'open', '83')`);
    expect((await card()).colour).toBe('red');
  });

  it('refuses an altered, a foreign or an expired QR, and another person’s card', async () => {
    const { token } = await card();
    const [head, , sig] = token.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify(['green', 'L.T.Á.', 9_999_999_999])).toString('base64url')}.${sig}`;
    expect(await verify(forged)).toEqual({ valid: false, reason: 'invalid' });
    expect(await verify(`${token.slice(0, token.lastIndexOf('.'))}.x`)).toEqual({
      valid: false,
      reason: 'invalid',
    });
    expect(await verify('garbage')).toEqual({ valid: false, reason: 'invalid' });
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await verify(token, later)).toEqual({ valid: false, reason: 'expired' });
    const stranger = citizenAccess({ id: crypto.randomUUID(), personId: crypto.randomUUID(), personIds: [] });
    await expect(
      t.database.db.transaction((tx) => myStatusCard(tx, key, stranger, { ip: null }, personId)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is issued by the route, checked by /api/status/verify, and its public key is in the trust list', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/certificates/trust-list' });
    const published = list.json<{
      statusKeys: { kid: string; publicKey: string }[];
      statusColours: { colour: string }[];
    }>();
    expect(published.statusKeys).toEqual([key.published]);
    expect(published.statusColours.map((c) => c.colour)).toContain('green');
    const { token } = await card();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/status/verify?token=${encodeURIComponent(token)}`,
    });
    expect(res.json()).toMatchObject({ valid: true, colour: 'red', initials: 'L.T.Á.' });
  });
});
