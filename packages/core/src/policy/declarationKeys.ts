/**
 * Policy key of declaration triage (issue #15 item 4). Spread into `POLICY_KEYS`.
 */
import type { DeclarationTriageRule } from '../declarations/triage.ts';
import type { PolicyKeyDefinition } from './catalogue.ts';
import type { Check } from './check.ts';
import { arr, bool, int, obj, oneOf, problemsOf, str, tagged } from './check.ts';

function define<V>(description: string, check: Check): PolicyKeyDefinition<V> {
  const problems = (value: unknown): string[] => problemsOf(check, value);
  return { description, problems, isValid: (value: unknown): value is V => problems(value).length === 0 };
}

const condition: Check = (v, path, problems) => {
  tagged({
    anyCode: obj({ kind: str, linkId: str, codes: arr(str, 1) }),
    boolean: obj({ kind: str, linkId: str, value: bool }),
    answered: obj({ kind: str, linkId: str }),
    unitLevel: obj({ kind: str, linkId: str, atLeast: int(1, 4) }),
    verifiedDcc: obj({
      kind: str,
      types: arr(oneOf('vaccination', 'test', 'recovery'), 1),
      'completeSeries?': bool,
      'minDays?': int(0, 3650),
      'maxDays?': int(0, 3650),
    }),
    not: obj({ kind: str, condition }),
    allOf: obj({ kind: str, conditions: arr(condition, 1) }),
    anyOf: obj({ kind: str, conditions: arr(condition, 1) }),
  })(v, path, problems);
};

/** The declaration keys of the policy catalogue. */
export const DECLARATION_KEYS = {
  'declaration.triage': define<DeclarationTriageRule>(
    'Triage of health, entry and travel declarations: symptom sets, exposure answers and origin areas by epidemic level → a suggested action (none, self-monitor, test, isolate and test).',
    obj({
      rules: arr(
        obj({ reason: str, when: condition, action: oneOf('none', 'selfMonitor', 'test', 'isolateAndTest') }),
        1,
      ),
    }),
  ),
} as const;
