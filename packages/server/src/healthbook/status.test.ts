import { addDays, today } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { citizenAccess } from '../access/context.ts';
import { fixtureUnits } from './fixtures.ts';
import { myStatusCard, verifyStatusToken } from './status.ts';

describe('status colour card: the provincial rule on read, a signed QR a venue checks', () => {
  let t: TestApp;
  let personId = '';
  let facilityId = '';
  beforeAll(async () => {
    t = await createTestApp();
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
    const check = await verifyStatusToken(t.database.db, green.token);
    expect(check).toMatchObject({ valid: true, colour: 'green', initials: 'L.T.Á.' });
    expect(JSON.stringify(check)).not.toContain('Ánh');
    await t.database.db
      .execute(sql`insert into cases (person_id, disease_code, classification, status, province_code)
      values (${personId}::uuid, 'COVID-19', 'confirmed', 'open', '83')`);
    expect((await card()).colour).toBe('red');
  });

  it('refuses an altered, a foreign or an expired QR, and another person’s card', async () => {
    const { token } = await card();
    const [body, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify(['green', 'L.T.Á.', 9_999_999_999])).toString('base64url')}.${sig}`;
    expect(await verifyStatusToken(t.database.db, forged)).toEqual({ valid: false, reason: 'invalid' });
    expect(await verifyStatusToken(t.database.db, `${body}.x`)).toEqual({ valid: false, reason: 'invalid' });
    expect(await verifyStatusToken(t.database.db, 'garbage')).toEqual({ valid: false, reason: 'invalid' });
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await verifyStatusToken(t.database.db, token, later)).toEqual({ valid: false, reason: 'expired' });
    const stranger = citizenAccess({ id: crypto.randomUUID(), personId: crypto.randomUUID(), personIds: [] });
    await expect(
      t.database.db.transaction((tx) => myStatusCard(tx, stranger, { ip: null }, personId)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
