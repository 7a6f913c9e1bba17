/**
 * API keys for other systems: created inside the issuer's jurisdiction with scopes the issuer
 * holds (core `canIssueApiKey`), shown once, stored hashed, revocable.
 */
import { AppError, API_KEY_SCOPES, canIssueApiKey, jurisdictionWithin } from '@epilink/core';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import { newApiKey } from '../auth/apiKeys.ts';
import { resolveJurisdiction } from '../auth/users.ts';
import { apiKeys } from '../db/schema/index.ts';
import { defineRoute } from '../http/route.ts';

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  jurisdictionCode: z.string(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/api-keys',
    summary: 'API keys inside my jurisdiction (never the keys themselves)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    response: z.object({ items: z.array(keySchema) }),
    async handler({ deps, access }) {
      const items = await deps.database.db
        .select()
        .from(apiKeys)
        .where(scopeFor(access, apiKeys))
        .orderBy(desc(apiKeys.createdAt));
      return { items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/api-keys',
    summary: 'Create an API key; the key is in this response only',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
      jurisdictionCode: z.string().max(10),
      expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    }),
    successStatus: 201,
    response: z.object({ apiKey: keySchema, key: z.string() }),
    async handler({ deps, access, body, origin }) {
      const { actor } = access;
      if (actor.kind !== 'user' || !canIssueApiKey(actor.role, body.scopes)) throw new AppError('FORBIDDEN');
      const { db } = deps.database;
      const j = await resolveJurisdiction(db, body.jurisdictionCode);
      if (!jurisdictionWithin(actor.jurisdiction, j)) throw new AppError('FORBIDDEN');
      const { key, prefix, hash } = newApiKey();
      const row = await db.transaction(async (tx) => {
        const [r] = await tx
          .insert(apiKeys)
          .values({
            name: body.name,
            prefix,
            keyHash: hash,
            scopes: [...new Set(body.scopes)],
            jurisdictionCode: j.code,
            provinceCode: j.place.provinceCode,
            districtCode: j.place.districtCode,
            communeCode: j.place.communeCode,
            createdBy: actor.userId,
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          })
          .returning();
        await writeAudit(tx, access, origin, {
          action: 'apikey_create',
          entity: 'api_key',
          entityId: r!.id,
          details: { name: body.name, scopes: body.scopes, jurisdiction: j.code },
        });
        return r!;
      });
      return { apiKey: row, key };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/api-keys/:id/revoke',
    summary: 'Revoke an API key (it stops working at once)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    successStatus: 204,
    async handler({ deps, access, params, origin }) {
      await deps.database.db.transaction(async (tx) => {
        const rows = await tx
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt), scopeFor(access, apiKeys)))
          .returning({ id: apiKeys.id });
        if (rows.length === 0) throw new AppError('NOT_FOUND');
        await writeAudit(tx, access, origin, {
          action: 'apikey_revoke',
          entity: 'api_key',
          entityId: params.id,
        });
      });
      return undefined;
    },
  }),
];
