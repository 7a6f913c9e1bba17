/**
 * The overlap search's exposure date is the local day of the one clock (TIME_ZONE): an overlap
 * at 00:30 local time is already the new day, one at 23:30 still the same day — in the zone the
 * province is configured with, not a fixed UTC + 7 hours (Tokyo is UTC + 9: both fall on the
 * wrong day there under a hand-written +7).
 */
import { DEFAULT_TIME_ZONE, localTime, setProvinceTimeZone } from '@epilink/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeople, createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { approvedVenue, checkinAt } from '../../test/checkin/fixtures.ts';
import { systemAccess } from '../access/context.ts';
import { findCheckinContacts } from './overlap.ts';

for (const zone of [DEFAULT_TIME_ZONE, 'Asia/Tokyo']) {
  describe(`the exposure date of a check-in overlap, TIME_ZONE ${zone}`, () => {
    let t: TestApp;
    let f0: string, early: string, late: string;
    beforeAll(async () => {
      t = await createTestApp({ TIME_ZONE: zone });
      const venue = await approvedVenue(t, { name: 'Quán đêm Bến Tre', stay: 120 });
      [f0, early, late] = (
        await addPeople(t.database, [
          { fullName: 'Ca Bệnh Đêm', dateOfBirth: '1980-02-02' },
          { fullName: 'Người Sau Nửa Đêm', dateOfBirth: '1981-02-02' },
          { fullName: 'Người Trước Nửa Đêm', dateOfBirth: '1982-02-02' },
        ])
      ).map((o) => o.personId) as [string, string, string];
      const at = (day: string, hh: number, mm: number) => localTime(day, hh, mm).toISOString();
      // The case stays from 23:00 on 3 September to 01:00 on 4 September, local time.
      await checkinAt(t, venue.id, f0, at('2021-09-03', 23, 0), at('2021-09-04', 1, 0));
      await checkinAt(t, venue.id, early, at('2021-09-04', 0, 30), at('2021-09-04', 1, 30)); // 30 min
      await checkinAt(t, venue.id, late, at('2021-09-03', 23, 30), at('2021-09-03', 23, 50)); // 20 min
    });
    afterAll(async () => {
      await t.close();
      setProvinceTimeZone(DEFAULT_TIME_ZONE);
    });

    it('is the local day: 00:30 is already 4 September, 23:30 still 3 September', async () => {
      const result = await findCheckinContacts(t.database.db, systemAccess('test: one clock'), {
        personIds: [f0],
        from: localTime('2021-09-01', 0, 0),
        to: localTime('2021-09-06', 0, 0),
        purpose: 'Điều tra ca bệnh ban đêm',
      });
      expect(
        result.contacts
          .map((c) => [c.personId, c.exposureDate, c.overlapMinutes])
          .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      ).toEqual([
        [late, '2021-09-03', 20],
        [early, '2021-09-04', 30],
      ]);
    });
  });
}
