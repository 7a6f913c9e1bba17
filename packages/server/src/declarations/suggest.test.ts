/**
 * The test suggested for a flagged declaration (flags.ts#suggestTest, one named statement for any
 * number of places — the submit path groups the flagged declarations answered together): the
 * active site of the declarant's commune, or else of the district, by name; its next slot that has
 * a place, with the slot's exact start; nothing when no active site serves the place. Real
 * database (PGlite and PostgreSQL); codes of a district no other test uses.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers.ts';
import type { TestApp } from '../../test/helpers.ts';
import { testSessions, testSites } from '../db/schema/index.ts';
import { sessionAt, siteAt } from '../testing/test-fixtures.ts';
import { suggestTest, suggestTestGrouped } from './flags.ts';

const DISTRICT = { provinceCode: '83', districtCode: '9S1', communeCode: null };
const COMMUNE_WITH_SITE = { ...DISTRICT, communeCode: '9S1A' };
const COMMUNE_WITHOUT_SITE = { ...DISTRICT, communeCode: '9S1B' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function startOf(sessionId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ startsAt: testSessions.startsAt })
    .from(testSessions)
    .where(eq(testSessions.id, sessionId));
  return row!.startsAt.toISOString();
}

describe('the suggested test', () => {
  it('is the commune site before the district sites, with its next slot that has a place', async () => {
    const db = t.database.db;
    expect(await suggestTest(db, COMMUNE_WITH_SITE, ['symptoms'])).toBeNull();

    const communeSite = await siteAt(db, COMMUNE_WITH_SITE, 'Trạm Y tế xã Thử');
    // District sites named to sort before the commune's: the commune still comes first.
    const districtSite = await siteAt(db, { ...DISTRICT, communeCode: '9S1C' }, 'Bệnh viện huyện Thử');
    const closedSite = await siteAt(db, { ...DISTRICT, communeCode: '9S1D' }, 'A đã đóng');
    await db.update(testSites).set({ active: false }).where(eq(testSites.id, closedSite));

    await sessionAt(db, communeSite, COMMUNE_WITH_SITE, { inHours: -5 }); // over
    await sessionAt(db, communeSite, COMMUNE_WITH_SITE, { inHours: 2, capacity: 3, booked: 3 }); // full
    const next = await sessionAt(db, communeSite, COMMUNE_WITH_SITE, { inHours: 5 });
    await sessionAt(db, communeSite, COMMUNE_WITH_SITE, { inHours: 30 });

    expect(await suggestTest(db, COMMUNE_WITH_SITE, ['caseContact'])).toEqual({
      siteId: communeSite,
      siteName: 'Trạm Y tế xã Thử',
      address: null,
      sessionId: next,
      startsAt: await startOf(next),
      testType: 'rtPcr',
      reason: 'contact',
    });
    // A commune without a site: the district's active site (the closed one is never suggested),
    // which has no slot.
    expect(await suggestTest(db, COMMUNE_WITHOUT_SITE, ['symptoms'])).toEqual({
      siteId: districtSite,
      siteName: 'Bệnh viện huyện Thử',
      address: null,
      sessionId: null,
      startsAt: null,
      testType: 'rtPcr',
      reason: 'symptoms',
    });
    // No commune known: the district's sites by name.
    expect(await suggestTest(db, DISTRICT, ['arrival'])).toMatchObject({
      siteId: districtSite,
      reason: 'travel',
    });
    // Neither commune nor district known: no site serves the place.
    expect(await suggestTest(db, { districtCode: null, communeCode: null }, ['symptoms'])).toBeNull();
  });

  it('answers flagged declarations arriving together (one statement) as it answers each alone', async () => {
    // The places of the test above, asked at the same moment as the submit path asks them.
    const places = [
      COMMUNE_WITH_SITE,
      COMMUNE_WITHOUT_SITE,
      { districtCode: null, communeCode: null },
      DISTRICT,
    ];
    const one = await Promise.all(places.map((p) => suggestTest(t.database.db, p, ['symptoms'])));
    const together = await Promise.all(places.map((p) => suggestTestGrouped(t.database, p, ['symptoms'])));
    expect(together).toEqual(one);
    expect(together.map((s) => s?.siteName ?? null)).toEqual([
      'Trạm Y tế xã Thử',
      'Bệnh viện huyện Thử',
      null,
      'Bệnh viện huyện Thử',
    ]);
  });
});
