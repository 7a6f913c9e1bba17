import { loadConfig } from './config.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { storeClockZone } from './db/clockZone.ts';
import { migrateDatabase } from './db/migrate.ts';
import { resolveInstallMode } from './demo/installMode.ts';
import type { InstallMode } from './demo/installMode.ts';
import { ensureDemo } from './demo/seed.ts';
import type { DemoSeedResult } from './demo/seed.ts';
import { seedDiseases } from './diseases/store.ts';
import { seedDefaultPolicies } from './policy/store.ts';
import { seedVaccineCatalogue } from './vaccination/catalogue.ts';
import { ensureSigner } from './certificates/keys.ts';
import { loadUnitDataset } from './registry/units/load.ts';
import { rehomeDue } from './registry/units/rehome.ts';
import { foldIndicatorDeltas } from './indicators/fold.ts';
import { backfillDemoForecasts } from './analytics/forecasts/store.ts';
import { systemAccess } from './access/context.ts';
import { seedQuestionnaires } from './declarations/questionnaires.ts';

/**
 * The configuration as it applies to this database: demo mode is the database's recorded mode
 * (demo/installMode.ts), and everything that follows from it (the demo certificate secret, the
 * demo inbox…) is derived again from the same environment with that mode.
 */
export function configForMode(
  config: Config,
  demo: boolean,
  env: Record<string, string | undefined> = process.env,
): Config {
  if (config.demo.enabled === demo) return config;
  return loadConfig({ ...env, DEMO: demo ? 'true' : 'false' });
}

/**
 * Bring a database to a usable state, idempotently: schema migrations, the install mode (demo or
 * real, recorded at creation and never switched), the shipped reference data (the unit lists of
 * UNIT_LISTS, diseases, default policies) and, for a demo database, the demo province. Returns the
 * configuration to run with (its demo mode is the database's).
 */
export async function prepareDatabase(
  database: Database,
  requested: Config,
  options: { env?: Record<string, string | undefined> } = {},
): Promise<{ demo: DemoSeedResult | null; config: Config; mode: InstallMode }> {
  await migrateDatabase(database);
  const { db } = database;
  const mode = await resolveInstallMode(db, requested.demo.enabled);
  const config = configForMode(requested, mode.demo, options.env);
  await db.transaction(async (tx) => {
    // The clock's zone first: everything stored from here on is cut into the configured local days.
    await storeClockZone(tx, config.timeZone);
    for (const list of ['2021-11', ...config.unitLists] as const) await loadUnitDataset(tx, list);
    await seedDiseases(tx);
    await seedDefaultPolicies(tx);
    await seedVaccineCatalogue(tx);
    await seedQuestionnaires(tx);
    await ensureSigner(tx, config);
  });
  // Only a demo database gets the demo province, and only when this start asked for demo data
  // (the CLI never seeds it).
  const demo =
    mode.demo && requested.demo.enabled
      ? await ensureDemo(db, {
          provinceCode: config.provinceCode,
          scale: config.demo.scale,
          seed: config.demo.seed,
          territory: config.demo.territory,
        })
      : null;
  // A reform whose date has come moves current places to the new units (once; audited).
  await db.transaction((tx) => rehomeDue(tx, systemAccess('units')));
  // The rollups' deltas (a new demo's history arrives as deltas) folded before the first request,
  // so the first dashboards read compact rollups; the worker folds the rest every second.
  await foldIndicatorDeltas(db);
  // A new demo gets the forecasts the model would have made weekly over its last 8 weeks, from the
  // data as of each week, so the backtest has something to score (the province; 0.34 s measured).
  if (demo) await backfillDemoForecasts(database, config.provinceCode);
  return { demo, config, mode };
}
