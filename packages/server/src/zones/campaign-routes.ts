/**
 * Campaign routes (issue #16 item 7): a round's progress by hamlet (figures only) and SMS
 * invitations to the residents not yet tested (`testing:manage`; phones read, one audit row); the
 * sites, slots and bookings of a round (slots-routes.ts).
 */
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { hamletProgress, inviteUntested } from './campaign.ts';
import { slotRoutes } from './slots-routes.ts';

const params = z.strictObject({ id: z.uuid(), roundId: z.uuid() });

export const campaignRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/zones/:id/rounds/:roundId/hamlets',
    summary:
      'A round’s progress by commune and hamlet (hamlet read from the address line): members, tested, positives',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:read' },
    personalData: false,
    params,
    response: z.object({
      items: z.array(
        z.object({
          communeCode: z.string().nullable(),
          hamlet: z.string().nullable(),
          members: z.number(),
          tested: z.number(),
          positives: z.number(),
          testedPercent: z.number(),
        }),
      ),
    }),
    handler: async ({ tx, access, params: p }) => ({
      items: await hamletProgress(tx, access, p.id, p.roundId),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/zones/:id/rounds/:roundId/invitations',
    summary:
      'Text an invitation (days, one-tap booking link) to every resident of a round not yet tested and never invited to it, optionally of one commune or hamlet (SMS outbox; idempotent per person and round; audited)',
    tags: ['zones'],
    auth: { kind: 'user', permission: 'testing:manage' },
    personalData: true,
    params,
    body: z.strictObject({
      communeCode: z
        .string()
        .regex(/^\d{5}$/u)
        .optional(),
      hamlet: z.string().trim().min(2).max(80).optional(),
    }),
    response: z.object({ invited: z.number(), alreadyInvited: z.number(), withoutPhone: z.number() }),
    handler: ({ tx, access, audit, deps, params: p, body }) =>
      inviteUntested(tx, access, audit, deps.config.publicUrl, { zoneId: p.id, roundId: p.roundId, ...body }),
  }),
  ...slotRoutes,
];
