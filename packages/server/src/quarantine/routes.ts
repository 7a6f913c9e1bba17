/**
 * Quarantine and isolation routes (issue #16 items 1–5). Officials: the worklist, confirming
 * (one with a change and its reason, or a list), release, extension, documents, forms filled in a
 * call and alert acknowledgement — `quarantine:read`/`quarantine:write`, scoped to the jurisdiction
 * (404 outside). Public: the signed health-form link (no sign-in, that order only) and the
 * verification of a document's QR.
 */
import { AppError, OTHER_SYMPTOMS, WARNING_SYMPTOMS } from '@epilink/core';
import { z } from 'zod';
import { actorId } from '../access/context.ts';
import { defineRoute } from '../http/route.ts';
import { acknowledgeAlert } from './alerts.ts';
import { orderDocument, verifyDocument } from './documents.ts';
import { formContext, submitForm } from './forms.ts';
import { submitLinkForm } from './formBatch.ts';
import type { KeySource } from './links.ts';
import { orderOfFormToken } from './links.ts';
import { confirmOrders, extendOrder, releaseOrder } from './orders.ts';
import { worklist } from './worklist.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const kind = z.enum(['facility_quarantine', 'home_quarantine', 'home_isolation', 'monitoring']);
const reason = z.string().trim().min(3).max(1000);

const orderItem = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  communeCode: z.string().nullable(),
  kind: z.string(),
  status: z.string(),
  role: z.string(),
  startDate: z.string(),
  quarantineEnd: z.string(),
  endDate: z.string(),
  testsDue: z.array(z.string()),
  ruleSource: z.string().nullable(),
});
const section = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() });
const sign = z.object({
  code: z.string(),
  value: z.number().optional(),
  threshold: z.number().optional(),
  count: z.number().optional(),
});
const alertItem = z.object({
  id: z.string(),
  orderId: z.string(),
  personId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  communeCode: z.string().nullable(),
  kind: z.string(),
  signs: z.array(sign),
  level: z.string(),
  status: z.string(),
  raisedAt: z.string(),
});

/** A health form's readings, bounded to what a person can measure. */
const readings = z.strictObject({
  symptoms: z
    .array(z.enum([...WARNING_SYMPTOMS, ...OTHER_SYMPTOMS]))
    .max(20)
    .default([]),
  temperatureC: z.number().min(30).max(45).nullable().default(null),
  spo2: z.number().min(50).max(100).nullable().default(null),
  pulse: z.number().int().min(20).max(250).nullable().default(null),
  respiratoryRate: z.number().int().min(4).max(120).nullable().default(null),
  systolic: z.number().int().min(40).max(260).nullable().default(null),
  diastolic: z.number().int().min(20).max(180).nullable().default(null),
});
const hotlines = z.object({ advice: z.string(), emergency: z.string() });
const formOutcome = z.object({
  formId: z.string(),
  signs: z.array(sign),
  alertId: z.string().nullable(),
  hotlines,
});
const token = z.strictObject({ token: z.string().min(10).max(200) });
const order = z.object({
  id: z.string(),
  status: z.string(),
  endDate: z.string(),
  testsDue: z.array(z.string()),
});

/** The signed link's order; `keys` is the request's database so the key is cached across requests. */
async function tokenOrder(keys: KeySource, t: string): Promise<string> {
  const id = await orderOfFormToken(keys, t);
  if (!id) throw new AppError('QUARANTINE_LINK_INVALID');
  return id;
}

const LINK_KEY = 'quarantine form link: the signing key';

