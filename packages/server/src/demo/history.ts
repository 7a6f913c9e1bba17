/**
 * The demo of a province made by the 2025 reform (the new Vĩnh Long, 86): generated over the
 * territory of old provinces (default: old Bến Tre, 83) in the units of 2021, its history recorded
 * in those units, then re-homed by the change table as the real reform did (audited), and today's
 * data recorded in today's units. So a 2021 case, dose or official names a Bến Tre commune and
 * district, and a record of 2026 a Vĩnh Long commune.
 */
import { BEN_TRE_POPULATION_2019 } from '@epilink/demo';
import type { DemoCommune } from '@epilink/demo';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import { createUser } from '../auth/users.ts';
import { applyTestResult } from '../cases/intake.ts';
import { updateCase } from '../cases/update.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { rehomeDue } from '../registry/units/rehome.ts';
import { today } from '../registry/units/today.ts';

/** The day whose units the demo's history is generated in (the 2021 waves). */
export const HISTORY_UNITS_ON = '2021-07-01';

/**
 * Population of a new province as a whole (Resolution 202/2025/QH15's figure): the new Vĩnh Long
 * (old Bến Tre + Trà Vinh + Vĩnh Long).
 */
export const NEW_PROVINCE_POPULATION: Readonly<Record<string, number>> = { '86': 4_257_581 };

/** Population of an old province (2019 census), where the demo knows it. */
export const OLD_PROVINCE_POPULATION: Readonly<Record<string, number>> = { '83': BEN_TRE_POPULATION_2019 };

/** Where the demo of a reformed province is generated: old communes (2021 units) and their provinces. */
export interface DemoTerritory {
  /** The old communes that went into the province's communes, as they were in 2021. */
  communes: DemoCommune[];
  /** Old commune code → old province code. */
  provinceOf: Map<string, string>;
  /** The old provinces, sorted. */
  oldProvinces: string[];
  /** People at scale 1. */
  population: number;
}

/**
 * The territory of `provinceCode` before a reform in effect today: every old commune a change
 * table moved into it (from the old provinces in `territory`), named as on HISTORY_UNITS_ON. Old
 * communes closed before the change table's own list (Bến Tre's nine of 2025-03, for which no
 * change table ships) are not in it. Null when no reform made this province (run in its own units).
 */
export async function demoTerritory(
  db: DbOrTx,
  provinceCode: string,
  territory: 'all' | readonly string[],
): Promise<DemoTerritory | null> {
  const on = HISTORY_UNITS_ON;
  const which: SQL =
    territory === 'all'
      ? sql``
      : sql` and c.old_province_code in (${sql.join(
          territory.map((p) => sql`${p}`),
          sql`, `,
        )})`;
  const rows = await queryRows<{
    code: string;
    name: string;
    district_code: string;
    district_name: string;
    province_code: string;
  }>(
    db,
    sql`select distinct u.code, u.name, u.parent_code as district_code, d.name as district_name, u.province_code
        from unit_changes c
        join admin_units u on u.code = c.old_code and u.level = 'commune'
          and u.valid_from <= ${on} and (u.valid_to is null or u.valid_to > ${on})
        join admin_units d on d.code = u.parent_code and d.level = 'district'
          and d.valid_from <= ${on} and (d.valid_to is null or d.valid_to > ${on})
        where c.new_province_code = ${provinceCode} and c.effective_date <= ${today()}${which}
        order by u.code`,
  );
  if (rows.length === 0) return null;
  const provinceOf = new Map(rows.map((r) => [r.code, r.province_code]));
  const oldProvinces = [...new Set(provinceOf.values())].sort();
  const [all] = await queryRows<{ n: number }>(
    db,
    sql`select count(distinct old_province_code)::int as n from unit_changes
        where new_province_code = ${provinceCode} and effective_date <= ${today()}`,
  );
  const whole = oldProvinces.length === all?.n;
  // Bến Tre's density (2019 census over its 157 communes) where a province's figure is unknown.
  const perCommune = BEN_TRE_POPULATION_2019 / 157;
  const population =
    whole && NEW_PROVINCE_POPULATION[provinceCode] !== undefined
      ? NEW_PROVINCE_POPULATION[provinceCode]
      : oldProvinces.reduce(
          (sum, p) =>
            sum +
            (OLD_PROVINCE_POPULATION[p] ??
              Math.round(perCommune * rows.filter((r) => r.province_code === p).length)),
          0,
        );
  return {
    communes: rows.map((r) => ({
      code: r.code,
      name: r.name,
      districtCode: r.district_code,
      districtName: r.district_name,
    })),
    provinceOf,
    oldProvinces,
    population,
  };
}

/** The province whose officials the demo accounts were before the reform: Bến Tre when present. */
export function demoHomeProvince(t: DemoTerritory): string {
  return t.oldProvinces.includes('83') ? '83' : t.oldProvinces[0]!;
}

/**
 * A 2021 wave: confirmed COVID-19 cases in August 2021, through the real seam, in Phường 8 (Bến Tre
 * city) when it is in the territory, else the commune with most households; each closed as recovered.
 * Recorded in the units of the person's address then (before re-homing).
 */
export async function seedDemoWave2021(db: Db, count = 3): Promise<{ cases: number }> {
  const access = systemAccess('demo-seed');
  const origin = { ip: null };
  const [commune] = await queryRows<{ commune_code: string }>(
    db,
    sql`select commune_code from households group by commune_code
        order by (commune_code = '28759') desc, count(*) desc, commune_code limit 1`,
  );
  if (!commune) return { cases: 0 };
  const people = await queryRows<{ id: string }>(
    db,
    sql`select distinct on (p.household_id) p.id from persons p
        where p.commune_code = ${commune.commune_code} and p.merged_into is null and p.household_id is not null
          and p.date_of_birth < '2003-08-01'
        order by p.household_id desc, p.date_of_birth limit ${count}`,
  );
  let n = 0;
  for (const [i, p] of people.entries()) {
    const { caseId } = await db.transaction((tx) =>
      applyTestResult(
        tx,
        access,
        {
          resultId: randomUUID(),
          personId: p.id,
          diseaseCode: 'COVID-19',
          testType: 'rtPcr',
          outcome: 'positive',
          ct: 20 + i,
          // 09:00 in Viet Nam, 10–12 August 2021.
          sampledAt: new Date(`2021-08-${10 + i}T02:00:00Z`),
          symptomatic: true,
        },
        origin,
      ),
    );
    if (!caseId) continue;
    await updateCase(db, access, origin, caseId, { outcome: 'recovered', outcomeDate: '2021-08-31' });
    n++;
  }
  return { cases: n };
}

/** The demo accounts, created in the units of 2021 (before the reform re-homes them). */
export async function createDemoAccountsIn2021(
  db: Db,
  accounts: readonly Omit<Parameters<typeof createUser>[1], 'unitsAsOf'>[],
): Promise<void> {
  for (const account of accounts) await createUser(db, { ...account, unitsAsOf: HISTORY_UNITS_ON });
}

/** The reform as it happened: re-home every change table whose date has come (audited). */
export async function applyReform(db: Db): Promise<string[]> {
  return db.transaction((tx) => rehomeDue(tx, systemAccess('units')));
}
