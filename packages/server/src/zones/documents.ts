/** What a zone's decision document states, read from the zone, its communes and the registry. */
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { adminUnits, persons } from '../db/schema/index.ts';
import { unitValidOn } from '../registry/units/load.ts';
import type { ZoneDocument } from './pdf.ts';

/** The document of a zone (communes named as on its start day; residents counted now). */
export async function zoneDocument(
  db: DbOrTx,
  zone: {
    name: string;
    reason: string;
    decisionRef: string;
    startsOn: string;
    liftedOn: string | null;
    liftDecisionRef: string | null;
    communeCodes: string[];
  },
  kind: 'establish' | 'lift',
): Promise<ZoneDocument> {
  const names = await db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(and(inArray(adminUnits.code, zone.communeCodes), unitValidOn(zone.startsOn)));
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(persons)
    .where(and(inArray(persons.communeCode, zone.communeCodes), isNull(persons.mergedInto)));
  const byCode = new Map(names.map((n) => [n.code, n.name.trim()]));
  return {
    kind,
    name: zone.name,
    reason: zone.reason,
    decisionRef: zone.decisionRef,
    startsOn: zone.startsOn,
    liftedOn: zone.liftedOn,
    liftDecisionRef: zone.liftDecisionRef,
    communes: zone.communeCodes.map((code) => ({ code, name: byCode.get(code) ?? code })),
    residents: count?.n ?? 0,
  };
}
