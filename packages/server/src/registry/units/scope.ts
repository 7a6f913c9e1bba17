import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { today } from './today.ts';

/**
 * What a jurisdiction covers across a reform, for `scopeFor`. Records keep the unit of their date,
 * so after a change table takes effect a unit also covers the old units that went into it: the new
 * Phường Phú Khương (28756) covers the old Phường 8 (28759) a 2021 case names; the new Vĩnh Long (86)
 * covers the old Bến Tre (83) and Trà Vinh (84). A divided commune's old records are covered by
 * every commune it went into. Before a change table takes effect nothing is added, so a code
 * reused by the reform does not widen an official's view early. Each is an SQL array expression
 * (evaluated once per query) for `column = any(…)`. `on` is the day whose change tables count
 * (today for access; a unit's data read "as of" a date — the analytics — passes that date).
 */
export function provincesCovered(code: string, on: string = today()): SQL {
  return sql`array(select ${code}::text union select c.old_province_code from unit_changes c where c.new_province_code = ${code} and c.effective_date <= ${on})`;
}

/**
 * The commune's own code and the old communes that went (wholly or in part) into it (`code` may be
 * a column of the statement, for a correlated read).
 */
export function communesCovered(code: string | SQL, on: string = today()): SQL {
  return sql`array(select ${code}::text union select c.old_code from unit_changes c where c.new_code = ${code} and c.old_code is not null and c.effective_date <= ${on})`;
}

/**
 * The communes of the health area with this code (empty when there is none) and the old communes
 * that went into them: what a district-level role covers after the reform, beside the district's
 * own rows from before it.
 */
export function areaCommunesCovered(code: string, on: string = today()): SQL {
  return sql`array(select h.commune_code from health_area_communes h where h.area_code = ${code} union select c.old_code from unit_changes c join health_area_communes h on h.commune_code = c.new_code where h.area_code = ${code} and c.old_code is not null and c.effective_date <= ${on})`;
}
