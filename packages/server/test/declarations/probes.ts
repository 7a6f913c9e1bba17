/**
 * Authorization-matrix probes of the declaration routes that touch personal data (spread into
 * PROBES in test/authz/probes.ts). Declarations are made at the probe's place straight in the
 * database; submissions go through the API.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { declarations, questionnaires } from '../../src/db/schema/index.ts';
import { declarationToken } from '../../src/declarations/token.ts';
import type { Probe, ProbeContext } from '../authz/probes.ts';
import { personAt } from '../authz/probes.ts';

const db = (ctx: ProbeContext) => ctx.t.database.db;

async function healthId(ctx: ProbeContext): Promise<string> {
  const [q] = await db(ctx)
    .select({ id: questionnaires.id })
    .from(questionnaires)
    .where(eq(questionnaires.kind, 'health'))
    .limit(1);
  return q!.id;
}

/** A health declaration with nothing to report. */
const answers = {
  resourceType: 'QuestionnaireResponse',
  item: [
    { linkId: 'symptoms', item: [{ linkId: 'symptoms.has', answer: [{ valueBoolean: false }] }] },
    {
      linkId: 'exposure',
      item: [
        { linkId: 'exposure.caseContact', answer: [{ valueBoolean: false }] },
        { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: false }] },
      ],
    },
    { linkId: 'travel', item: [{ linkId: 'travel.any', answer: [{ valueBoolean: false }] }] },
  ],
};

/** A stored declaration of a fresh person at the probe's place. */
async function declarationAt(ctx: ProbeContext): Promise<string> {
  return declarationOf(ctx, await personAt(ctx));
}

/** A stored declaration of a person at the probe's place. */
async function declarationOf(ctx: ProbeContext, personId: string): Promise<string> {
  const [row] = await db(ctx)
    .insert(declarations)
    .values({
      submissionId: randomUUID(),
      questionnaireId: await healthId(ctx),
      kind: 'health',
      personId,
      declaredBy: 'self',
      channel: 'anonymous',
      response: answers,
      day: '2026-01-05',
      action: 'test',
      reasons: ['symptoms'],
      flagStatus: 'open',
      ...ctx.place,
    })
    .returning({ id: declarations.id });
  return row!.id;
}

export const DECLARATION_PROBES: Record<string, Probe> = {
  'POST /api/me/declarations': async (ctx) => {
    const personId =
      ctx.caller.kind === 'citizen' && ctx.side === 'inside' ? ctx.caller.personId : await personAt(ctx);
    return {
      url: '/api/me/declarations',
      payload: {
        submissionId: randomUUID(),
        questionnaireId: await healthId(ctx),
        communeCode: ctx.places.inside.communeCode,
        personId,
        response: answers,
      },
    };
  },
  'POST /api/declarations/staff': async (ctx) => ({
    url: '/api/declarations/staff',
    payload: {
      submissionId: randomUUID(),
      questionnaireId: await healthId(ctx),
      communeCode: ctx.places.inside.communeCode,
      personId: await personAt(ctx),
      response: answers,
      paper: true,
    },
  }),
  'GET /api/declarations': async (ctx) => {
    const id = await declarationAt(ctx);
    return {
      url: '/api/declarations?flag=flagged&limit=200',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((d) => d.id);
        expect(ids.includes(id)).toBe(ctx.side === 'inside');
      },
    };
  },
  'GET /api/me/declarations': async (ctx) => {
    const mine = ctx.caller.kind === 'citizen' && ctx.side === 'inside';
    const id = mine
      ? await declarationOf(ctx, (ctx.caller as { personId: string }).personId)
      : await declarationAt(ctx);
    return {
      url: '/api/me/declarations?limit=100',
      outsideStatus: 200,
      check: (res) => {
        const ids = res.json<{ items: { id: string }[] }>().items.map((d) => d.id);
        expect(ids.includes(id)).toBe(mine);
      },
    };
  },
  'GET /api/declarations/:id': async (ctx) => ({ url: `/api/declarations/${await declarationAt(ctx)}` }),
  // The QR is the traveller's consent: any checkpoint may scan it, wherever the declaration lies.
  'POST /api/declarations/checkpoint-scan': async (ctx) => ({
    url: '/api/declarations/checkpoint-scan',
    payload: { token: await declarationToken(db(ctx), await declarationAt(ctx)), checkpoint: 'Chốt thử' },
    outsideStatus: 200,
  }),
};
