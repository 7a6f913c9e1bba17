/**
 * Policy for sessions: everyone may see and end their own; a holder of `session:manage` at
 * province level may see and revoke anyone's (a security officer answering an incident).
 */
import { roleAllows } from '../roles.ts';
import type { JurisdictionLevel, Role } from '../roles.ts';

/** True when the role, held at this level, may list and revoke other officials' sessions. */
export function canManageSessions(role: Role, level: JurisdictionLevel): boolean {
  return roleAllows(role, 'session:manage') && level === 'province';
}
