/**
 * Item 5 — records handled at my site. A person from another district gets a dose in a session of
 * the officer's commune, and a specimen taken at its test site. The one rule (access/site.ts): the
 * site's officials see what the site needs (the record, the person's name, `resident: false`), not
 * the person's other data (their person page stays 404), and every such read is audited WITH the
 * person's id (before the fix the session read was audited without one). Officials of other
 * communes reach neither the session nor the specimen, and leave no site read behind.
 */
import { makeBarcode } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { siteWithLot } from '../../src/vaccination/test-fixtures.ts';
import { addPeople, createTestApp, signInAs } from '../helpers.ts';
import type { TestApp } from '../helpers.ts';
import { HOME, otherDistrictCommune } from './places.ts';
import type { Place } from './places.ts';

describe('item 5: one rule for records handled at my site, audited per person', () => {
  let t: TestApp;
  let other: Place;
  let resident = '';
  let visitor = '';
  let sessionId = '';
  let barcode = '';
  const siteReads = (personId: string) =>
    queryRows<{ actor_role: string; entity_id: string | null; details: { site: string; resident: boolean } }>(
      t.database.db,
      sql`select actor_role, entity_id, details from audit_log
          where action = 'read' and entity = 'site_record' and person_id = ${personId} order by id`,
    );

  beforeAll(async () => {
    t = await createTestApp();
    other = await otherDistrictCommune(t);
    const [r, v] = await addPeople(t.database, [
      { fullName: 'Phạm Văn Tại Chỗ', dateOfBirth: '1961-01-01', phone: '0905111222', ...HOME },
      { fullName: 'Hồ Thị Nơi Khác', dateOfBirth: '1962-02-02', phone: '0905333444', ...other },
    ]);
    [resident, visitor] = [r!.personId, v!.personId];
    const site = await siteWithLot(t.database.db, {
      communeCode: HOME.communeCode,
      districtCode: HOME.districtCode,
    });
    const [s] = await queryRows<{ id: string }>(
      t.database.db,
      sql`insert into vaccination_sessions (facility_id, date, product_codes, target, province_code, district_code, commune_code)
          values (${site.facilityId}, '2021-09-01', '{EU/1/20/1528}', '{}'::jsonb, '83', ${HOME.districtCode}, ${HOME.communeCode})
          returning id`,
    );
    sessionId = s!.id;
    // One statement: both doses given at the session (the site's place), one to each person.
    await t.database.db.execute(
      sql`insert into vaccination_doses (person_id, session_id, facility_id, product_code, lot_id, dose_number, dose_kind,
            date, screening, age_band, province_code, district_code, commune_code)
          select p, ${sessionId}, ${site.facilityId}, 'EU/1/20/1528', ${site.lotId}, 1, 'primary', '2021-09-01',
            '{}'::jsonb, '50-64', '83', ${HOME.districtCode}, ${HOME.communeCode}
          from unnest(array[${resident}::uuid, ${visitor}::uuid]) as p`,
    );
    barcode = makeBarcode('specimen', 770_000 + Math.floor(Math.random() * 1000));
    await t.database.db.execute(
      sql`insert into specimens (barcode, person_id, test_type, collected_at, status, province_code, district_code, commune_code)
          values (${barcode}, ${visitor}, 'rtPcr', '2021-09-01T08:00:00Z', 'collected', '83', ${HOME.districtCode}, ${HOME.communeCode})`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('the session shows the visitor’s dose and name only, marked non-resident, audited per person', async () => {
    const vaccinator = await signInAs(t, 'vaccinator', HOME.communeCode);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/vaccination/sessions/${sessionId}`,
      headers: vaccinator.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const doses = res.json<{ doses: { personId: string; fullName: string; resident: boolean }[] }>().doses;
    expect(doses.map((d) => [d.personId, d.resident]).sort()).toEqual(
      [
        [resident, true],
        [visitor, false],
      ].sort(),
    );
    // Operational fields only: nothing else of the visitor (date of birth, phone, place).
    expect(res.body).not.toContain('1962-02-02');
    expect(res.body).not.toContain('0905333444');
    expect(res.body).not.toContain(other.communeCode);
    // Her other data stays behind her home jurisdiction.
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/persons/${visitor}`, headers: vaccinator.headers }))
        .statusCode,
    ).toBe(404);
    // Each person shown is audited with their id.
    expect(await siteReads(visitor)).toEqual([
      {
        actor_role: 'vaccinator',
        entity_id: sessionId,
        details: { site: 'vaccination_session', resident: false },
      },
    ]);
    expect((await siteReads(resident)).map((a) => a.details)).toEqual([
      { site: 'vaccination_session', resident: true },
    ]);
  });

  it('a specimen taken at my test site is read under the same rule', async () => {
    const lab = await signInAs(t, 'lab_technician', HOME.communeCode);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/testing/specimens/${barcode}`,
      headers: lab.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ specimen: { fullName: string } }>().specimen.fullName).toBe('Hồ Thị Nơi Khác');
    expect(res.body).not.toContain('1962-02-02');
    // What the result-entry screen shows of a visitor: name and year of birth, no ID.
    expect(res.json<{ specimen: object }>().specimen).toMatchObject({
      dateOfBirth: null,
      idNumberMasked: null,
      yearOfBirth: '1962',
      resident: false,
    });
    const reads = await siteReads(visitor);
    expect(reads.at(-1)!.actor_role).toBe('lab_technician');
    expect(reads.at(-1)!.details).toEqual({ site: 'specimen', resident: false });
  });

  it('officials of another commune reach neither, and leave no site read', async () => {
    const before = (await siteReads(visitor)).length;
    const elsewhere = await signInAs(t, 'vaccinator', other.communeCode);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/vaccination/sessions/${sessionId}`,
          headers: elsewhere.headers,
        })
      ).statusCode,
    ).toBe(404);
    const lab = await signInAs(t, 'lab_technician', other.communeCode);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/testing/specimens/${barcode}`, headers: lab.headers }))
        .statusCode,
    ).toBe(404);
    expect(await siteReads(visitor)).toHaveLength(before);
  });
});
