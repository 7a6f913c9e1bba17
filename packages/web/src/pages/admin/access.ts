/**
 * What the signed-in official may do in the administration screens, computed with the same pure
 * policies the server enforces (@epilink/core), so the UI offers only what the server accepts.
 */
import {
  canExportAudit,
  canIssueApiKey,
  canManageAccount,
  canManageSessions,
  canReadAudit,
  isRole,
  roleAllows,
  ROLES,
} from '@epilink/core';
import type { JurisdictionLevel, Place, Role } from '@epilink/core';
import type { User } from '../../api.ts';

/** A unit an account may be held at: its level, code and place (province/district/commune codes). */
export interface UnitChoice {
  level: JurisdictionLevel;
  code: string;
  name: string;
  place: Place;
}

/** The administration areas the user may open. */
export interface AdminAbilities {
  accounts: boolean;
  sessions: boolean;
  audit: boolean;
  auditExport: boolean;
  apiKeys: boolean;
  /** Loading the next unit list (province administrators: user:manage at province level). */
  unitLists: boolean;
  /** The re-homing review queue of divided communes (province officials with person:write). */
  rehoming: boolean;
  /** Webhook subscriptions of other systems (apikey:manage, like API keys). */
  webhooks: boolean;
}

/** The role of the user as a typed Role (null for an unknown one). */
export function roleOf(user: User | null): Role | null {
  return user && isRole(user.role) ? user.role : null;
}

/** Which administration areas this user may use. */
export function adminAbilities(user: User | null): AdminAbilities {
  const role = roleOf(user);
  if (!user || !role)
    return {
      accounts: false,
      sessions: false,
      audit: false,
      auditExport: false,
      apiKeys: false,
      unitLists: false,
      rehoming: false,
      webhooks: false,
    };
  const level = user.jurisdiction.level;
  return {
    accounts: roleAllows(role, 'user:manage'),
    sessions: canManageSessions(role, level),
    audit: canReadAudit(role, level),
    auditExport: canExportAudit(role, level),
    apiKeys: roleAllows(role, 'apikey:manage') && canIssueApiKey(role, ['unit:read']),
    unitLists: level === 'province' && roleAllows(role, 'user:manage'),
    rehoming: level === 'province' && roleAllows(role, 'person:write'),
    webhooks: roleAllows(role, 'apikey:manage'),
  };
}

/** True when the user may use anything in the administration area (the nav item shows). */
export function canAdminister(user: User | null): boolean {
  return Object.values(adminAbilities(user)).some(Boolean);
}

/** The level of a GSO unit code: 2 digits province, 3 district, 5 commune. */
export function levelOfCode(code: string): JurisdictionLevel {
  if (code.length <= 2) return 'province';
  if (code.length === 3) return 'district';
  return 'commune';
}

/**
 * The place of an account already inside the user's jurisdiction (the server only lists those):
 * enough for the policy's jurisdiction check.
 */
export function placeOfManaged(user: User, provinceCode: string, code: string): Place {
  const level = levelOfCode(code);
  const district =
    level === 'district' ? code : user.jurisdiction.level === 'district' ? user.jurisdiction.code : null;
  return {
    provinceCode,
    districtCode: level === 'province' ? null : district,
    communeCode: level === 'commune' ? code : null,
  };
}

/** The roles the user may grant to an account held at `unit` (core `canManageAccount`). */
export function grantableRoles(user: User | null, unit: Omit<UnitChoice, 'name'> | null): Role[] {
  const role = roleOf(user);
  if (!user || !role || !unit) return [];
  const actor = { role, jurisdiction: { level: user.jurisdiction.level, code: user.jurisdiction.code } };
  return ROLES.filter((r) =>
    canManageAccount(actor, {
      role: r,
      jurisdiction: { level: unit.level, code: unit.code, place: unit.place },
    }),
  );
}
