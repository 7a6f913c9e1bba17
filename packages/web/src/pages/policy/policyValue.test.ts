/**
 * A policy value as an official reads it: units from the field, named codes, evidence alternatives
 * and screening outcomes in words; what has no label is left to the technical details.
 */
import { translate } from '@epilink/core';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { readableValue } from './policyValue.ts';

const t = ((key: string, params?: Record<string, string | number>) =>
  translate('vi', key, params)) as unknown as TFunction;
const exists = (key: string) => translate('vi', key) !== key;
const read = (key: string, value: unknown) => readableValue(t, exists, 'vi', key, value);

describe('reading a policy value', () => {
  it('gives days, percentages and named codes their words', () => {
    expect(read('checkin.retentionDays', 30).text).toBe('30 ngày');
    expect(read('linkage.thresholds', { match: 0.9, review: 0.5 }).parts).toEqual([
      { kind: 'line', label: 'Tự động gộp từ', text: '90%' },
      { kind: 'line', label: 'Rà soát từ', text: '50%' },
    ]);
    const release = read('quarantine.f0Home', { maxDaysOther: 14, releaseTest: 'rtPcrNegative' });
    expect(release.parts.map((p) => p.kind === 'line' && p.text)).toEqual(['14 ngày', 'RT-PCR âm tính']);
  });

  it('says which evidence confirms a case', () => {
    const rule = read('case.confirmationRule', {
      anyOf: [{ allOf: ['rtPcrPositive'] }, { allOf: ['epidemiologicalLink', 'rapidAntigenPositive'] }],
    });
    expect(rule.parts).toEqual([
      {
        kind: 'line',
        label: 'Khẳng định khi có một trong',
        text: 'RT-PCR dương tính; Yếu tố dịch tễ + Test nhanh dương tính',
      },
    ]);
  });

  it('leaves an unlabelled part to the technical details and says so', () => {
    const colours = read('status.colourRules', { rules: [{ colour: 'red', condition: { kind: 'always' } }] });
    expect(colours.parts).toEqual([]);
    expect(colours.partial).toBe(true);
  });
});
