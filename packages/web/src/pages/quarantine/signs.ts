/** How a sign reads in the user's language (namespace `quarantine.sign`). */
import type { TFunction } from 'i18next';
import type { Sign } from './api.ts';

/** One sign as a sentence ("SpO2 94% (below 96%)", "2 forms missed in a row"). */
export function signText(t: TFunction, s: Sign): string {
  return t(`quarantine.sign.${s.code}`, { value: s.value, threshold: s.threshold, count: s.count });
}