export const quarantineRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/quarantine/worklist',
    summary:
      'Quarantine worklist of your jurisdiction: open alerts at your level (with phones), proposals, forms not in for the current slot, tests due today, releases due',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:read' },
    personalData: true,
    query: z.strictObject({
      commune: z
        .string()
        .regex(/^\d{5}$/u)
        .optional(),
    }),
    response: z.object({
      day: z.string(),
      slotDueBy: z.string().nullable(),
      alerts: section(alertItem),
      proposed: section(orderItem),
      formsDue: section(orderItem),
      testsDue: section(orderItem),
      releasesDue: section(orderItem),
    }),
    async handler({ tx, access, audit, query }) {
      const list = await worklist(tx, access, new Date(), query.commune);
      await audit({
        action: 'read',
        entity: 'quarantine_worklist',
        fields: ['name', 'phone'],
        details: { alerts: list.alerts.total },
      });
      return {
        ...list,
        alerts: {
          ...list.alerts,
          items: list.alerts.items.map((a) => ({ ...a, signs: a.signs as z.input<typeof sign>[] })),
        },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/confirm',
    summary:
      'Confirm a proposed order, optionally changed (kind, dates, facility) with a reason; the person gets the form link by SMS',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      change: z
        .strictObject({
          kind: kind.optional(),
          startDate: day.optional(),
          endDate: day.optional(),
          facilityId: z.uuid().nullable().optional(),
          reason,
        })
        .optional(),
    }),
    response: z.object({ confirmed: z.number() }),
    handler: async ({ tx, access, audit, deps, params, body }) => ({
      confirmed: await confirmOrders(
        tx,
        access,
        audit,
        deps.config.publicUrl,
        [params.id],
        body.change ?? null,
      ),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/confirm',
    summary:
      'Issue orders in bulk: confirm a list of proposals as proposed (all or none; one outside your jurisdiction: 404)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
    response: z.object({ confirmed: z.number() }),
    handler: async ({ tx, access, audit, deps, body }) => ({
      confirmed: await confirmOrders(tx, access, audit, deps.config.publicUrl, body.ids, null),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/release',
    summary: 'Release an active order: a negative test sampled on its test day must exist (else 422: extend)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: order,
    handler: async ({ tx, access, audit, params }) => releaseOrder(tx, access, audit, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/extend',
    summary:
      'Extend an active order by some days (a test on the new end day), or a case to the rule’s latest day; with a reason',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ days: z.number().int().min(1).max(30).optional(), reason }),
    response: order,
    handler: async ({ tx, access, audit, params, body }) => extendOrder(tx, access, audit, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/quarantine/orders/:id/document',
    summary: 'The order or release document: bilingual PDF with a QR code that verifies it (audited)',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    query: z.strictObject({ type: z.enum(['order', 'release']).default('order') }),
    response: null,
    async handler({ tx, access, audit, deps, params, query, reply }) {
      const pdf = await orderDocument(tx, access, audit, deps.config.publicUrl, params.id, query.type);
      await reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="quarantine-${query.type}-${params.id}.pdf"`)
        .send(pdf);
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/orders/:id/forms',
    summary: 'A health form filled by a health worker during a call; warning signs raise an alert at once',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: readings,
    response: formOutcome,
    handler: async ({ tx, access, origin, params, body }) =>
      submitForm(
        tx,
        { access, origin },
        { orderId: params.id, access, workerId: actorId(access), readings: body },
        new Date(),
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/quarantine/alerts/:id/acknowledge',
    summary: 'Acknowledge an open alert of your jurisdiction with a note (audited); stops its escalation',
    tags: ['quarantine'],
    auth: { kind: 'user', permission: 'quarantine:write' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ note: reason }),
    response: null,
    successStatus: 204,
    async handler({ tx, access, audit, params, body }) {
      await acknowledgeAlert(tx, access, audit, params.id, body.note);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/quarantine/forms/:token',
    summary: 'The health form behind a signed link: the order’s kind and dates and the hotlines (no name)',
    tags: ['quarantine', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    params: token,
    response: z.object({ kind: z.string(), start: z.string(), end: z.string(), hotlines }),
    handler: async ({ tx, params, deps }) =>
      formContext(tx, await tokenOrder(deps.system(LINK_KEY), params.token), new Date()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/public/quarantine/forms/:token',
    summary: 'Submit a health form from the signed link (no sign-in; valid for that order while active)',
    tags: ['quarantine', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    ownTransaction: 'health-form hot path: group commit of concurrent forms (quarantine/formBatch.ts)',
    params: token,
    body: readings,
    response: formOutcome,
    handler: async ({ access, origin, params, body, deps }) => {
      const database = deps.system(LINK_KEY);
      return submitLinkForm(database, {
        orderId: await tokenOrder(database, params.token),
        readings: body,
        access,
        origin,
        at: new Date(),
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/public/quarantine/verify/:code',
    summary: 'Verify the QR code of a quarantine order or release document (kind and dates only)',
    tags: ['quarantine', 'public'],
    auth: { kind: 'public' },
    personalData: false,
    params: z.strictObject({ code: z.string().min(10).max(200) }),
    response: z.object({
      valid: z.boolean(),
      document: z.enum(['order', 'release']).nullable(),
      kind: z.string().nullable(),
      start: z.string().nullable(),
      end: z.string().nullable(),
      status: z.string().nullable(),
    }),
    handler: async ({ tx, params }) => verifyDocument(tx, params.code),
  }),
];
