import { policyRulesEn } from './policyRules.en.ts';
import { policyRulesVi } from './policyRules.vi.ts';
import { defineMessages } from './types.ts';

/**
 * The policy screen for officials: each policy key's title and one-line description (one entry per
 * `POLICY_KEYS` key, nested by the key's dots), the labels of the value fields shown in plain form,
 * the codes those values use, and the screen's own labels.
 */
export const policyRules = defineMessages({ vi: policyRulesVi, en: policyRulesEn });
