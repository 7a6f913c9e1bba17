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

/**
 * Bring a database to a usable state, idempotently: schema migrations, the shipped reference data
 * (2021-11 unit list, diseases, default policies) and, in demo mode, the demo province.
 */
export async function prepareDatabase(
  database: Database,
  config: Config,
): Promise<{ demo: DemoSeedResult | null }> {
  await migrateDatabase(database);
  const { db } = database;
  await db.transaction(async (tx) => {
    await loadUnitDataset(tx, '2021-11');
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
  return { demo };
}
