import { AppError, placeWithinJurisdiction, roleAllows } from '@epilink/core';
import type { ApiKeyScope, Jurisdiction, Permission, Role } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { areaCommunesCovered, communesCovered, provincesCovered } from '../registry/units/scope.ts';

/**
 * Who is calling: a signed-in official, a citizen (their own records and those of household
 * members they are guardian of), another system with an API key, or the system itself (named,
 * for the audit trail).
 */
export type Actor =
  | { kind: 'user'; userId: string; username: string; role: Role; jurisdiction: Jurisdiction }
  | { kind: 'citizen'; citizenId: string; personId: string; personIds: string[] }
  | {
      kind: 'apiKey';
      keyId: string;
      name: string;
      scopes: readonly ApiKeyScope[];
      jurisdiction: Jurisdiction;
    }
  | { kind: 'system'; reason: string }
  | { kind: 'anonymous' };

/**
 * The caller's access, built once per request. Data-layer functions take it and scope every
 * query with `scopeFor` before it runs: deny by default, so no endpoint can forget it.
 */
export interface Access {
  actor: Actor;
}

/** No one signed in: may reach public endpoints only; every scoped query matches nothing. */
export const ANONYMOUS: Access = { actor: { kind: 'anonymous' } };

/** The privileged system context. Explicit and rare: seeding, workers, migrations. */
export function systemAccess(reason: string): Access {
  return { actor: { kind: 'system', reason } };
}

/** Access of a signed-in official. */
export function userAccess(user: {
  id: string;
  username: string;
  role: Role;
  jurisdiction: Jurisdiction;
}): Access {
  return {
    actor: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      role: user.role,
      jurisdiction: user.jurisdiction,
    },
  };
}

/** Access of a signed-in citizen: `personIds` = self + the household members they are guardian of. */
export function citizenAccess(citizen: { id: string; personId: string; personIds: string[] }): Access {
  return {
    actor: {
      kind: 'citizen',
      citizenId: citizen.id,
      personId: citizen.personId,
      personIds: citizen.personIds,
    },
  };
}

/** The person records a citizen may see (empty for every other actor: citizen routes deny by default). */
export function citizenPersonIds(access: Access): string[] {
  return access.actor.kind === 'citizen' ? access.actor.personIds : [];
}

/** True when the actor holds the permission (officials by role, API keys by scope). */
export function hasPermission(access: Access, permission: Permission): boolean {
  const { actor } = access;
  switch (actor.kind) {
    case 'system':
      return true;
    case 'user':
      return roleAllows(actor.role, permission);
    case 'apiKey':
      return (actor.scopes as readonly Permission[]).includes(permission);
    case 'citizen':
    case 'anonymous':
      return false;
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}

/** Throw FORBIDDEN unless the actor's role grants the permission (the system may do anything). */
export function requirePermission(access: Access, permission: Permission): void {
  const { actor } = access;
  if (actor.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (!hasPermission(access, permission)) throw new AppError('FORBIDDEN');
}

/** The jurisdiction of an official or an API key (null for citizens, the system, anonymous). */
export function actorJurisdiction(access: Access): Jurisdiction | null {
  const { actor } = access;
  return actor.kind === 'user' || actor.kind === 'apiKey' ? actor.jurisdiction : null;
}

/** The jurisdiction columns of a table holding personal data. */
export interface JurisdictionColumns {
  provinceCode: AnyPgColumn;
  districtCode: AnyPgColumn;
  communeCode: AnyPgColumn;
}

/**
 * The SQL condition restricting rows to the actor's jurisdiction. A user with a jurisdiction we
 * cannot interpret sees nothing (`false`), never everything.
 */
export function scopeFor(access: Access, cols: JurisdictionColumns): SQL {
  const { actor } = access;
  if (actor.kind === 'system') return sql`true`;
  // Citizens are never scoped by jurisdiction: citizen routes filter by citizenPersonIds explicitly.
  if (actor.kind === 'anonymous' || actor.kind === 'citizen') return sql`false`;
  const { level, code } = actor.jurisdiction;
  switch (level) {
    // Across a reform a unit also covers the old units that went into it (records keep the unit of
    // their date), and a district-level role after it covers its health area (registry/units/scope.ts).
    case 'province':
      return sql`${cols.provinceCode} = any(${provincesCovered(code)})`;
    case 'district':
      return sql`(${cols.districtCode} = ${code} or ${cols.communeCode} = any(${areaCommunesCovered(code)}))`;
    case 'commune':
      return sql`${cols.communeCode} = any(${communesCovered(code)})`;
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

/**
 * What the text of `scopeFor`'s condition depends on (the kind of caller and, for an official or
 * a key, the jurisdiction level; the codes are parameters): part of a prepared statement's name.
 */
export function scopeKey(access: Access): string {
  const { actor } = access;
  return actor.kind === 'user' || actor.kind === 'apiKey'
    ? `${actor.kind}_${actor.jurisdiction.level}`
    : actor.kind;
}

/** The actor's id for audit/created-by columns (user, citizen or API key id; null for the system). */
export function actorId(access: Access): string | null {
  const { actor } = access;
  switch (actor.kind) {
    case 'user':
      return actor.userId;
    case 'citizen':
      return actor.citizenId;
    case 'apiKey':
      return actor.keyId;
    case 'system':
    case 'anonymous':
      return null;
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}

/** The actor's name for the audit trail (username, API key name; null otherwise). */
export function actorName(access: Access): string | null {
  const { actor } = access;
  if (actor.kind === 'user') return actor.username;
  if (actor.kind === 'apiKey') return actor.name;
  return null;
}

/** The actor's role label for the audit trail. */
export function actorRole(access: Access): string {
  const { actor } = access;
  switch (actor.kind) {
    case 'user':
      return actor.role;
    case 'citizen':
      return 'citizen';
    case 'apiKey':
      return 'api_key';
    case 'system':
      return `system:${actor.reason}`;
    case 'anonymous':
      return 'anonymous';
    default: {
      const unreachable: never = actor;
      return unreachable;
    }
  }
}

/** True when a place (its province/district/commune codes) lies inside the actor's jurisdiction. */
export function placeWithin(
  access: Access,
  place: { provinceCode: string; districtCode: string | null; communeCode: string | null },
): boolean {
  const { actor } = access;
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous' || actor.kind === 'citizen') return false;
  return placeWithinJurisdiction(actor.jurisdiction, place);
}
