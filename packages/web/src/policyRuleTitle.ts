import type { TFunction } from 'i18next';
import { labelOr } from './format.ts';

/**
 * A policy rule key ('case.confirmationRule') as its title in the catalogue; unknown keys as sent.
 * Its own module (not format.ts): the citizen entry's first chunk carries format.ts but not the
 * policy-rule catalogue.
 */
export function policyRuleTitle(t: TFunction, key: string): string {
  return labelOr(t, `policyRules.rules.${key}.title`, key);
}
