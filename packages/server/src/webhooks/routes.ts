/**
 * Webhook administration (permission `apikey:manage`, inside the admin's jurisdiction): create a
 * subscription (its signing secret is in that response only), list them, read a subscription's
 * delivery log, enable a disabled one again. Deliveries carry ids and codes, never names.
 */
import { randomBytes } from 'node:crypto';
import { AppError, jurisdictionWithin } from '@epilink/core';
import { z } from 'zod';
import { resolveJurisdiction } from '../auth/users.ts';
import { defineRoute } from '../http/route.ts';
import { WEBHOOK_TOPICS } from './fanout.ts';
import {
  deliveriesOf,
  disableSubscription,
  enableSubscription,
  insertSubscription,
  listSubscriptions,
  queueTestDelivery,
} from './store.ts';
import { isLocalReceiver } from './receiver.ts';

const subscriptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  topics: z.array(z.string()),
  jurisdictionCode: z.string(),
  consecutiveFailures: z.number(),
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});

/** https to a public host; http only to a local receiver, and local receivers only where allowed. */
const webhookUrl = z
  .url()
  .max(500)
  .refine(
    (u) => {
      const url = new URL(u);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLocalReceiver(url));
    },
    { params: { messageKey: 'fhir.errors.webhookUrl' } },
  );

export const webhookRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/admin/webhooks',
    summary: 'Webhook subscriptions inside my jurisdiction (never their secrets)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    response: z.object({ items: z.array(subscriptionSchema) }),
    async handler({ tx, access }) {
      return { items: await listSubscriptions(tx, access) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/webhooks',
    summary:
      'Subscribe a system to events by topic and jurisdiction; the signing secret is in this response only',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      url: webhookUrl,
      topics: z.array(z.enum(WEBHOOK_TOPICS)).min(1),
      jurisdictionCode: z.string().max(10),
      apiKeyId: z.uuid().nullable().optional(),
    }),
    successStatus: 201,
    response: z.object({ subscription: subscriptionSchema, secret: z.string() }),
    async handler({ tx, access, body, audit, deps }) {
      const { actor } = access;
      if (actor.kind !== 'user') throw new AppError('FORBIDDEN');
      if (!deps.config.webhooks.allowLocal && isLocalReceiver(new URL(body.url))) {
        throw new AppError('VALIDATION_FAILED', {
          details: [{ path: 'body.url', messageKey: 'fhir.errors.webhookUrl' }],
        });
      }
      const j = await resolveJurisdiction(tx, body.jurisdictionCode);
      if (!jurisdictionWithin(actor.jurisdiction, j)) throw new AppError('FORBIDDEN');
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = await insertSubscription(tx, {
        name: body.name,
        url: body.url,
        secret,
        topics: [...new Set(body.topics)],
        jurisdictionCode: j.code,
        provinceCode: j.place.provinceCode,
        districtCode: j.place.districtCode,
        communeCode: j.place.communeCode,
        apiKeyId: body.apiKeyId ?? null,
        createdBy: actor.userId,
      });
      await audit({
        action: 'create',
        entity: 'webhook_subscription',
        entityId: row.id,
        details: { name: body.name, topics: body.topics, jurisdiction: j.code },
      });
      return { subscription: row, secret };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/admin/webhooks/:id/deliveries',
    summary: 'The delivery log of a subscription (newest first, 100 at most)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.number(),
          topic: z.string(),
          status: z.string(),
          attempts: z.number(),
          lastStatus: z.number().nullable(),
          lastError: z.string().nullable(),
          createdAt: z.date(),
          deliveredAt: z.date().nullable(),
          /** When a pending delivery is next tried. */
          availableAt: z.date(),
        }),
      ),
    }),
    async handler({ tx, access, params }) {
      const items = await deliveriesOf(tx, access, params.id);
      if (!items) throw new AppError('NOT_FOUND');
      return { items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/webhooks/:id/enable',
    summary: 'Enable a subscription disabled after repeated failures (its failure count starts again)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    successStatus: 204,
    async handler({ tx, access, params, audit }) {
      if (!(await enableSubscription(tx, access, params.id))) throw new AppError('NOT_FOUND');
      await audit({
        action: 'update',
        entity: 'webhook_subscription',
        entityId: params.id,
        fields: ['disabledAt'],
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/webhooks/:id/disable',
    summary: 'Disable a subscription by hand (its deliveries wait until it is enabled again)',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: null,
    successStatus: 204,
    async handler({ tx, access, params, audit }) {
      if (!(await disableSubscription(tx, access, params.id))) throw new AppError('NOT_FOUND');
      await audit({
        action: 'update',
        entity: 'webhook_subscription',
        entityId: params.id,
        fields: ['disabledAt'],
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/admin/webhooks/:id/test',
    summary: 'Send a signed test event (topic webhook.test, no data) to a subscription; it shows in the log',
    tags: ['admin'],
    auth: { kind: 'user', permission: 'apikey:manage' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    successStatus: 202,
    response: z.object({ deliveryId: z.number() }),
    async handler({ tx, access, params, audit }) {
      const deliveryId = await queueTestDelivery(tx, access, params.id);
      if (deliveryId === null) throw new AppError('NOT_FOUND');
      await audit({ action: 'create', entity: 'webhook_delivery', entityId: String(deliveryId) });
      return { deliveryId };
    },
  }),
];
