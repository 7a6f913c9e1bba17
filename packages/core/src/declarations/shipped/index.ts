/** The three declarations EpiLink ships, by key (loaded as reference data by the server). */
import type { Questionnaire } from '../questionnaire.ts';
import { ENTRY_DECLARATION } from './entry.ts';
import { HEALTH_DECLARATION } from './health.ts';
import { TRAVEL_DECLARATION } from './travel.ts';

export { DECLARATION_CODES } from './common.ts';

/** Keys of the declaration kinds. */
export const DECLARATION_KINDS = ['health', 'entry', 'travel'] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** The shipped questionnaire versions, by kind. */
export const SHIPPED_QUESTIONNAIRES: Readonly<Record<DeclarationKind, Questionnaire>> = {
  health: HEALTH_DECLARATION,
  entry: ENTRY_DECLARATION,
  travel: TRAVEL_DECLARATION,
};
