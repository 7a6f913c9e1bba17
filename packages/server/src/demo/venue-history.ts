/**
 * The demo's QR check-in points since 2021 (`@epilink/demo` `generateVenueActivity`: Bến Tre's
 * 7,430 registered / 370 active points × scale) and their activity as daily counts in the
 * check-in rollup `checkin_daily` — no check-in rows: raw check-ins are kept only for the retention
 * period, so the history of a venue's activity is its daily counts. The counts end the day before
 * yesterday; from yesterday the live rollup (checkin/rollup.ts) counts real check-ins. Venues are
 * current places: seeded in the 2021 communes before the reform, they are re-homed with the rest.
 */
import { randomUUID } from 'node:crypto';
import { addDays } from '@epilink/core';
import { generateVenueActivity } from '@epilink/demo';
import { sql } from 'drizzle-orm';
import { bulkInsert } from '../db/bulk.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { checkinDaily, venueTokens, venues } from '../db/schema/index.ts';
import { newVenueToken } from '../checkin/venues.ts';

const CHUNK = 5_000;

/** Seed the venues and their daily counts (once, from the demo seed). */
export async function seedDemoVenues(
  db: DbOrTx,
  options: { seed: number; scale: number; until: string },
): Promise<{ venues: number; days: number }> {
  // The demo people's communes now (before the reform: the 2021 ones), named as in their list.
  const communes = await queryRows<{
    code: string;
    name: string;
    district_code: string;
    province_code: string;
    population: number;
  }>(
    db,
    sql`select p.commune_code as code, min(p.district_code) as district_code, min(p.province_code) as province_code,
          count(*)::int as population,
          coalesce((select u.name from admin_units u where u.code = p.commune_code and u.level = 'commune'
                    order by u.valid_from limit 1), p.commune_code) as name
        from persons p where p.source = 'demo' and p.merged_into is null and p.commune_code is not null
          and p.district_code is not null
        group by p.commune_code order by p.commune_code`,
  );
  const place = new Map(communes.map((c) => [c.code, c]));
  const generated = generateVenueActivity({
    seed: options.seed,
    scale: options.scale,
    until: addDays(options.until, -2),
    communes,
  });
  const rows = generated.venues.map((v) => {
    const c = place.get(v.communeCode)!;
    const at = new Date(`${v.registeredOn}T02:00:00Z`);
    return {
      id: randomUUID(),
      name: v.name,
      type: v.type,
      address: c.name,
      provinceCode: c.province_code,
      districtCode: c.district_code,
      communeCode: c.code,
      status: 'approved' as const,
      reviewedAt: at,
      createdAt: at,
      updatedAt: at,
    };
  });
  await bulkInsert(db, venues, rows);
  await bulkInsert(
    db,
    venueTokens,
    rows.map((r) => ({ token: newVenueToken(), venueId: r.id, createdAt: r.createdAt })),
  );
  const days = generated.days.map((d) => ({ venueId: rows[d.venue]!.id, day: d.day, count: d.count }));
  for (let i = 0; i < days.length; i += CHUNK) await bulkInsert(db, checkinDaily, days.slice(i, i + CHUNK));
  return { venues: rows.length, days: days.length };
}
