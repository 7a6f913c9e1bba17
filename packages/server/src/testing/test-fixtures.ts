/** Test fixtures of the testing module: sites, slots, specimens and pools made straight in the database. */
import { makeBarcode } from '@epilink/core';
import type { SpecimenTestType } from '@epilink/core';
import type { TestApp } from '../../test/helpers.ts';
import { citizenSignIn } from '../../test/citizen-signin.ts';
import { cookieHeader } from '../../test/helpers.ts';
import type { DbOrTx } from '../db/client.ts';
import { specimens, testPools, testRegistrations, testSessions, testSites } from '../db/schema/index.ts';
import { CSRF_HEADER } from '../http/register.ts';

/** A place: province, district and commune codes. */
export interface Place {
  provinceCode: string;
  districtCode: string;
  communeCode: string;
}

/** The commune every test official works in (Bến Tre: province 83, district 829, commune 28756). */
export const HOME: Place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

let serial = 100_000_000;
/** A fresh specimen barcode (valid check digit, never used before in this process). */
export function freshBarcode(): string {
  return makeBarcode('specimen', ++serial + Math.floor(Math.random() * 1000) * 100_000);
}

/** A test site at a place. */
export async function siteAt(db: DbOrTx, place: Place, name = 'Trạm Y tế thử'): Promise<string> {
  const [row] = await db
    .insert(testSites)
    .values({ name, ...place })
    .returning({ id: testSites.id });
  return row!.id;
}

/** A slot at a site, starting in `inHours` hours (negative = past). */
export async function sessionAt(
  db: DbOrTx,
  siteId: string,
  place: Place,
  options: { capacity?: number; inHours?: number; booked?: number } = {},
): Promise<string> {
  const start = Date.now() + (options.inHours ?? 24) * 3_600_000;
  const [row] = await db
    .insert(testSessions)
    .values({
      siteId,
      startsAt: new Date(start),
      endsAt: new Date(start + 2 * 3_600_000),
      capacity: options.capacity ?? 50,
      booked: options.booked ?? 0,
      ...place,
    })
    .returning({ id: testSessions.id });
  return row!.id;
}

/** A booked registration of a person at a site. */
export async function registrationAt(
  db: DbOrTx,
  personId: string,
  siteId: string,
  place: Place,
  testType: SpecimenTestType = 'rtPcr',
): Promise<string> {
  const [row] = await db
    .insert(testRegistrations)
    .values({ personId, siteId, testType, reason: 'screening', registeredVia: 'staff', ...place })
    .returning({ id: testRegistrations.id });
  return row!.id;
}

/** A collected specimen of a person (optionally already in a pool). */
export async function specimenAt(
  db: DbOrTx,
  personId: string,
  place: Place,
  options: { testType?: SpecimenTestType; poolId?: string; siteId?: string; hoursAgo?: number } = {},
): Promise<{ id: string; barcode: string }> {
  const barcode = freshBarcode();
  const [row] = await db
    .insert(specimens)
    .values({
      barcode,
      personId,
      testType: options.testType ?? 'rtPcr',
      collectedAt: new Date(Date.now() - (options.hoursAgo ?? 6) * 3_600_000),
      poolId: options.poolId ?? null,
      siteId: options.siteId ?? null,
      ...place,
    })
    .returning({ id: specimens.id });
  return { id: row!.id, barcode };
}

let poolSerial = 200_000_000;
/** An open pool at a site. */
export async function poolAt(db: DbOrTx, siteId: string, place: Place): Promise<string> {
  const [row] = await db
    .insert(testPools)
    .values({
      barcode: makeBarcode('pool', ++poolSerial + Math.floor(Math.random() * 1000) * 100_000),
      siteId,
      ...place,
    })
    .returning({ id: testPools.id });
  return row!.id;
}

/** Sign a citizen in with the one-time code sent to their phone (read from the outbox). */
export async function citizenHeaders(t: TestApp, phone: string): Promise<Record<string, string>> {
  const v = await citizenSignIn(t, phone);
  if (v.statusCode !== 200) throw new Error(`citizen sign-in failed: ${v.body}`);
  return { cookie: cookieHeader(v), [CSRF_HEADER]: '1' };
}
