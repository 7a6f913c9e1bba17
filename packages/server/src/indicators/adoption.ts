/**
 * Adoption indicators by commune (issue #13 item 10): registered vs active check-in points (at
 * least one check-in in the 7 days ending on `asOf`), citizens who signed in to the portal in that
 * week, and declarations per day (mean of the 7 days, from the rollup; issue #15) — lowest first, so the communes that
 * need help lead the list. Venues are counted at their current place (they are re-homed), citizens
 * at their person's current commune; both read from small tables plus the `checkin_daily` rollup.
 */
import { addDays } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { adminUnits, citizens, persons, venues } from '../db/schema/index.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { areaCommunes } from './units.ts';
import type { IndicatorUnit } from './units.ts';

/** One commune's adoption. */
export interface AdoptionRow {
  communeCode: string;
  communeName: string;
  venuesRegistered: number;
  venuesActive: number;
  citizensSignedIn: number;
  declarationsPerDay: number;
}

async function communesOf(
  db: DbOrTx,
  unit: IndicatorUnit,
  asOf: string,
): Promise<{ code: string; name: string }[]> {
  const list = db
    .select({
      code: adminUnits.code,
      name: adminUnits.name,
      parent: adminUnits.parentCode,
      province: adminUnits.provinceCode,
    })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, 'commune'), unitValidOn(asOf)));
  const rows = await list;
  switch (unit.level) {
    case 'province':
      return rows.filter((r) => r.province === unit.code);
    case 'district':
      return rows.filter((r) => r.parent === unit.code);
    case 'area': {
      const codes = new Set(await areaCommunes(db, unit.code));
      return rows.filter((r) => codes.has(r.code));
    }
    case 'commune':
      return rows.filter((r) => r.code === unit.code);
  }
}

/** The unit's communes with their adoption, lowest first. */
export async function adoptionByCommune(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  asOf: string,
): Promise<AdoptionRow[]> {
  const communes = await communesOf(db, unit, asOf);
  if (communes.length === 0) return [];
  const codes = sql.join(
    communes.map((c) => sql`${c.code}`),
    sql`, `,
  );
  const weekStart = addDays(asOf, -6);
  const [venueRows, citizenRows, declarationRows] = await Promise.all([
    queryRows<{ code: string; registered: number; active: number }>(
      db,
      sql`select ${venues.communeCode} as code, count(*)::int as registered,
            count(*) filter (where exists (select 1 from checkin_daily d where d.venue_id = ${venues.id}
              and d.day between ${weekStart} and ${asOf} and d.count > 0))::int as active
          from ${venues}
          where ${venues.status} = 'approved' and ${venues.communeCode} in (${codes}) and ${scopeFor(access, venues)}
          group by 1`,
    ),
    queryRows<{ code: string; n: number }>(
      db,
      sql`select ${persons.communeCode} as code, count(distinct ${citizens.personId})::int as n
          from ${citizens} join ${persons} on ${persons.id} = ${citizens.personId}
          where ${citizens.verifiedAt} is not null and ${persons.communeCode} in (${codes})
            and (${citizens.lastSignInAt} at time zone (select epilink_time_zone()))::date between ${weekStart} and ${asOf}
            and ${scopeFor(access, persons)}
          group by 1`,
    ),
    // Declarations of the 7 days by their commune, from the rollup the triggers keep (migration 0056).
    queryRows<{ code: string; n: number }>(
      db,
      sql`select commune_code as code, sum(declarations)::int as n from indicator_days_live
          where grain = 2 and disease_code = '' and commune_code in (${codes})
            and day between ${weekStart} and ${asOf}
          group by 1`,
    ),
  ]);
  const dpd = new Map(declarationRows.map((r) => [r.code, Math.round((r.n / 7) * 10) / 10]));
  const v = new Map(venueRows.map((r) => [r.code, r]));
  const c = new Map(citizenRows.map((r) => [r.code, r.n]));
  const rows = communes.map((m) => ({
    communeCode: m.code,
    communeName: m.name,
    venuesRegistered: v.get(m.code)?.registered ?? 0,
    venuesActive: v.get(m.code)?.active ?? 0,
    citizensSignedIn: c.get(m.code) ?? 0,
    declarationsPerDay: dpd.get(m.code) ?? 0,
  }));
  const share = (r: AdoptionRow) => (r.venuesRegistered === 0 ? 0 : r.venuesActive / r.venuesRegistered);
  return rows.sort(
    (a, b) =>
      share(a) - share(b) ||
      a.venuesActive - b.venuesActive ||
      a.citizensSignedIn - b.citizensSignedIn ||
      a.communeCode.localeCompare(b.communeCode),
  );
}
