/**
 * API keys for other systems (labs, national platforms): `Authorization: Bearer epk_…`. A key is
 * shown once at creation; only its SHA-256 is stored, with its scopes (a subset of
 * API_KEY_SCOPES) and a jurisdiction that scopes its queries like an official's.
 */
import { randomBytes } from 'node:crypto';
import { isApiKeyScope } from '@epilink/core';
import type { JurisdictionLevel } from '@epilink/core';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { apiKeys } from '../db/schema/index.ts';
import { hashToken } from './session.ts';

export const API_KEY_PREFIX = 'epk_';

/** A new key: the secret (shown once), its display prefix and its hash. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12), hash: hashToken(key) };
}

/** The bearer token of a request, if it looks like an API key. */
export function bearerApiKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  const key = header.slice(7).trim();
  return key.startsWith(API_KEY_PREFIX) && key.length < 100 ? key : null;
}

/** Level of a jurisdiction from which of its codes are set. */
function levelOf(row: { districtCode: string | null; communeCode: string | null }): JurisdictionLevel {
  if (row.communeCode) return 'commune';
  return row.districtCode ? 'district' : 'province';
}

/** Resolve an API key to an access context (null when unknown, revoked or expired). */
export async function authenticateApiKey(db: DbOrTx, key: string): Promise<Access | null> {
  const now = new Date();
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.keyHash, hashToken(key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(eq(apiKeys.id, row.id));
  }
  return {
    actor: {
      kind: 'apiKey',
      keyId: row.id,
      name: row.name,
      scopes: row.scopes.filter(isApiKeyScope),
      jurisdiction: { level: levelOf(row), code: row.jurisdictionCode },
    },
  };
}
