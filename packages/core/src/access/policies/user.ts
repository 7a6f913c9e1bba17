/**
 * Policy for officials' accounts: who must use two-factor sign-in, who may grant which role, who
 * may manage whom. Pure predicates, tested directly (user.test.ts).
 */
import { jurisdictionWithin } from '../jurisdiction.ts';
import type { Place } from '../jurisdiction.ts';
import { roleAllows } from '../roles.ts';
import type { Jurisdiction, JurisdictionLevel, Role } from '../roles.ts';

/** Administrators: roles that manage accounts. */
export function isAdministrator(role: Role): boolean {
  return roleAllows(role, 'user:manage');
}

/**
 * Two-factor sign-in (TOTP) is required for administrators, security officers and every role
 * held at province level (they see the whole province).
 */
export function requiresTwoFactor(role: Role, level: JurisdictionLevel): boolean {
  return isAdministrator(role) || role === 'security_officer' || level === 'province';
}

/** The roles each administrator may grant (within their own jurisdiction only). */
export const GRANTABLE_ROLES: Partial<Record<Role, readonly Role[]>> = {
  province_admin: [
    'province_admin',
    'provincial_epidemiologist',
    'district_officer',
    'commune_officer',
    'tracer',
    'lab_technician',
    'vaccinator',
    'quarantine_officer',
    'security_officer',
    'venue_owner',
    'steering_committee',
  ],
  district_officer: [
    'commune_officer',
    'tracer',
    'lab_technician',
    'vaccinator',
    'quarantine_officer',
    'venue_owner',
  ],
};

/** Roles that only make sense at province level. */
const PROVINCE_ONLY: readonly Role[] = ['province_admin', 'provincial_epidemiologist', 'security_officer'];

/** The levels a role may be held at. */
export function levelsForRole(role: Role): readonly JurisdictionLevel[] {
  if (PROVINCE_ONLY.includes(role)) return ['province'];
  if (role === 'district_officer') return ['district'];
  return ['province', 'district', 'commune'];
}

/** True when `actorRole` may grant `role`. */
export function canGrantRole(actorRole: Role, role: Role): boolean {
  return (GRANTABLE_ROLES[actorRole] ?? []).includes(role);
}

/** An account as the policy sees it: its role and where its jurisdiction lies. */
export interface AccountFacts {
  role: Role;
  jurisdiction: Jurisdiction & { place: Place };
}

/**
 * True when the actor may create or change an account with these facts: they manage users, may
 * grant the role, the role may be held at that level, and the jurisdiction lies inside theirs.
 */
export function canManageAccount(
  actor: { role: Role; jurisdiction: Jurisdiction },
  target: AccountFacts,
): boolean {
  return (
    isAdministrator(actor.role) &&
    canGrantRole(actor.role, target.role) &&
    levelsForRole(target.role).includes(target.jurisdiction.level) &&
    jurisdictionWithin(actor.jurisdiction, target.jurisdiction)
  );
}
