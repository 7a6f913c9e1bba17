/**
 * The demo's published epidemic levels (issue #13 item 11): the weeks before the current one,
 * computed from the demo's own history by the rule in force on each Monday (levels/compute.ts)
 * and confirmed unchanged as the steering committee would, oldest first (each week's proposal
 * reads the previous confirmed week). So the public levels page, the open feed, the map's level
 * layer and the dashboard's "levels by week" have something to show from the first start. The
 * current week is left to the weekly worker's proposal and the committee. Demo mode only.
 */
import { addDays, today, weekMonday } from '@epilink/core';
import { systemAccess } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { computeLevels } from '../levels/compute.ts';
import { confirmWeek } from '../levels/confirm.ts';

/**
 * Weeks of confirmed levels the demo starts with: a month (each takes ~0.4 s on PostgreSQL and
 * ~1.5 s on PGlite, and first start must stay ≤ 60 s).
 */
export const DEMO_LEVEL_WEEKS = 4;

/**
 * Compute and confirm the `weeks` weeks before the current one for `provinceCode` (COVID-19, the
 * disease Resolution 128 grades). Returns the Mondays confirmed, oldest first.
 */
export async function seedDemoLevelHistory(
  db: Db,
  options: { provinceCode: string; weeks?: number; now?: Date },
): Promise<string[]> {
  const current = weekMonday(today(options.now));
  const weeks = options.weeks ?? DEMO_LEVEL_WEEKS;
  const access = systemAccess('demo: the steering committee’s past decisions');
  const done: string[] = [];
  for (let i = weeks; i >= 1; i--) {
    const week = addDays(current, -7 * i);
    await db.transaction(async (tx) => {
      await computeLevels(tx, { provinceCode: options.provinceCode, week, disease: 'COVID-19' });
      const { audit } = await confirmWeek(tx, access, {
        provinceCode: options.provinceCode,
        disease: 'COVID-19',
        week,
        overrides: [],
      });
      await writeAudit(tx, access, { ip: null }, audit);
    });
    done.push(week);
  }
  return done;
}
