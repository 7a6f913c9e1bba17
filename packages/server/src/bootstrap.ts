import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { migrateDatabase } from './db/migrate.ts';
import { ensureDemo } from './demo/seed.ts';
import type { DemoSeedResult } from './demo/seed.ts';
import { seedDiseases } from './diseases/store.ts';
import { seedDefaultPolicies } from './policy/store.ts';
import { seedVaccineCatalogue } from './vaccination/catalogue.ts';
import { ensureSigner } from './certificates/keys.ts';
import { loadUnitDataset } from './registry/units/load.ts';
import { rehomeDue } from './registry/units/rehome.ts';
import { systemAccess } from './access/context.ts';

/**
 * Bring a database to a usable state, idempotently: schema migrations, the shipped reference data
 * (the unit lists of UNIT_LISTS, diseases, default policies) and, in demo mode, the demo province.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
): Promise<{ demo: DemoSeedResult | null }> {
  await migrateDatabase(database);
  const { db } = database;
  await db.transaction(async (tx) => {
    for (const list of ['2021-11', ...config.unitLists] as const) await loadUnitDataset(tx, list);
    await seedDiseases(tx);
    await seedDefaultPolicies(tx);
    await seedVaccineCatalogue(tx);
    await ensureSigner(tx, config);
  });
  const demo = config.demo.enabled
    ? await ensureDemo(db, {
        provinceCode: config.provinceCode,
        scale: config.demo.scale,
        seed: config.demo.seed,
      })
    : null;
  // A reform whose date has come moves current places to the new units (once; audited).
  await db.transaction((tx) => rehomeDue(tx, systemAccess('units')));
  return { demo };
}
