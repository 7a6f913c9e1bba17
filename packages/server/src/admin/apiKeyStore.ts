/**
 * The database work of API key administration (the services behind admin/apiKeys.ts): keys are
 * listed and revoked only inside the caller's jurisdiction (`scopeFor`).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { placeWithin, scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { ResolvedJurisdiction } from '../auth/users.ts';
import type { DbOrTx } from '../db/client.ts';
import { apiKeys, facilities } from '../db/schema/index.ts';

/** The API keys inside the caller's jurisdiction, newest first (never the keys themselves). */
export function listApiKeys(db: DbOrTx, access: Access) {
  return db.select().from(apiKeys).where(scopeFor(access, apiKeys)).orderBy(desc(apiKeys.createdAt));
}

/** Store a new key (its hash only). */
export async function insertApiKey(
  tx: DbOrTx,
  key: {
    name: string;
    prefix: string;
    hash: string;
    scopes: string[];
    jurisdiction: ResolvedJurisdiction;
    createdBy: string;
    expiresAt: Date | null;
    ownerFacilityId?: string | null;
  },
) {
  const [row] = await tx
    .insert(apiKeys)
    .values({
      name: key.name,
      prefix: key.prefix,
      keyHash: key.hash,
      scopes: key.scopes,
      jurisdictionCode: key.jurisdiction.code,
      provinceCode: key.jurisdiction.place.provinceCode,
      districtCode: key.jurisdiction.place.districtCode,
      communeCode: key.jurisdiction.place.communeCode,
      createdBy: key.createdBy,
      expiresAt: key.expiresAt,
      ownerFacilityId: key.ownerFacilityId ?? null,
    })
    .returning();
  return row!;
}

/** Revoke a live key inside the caller's jurisdiction; false when there is none. */
export async function revokeApiKey(tx: DbOrTx, access: Access, id: string): Promise<boolean> {
  const rows = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt), scopeFor(access, apiKeys)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** True when the facility exists inside the caller's jurisdiction (a key's owner organisation). */
export async function facilityWithin(db: DbOrTx, access: Access, facilityId: string): Promise<boolean> {
  const [f] = await db.select().from(facilities).where(eq(facilities.id, facilityId));
  return (
    !!f &&
    placeWithin(access, {
      provinceCode: f.provinceCode,
      districtCode: f.districtCode,
      communeCode: f.unitCode.length === 5 ? f.unitCode : null,
    })
  );
}
