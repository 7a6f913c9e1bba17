/**
 * Policy key of the health book's correction requests (issue #17 item 3). Spread into `POLICY_KEYS`.
 */
import type { CorrectionEscalationRule } from '../healthbook/corrections.ts';
import type { PolicyKeyDefinition } from './catalogue.ts';
import { int, obj, problemsOf } from './check.ts';

const check = obj({ unitDays: int(1, 90), districtDays: int(1, 90) });

/** The correction keys of the policy catalogue. */
export const CORRECTION_KEYS = {
  'correction.escalation': {
    description:
      'Days a citizen’s correction request may stay open at the unit that owns the record, then at the district, before it goes one level up.',
    problems: (value: unknown) => problemsOf(check, value),
    isValid: (value: unknown): value is CorrectionEscalationRule => problemsOf(check, value).length === 0,
  } satisfies PolicyKeyDefinition<CorrectionEscalationRule>,
} as const;
