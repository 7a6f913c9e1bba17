/**
 * Declarations without an official: the questionnaires in force, submission anonymous or signed
 * in (`/api/me/declarations`), and what the holder of a declaration's QR may do — see its triage
 * and confirm the suggested test in one tap.
 */
import { AppError, DECLARATION_KINDS, today } from '@epilink/core';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { confirmSuggestedTest, holderView } from './flags.ts';
import { questionnaireInForce } from './questionnaires.ts';
import { declarationAnswerSchema, submitBody, submitGroupedAndAnswer } from './submit-route.ts';
import { declarationOfToken } from './token.ts';

/** Why the submit routes open their own transactions (and take the database for it). */
const GROUP_COMMIT = 'declaration hot path: group commit of concurrent submissions (declarations/batch.ts)';

const tokenParam = z.strictObject({ token: z.string().max(80) });
const suggestion = declarationAnswerSchema.shape.suggestedTest;

export const declarationPublicRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/declarations/questionnaires',
    summary:
      'The declaration questionnaires in force today (health, entry, travel), as FHIR Questionnaire JSON',
    tags: ['declarations'],
    auth: { kind: 'public' },
    personalData: false,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          kind: z.string(),
          url: z.string(),
          version: z.string(),
          effectiveFrom: z.string(),
          resource: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
    async handler({ tx }) {
      const day = today();
      const found = await Promise.all(DECLARATION_KINDS.map((k) => questionnaireInForce(tx, k, day)));
      return {
        items: found
          .filter((q) => q !== null)
          .map((q) => ({ ...q, resource: q.resource as unknown as Record<string, unknown> })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/declarations',
    summary:
      'Declare without an account (for oneself or a household member): linked to the person by record linkage',
    tags: ['declarations'],
    auth: { kind: 'public' },
    // Write-only for the public: the answer carries the triage and a QR token, nothing from the registry.
    personalData: false,
    successStatus: 201,
    rateLimit: { max: 30, perSeconds: 60 },
    ownTransaction: GROUP_COMMIT,
    body: submitBody.omit({ personId: true }),
    response: declarationAnswerSchema,
    handler: ({ access, origin, body, deps }) =>
      submitGroupedAndAnswer(deps.system(GROUP_COMMIT), access, origin, deps.config.provinceCode, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/declarations',
    summary:
      'Declare signed in: for myself or a household member in my care (personId), or someone else by identity',
    tags: ['declarations', 'citizen'],
    auth: { kind: 'citizen' },
    personalData: true,
    successStatus: 201,
    ownTransaction: GROUP_COMMIT,
    body: submitBody,
    response: declarationAnswerSchema,
    handler: ({ access, origin, body, deps }) =>
      submitGroupedAndAnswer(deps.system(GROUP_COMMIT), access, origin, deps.config.provinceCode, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/declarations/qr/:token',
    summary:
      'The triage of the declaration a QR token names (for its holder): action, reasons, flag, suggested test',
    tags: ['declarations'],
    auth: { kind: 'public' },
    personalData: false,
    params: tokenParam,
    response: z.object({
      id: z.string(),
      kind: z.string(),
      day: z.string(),
      action: z.string(),
      reasons: z.array(z.string()),
      flagStatus: z.string(),
      suggestedTest: suggestion,
    }),
    handler: ({ tx, params }) => holderView(tx, params.token),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/declarations/qr/:token/test',
    summary:
      'Confirm the suggested test of a flagged declaration in one tap (the QR holder); a second tap changes nothing',
    tags: ['declarations'],
    auth: { kind: 'public' },
    personalData: false,
    rateLimit: { max: 20, perSeconds: 60 },
    params: tokenParam,
    response: z.object({ registrationId: z.string(), suggestedTest: suggestion.unwrap() }),
    async handler({ tx, access, origin, params }) {
      const id = await declarationOfToken(tx, params.token);
      if (!id) throw new AppError('NOT_FOUND');
      const r = await confirmSuggestedTest(tx, access, origin, id);
      return { registrationId: r.registrationId, suggestedTest: r.suggestion };
    },
  }),
];
