/**
 * Demo mode is a property of the database, chosen once when it is created and recorded in it
 * (`seed_runs` row `install-mode`). The `DEMO` setting only chooses for a new database: restarting
 * a real install without `DEMO=false` (the embedded database's default is on) must never load the
 * demo province, its accounts with their public password, or the public one-time-code inbox.
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { seedRuns } from '../db/schema/index.ts';

export const INSTALL_MODE_RUN = 'install-mode';

/** The database's recorded mode, and what the configuration asked for. */
export interface InstallMode {
  demo: boolean;
  /** True when this call recorded it (a new database, or one from before the record existed). */
  recordedNow: boolean;
  /** The configuration asked for the other mode: ignored, and said so at start. */
  configIgnored: boolean;
}

async function recorded(db: DbOrTx): Promise<boolean | null> {
  const [row] = await db
    .select({ details: seedRuns.details })
    .from(seedRuns)
    .where(eq(seedRuns.name, INSTALL_MODE_RUN));
  if (!row) return null;
  return (row.details as { demo?: unknown } | null)?.demo === true;
}

/**
 * The mode of this database. Recorded → that. Not recorded: a database that already holds the
 * demo province is a demo; one that holds accounts or people is a real install (created before
 * the mode was recorded); an empty one takes `wanted` (the `DEMO` setting). The first answer is
 * recorded and never changes.
 */
export async function resolveInstallMode(db: DbOrTx, wanted: boolean): Promise<InstallMode> {
  const known = await recorded(db);
  if (known !== null) return { demo: known, recordedNow: false, configIgnored: known !== wanted };
  const [state] = await queryRows<{ demo_seeded: boolean; has_data: boolean }>(
    db,
    sql`select exists (select 1 from seed_runs where name = 'demo-province') as demo_seeded,
               (exists (select 1 from users) or exists (select 1 from persons)) as has_data`,
  );
  const demo = state?.demo_seeded ? true : state?.has_data ? false : wanted;
  await db.insert(seedRuns).values({ name: INSTALL_MODE_RUN, details: { demo } }).onConflictDoNothing();
  // Two processes starting at once: the first record wins.
  const final = (await recorded(db)) ?? demo;
  return { demo: final, recordedNow: true, configIgnored: final !== wanted };
}
