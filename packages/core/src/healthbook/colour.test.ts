import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, ruleInForce } from '../index.ts';
import type { StatusColourRules } from '../index.ts';
import { nameInitials, statusColour } from './colour.ts';
import type { StatusFacts } from './colour.ts';

const rules = ruleInForce(DEFAULT_POLICIES, 'status.colourRules', '2026-12-03', 'COVID-19')!.value;
const none: StatusFacts = {
  activeCaseOrContact: false,
  fullyVaccinatedOn: null,
  firstDoseOn: null,
  recoveredOn: null,
  lastNegativePcrAt: null,
  hasData: false,
};
const today = '2026-12-03';
const now = new Date('2026-12-03T03:00:00Z');
const colour = (f: Partial<StatusFacts>) => statusColour(rules, { ...none, ...f }, today, now).rule.colour;

describe('status colour by the provincial rule', () => {
  it('is red for an active case or contact whatever the doses', () => {
    expect(colour({ activeCaseOrContact: true, fullyVaccinatedOn: '2026-01-01', hasData: true })).toBe('red');
  });
  it('is green 14 days after the primary series, not 13; green after a recent recovery', () => {
    expect(colour({ fullyVaccinatedOn: '2026-11-19', firstDoseOn: '2026-10-01', hasData: true })).toBe(
      'green',
    );
    expect(colour({ fullyVaccinatedOn: '2026-11-20', firstDoseOn: '2026-10-01', hasData: true })).toBe(
      'yellow',
    );
    expect(colour({ recoveredOn: '2026-07-01', hasData: true })).toBe('green');
    expect(colour({ recoveredOn: '2026-01-01', hasData: true })).toBe('red');
  });
  it('is yellow on a negative RT-PCR within 72 hours, red after, and red with nothing (last rule)', () => {
    expect(colour({ lastNegativePcrAt: '2026-11-30T04:00:00Z', hasData: true })).toBe('yellow');
    expect(colour({ lastNegativePcrAt: '2026-11-30T02:00:00Z', hasData: true })).toBe('red');
    expect(colour({})).toBe('red');
  });
  it('reads another rule set as data (noData first)', () => {
    const custom: StatusColourRules = {
      rules: [
        {
          colour: 'white',
          hex: '#ffffff',
          label: { vi: 'Trắng', en: 'White' },
          condition: { kind: 'noData' },
        },
        {
          colour: 'blue',
          hex: '#0000ff',
          label: { vi: 'Xanh dương', en: 'Blue' },
          condition: { kind: 'always' },
        },
      ],
    };
    expect(statusColour(custom, none, today, now).rule.colour).toBe('white');
    expect(statusColour(custom, { ...none, hasData: true }, today, now).index).toBe(1);
  });
  it('shows initials only', () => {
    expect(nameInitials('  Lê Thị   Ánh ')).toBe('L.T.Á.');
  });
});
