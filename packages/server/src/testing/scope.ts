/**
 * Scoped look-ups of the testing module: every record outside the caller's jurisdiction (or, for a
 * citizen, not one of their own records) is NOT_FOUND.
 */
import { AppError, barcodeProblem, normalizeBarcode, translate } from '@epilink/core';
import type { BarcodeKind } from '@epilink/core';
import { and, eq, isNull } from 'drizzle-orm';
import { citizenPersonIds, placeWithin, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, persons, specimens, testPools, testSites } from '../db/schema/index.ts';

/** A live (not merged) person the caller may act for: in their jurisdiction, or their own record. */
export async function personForCaller(db: DbOrTx, access: Access, personId: string) {
  const ownIds = citizenPersonIds(access);
  const visible =
    access.actor.kind === 'citizen'
      ? ownIds.includes(personId)
        ? undefined
        : eq(persons.id, '00000000-0000-0000-0000-000000000000')
      : scopeFor(access, persons);
  const [p] = await db
    .select({
      id: persons.id,
      fullName: persons.fullName,
      phone: persons.phone,
      provinceCode: persons.provinceCode,
      districtCode: persons.districtCode,
      communeCode: persons.communeCode,
    })
    .from(persons)
    .where(and(eq(persons.id, personId), isNull(persons.mergedInto), visible));
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}

/** A test site inside the caller's jurisdiction. */
export async function siteInScope(db: DbOrTx, access: Access, siteId: string) {
  const [s] = await db
    .select()
    .from(testSites)
    .where(and(eq(testSites.id, siteId), scopeFor(access, testSites)));
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}

/** The place of a commune in force today (its district and province), if the caller may act there. */
export async function communePlace(db: DbOrTx, access: Access, communeCode: string) {
  const [u] = await db
    .select({ parentCode: adminUnits.parentCode, provinceCode: adminUnits.provinceCode })
    .from(adminUnits)
    .where(
      and(eq(adminUnits.code, communeCode), eq(adminUnits.level, 'commune'), isNull(adminUnits.validTo)),
    );
  if (!u) throw new AppError('UNKNOWN_CODE', { params: { code: communeCode } });
  const place = { provinceCode: u.provinceCode, districtCode: u.parentCode, communeCode };
  if (!placeWithin(access, place)) throw new AppError('FORBIDDEN');
  return place;
}

/** Normalise and check a barcode, or BARCODE_INVALID with the reason translated. */
export function checkedBarcode(raw: string, kind: BarcodeKind, lang: 'vi' | 'en' = 'vi'): string {
  const problem = barcodeProblem(raw, kind);
  if (problem)
    throw new AppError('BARCODE_INVALID', {
      params: { reason: translate(lang, `testing.barcode.${problem}`) },
      details: [{ path: 'barcode', messageKey: `testing.barcode.${problem}` }],
    });
  return normalizeBarcode(raw);
}

/** A specimen by barcode inside the caller's jurisdiction (locked when `forUpdate`). */
export async function specimenByBarcode(
  db: DbOrTx,
  access: Access,
  raw: string,
  lang: 'vi' | 'en',
  forUpdate = false,
) {
  const barcode = checkedBarcode(raw, 'specimen', lang);
  const q = db
    .select()
    .from(specimens)
    .where(and(eq(specimens.barcode, barcode), scopeFor(access, specimens)));
  // Awaited in each branch: a union of the two builders costs the type-checker seconds.
  const [s] = forUpdate ? await q.for('update') : await q;
  if (!s) throw new AppError('NOT_FOUND');
  return s;
}

/** A pool inside the caller's jurisdiction (locked when `forUpdate`). */
export async function poolInScope(db: DbOrTx, access: Access, poolId: string, forUpdate = false) {
  const q = db
    .select()
    .from(testPools)
    .where(and(eq(testPools.id, poolId), scopeFor(access, testPools)));
  // Awaited in each branch: a union of the two builders costs the type-checker seconds.
  const [p] = forUpdate ? await q.for('update') : await q;
  if (!p) throw new AppError('NOT_FOUND');
  return p;
}
