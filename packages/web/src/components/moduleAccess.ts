/**
 * Which modules of the navigation a role can open: each module is listed with the permissions
 * (any one suffices) that the API behind its first page requires, so a role is never sent to a
 * page that can only answer "forbidden" (a security officer sees the audit, not the cases list).
 * The server still decides; this only keeps the menu honest.
 */
import { isRole, roleAllows, type Permission } from '@epilink/core';
import type { User } from '../api.ts';
import { canAdminister } from '../pages/admin/access.ts';
import { canReadIndicators } from '../pages/situation/access.ts';

/** The permissions that open each module (by its navigation key); a module not listed is open to all. */
const MODULE_PERMISSIONS: Readonly<Record<string, readonly Permission[]>> = {
  units: ['unit:read'],
  people: ['person:read'],
  duplicates: ['person:merge'],
  policy: ['policy:read'],
  checkin: ['venue:manage', 'venue:approve', 'checkin:activity', 'checkin:trace'],
  vaccination: ['vaccination:read'],
  testing: ['testing:read'],
  cases: ['case:read'],
  quarantine: ['quarantine:read'],
  quarantineFacilities: ['quarantine:read'],
  zones: ['testing:read'],
  campaigns: ['testing:read'],
  healthDeclarations: ['declaration:read'],
  corrections: ['person:read'],
  // Spreadsheet imports need person:write; a lab technician's way in is the lab result files.
  imports: ['person:write', 'testing:write'],
  // The cases module's tracing pages (worklist, referrals) need the tracer's permission.
  casesTracing: ['case:trace'],
};

/** True when the signed-in official's role holds this permission (the server still decides). */
export function userMay(user: User | null | undefined, permission: Permission): boolean {
  return !!user && isRole(user.role) && roleAllows(user.role, permission);
}

/** True when the signed-in official's role holds one of the permissions the module needs. */
export function canOpenModule(user: User | null | undefined, key: string): boolean {
  const needed = MODULE_PERMISSIONS[key];
  if (!needed) return true;
  if (!user || !isRole(user.role)) return false;
  const role = user.role;
  return needed.some((p) => roleAllows(role, p));
}

/** The module (navigation key) each address belongs to, most specific prefix first. */
const PATH_MODULES: readonly (readonly [string, string])[] = [
  ['/units', 'units'],
  ['/people', 'people'],
  ['/duplicates', 'duplicates'],
  ['/policy', 'policy'],
  ['/checkins', 'checkin'],
  ['/venues', 'checkin'],
  ['/vaccination', 'vaccination'],
  ['/testing', 'testing'],
  ['/cases/worklist', 'casesTracing'],
  ['/cases/referrals', 'casesTracing'],
  ['/cases', 'cases'],
  ['/quarantine/facilities', 'quarantineFacilities'],
  ['/quarantine', 'quarantine'],
  ['/zones', 'zones'],
  ['/campaigns', 'campaigns'],
  ['/declarations', 'healthDeclarations'],
  ['/corrections', 'corrections'],
  ['/imports', 'imports'],
  ['/situation', 'situation'],
  ['/admin', 'admin'],
];

/** The navigation key of the module an address of the officials' app belongs to (null: none). */
export function moduleOfPath(pathname: string): string | null {
  const hit = PATH_MODULES.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return hit ? hit[1] : null;
}

/**
 * True when the official may open the page at this address: its module's permissions (and, for
 * the administration and the situation room, the same rules as the menu). A page reached by
 * typing its address without them is answered "no access" before it asks the server anything.
 */
export function canOpenPath(user: User | null | undefined, pathname: string): boolean {
  const key = moduleOfPath(pathname);
  if (key === null) return true;
  if (key === 'admin') return canAdminister(user ?? null);
  if (key === 'situation') return canReadIndicators(user);
  return canOpenModule(user, key);
}
