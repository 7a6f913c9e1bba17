/** Places used by the security stories: the caller's commune and a commune of another district. */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import type { TestApp } from '../helpers.ts';

/** A commune's full place (province, district, commune codes). */
export interface Place {
  provinceCode: string;
  districtCode: string;
  communeCode: string;
}

/** The commune every story's official works in (district 829, province 83). */
export const HOME: Place = { provinceCode: '83', districtCode: '829', communeCode: '28756' };

/** A commune of another district of the same province (district 831). */
export async function otherDistrictCommune(t: TestApp): Promise<Place> {
  const [row] = await queryRows<{ code: string }>(
    t.database.db,
    sql`select code from admin_units where parent_code = '831' and level = 'commune' and valid_to is null order by code limit 1`,
  );
  return { provinceCode: '83', districtCode: '831', communeCode: row!.code };
}

/** Audit rows of an action/entity written so far (for "audited where it should be"). */
export async function auditRows(
  t: TestApp,
  entity: string,
): Promise<{ action: string; person_id: string | null; details: unknown; actor_role: string }[]> {
  return queryRows(
    t.database.db,
    sql`select action, person_id, details, actor_role from audit_log where entity = ${entity} order by id`,
  );
}
