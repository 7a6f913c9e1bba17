import { AppError, roleAllows } from '@epilink/core';
import type { Jurisdiction, Permission, Role } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** Who is calling: a signed-in official, or the system itself (named, for the audit trail). */
export type Actor =
  | { kind: 'user'; userId: string; username: string; role: Role; jurisdiction: Jurisdiction }
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

/** Throw FORBIDDEN unless the actor's role grants the permission (the system may do anything). */
export function requirePermission(access: Access, permission: Permission): void {
  const { actor } = access;
  if (actor.kind === 'system') return;
  if (actor.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (!roleAllows(actor.role, permission)) throw new AppError('FORBIDDEN');
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
  if (actor.kind === 'anonymous') return sql`false`;
  const { level, code } = actor.jurisdiction;
  switch (level) {
    case 'province':
      return sql`${cols.provinceCode} = ${code}`;
    case 'district':
      return sql`${cols.districtCode} = ${code}`;
    case 'commune':
      return sql`${cols.communeCode} = ${code}`;
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

/** The actor's id for audit/created-by columns (null for the system). */
export function actorId(access: Access): string | null {
  return access.actor.kind === 'user' ? access.actor.userId : null;
}

/** The actor's role label for the audit trail. */
export function actorRole(access: Access): string {
  const { actor } = access;
  if (actor.kind === 'user') return actor.role;
  return actor.kind === 'system' ? `system:${actor.reason}` : 'anonymous';
}

/** True when a place (its province/district/commune codes) lies inside the actor's jurisdiction. */
export function placeWithin(
  access: Access,
  place: { provinceCode: string; districtCode: string | null; communeCode: string | null },
): boolean {
  const { actor } = access;
  if (actor.kind === 'system') return true;
  if (actor.kind === 'anonymous') return false;
  const { level, code } = actor.jurisdiction;
  switch (level) {
    case 'province':
      return place.provinceCode === code;
    case 'district':
      return place.districtCode === code;
    case 'commune':
      return place.communeCode === code;
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}
