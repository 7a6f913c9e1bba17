/**
 * Shared test fixtures of the declarations tests: a health declaration's answers and the answer's
 * shape, and the health questionnaire's id read from the public list.
 */
import { expect } from 'vitest';
import { DECLARATION_CODES } from '@epilink/core';
import type { TestApp } from '../../test/helpers.ts';

/** A coded answer in the declarations code system. */
export const code = (c: string) => ({ valueCoding: { system: DECLARATION_CODES, code: c } });

/** A health declaration's answers. */
export function healthAnswers(opts: { fever: boolean; contact: boolean }) {
  return {
    resourceType: 'QuestionnaireResponse',
    status: 'completed',
    item: [
      {
        linkId: 'symptoms',
        item: [
          { linkId: 'symptoms.has', answer: [{ valueBoolean: opts.fever }] },
          ...(opts.fever ? [{ linkId: 'symptoms.list', answer: [code('fever')] }] : []),
        ],
      },
      {
        linkId: 'exposure',
        item: [
          { linkId: 'exposure.caseContact', answer: [{ valueBoolean: opts.contact }] },
          { linkId: 'exposure.outbreakArea', answer: [{ valueBoolean: false }] },
        ],
      },
      { linkId: 'travel', item: [{ linkId: 'travel.any', answer: [{ valueBoolean: false }] }] },
    ],
  };
}

/** What a submitted declaration answers. */
export interface Answer {
  id: string;
  action: string;
  flagged: boolean;
  reasons: string[];
  flagStatus: string;
  replayed: boolean;
  token: string;
  suggestedTest: { siteId: string; sessionId: string | null; reason: string } | null;
}

/** The questionnaires' kinds are the three the product ships; answers the health questionnaire's id. */
export async function healthQuestionnaireId(t: TestApp): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/api/declarations/questionnaires' });
  const items = res.json<{ items: { id: string; kind: string }[] }>().items;
  expect(items.map((i) => i.kind).sort()).toEqual(['entry', 'health', 'travel']);
  return items.find((i) => i.kind === 'health')!.id;
}
