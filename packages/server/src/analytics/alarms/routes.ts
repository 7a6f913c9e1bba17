/** Early-warning alarms (issue #14 item 5): the jurisdiction's alarms and their acknowledgement. */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { resolveAlarm } from './close.ts';
import { acknowledgeAlarm, listAlarms } from './service.ts';

const alarm = z.object({
  id: z.string(),
  communeCode: z.string(),
  communeName: z.string().nullable(),
  districtCode: z.string().nullable(),
  disease: z.string(),
  day: z.string(),
  method: z.enum(['C1', 'C2', 'C3', 'weeklyIncidence']),
  observed: z.number(),
  threshold: z.number(),
  status: z.enum(['open', 'acknowledged', 'closed']),
  note: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  closeReason: z.enum(['quiet', 'resolved']).nullable(),
  closeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export const alarmRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/analytics/alarms',
    summary:
      'Early-warning alarms in your jurisdiction (EARS C1–C3 and the weekly-incidence threshold per commune and disease), open ones by default, newest first',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'indicator:read' },
    personalData: false,
    query: z.strictObject({
      status: z.enum(['open', 'acknowledged', 'closed', 'active', 'all']).optional(),
      disease: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,20}$/u)
        .optional(),
    }),
    response: z.object({ alarms: z.array(alarm) }),
    handler: async ({ tx, access, query }) => ({ alarms: await listAlarms(tx, access, query) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/analytics/alarms/:id/acknowledge',
    summary: 'Acknowledge an open alarm of your jurisdiction with a note (audited); outside it: 404',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ note: z.string().trim().min(3).max(1000) }),
    response: alarm,
    handler: ({ tx, access, audit, params, body }) =>
      acknowledgeAlarm(tx, access, audit, params.id, body.note),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/analytics/alarms/:id/close',
    summary:
      'Close an open or acknowledged alarm of your jurisdiction as resolved, with a note (audited); outside it: 404; closed already: 409',
    tags: ['analytics'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({ note: z.string().trim().min(3).max(1000) }),
    response: alarm,
    handler: async ({ tx, access, audit, params, body }) => {
      await resolveAlarm(tx, access, audit, params.id, body.note);
      const [view] = await listAlarms(tx, access, { status: 'closed', id: params.id });
      if (!view) throw new AppError('NOT_FOUND');
      return view;
    },
  }),
];
