/**
 * Does a route cross an active blockaded zone? (issue #16 item 8, for movement declarations #13/#15.)
 * A route is a list of unit codes (communes, or districts/health areas: a district matches any zone
 * commune in it) on a day; a zone is active on a day from its start until the day it was lifted
 * (exclusive). Campaigns never flag a route. No personal data is read; the caller scopes the
 * declaration itself.
 */
import { and, eq, inArray, isNull, lte, or, gt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { zoneUnits, zones } from '../db/schema/index.ts';

/** An active zone a route crosses, with the route's units inside it. */
export interface ZoneCrossing {
  zoneId: string;
  name: string;
  decisionRef: string;
  startsOn: string;
  /** The route's codes that lie in the zone (as given: commune or district codes). */
  unitCodes: string[];
}

/**
 * The blockaded zones active on `date` (YYYY-MM-DD) that contain any of `unitCodes` (commune codes,
 * or district codes matching the zone's communes of that district), by zone start then id. Empty
 * when the route crosses none.
 */
export async function activeZonesCrossing(
  db: DbOrTx,
  route: { unitCodes: readonly string[]; date: string },
): Promise<ZoneCrossing[]> {
  const codes = [...new Set(route.unitCodes)].filter((c) => /^\d{2,5}$/u.test(c));
  if (codes.length === 0) return [];
  const rows = await db
    .select({
      zoneId: zones.id,
      name: zones.name,
      decisionRef: zones.decisionRef,
      startsOn: zones.startsOn,
      communeCode: zoneUnits.communeCode,
      districtCode: zoneUnits.districtCode,
    })
    .from(zoneUnits)
    .innerJoin(zones, eq(zones.id, zoneUnits.zoneId))
    .where(
      and(
        or(inArray(zoneUnits.communeCode, codes), inArray(zoneUnits.districtCode, codes)),
        eq(zones.kind, 'blockade'),
        lte(zones.startsOn, route.date),
        or(isNull(zones.liftedOn), gt(zones.liftedOn, route.date)),
      ),
    );
  const byZone = new Map<string, ZoneCrossing>();
  for (const r of rows) {
    const z = byZone.get(r.zoneId) ?? {
      zoneId: r.zoneId,
      name: r.name,
      decisionRef: r.decisionRef,
      startsOn: r.startsOn,
      unitCodes: [],
    };
    for (const c of [r.communeCode, r.districtCode])
      if (c !== null && codes.includes(c) && !z.unitCodes.includes(c)) z.unitCodes.push(c);
    byZone.set(r.zoneId, z);
  }
  return [...byZone.values()].sort((a, b) =>
    a.startsOn === b.startsOn ? (a.zoneId < b.zoneId ? -1 : 1) : a.startsOn < b.startsOn ? -1 : 1,
  );
}
