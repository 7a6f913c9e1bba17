/**
 * The health book's HTTP routes: a person's timeline for the citizen (self and wards) and for an
 * official (scoped, audited, with who entered each record).
 */
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import type { AnyRoute } from '../http/route.ts';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { personRecords } from './records.ts';
import { myStatusCard, verifyStatusToken } from './status.ts';
import { publishedStatusKeys, statusSigningKey } from './statusKey.ts';
import { RECORD_KINDS } from './types.ts';

const owner = z.object({
  kind: z.enum(['facility', 'testSite', 'commune']),
  id: z.string().nullable(),
  name: z.string().nullable(),
  provinceCode: z.string(),
  districtCode: z.string().nullable(),
  communeCode: z.string().nullable(),
});

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

function pageSchema(withEnterer: boolean) {
  return z.object({
    personId: z.string(),
    items: z.array(
      z.object({
        kind: z.enum(RECORD_KINDS),
        id: z.string(),
        personId: z.string(),
        at: z.string(),
        enteredAt: z.string().nullable(),
        source: z.string().nullable(),
        ...(withEnterer
          ? {
              enteredBy: z
                .object({ id: z.string(), name: z.string().nullable(), role: z.string().nullable() })
                .nullable(),
            }
          : {}),
        owner,
        detail: z.record(z.string(), detailValue),
      }),
    ),
    nextCursor: nextCursorSchema,
  });
}

const citizenPage = pageSchema(false);
const officialPage = pageSchema(true);
const params = z.strictObject({ personId: z.uuid() });
const query = z.strictObject({ ...pageQuery(50, 200) });

/** Routes of the health book timeline. */
export const healthbookRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/me/records/:personId',
    summary: 'My health book: every record linked to me or a ward in my care, newest first',
    tags: ['healthbook', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params,
    query,
    response: citizenPage,
    handler: async ({ tx, access, origin, params: p, query: q }) =>
      personRecords(tx, access, p.personId, { limit: q.limit, before: q.cursor, origin }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/persons/:personId/records',
    summary:
      'A person’s timeline across every module, with source and who entered each record (scoped, audited)',
    tags: ['healthbook'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params,
    query,
    response: officialPage,
    handler: async ({ tx, access, origin, params: p, query: q }) =>
      personRecords(tx, access, p.personId, { limit: q.limit, before: q.cursor, origin }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/status/:personId',
    summary:
      'My status colour card (or a ward’s), by the provincial rule today, with a short-lived signed QR',
    tags: ['healthbook', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params,
    response: z.object({
      colour: z.string(),
      hex: z.string(),
      label: z.object({ vi: z.string(), en: z.string() }),
      initials: z.string(),
      on: z.string(),
      expiresAt: z.string(),
      token: z.string(),
    }),
    handler: async ({ tx, access, origin, params: p, deps }) =>
      myStatusCard(tx, await statusSigningKey(deps.config), access, origin, p.personId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/status/verify',
    summary: 'Check a status card QR at a venue: the colour and name initials only, or invalid/expired',
    tags: ['healthbook'],
    auth: { kind: 'public' },
    personalData: false,
    query: z.strictObject({ token: z.string().min(1).max(400) }),
    response: z.object({
      valid: z.boolean(),
      reason: z.enum(['invalid', 'expired']).optional(),
      colour: z.string().optional(),
      hex: z.string().optional(),
      label: z.object({ vi: z.string(), en: z.string() }).optional(),
      initials: z.string().optional(),
      expiresAt: z.string().optional(),
    }),
    handler: async ({ tx, query: q, deps }) =>
      verifyStatusToken(tx, await publishedStatusKeys(deps.config), q.token),
  }),
];
