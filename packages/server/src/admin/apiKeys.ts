/**
 * API keys for other systems: created inside the issuer's jurisdiction with scopes the issuer
 * holds (core `canIssueApiKey`), shown once, stored hashed, revocable.
 */
import { AppError, API_KEY_SCOPES, canIssueApiKey, jurisdictionWithin } from '@epilink/core';
import { z } from 'zod';
import { newApiKey } from '../auth/apiKeys.ts';
import { resolveJurisdiction } from '../auth/users.ts';
import { defineRoute } from '../http/route.ts';
import { facilityWithin, insertApiKey, listApiKeys, revokeApiKey } from './apiKeyStore.ts';

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
  ownerFacilityId: z.string().nullable(),
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
    async handler({ tx, access }) {
      return { items: await listApiKeys(tx, access) };
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
      /** The organisation (facility) the key acts for: its FHIR transactions land at its test site. */
      ownerFacilityId: z.uuid().nullable().optional(),
    }),
    successStatus: 201,
    response: z.object({ apiKey: keySchema, key: z.string() }),
    async handler({ tx, access, body, audit }) {
      const { actor } = access;
      if (actor.kind !== 'user' || !canIssueApiKey(actor.role, body.scopes)) throw new AppError('FORBIDDEN');
      const j = await resolveJurisdiction(tx, body.jurisdictionCode);
      if (!jurisdictionWithin(actor.jurisdiction, j)) throw new AppError('FORBIDDEN');
      if (body.ownerFacilityId && !(await facilityWithin(tx, access, body.ownerFacilityId)))
        throw new AppError('NOT_FOUND');
      const { key, prefix, hash } = newApiKey();
      const row = await insertApiKey(tx, {
        name: body.name,
        prefix,
        hash,
        scopes: [...new Set(body.scopes)],
        jurisdiction: j,
        createdBy: actor.userId,
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        ownerFacilityId: body.ownerFacilityId ?? null,
      });
      await audit({
        action: 'apikey_create',
        entity: 'api_key',
        entityId: row.id,
        details: { name: body.name, scopes: body.scopes, jurisdiction: j.code },
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
    async handler({ tx, access, params, audit }) {
      if (!(await revokeApiKey(tx, access, params.id))) throw new AppError('NOT_FOUND');
      await audit({ action: 'apikey_revoke', entity: 'api_key', entityId: params.id });
      return undefined;
    },
  }),
];
