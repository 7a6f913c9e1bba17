/** Case routes: list, case page, update (classification, onset, severity, care, outcome), assignment, interview. */
import { AppError } from '@epilink/core';
import { z } from 'zod';
import { listAuditEntries } from '../audit/results.ts';
import { nextCursorSchema } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import { findUnit } from '../registry/units/repository.ts';
import {
  CLASSIFICATIONS,
  EXPOSURE_TYPES,
  PLACES_OF_CARE,
  SEVERITIES,
  caseDetailSchema,
  casePersonSchema,
  caseSummarySchema,
  contactSchema,
  epiStatusSchema,
  interviewSchema,
} from './presenter.ts';
import { readCasePage } from './casePage.ts';
import { listCases } from './queries.ts';
import { tracerInScope } from './scope.ts';
import { recordInterview, updateCase } from './update.ts';
import { createCase } from './create.ts';

const uuid = z.uuid();
const code5 = z.string().regex(/^\d{5}$/u);
const isoDate = z.iso.date();
const note = z.string().trim().max(2000).nullable();

const caseBody = z
  .strictObject({
    onsetDate: isoDate.nullable().optional(),
    symptomatic: z.boolean().nullable().optional(),
    severity: z.enum(SEVERITIES).nullable().optional(),
    placeOfCare: z.enum(PLACES_OF_CARE).nullable().optional(),
    outcome: z.enum(['recovered', 'died']).nullable().optional(),
    outcomeDate: isoDate.nullable().optional(),
    outbreakId: uuid.nullable().optional(),
    classification: z.enum(['suspected', 'discarded']).optional(),
    note: note.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'empty' });

const namedContact = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(20).nullable().optional(),
  idNumber: z.string().trim().max(20).nullable().optional(),
  dateOfBirth: isoDate.nullable().optional(),
  communeCode: code5.nullable().optional(),
  exposureType: z.enum(EXPOSURE_TYPES),
  exposureDate: isoDate.nullable().optional(),
  durationMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 30)
    .nullable()
    .optional(),
  note: note.optional(),
});

export const caseRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/cases',
    summary:
      'Cases in your jurisdiction (filters: commune, district, status, classification, disease, outbreak, tracer)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    query: z.strictObject({
      communeCode: code5.optional(),
      districtCode: z
        .string()
        .regex(/^\d{3}$/u)
        .optional(),
      status: z.enum(['open', 'closed']).optional(),
      classification: z.enum(CLASSIFICATIONS).optional(),
      diseaseCode: z.string().max(40).optional(),
      outbreakId: uuid.optional(),
      assignedTracerId: uuid.optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      /** Keyset cursor: the previous page's `nextCursor` (preferred to offset at scale). */
      cursor: z.string().max(400).optional(),
    }),
    response: z.object({
      items: z.array(caseSummarySchema),
      total: z.number(),
      /** The next page's cursor; null when this page is the last. */
      nextCursor: z.string().nullable(),
    }),
    async handler({ tx, access, query, audit }) {
      const result = await listCases(tx, access, query);
      await audit(
        listAuditEntries(
          'case',
          result.items.map((c) => c.personId),
        ),
      );
      return result;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases',
    summary: 'Open a suspected case for a person of your jurisdiction (test results classify it later)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:write' },
    personalData: true,
    body: z.strictObject({
      personId: uuid,
      diseaseCode: z.string().min(1).max(40).default('COVID-19'),
      symptomatic: z.boolean().nullable().default(null),
      onsetDate: isoDate.nullable().default(null),
      outbreakId: uuid.nullable().default(null),
      note: note.default(null),
    }),
    response: z.object({ id: z.string() }),
    successStatus: 201,
    async handler({ tx, access, body, origin }) {
      return { id: await createCase(tx, access, origin, body) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/cases/:id',
    summary:
      'A case page: the case, its person, evidence, contacts in your jurisdiction (others counted), interviews',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:read' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    response: z.object({
      case: caseDetailSchema,
      person: casePersonSchema,
      epiStatus: epiStatusSchema.nullable(),
      /** The first page of contacts in your jurisdiction; more from GET /api/cases/:id/contacts. */
      contacts: z.array(contactSchema),
      contactsNextCursor: nextCursorSchema,
      contactsOutsideJurisdiction: z.number(),
      interviews: z.array(interviewSchema),
    }),
    async handler({ tx, access, params, audit }) {
      const read = await readCasePage(tx, access, params.id);
      await audit(read.audit);
      return read.page;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/cases/:id',
    summary:
      'Update a case: onset date (moves the infectious window), symptoms, severity, place of care, outcome (closes it), outbreak, note, or classify as suspected/discarded',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:write' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: caseBody,
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, params, body, origin }) {
      await updateCase(tx, access, origin, params.id, body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/assign',
    summary: 'Assign a case to a tracer of your jurisdiction (null to unassign)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: z.strictObject({ tracerId: uuid.nullable() }),
    response: z.object({ ok: z.literal(true) }),
    async handler({ tx, access, params, body, origin }) {
      if (body.tracerId) await tracerInScope(tx, access, body.tracerId);
      await updateCase(tx, access, origin, params.id, { assignedTracerId: body.tracerId });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/interview',
    summary:
      'Record the case interview: answers and named contacts (linked to the registry, proposed as contacts)',
    tags: ['cases'],
    auth: { kind: 'user', permission: 'case:trace' },
    personalData: true,
    params: z.strictObject({ id: uuid }),
    body: z.strictObject({
      answers: z.record(
        z.string().max(100),
        z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
      ),
      contacts: z.array(namedContact).max(200),
    }),
    response: z.object({
      interviewId: z.string(),
      proposed: z.number(),
      linked: z.number(),
      /** Contacts named in communes outside your jurisdiction, sent there for review. */
      referred: z.number(),
    }),
    successStatus: 201,
    async handler({ tx, access, params, body, origin }) {
      for (const c of body.contacts) {
        if (c.communeCode && !(await findUnit(tx, c.communeCode))) {
          throw new AppError('UNKNOWN_CODE', { params: { code: c.communeCode } });
        }
      }
      return recordInterview(tx, access, origin, params.id, body, async (inner, commune) => {
        const unit = await findUnit(inner, commune);
        return unit?.parentCode ?? null;
      });
    },
  }),
];
