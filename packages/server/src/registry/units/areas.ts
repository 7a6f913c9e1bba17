import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';

/**
 * Health areas from a change table: each old district becomes the health area with the district's
 * code and name ("Khu vực y tế Thành phố Bến Tre"), made of the new communes its communes went into
 * (a new commune that took communes from two districts belongs to both areas). This is the default
 * grouping, held as data in `health_areas` / `health_area_communes`: a province may regroup its
 * communes (rows in those tables) without a code change. Idempotent; returns the areas added.
 */
export async function deriveHealthAreas(db: DbOrTx, changeSet: string): Promise<number> {
  const added = await queryRows<{ code: string }>(
    db,
    sql`insert into health_areas (code, name, province_code, valid_from)
        select distinct on (c.old_district_code) c.old_district_code,
               'Khu vực y tế ' || coalesce(d.name, c.old_district_code), c.new_province_code, c.effective_date
        from unit_changes c
        left join lateral (select u.name from admin_units u where u.code = c.old_district_code and u.level = 'district'
                           order by u.valid_from desc limit 1) d on true
        where c.change_set = ${changeSet} and c.old_district_code is not null and c.new_province_code is not null
        order by c.old_district_code, c.new_province_code
        on conflict (code) do nothing
        returning code`,
  );
  await db.execute(
    sql`insert into health_area_communes (area_code, commune_code)
        select distinct c.old_district_code, c.new_code from unit_changes c
        join health_areas h on h.code = c.old_district_code
        where c.change_set = ${changeSet} and c.new_code is not null
        on conflict do nothing`,
  );
  return added.length;
}
