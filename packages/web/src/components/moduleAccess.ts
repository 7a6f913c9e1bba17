/**
 * Which modules of the navigation a role can open: each module is listed with the permissions
 * (any one suffices) that the API behind its first page requires, so a role is never sent to a
 * page that can only answer "forbidden" (a security officer sees the audit, not the cases list).
 * The server still decides; this only keeps the menu honest.
 */
import { isRole, roleAllows, type Permission } from '@epilink/core';
import type { User } from '../api.ts';

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
  imports: ['person:write'],
};

/** True when the signed-in official's role holds one of the permissions the module needs. */
export function canOpenModule(user: User | null | undefined, key: string): boolean {
  const needed = MODULE_PERMISSIONS[key];
  if (!needed) return true;
  if (!user || !isRole(user.role)) return false;
  const role = user.role;
  return needed.some((p) => roleAllows(role, p));
}
