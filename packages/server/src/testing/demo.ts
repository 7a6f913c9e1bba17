/**
 * Demo testing data: a test site at some commune health stations of the demo province, each with
 * two time slots a day (07:30–11:00 and 13:30–16:30, Viet Nam time) for the coming week.
 */
import { addDays, localTime, today } from '@epilink/core';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { facilities, testSessions, testSites } from '../db/schema/index.ts';

const SLOTS = [
  { from: [7, 30], to: [11, 0] },
  { from: [13, 30], to: [16, 30] },
] as const;

/** Seed demo test sites and slots (called from the demo seed, once). */
export async function seedDemoTesting(
  db: Db,
  options: { provinceCode: string; days?: number; sites?: number },
): Promise<{ sites: number; sessions: number }> {
  const stations = await db
    .select()
    .from(facilities)
    .where(
      and(
        eq(facilities.provinceCode, options.provinceCode),
        inArray(facilities.kind, ['test_site', 'commune_health_station', 'district_health_centre']),
      ),
    )
    .orderBy(facilities.unitCode)
    .limit(options.sites ?? 8);
  if (stations.length === 0) return { sites: 0, sessions: 0 };
  const sites = await db
    .insert(testSites)
    .values(
      stations.map((f) => ({
        name: f.kind === 'test_site' ? f.name : `Điểm xét nghiệm ${f.name}`,
        facilityId: f.id,
        address: f.address,
        provinceCode: f.provinceCode,
        districtCode: f.districtCode,
        communeCode: f.unitCode.length === 5 ? f.unitCode : null,
      })),
    )
    .returning();
  const localToday = today();
  const at = (day: number, [h, m]: readonly [number, number]) => localTime(addDays(localToday, day), h, m);
  const rows = sites.flatMap((s) =>
    Array.from({ length: options.days ?? 7 }, (_, day) =>
      SLOTS.map((slot) => ({
        siteId: s.id,
        startsAt: at(day, slot.from),
        endsAt: at(day, slot.to),
        capacity: 100,
        provinceCode: s.provinceCode,
        districtCode: s.districtCode,
        communeCode: s.communeCode,
      })),
    ).flat(),
  );
  await db.insert(testSessions).values(rows);
  return { sites: sites.length, sessions: rows.length };
}
