/** Shared fixtures of the vaccination tests: a site with stock, a lot, screening answers. */
import { SCREENING_QUESTION_KEYS } from '@epilink/core';
import type { ScreeningAnswers } from '@epilink/core';
import type { DbOrTx } from '../db/client.ts';
import { facilities, vaccineLots, vaccineStock } from '../db/schema/index.ts';

/** Every screening question answered "no". */
export const CLEAR_SCREENING = Object.fromEntries(
  SCREENING_QUESTION_KEYS.map((k) => [k, false]),
) as ScreeningAnswers;

/** A vaccination site in a commune (Bến Tre: Phú Khương 28756, district 829) with stock of a lot. */
export async function siteWithLot(
  db: DbOrTx,
  options: {
    productCode?: string;
    expiryDate?: string;
    quantity?: number;
    communeCode?: string;
    districtCode?: string;
  } = {},
): Promise<{ facilityId: string; lotId: string }> {
  const [f] = await db
    .insert(facilities)
    .values({
      kind: 'vaccination_site',
      name: 'Điểm tiêm thử',
      unitCode: options.communeCode ?? '28756',
      districtCode: options.districtCode ?? '829',
      provinceCode: '83',
    })
    .returning({ id: facilities.id });
  const [lot] = await db
    .insert(vaccineLots)
    .values({
      productCode: options.productCode ?? 'EU/1/20/1528',
      lotNumber: `LOT-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
      expiryDate: options.expiryDate ?? '2030-12-31',
    })
    .returning({ id: vaccineLots.id });
  await db
    .insert(vaccineStock)
    .values({ lotId: lot!.id, facilityId: f!.id, quantity: options.quantity ?? 10_000 });
  return { facilityId: f!.id, lotId: lot!.id };
}
