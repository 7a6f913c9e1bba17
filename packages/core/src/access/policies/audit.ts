/**
 * Policy for the audit trail: it is province-wide (it names officials and people across every
 * unit), so only a province-level holder of `audit:read` may read it.
 */
import { roleAllows } from '../roles.ts';
import type { JurisdictionLevel, Role } from '../roles.ts';

/** True when the role, held at this level, may read the audit trail. */
export function canReadAudit(role: Role, level: JurisdictionLevel): boolean {
  return roleAllows(role, 'audit:read') && level === 'province';
}

/** True when the role, held at this level, may export the audit trail. */
export function canExportAudit(role: Role, level: JurisdictionLevel): boolean {
  return canReadAudit(role, level) && roleAllows(role, 'audit:export');
}
