/** The vaccine catalogue in the database (loaded from core at start) and product look-ups. */
import { VACCINE_CATALOGUE, catalogueOn, findProduct } from '@epilink/core';
import type { VaccineProduct } from '@epilink/core';
import type { DbOrTx } from '../db/client.ts';
import { vaccineProducts } from '../db/schema/index.ts';

/** Load every catalogue version (idempotent); called by prepareDatabase. */
export async function seedVaccineCatalogue(tx: DbOrTx): Promise<void> {
  for (const version of VACCINE_CATALOGUE) {
    await tx
      .insert(vaccineProducts)
      .values(
        version.products.map((p) => ({
          code: p.code,
          catalogueVersion: version.version,
          effectiveFrom: version.effectiveFrom,
          disease: p.disease,
          name: p.name,
          definition: p,
        })),
      )
      .onConflictDoNothing();
  }
}

/** The product in force on a date, or undefined. */
export function productOn(code: string, date: string): VaccineProduct | undefined {
  return findProduct(code, catalogueOn(date));
}
