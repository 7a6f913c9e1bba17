/**
 * The case and contact rules as the Ministry wrote them, each at a date of its period (issue 10,
 * items 1-4): which confirmation rule is in force (none before 28/4/2021), what confirms, what
 * stays suspected, the F1 bands of 10696/BYT-MT and 762/BYT-DP, follow-up length derived from the
 * quarantine rule, and degrees that follow each person's own exposure.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { POLICY_KEYS } from '../policy/catalogue.ts';
import { ruleInForce } from '../policy/rules.ts';
import type { TestEvidence } from './classification.ts';
import { classifyCase } from './classification.ts';
import { computeDegrees, epiStatus } from './degree.ts';
import { f1QuarantineBand, followUpDays } from './quarantine.ts';
import { infectiousWindow } from './window.ts';

const COVID = 'COVID-19';
const rule = (key: 'case.confirmationRule', date: string) => ruleInForce(DEFAULT_POLICIES, key, date, COVID);
const rapidPositive = (sampledAt: string): TestEvidence => ({
  testType: 'rapidAntigen',
  outcome: 'positive',
  ct: null,
  sampledAt,
});
const pcrPositive = (sampledAt: string): TestEvidence => ({
  testType: 'rtPcr',
  outcome: 'positive',
  ct: 20,
  sampledAt,
});

describe('confirmation of a case, by the date of its sample', () => {
  it('in March 2021 no national rule is in force yet: nothing is applied (the case is flagged)', () => {
    expect(rule('case.confirmationRule', '2021-03-15')).toBeUndefined();
  });

  it('in August 2021 only RT-PCR confirms (2022/QĐ-BYT); a rapid positive with symptoms is not confirmed', () => {
    const aug = rule('case.confirmationRule', '2021-08-10')!;
    expect(aug.source.document).toBe('2022/QĐ-BYT');
    const rapid = [rapidPositive('2021-08-10T02:00:00Z')];
    expect(classifyCase({ tests: rapid, symptomatic: true }, aug.value)).toBe('probable');
    expect(classifyCase({ tests: rapid, symptomatic: false }, aug.value)).toBe('suspected');
    expect(classifyCase({ tests: rapid, symptomatic: false, epidemiologicalLink: true }, aug.value)).toBe(
      'probable',
    );
    expect(classifyCase({ tests: [pcrPositive('2021-08-10T02:00:00Z')], symptomatic: null }, aug.value)).toBe(
      'confirmed',
    );
  });

  it('in January 2022 (11042/BYT-DP from 29/12/2021) an F1 with a positive rapid test is confirmed', () => {
    expect(rule('case.confirmationRule', '2021-12-28')!.source.document).toBe('2022/QĐ-BYT');
    const jan = rule('case.confirmationRule', '2022-01-10')!;
    expect(jan.effectiveFrom).toBe('2021-12-29');
    const rapid = [rapidPositive('2022-01-10T02:00:00Z')];
    expect(classifyCase({ tests: rapid, symptomatic: false, epidemiologicalLink: true }, jan.value)).toBe(
      'confirmed',
    );
    expect(classifyCase({ tests: rapid, symptomatic: true }, jan.value)).toBe('probable');
  });

  it('1909/BYT-DP is in force from 15/04/2022, not 1/4: symptoms + rapid confirms only from then', () => {
    const rapid = [rapidPositive('2022-04-10T02:00:00Z')];
    const april10 = rule('case.confirmationRule', '2022-04-10')!;
    expect(april10.source.document).toBe('11042/BYT-DP');
    expect(classifyCase({ tests: rapid, symptomatic: true }, april10.value)).toBe('probable');
    const april15 = rule('case.confirmationRule', '2022-04-15')!;
    expect(april15.source.document).toBe('1909/BYT-DP');
    expect(classifyCase({ tests: rapid, symptomatic: true }, april15.value)).toBe('confirmed');
    // WHO 2022: an asymptomatic rapid positive with no epidemiological link is suspected, not probable.
    expect(classifyCase({ tests: rapid, symptomatic: false }, april15.value)).toBe('suspected');
    expect(classifyCase({ tests: rapid, symptomatic: false, epidemiologicalLink: true }, april15.value)).toBe(
      'confirmed',
    );
  });

  it('the infectious-period guidance is dated 29/12/2021 and the F1 distance is 2 m', () => {
    const window = ruleInForce(DEFAULT_POLICIES, 'case.infectiousWindow', '2022-01-05', COVID)!;
    expect([window.effectiveFrom, window.source.document]).toEqual(['2021-12-29', '11042/BYT-DP']);
    const f1 = ruleInForce(DEFAULT_POLICIES, 'contact.f1Criteria', '2022-03-01', COVID)!;
    for (const c of f1.value.criteria) if (c.maxDistanceM !== undefined) expect(c.maxDistanceM).toBe(2);
  });
});

describe('F1 quarantine and follow-up length, by the date of exposure', () => {
  const quarantine = (date: string) => ruleInForce(DEFAULT_POLICIES, 'quarantine.f1', date, COVID)!.value;
  const pfizer = 'EU/1/20/1528';
  const janssen = 'EU/1/20/1525';

  it('in August 2021 (5599/BYT-MT) an F1 is followed 14 + 14 = 28 days', () => {
    const band = f1QuarantineBand(quarantine('2021-08-20'), { doses: [], recoveredOn: null }, '2021-08-20')!;
    expect(band.place).toBe('centralised');
    expect(followUpDays(band)).toBe(28);
  });

  it('from 16/12/2021 (10696/BYT-MT): full series, last dose ≥ 14 days and ≤ 6 months ago → 7 + 7 days at home', () => {
    const rule = ruleInForce(DEFAULT_POLICIES, 'quarantine.f1', '2022-01-05', COVID)!;
    expect([rule.effectiveFrom, rule.source.document]).toEqual(['2021-12-16', '10696/BYT-MT']);
    const on = '2022-01-05';
    const twoPfizer = [
      { date: '2021-09-01', productCode: pfizer },
      { date: '2021-09-22', productCode: pfizer },
    ];
    expect(followUpDays(f1QuarantineBand(rule.value, { doses: twoPfizer, recoveredOn: null }, on)!)).toBe(14);
    // Last dose more than 6 months before the exposure: the earlier rule (14 + 14).
    const old = twoPfizer.map((d) => ({ ...d, date: d.date.replace('2021-09', '2021-05') }));
    expect(followUpDays(f1QuarantineBand(rule.value, { doses: old, recoveredOn: null }, on)!)).toBe(28);
    // Last dose 10 days ago: not yet protected.
    const recent = [
      { date: '2021-12-05', productCode: pfizer },
      { date: '2021-12-26', productCode: pfizer },
    ];
    expect(followUpDays(f1QuarantineBand(rule.value, { doses: recent, recoveredOn: null }, on)!)).toBe(28);
    // One Janssen dose is a full series; one Pfizer dose is not.
    expect(
      f1QuarantineBand(
        rule.value,
        { doses: [{ date: '2021-10-01', productCode: janssen }], recoveredOn: null },
        on,
      )?.place,
    ).toBe('home');
    expect(
      f1QuarantineBand(
        rule.value,
        { doses: [{ date: '2021-10-01', productCode: pfizer }], recoveredOn: null },
        on,
      )?.place,
    ).toBe('centralised');
    // Abdala needs three doses.
    const abdala = ['2021-10-01', '2021-10-15'].map((date) => ({ date, productCode: 'Abdala' }));
    expect(f1QuarantineBand(rule.value, { doses: abdala, recoveredOn: null }, on)?.place).toBe('centralised');
    expect(
      f1QuarantineBand(
        rule.value,
        { doses: [...abdala, { date: '2021-10-29', productCode: 'Abdala' }], recoveredOn: null },
        on,
      )?.place,
    ).toBe('home');
    // Recovered within 6 months qualifies without doses.
    expect(f1QuarantineBand(rule.value, { doses: [], recoveredOn: '2021-09-01' }, on)?.place).toBe('home');
  });

  it('in March 2022 (762/BYT-DP) every F1 is followed 10 days (5 + 5 or 7 + 3); from 15/04/2022, 10 days', () => {
    const march = quarantine('2022-03-10');
    const vaccinated = {
      doses: [
        { date: '2021-10-01', productCode: pfizer },
        { date: '2021-10-22', productCode: pfizer },
      ],
      recoveredOn: null,
    };
    expect(followUpDays(f1QuarantineBand(march, vaccinated, '2022-03-10')!)).toBe(10);
    expect(followUpDays(f1QuarantineBand(march, { doses: [], recoveredOn: null }, '2022-03-10')!)).toBe(10);
    expect(ruleInForce(DEFAULT_POLICIES, 'quarantine.f1', '2022-04-14', COVID)!.source.document).toBe(
      '762/BYT-DP',
    );
    expect(followUpDays(f1QuarantineBand(quarantine('2022-04-20'), vaccinated, '2022-04-20')!)).toBe(10);
  });

  it('there is one source of truth: no separate follow-up key exists', () => {
    expect(Object.keys(POLICY_KEYS)).not.toContain('followUp.monitoringDays');
    expect(DEFAULT_POLICIES.some((r) => (r.key as string) === 'followUp.monitoringDays')).toBe(false);
  });
});

describe('degrees follow each person’s own exposure (March 2022)', () => {
  // An (F0) was infectious 1-12/3, then recovered. Bình was exposed on 5/3, Chi (Bình's colleague)
  // on 3/3 — before Bình was exposed — and Dũng on 8/3.
  const window = { personId: 'An', from: '2022-03-01', to: '2022-03-12' };
  const edges = [
    { from: 'An', to: 'Binh', status: 'confirmed' as const, exposureDate: '2022-03-05' },
    { from: 'Binh', to: 'Chi', status: 'confirmed' as const, exposureDate: '2022-03-03' },
    { from: 'Binh', to: 'Dung', status: 'confirmed' as const, exposureDate: '2022-03-08' },
    { from: 'An', to: 'Em', status: 'confirmed' as const, exposureDate: '2022-02-20' },
  ];

  it('an F1 keeps their degree when the F0 recovers: a closed case still seeds its window', () => {
    const d = computeDegrees([window], edges);
    expect(d.get('Binh')).toMatchObject({ degree: 1, exposedOn: '2022-03-05' });
    const status = epiStatus({ activeF0: false, outcome: null, degrees: d.get('Binh')!, monitoring: true });
    expect(status).toBe('f1');
    expect(
      epiStatus({ activeF0: false, outcome: 'recovered', degrees: d.get('An')!, monitoring: false }),
    ).toBe('recovered');
  });

  it('an exposure outside the F0’s infectious window makes no F1', () => {
    expect(computeDegrees([window], edges).get('Em')?.degree).toBeNull();
  });

  it('an F2 edge counts only from the F1’s own exposure on (3638/QĐ-BYT)', () => {
    const d = computeDegrees([window], edges);
    expect(d.get('Dung')?.degree).toBe(2);
    expect(d.get('Chi')?.degree).toBeNull();
    // The proposed degree (a candidate for the tracer) does not apply the F2 date rule.
    expect(d.get('Chi')?.proposedDegree).toBe(2);
  });
});

describe('the end of the infectious window (11042/BYT-DP, February 2022)', () => {
  const window = ruleInForce(DEFAULT_POLICIES, 'case.infectiousWindow', '2022-02-10', COVID)!.value;
  const pcr = pcrPositive('2022-02-10T02:00:00Z'); // Ct 20
  const rapidNegative = (sampledAt: string): TestEvidence => ({
    testType: 'rapidAntigen',
    outcome: 'negative',
    ct: null,
    sampledAt,
  });

  it('a negative rapid test the day after a low-Ct PCR does not end it on its own', () => {
    const w = infectiousWindow(
      { tests: [pcr, rapidNegative('2022-02-11T02:00:00Z')], symptomatic: false, onsetDate: null },
      window,
    );
    expect(w?.to).toBeNull();
  });

  it('a negative RT-PCR does, and so does a negative rapid test a week later', () => {
    const negativePcr: TestEvidence = {
      testType: 'rtPcr',
      outcome: 'negative',
      ct: null,
      sampledAt: '2022-02-11T02:00:00Z',
    };
    expect(
      infectiousWindow(
        { tests: [pcr, negativePcr], symptomatic: false, onsetDate: null },
        window,
      )?.to?.toISOString(),
    ).toBe('2022-02-11T02:00:00.000Z');
    expect(
      infectiousWindow(
        { tests: [pcr, rapidNegative('2022-02-17T02:00:00Z')], symptomatic: false, onsetDate: null },
        window,
      )?.to?.toISOString(),
    ).toBe('2022-02-17T02:00:00.000Z');
  });
});

describe('check-in overlap as an F1 proposal (contact.f1Criteria, March 2022)', () => {
  it('asks 15 minutes together at a venue, any overlap where people eat unmasked', () => {
    const checkin = ruleInForce(DEFAULT_POLICIES, 'contact.f1Criteria', '2022-03-01', COVID)!.value.checkin!;
    expect(checkin.minOverlapMinutes).toBe(15);
    expect(checkin.maskOffVenueTypes).toContain('restaurant');
    expect(checkin.maskOffVenueTypes).not.toContain('supermarket');
  });
});
