/**
 * Criterion 3 from the facilities' bed reports (Contract A's `facility_bed_reports`): for each
 * district or health area, the free beds and free ICU beds of the latest report of each facility
 * within the assessed days, judged against the policy `epidemicLevel.capacity` in force.
 */
import { capacityStatus } from '@epilink/core';
import type { CapacityStatus } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';
import { provincesCovered } from '../registry/units/scope.ts';

/** A district's or area's capacity for the week, with the figures it was judged on. */
export interface GroupCapacity {
  status: CapacityStatus;
  freeBeds: number | null;
  freeIcuBeds: number | null;
  freeBedsPer100k: number | null;
}

/**
 * Capacity of each group (district or health area code), given each commune's groups and each
 * group's population. A group no facility reported for is "not reported".
 */
export async function groupCapacity(
  db: DbOrTx,
  options: {
    provinceCode: string;
    disease: string;
    week: string;
    from: string;
    to: string;
    groupsOf: ReadonlyMap<string, readonly string[]>;
    populationOf: ReadonlyMap<string, number>;
    /** A group every report counts in (the province). */
    allKey: string;
  },
): Promise<Map<string, GroupCapacity>> {
  const rule = (await policyInForce(db, 'epidemicLevel.capacity', options.week, options.disease))?.value;
  const reports = await queryRows<{
    district: string | null;
    commune: string | null;
    free: number | string;
    icu: number | string;
  }>(
    db,
    sql`select distinct on (facility_id) district_code as district, commune_code as commune,
          greatest(beds_total - beds_occupied, 0) as free, greatest(icu_total - icu_occupied, 0) as icu
        from facility_bed_reports
        where day between ${options.from}::date and ${options.to}::date
          and province_code = any(${provincesCovered(options.provinceCode)})
        order by facility_id, day desc`,
  );
  const sums = new Map<string, { free: number; icu: number }>();
  for (const r of reports) {
    const groups =
      (r.commune !== null ? options.groupsOf.get(r.commune) : undefined) ?? (r.district ? [r.district] : []);
    for (const g of [...groups, options.allKey]) {
      const s = sums.get(g) ?? { free: 0, icu: 0 };
      s.free += Number(r.free);
      s.icu += Number(r.icu);
      sums.set(g, s);
    }
  }
  const out = new Map<string, GroupCapacity>();
  for (const [group, population] of options.populationOf) {
    const s = sums.get(group);
    const pop = population > 0 ? population : null;
    out.set(group, {
      status: capacityStatus(s ? { freeBeds: s.free, freeIcuBeds: s.icu, population: pop } : null, rule),
      freeBeds: s?.free ?? null,
      freeIcuBeds: s?.icu ?? null,
      freeBedsPer100k: s && pop ? Math.round((s.free * 1_000_000) / pop) / 10 : null,
    });
  }
  return out;
}

/** The weakest capacity among a commune's groups (a commune shared by two areas counts both). */
export function weakest(capacities: readonly GroupCapacity[]): GroupCapacity {
  const rank: Record<CapacityStatus, number> = { inadequate: 0, notReported: 1, adequate: 2 };
  return (
    [...capacities].sort((a, b) => rank[a.status] - rank[b.status])[0] ?? {
      status: 'notReported',
      freeBeds: null,
      freeIcuBeds: null,
      freeBedsPer100k: null,
    }
  );
}
