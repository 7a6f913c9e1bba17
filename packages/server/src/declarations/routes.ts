/**
 * Declaration routes (#15): questionnaires (public read, publication by `policy:write`), submission
 * by a citizen (signed in or anonymous) or by staff, the QR holder's view and one-tap test, the
 * officials' list / review list and read, and the checkpoint scan.
 */
import { AppError, DECLARATION_KINDS } from '@epilink/core';
import { z } from 'zod';
import { nextCursorSchema, pageQuery } from '../http/page.ts';
import { defineRoute } from '../http/route.ts';
import type { AnyRoute } from '../http/route.ts';
import { declarationPublicRoutes } from './public-routes.ts';
import { listDeclarations, myDeclarations, readDeclaration, FLAG_FILTERS } from './read.ts';
import { scanAtCheckpoint } from './checkpoint.ts';
import { listQuestionnaires, publishQuestionnaire, questionnaireById } from './questionnaires.ts';
import { declarationAnswerSchema, dccVerdictSchema, submitBody, submitAndAnswer } from './submit-route.ts';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const UNIT = z.string().regex(/^\d{2,5}$/u);

const questionnaireSchema = z.object({
  id: z.string(),
  kind: z.string(),
  url: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
  resource: z.record(z.string(), z.unknown()),
});

const listItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  day: z.string(),
  action: z.string(),
  reasons: z.array(z.string()),
  flagStatus: z.string(),
  /** The server's verdict on a scanned DCC (null: none scanned); never the device's claim. */
  dcc: dccVerdictSchema.nullable(),
  declaredBy: z.string(),
  channel: z.string(),
  communeCode: z.string().nullable(),
  createdAt: z.string(),
  person: z.object({ id: z.string(), fullName: z.string() }),
});

const staffRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/declarations/questionnaires',
    summary:
      'Publish a new version of a declaration questionnaire (FHIR Questionnaire, bilingual) from a day on',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'policy:write' },
    personalData: false,
    successStatus: 201,
    body: z.strictObject({
      kind: z.enum(DECLARATION_KINDS),
      effectiveFrom: DAY,
      resource: z.record(z.string(), z.unknown()),
    }),
    response: questionnaireSchema,
    async handler({ tx, access, origin, body }) {
      const q = await publishQuestionnaire(tx, access, origin, body);
      return { ...q, resource: q.resource as unknown as Record<string, unknown> };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/declarations/staff',
    summary:
      'Declare for someone (paper form, checkpoint, station): a person of my jurisdiction or an identity to link',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'declaration:write' },
    personalData: true,
    successStatus: 201,
    body: submitBody.extend({ paper: z.boolean().optional() }),
    response: declarationAnswerSchema,
    handler: ({ tx, access, origin, body, deps }) =>
      submitAndAnswer(tx, access, origin, deps.config.provinceCode, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/declarations',
    summary: 'Declarations of my jurisdiction, newest first; flag=flagged is the commune’s review list',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'declaration:read' },
    personalData: true,
    query: z.strictObject({
      communeCode: UNIT.optional(),
      kind: z.enum(DECLARATION_KINDS).optional(),
      flag: z.enum(FLAG_FILTERS).optional(),
      day: DAY.optional(),
      personId: z.uuid().optional(),
      ...pageQuery(50, 200),
    }),
    response: z.object({ items: z.array(listItemSchema), nextCursor: nextCursorSchema }),
    handler: ({ tx, access, origin, query }) => listDeclarations(tx, access, origin, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/declarations/:id',
    summary: 'A declaration of my jurisdiction with its answers, triage and checkpoint passages',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'declaration:read' },
    personalData: true,
    params: z.strictObject({ id: z.uuid() }),
    response: listItemSchema.omit({ person: true }).extend({
      questionnaire: z.object({ id: z.string(), url: z.string(), version: z.string() }),
      response: z.record(z.string(), z.unknown()),
      testRegistrationId: z.string().nullable(),
      paper: z.boolean(),
      person: z.object({ id: z.string(), fullName: z.string(), dateOfBirth: z.string().nullable() }),
      passages: z.array(
        z.object({ id: z.string(), checkpoint: z.string(), action: z.string(), scannedAt: z.string() }),
      ),
    }),
    handler: ({ tx, access, origin, params }) => readDeclaration(tx, access, origin, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/declarations/checkpoint-scan',
    summary:
      'Scan a declaration QR at a checkpoint: the triage result and the name to check; the passage is recorded',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'declaration:write' },
    personalData: true,
    body: z.strictObject({ token: z.string().max(80), checkpoint: z.string().trim().min(1).max(120) }),
    response: z.object({
      passageId: z.string(),
      scannedAt: z.string(),
      declaration: z.object({
        id: z.string(),
        kind: z.string(),
        day: z.string(),
        action: z.string(),
        reasons: z.array(z.string()),
        flagStatus: z.string(),
        dcc: dccVerdictSchema.nullable(),
        person: z.object({ fullName: z.string(), birthYear: z.number().nullable() }),
      }),
    }),
    handler: ({ tx, access, origin, body }) => scanAtCheckpoint(tx, access, origin, body),
  }),
];

/** Every declaration route. */
export const declarationRoutes: readonly AnyRoute[] = [
  ...declarationPublicRoutes,
  defineRoute({
    method: 'GET',
    url: '/api/declarations/questionnaires/versions',
    summary:
      'Every version of every declaration questionnaire (in force, superseded and to come), newest first by kind',
    tags: ['declarations'],
    auth: { kind: 'user', permission: 'policy:read' },
    personalData: false,
    response: z.object({ items: z.array(questionnaireSchema) }),
    async handler({ tx }) {
      const all = await listQuestionnaires(tx);
      return {
        items: all.map((q) => ({ ...q, resource: q.resource as unknown as Record<string, unknown> })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/declarations/questionnaires/:id',
    summary: 'One version of a declaration questionnaire (FHIR Questionnaire JSON)',
    tags: ['declarations'],
    auth: { kind: 'public' },
    personalData: false,
    params: z.strictObject({ id: z.uuid() }),
    response: questionnaireSchema,
    async handler({ tx, params }) {
      const q = await questionnaireById(tx, params.id);
      if (!q) throw new AppError('NOT_FOUND');
      return { ...q, resource: q.resource as unknown as Record<string, unknown> };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/declarations',
    summary:
      'My declarations and those of household members in my care (health book), newest first, with QR tokens',
    tags: ['declarations', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    query: z.strictObject({ ...pageQuery(20, 100) }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          personId: z.string(),
          kind: z.string(),
          day: z.string(),
          action: z.string(),
          reasons: z.array(z.string()),
          flagStatus: z.string(),
          token: z.string(),
        }),
      ),
      nextCursor: nextCursorSchema,
    }),
    handler: ({ tx, access, origin, query }) => myDeclarations(tx, access, origin, query),
  }),
  ...staffRoutes,
];
