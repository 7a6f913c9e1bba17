/**
 * Issue 19 item 9: the duplicate review showed a raw reason code (`NAME_TONE_DIFFERENT`). Every
 * reason the record linkage can give has a label in both languages.
 */
import { LINK_WEIGHTS } from '@epilink/core';
import { describe, expect, it } from 'vitest';
import { i18n } from './i18n.ts';
import { reasonLabel } from './format.ts';

const OTHER_REASONS = [
  'ID_SAME_CCCD',
  'ID_SAME_CMND',
  'ID_SAME_PASSPORT',
  'ID_DIFFERENT_CCCD',
  'CCCD_CONTRADICTS_RECORD',
  'NAME_COMMON',
  'NAME_RARE',
  'MATCH_TIE',
];

describe('record linkage reasons', () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`every reason has a ${lang} label, never its code`, () => {
      const t = i18n.getFixedT(lang);
      for (const code of [...Object.keys(LINK_WEIGHTS), ...OTHER_REASONS]) {
        const label = reasonLabel(t, code);
        expect(label, code).not.toBe(code);
        expect(label, code).not.toMatch(/^web\.|[A-Z]{2,}_[A-Z]/u);
      }
    });
  }
});
