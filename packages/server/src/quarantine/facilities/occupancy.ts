/**
 * Capacity and occupancy of quarantine facilities and hospitals by day (issue #16 item 2), and the
 * situation room's beds fed from them: a facility's beds on a day are its allocations that day
 * against its capacity of the day, written as the day's bed report in the allocation's own
 * transaction (the indicator triggers and the live dashboards follow).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { facilityBedReports } from '../../db/schema/index.ts';
import { publishIndicatorChange } from '../../events/publish.ts';

/** Facility kinds that take people under a facility-quarantine order. */
export const ALLOCATABLE_KINDS = ['quarantine_facility', 'provincial_hospital', 'district_hospital'] as const;

/** A facility's place for jurisdiction checks (its unit is a commune, a district or the province). */
export function facilityPlace(f: { unitCode: string; districtCode: string | null; provinceCode: string }) {
  return {
    provinceCode: f.provinceCode,
    districtCode: f.districtCode,
    communeCode: f.unitCode.length === 5 ? f.unitCode : null,
  };
}

/**
 * Places of each facility on a day: the latest capacity set on or before the day, else the
 * facility's registered capacity (null: none known).
 */
export async function capacityOn(
  db: DbOrTx,
  facilityIds: readonly string[],
  day: string,
): Promise<Map<string, number | null>> {
  if (facilityIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; places: number | string | null }>(
    db,
    sql`select f.id, coalesce(
          (select c.places from quarantine_capacity c
            where c.facility_id = f.id and c.day <= ${day}::date order by c.day desc limit 1),
          f.capacity) as places
        from facilities f where f.id = any(${`{${facilityIds.join(',')}}`}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.places === null ? null : Number(r.places)]));
}

/** People staying at each facility on a day (allocations covering it). */
export async function occupancyOn(
  db: DbOrTx,
  facilityIds: readonly string[],
  day: string,
): Promise<Map<string, number>> {
  if (facilityIds.length === 0) return new Map();
  const rows = await queryRows<{ id: string; n: number | string }>(
    db,
    sql`select facility_id as id, count(*) as n from facility_allocations
        where facility_id = any(${`{${facilityIds.join(',')}}`}::uuid[])
          and from_day <= ${day}::date and (to_day is null or to_day > ${day}::date)
        group by facility_id`,
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** One facility's occupancy and capacity for each day of a range (inclusive). */
export async function occupancyByDay(
  db: DbOrTx,
  facilityId: string,
  from: string,
  to: string,
): Promise<{ day: string; occupied: number; capacity: number | null }[]> {
  const rows = await queryRows<{ day: string; occupied: number | string; capacity: number | string | null }>(
    db,
    sql`select to_char(d.day, 'YYYY-MM-DD') as day,
          (select count(*) from facility_allocations a
            where a.facility_id = ${facilityId} and a.from_day <= d.day
              and (a.to_day is null or a.to_day > d.day)) as occupied,
          coalesce((select c.places from quarantine_capacity c
            where c.facility_id = ${facilityId} and c.day <= d.day order by c.day desc limit 1),
            (select f.capacity from facilities f where f.id = ${facilityId})) as capacity
        from generate_series(${from}::date, ${to}::date, interval '1 day') as d(day)
        order by d.day`,
  );
  return rows.map((r) => ({
    day: r.day,
    occupied: Number(r.occupied),
    capacity: r.capacity === null ? null : Number(r.capacity),
  }));
}

/**
 * Write each facility's beds for a day from its allocations (total = the day's capacity, occupied =
 * the people there; ICU figures a facility reported stay), in the caller's transaction, and tell
 * open dashboards of its place.
 */
export async function syncBeds(
  tx: DbOrTx,
  facilities: readonly { id: string; unitCode: string; districtCode: string | null; provinceCode: string }[],
  day: string,
): Promise<void> {
  const ids = facilities.map((f) => f.id);
  const capacity = await capacityOn(tx, ids, day);
  const occupied = await occupancyOn(tx, ids, day);
  for (const f of facilities) {
    const used = occupied.get(f.id) ?? 0;
    const beds = { bedsTotal: Math.max(capacity.get(f.id) ?? used, used), bedsOccupied: used };
    await tx
      .insert(facilityBedReports)
      .values({ facilityId: f.id, day, ...beds, icuTotal: 0, icuOccupied: 0, ...facilityPlace(f) })
      .onConflictDoUpdate({
        target: [facilityBedReports.facilityId, facilityBedReports.day],
        set: { ...beds, updatedAt: sql`now()` },
      });
    await publishIndicatorChange(tx, f.id, facilityPlace(f));
  }
}
