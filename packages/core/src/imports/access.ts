/**
 * Who may start which import: each kind needs its own write permission (the server checks it on
 * every import route), and the spreadsheet imports' routes need `person:write` on top (an import
 * job may register people). Lab result files have their own route on the lab screen, which needs
 * only `testing:write`. The web offers exactly what the server accepts.
 */
import { roleAllows } from '../access/roles.ts';
import type { Permission, Role } from '../access/roles.ts';
import { IMPORT_KINDS } from './kinds.ts';
import type { ImportKind } from './kinds.ts';

/** The permission importing (or downloading the template of) a kind needs. */
export const IMPORT_KIND_PERMISSION: Readonly<Record<ImportKind, Permission>> = {
  people: 'person:write',
  households: 'person:write',
  testResults: 'testing:write',
  doses: 'vaccination:write',
  cases: 'case:write',
  contacts: 'case:write',
  // Officials who oversee venues register them from the commune's paper lists.
  venues: 'venue:approve',
};

/** The permission every spreadsheet import route (`/api/imports…`) requires besides the kind's. */
export const IMPORT_ROUTE_PERMISSION: Permission = 'person:write';

/** The kinds a role may start on the spreadsheet import page (route and kind permission both held). */
export function importKindsFor(role: Role): ImportKind[] {
  if (!roleAllows(role, IMPORT_ROUTE_PERMISSION)) return [];
  return IMPORT_KINDS.filter((k) => roleAllows(role, IMPORT_KIND_PERMISSION[k]));
}

/** True when the role may import a lab run's result file on the lab screen (`testing:write`). */
export function canImportLabFiles(role: Role): boolean {
  return roleAllows(role, IMPORT_KIND_PERMISSION.testResults);
}
