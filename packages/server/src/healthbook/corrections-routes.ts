/**
 * HTTP routes of the health book's correction requests (#17 item 3): the citizen sends one and
 * sees theirs in the book; the owning unit's officials work the list and decide.
 */
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import type { AnyRoute } from '../http/route.ts';
import { correctionDetail, correctionWorklist, resolveCorrection } from './corrections-officials.ts';
import { myCorrections, requestCorrection } from './corrections.ts';
import { RECORD_KINDS } from './types.ts';

const mine = z.object({
  id: z.string(),
  recordKind: z.string().nullable(),
  recordId: z.string().nullable(),
  status: z.enum(['open', 'resolved', 'rejected']),
  level: z.enum(['unit', 'district', 'province']),
  ownerName: z.string().nullable(),
  answer: z.string().nullable(),
  hasEvidence: z.boolean(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

const item = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  recordKind: z.string().nullable(),
  recordId: z.string().nullable(),
  ownerKind: z.string(),
  ownerName: z.string().nullable(),
  communeCode: z.string().nullable(),
  message: z.string(),
  hasEvidence: z.boolean(),
  status: z.string(),
  level: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
});

const day = z.string().regex(/^\d{4}-\d\d-\d\d$/u);
const lot = z.string().min(1).max(64);
const outcome = z.enum(['positive', 'negative', 'invalid']);
const ct = z.number().min(0).max(60).nullable();

/** The fix an official makes, one shape per record kind (see corrections-fix.ts). */
const fixBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dose'), date: day.optional(), lotNumber: lot.optional() }),
  z.strictObject({
    kind: z.literal('testResult'),
    outcome: outcome.optional(),
    ct: ct.optional(),
    sampledOn: day.optional(),
  }),
  z.strictObject({
    kind: z.literal('checkin'),
    checkedInAt: z.iso.datetime().optional(),
    void: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('case'), onsetDate: day.nullable() }),
  z.strictObject({
    kind: z.literal('missingDose'),
    siteId: z.uuid(),
    productCode: z.string().min(1).max(64),
    lotNumber: lot,
    date: day,
  }),
  z.strictObject({
    kind: z.literal('missingResult'),
    siteId: z.uuid(),
    testType: z.enum(['rtPcr', 'rapidAntigen']),
    outcome,
    ct,
    sampledOn: day,
  }),
]);

/** Routes of correction requests. */
export const correctionRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/me/corrections',
    summary:
      'Ask for a correction of a record in my health book (or a ward’s), or report a missing one, with an optional evidence photo',
    tags: ['healthbook', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    body: z.strictObject({
      personId: z.uuid(),
      recordKind: z.enum(RECORD_KINDS).nullable(),
      recordId: z.string().max(64).nullable(),
      message: z.string().min(1).max(1000),
      evidence: z
        .strictObject({ type: z.enum(['image/jpeg', 'image/png']), data: z.string().max(960_000) })
        .nullable(),
    }),
    response: mine,
    successStatus: 201,
    handler: ({ tx, access, origin, body: b }) =>
      requestCorrection(tx, access, origin, {
        personId: b.personId,
        record: b.recordKind && b.recordId ? { kind: b.recordKind, id: b.recordId } : null,
        message: b.message,
        evidence: b.evidence,
      }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/corrections/:personId',
    summary: 'My correction requests (or a ward’s), newest first, with their status and answer',
    tags: ['healthbook', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    params: z.strictObject({ personId: z.uuid() }),
    response: z.object({ items: z.array(mine) }),
    handler: ({ tx, access, origin, params: p }) => myCorrections(tx, access, origin, p.personId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/corrections',
    summary:
      'Correction requests for the units of my jurisdiction, escalated (overdue) first; a district or the province sees what climbed to it',
    tags: ['healthbook'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    query: z.strictObject({ status: z.enum(['open', 'all']).default('open') }),
    response: z.object({ items: z.array(item) }),
    handler: ({ tx, access, origin, query: q }) => correctionWorklist(tx, access, origin, q),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/corrections/:id',
    summary:
      'One correction request with its evidence photo and the record’s current facts (scoped, audited)',
    tags: ['healthbook'],
    auth: { kind: 'user', permission: 'person:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: item.extend({
      evidence: z.string().nullable(),
      answer: z.string().nullable(),
      record: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
    }),
    handler: ({ tx, access, origin, params: p }) => correctionDetail(tx, access, origin, p.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/corrections/:id/resolve',
    summary:
      'Accept a correction request with its fix made through the owning module’s service (a dose’s date or lot, a result’s outcome, Ct or sample day, a check-in’s time or void, a case’s onset date, a missing dose or result recorded), audited with the request, or reject it with a reason; the citizen gets an SMS',
    tags: ['healthbook'],
    auth: { kind: 'user', permission: 'person:write' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    body: z.strictObject({
      decision: z.enum(['accept', 'reject']),
      answer: z.string().max(500),
      fix: fixBody.optional(),
    }),
    response: z.object({ id: z.string(), status: z.enum(['resolved', 'rejected']) }),
    handler: ({ tx, deps, access, origin, lang, params: p, body }) =>
      resolveCorrection(tx, deps, access, origin, p.id, body, lang),
  }),
];
