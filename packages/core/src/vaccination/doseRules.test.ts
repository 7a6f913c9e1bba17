/**
 * Dated vaccination rules with age conditions (issue #10 item 8), evaluated with the shipped
 * policy versions: each story is dated in the period its rule concerns.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import type { PolicyKey, PolicyValue } from '../policy/catalogue.ts';
import { validatePolicyRules } from '../policy/rules.ts';
import {
  SCREENING_QUESTION_KEYS,
  ageInYears,
  catalogueOn,
  checkDoseOn,
  eligibilityGroups,
  evaluateScheduleFor,
  evaluateScreening,
  findProduct,
  nextExtraDose,
  outcomeAllowsAt,
  versionOn,
} from './index.ts';
import type { AttestedGroup, Dated, ScreeningAnswers } from './index.ts';

function versions<K extends PolicyKey>(key: K): Dated<PolicyValue<K>>[] {
  return DEFAULT_POLICIES.filter((r) => r.key === key).map((r) => ({
    effectiveFrom: r.effectiveFrom,
    value: r.value as PolicyValue<K>,
  }));
}
const AGE = versions('vaccination.ageEligibility');
const EXTRA = versions('vaccination.extraDoses');
const SCREENING = versions('vaccination.screening');

/** Try a dose of `productCode` on `date` for someone born `dob` with earlier doses of `earlier`. */
function tryDose(
  dob: string,
  doses: string[],
  date: string,
  options: { productCode?: string; earlier?: string; groups?: AttestedGroup[] } = {},
) {
  const code = options.productCode ?? 'EU/1/20/1528';
  const catalogue = catalogueOn(date);
  const given = doses.map((d) => ({ date: d, productCode: options.earlier ?? code }));
  const evaluation = evaluateScheduleFor(given, catalogue);
  const primary = given[0] ? findProduct(given[0].productCode, catalogue) : undefined;
  return checkDoseOn(
    evaluation,
    findProduct(code, catalogue)!,
    date,
    { ageOn: (d) => ageInYears(dob, d), groups: eligibilityGroups(options.groups ?? [], primary) },
    { ageEligibility: versionOn(AGE, date)?.value, extraDoses: versionOn(EXTRA, date)?.value },
  );
}

describe('the shipped vaccination rules', () => {
  it('are valid policy values', () => {
    expect(validatePolicyRules(DEFAULT_POLICIES)).toEqual([]);
  });
});

describe('age eligibility by date', () => {
  it('a 15-year-old is refused in September 2021 and vaccinated in November 2021 (8688/BYT-DP, 14/10/2021)', () => {
    expect(tryDose('2006-03-01', [], '2021-09-20')).toMatchObject({
      ok: false,
      reason: 'ageNotEligibleYet',
      minAgeYears: 18,
    });
    expect(tryDose('2006-03-01', [], '2021-11-10')).toMatchObject({ ok: true, doseNumber: 1 });
  });

  it('an 8-year-old waits until 2022 for Comirnaty, and is never given a product licensed from 18', () => {
    expect(tryDose('2013-06-01', [], '2022-03-01')).toMatchObject({
      reason: 'ageNotEligibleYet',
      minAgeYears: 12,
    });
    expect(tryDose('2013-06-01', [], '2022-05-02')).toMatchObject({ ok: true });
    expect(tryDose('2013-06-01', [], '2022-05-02', { productCode: 'BBIBP-CorV' })).toMatchObject({
      reason: 'tooYoung',
      minAgeYears: 18,
    });
  });

  it('before the campaign no rule is in force', () => {
    expect(tryDose('1960-01-01', [], '2021-02-01')).toMatchObject({ ok: false, reason: 'noVaccinationRule' });
  });
});

describe('doses after the primary series', () => {
  const series = ['2021-08-01', '2021-08-22'];

  it('no booster before 11/2021; ≥ 6 months from 20/11/2021; ≥ 3 months from 12/2021', () => {
    expect(tryDose('1980-05-05', series, '2021-10-30')).toMatchObject({
      reason: 'noExtraDoseRule',
      doseNumber: 3,
    });
    expect(tryDose('1980-05-05', series, '2021-11-25')).toMatchObject({
      reason: 'extraDoseTooEarly',
      earliest: '2022-02-18',
      afterDays: 180,
    });
    expect(tryDose('1980-05-05', series, '2021-12-05')).toMatchObject({
      ok: true,
      doseNumber: 3,
      kind: 'booster',
    });
  });

  it('the additional primary dose ≥ 28 days is for listed groups only (November 2021)', () => {
    const done = ['2021-10-01', '2021-10-22'];
    expect(tryDose('1991-01-01', done, '2021-11-25', { groups: ['immunocompromised'] })).toMatchObject({
      ok: true,
      doseNumber: 3,
      kind: 'primary',
      extraKind: 'additionalPrimary',
    });
    expect(tryDose('1991-01-01', done, '2021-11-25')).toMatchObject({ reason: 'extraDoseTooEarly' });
    // 55 with a Sinopharm primary series: listed; 40 with the same series: not.
    const sinopharm = { productCode: 'BBIBP-CorV', earlier: 'BBIBP-CorV' };
    expect(tryDose('1966-01-01', done, '2021-11-25', sinopharm)).toMatchObject({
      extraKind: 'additionalPrimary',
    });
    expect(tryDose('1981-01-01', done, '2021-11-25', sinopharm)).toMatchObject({
      reason: 'extraDoseTooEarly',
    });
  });

  it("a 55-year-old's 4th dose: refused in April 2022, given in June 2022 (≥ 4 months after dose 3)", () => {
    const three = [...series, '2022-01-20'];
    expect(tryDose('1967-02-02', three, '2022-04-25')).toMatchObject({
      reason: 'noExtraDoseRule',
      doseNumber: 4,
    });
    expect(tryDose('1967-02-02', three, '2022-06-01')).toMatchObject({
      ok: true,
      doseNumber: 4,
      kind: 'booster',
    });
    expect(tryDose('1967-02-02', [...series, '2022-02-01'], '2022-05-28')).toMatchObject({
      reason: 'extraDoseTooEarly',
      earliest: '2022-06-01',
      afterDays: 120,
    });
  });

  it('dose 4 in June 2022 at 40 needs a listed group', () => {
    const three = [...series, '2022-01-20'];
    expect(tryDose('1982-03-03', three, '2022-06-10')).toMatchObject({ reason: 'noExtraDoseRule' });
    expect(tryDose('1982-03-03', three, '2022-06-10', { groups: ['highExposure'] })).toMatchObject({
      ok: true,
    });
  });

  it('ages 12-17: dose 3 five months after dose 2, from 2022', () => {
    const teen = ['2021-11-01', '2021-11-22'];
    expect(tryDose('2007-07-07', teen, '2022-05-01')).toMatchObject({ reason: 'noExtraDoseRule' });
    expect(tryDose('2007-07-07', teen, '2022-06-20')).toMatchObject({ ok: true, doseNumber: 3 });
    expect(tryDose('2007-07-07', ['2022-01-10', '2022-01-31'], '2022-06-20')).toMatchObject({
      reason: 'extraDoseTooEarly',
      earliest: '2022-06-30',
    });
  });
});

describe('the next dose on a due list walks the rule versions', () => {
  const who = (dob: string) => ({ ageOn: (d: string) => ageInYears(dob, d), groups: [] });
  const evaluate = (dates: string[]) =>
    evaluateScheduleFor(
      dates.map((date) => ({ date, productCode: 'EU/1/20/1528' })),
      catalogueOn(dates[0]!),
    );

  it('series finished in August 2021: the booster opens when the 3-month rule does (1/12/2021)', () => {
    expect(nextExtraDose(evaluate(['2021-08-01', '2021-08-22']), EXTRA, who('1980-01-01'))).toMatchObject({
      doseNumber: 3,
      kind: 'booster',
      earliest: '2021-12-01',
    });
  });

  it('series finished in May 2021: 6 months after it, under the 20/11/2021 rule', () => {
    expect(nextExtraDose(evaluate(['2021-05-10', '2021-05-31']), EXTRA, who('1980-01-01'))).toMatchObject({
      earliest: '2021-11-27',
      afterDays: 180,
    });
  });

  it('a 40-year-old with three doses has no dose 4 under any version', () => {
    expect(
      nextExtraDose(evaluate(['2021-08-01', '2021-08-22', '2022-01-20']), EXTRA, who('1982-01-01')),
    ).toBeNull();
  });
});

describe('screening by date', () => {
  const none = Object.fromEntries(SCREENING_QUESTION_KEYS.map((k) => [k, false])) as ScreeningAnswers;
  const covid5MonthsAgo = { ...none, covidInLast6Months: true };

  it('COVID-19 within 6 months defers from 3802/QĐ-BYT (10/8/2021)', () => {
    const rule = versionOn(SCREENING, '2021-09-01')!;
    expect(rule.effectiveFrom).toBe('2021-08-10');
    expect(evaluateScreening(covid5MonthsAgo, rule.value)).toMatchObject({
      outcome: 'defer',
      reasons: ['covidInLast6Months'],
      mayVaccinate: false,
    });
  });

  it('a later version changes the outcome from its own date on', () => {
    const later: Dated<PolicyValue<'vaccination.screening'>> = {
      effectiveFrom: '2022-03-01',
      value: { outcomes: { ...SCREENING[0]!.value.outcomes, covidInLast6Months: 'vaccinate' } },
    };
    const all = [...SCREENING, later];
    expect(evaluateScreening(covid5MonthsAgo, versionOn(all, '2022-02-28')!.value).outcome).toBe('defer');
    expect(evaluateScreening(covid5MonthsAgo, versionOn(all, '2022-03-01')!.value).outcome).toBe('vaccinate');
  });

  it('"refer" is vaccinated at a hospital only', () => {
    const refer = evaluateScreening(
      { ...none, immunosuppressed: true },
      versionOn(SCREENING, '2021-09-01')!.value,
    );
    expect(refer.outcome).toBe('refer');
    expect(outcomeAllowsAt(refer.outcome, 'provincial_hospital')).toBe(true);
    expect(outcomeAllowsAt(refer.outcome, 'district_hospital')).toBe(true);
    expect(outcomeAllowsAt(refer.outcome, 'vaccination_site')).toBe(false);
    expect(outcomeAllowsAt(refer.outcome, 'commune_health_station')).toBe(false);
    expect(outcomeAllowsAt('defer', 'provincial_hospital')).toBe(false);
  });
});

describe('Hayat-Vax', () => {
  it('is in the catalogue from 9/2021 with its DCC codes and the Sinopharm schedule', () => {
    expect(findProduct('Hayat-Vax', catalogueOn('2021-08-31'))).toBeUndefined();
    expect(findProduct('Hayat-Vax', catalogueOn('2021-10-01'))).toMatchObject({
      prophylaxisCode: '1157024006',
      manufacturerCode: 'ORG-100023050',
      schedule: { primaryDoses: 2, minIntervalDays: [21] },
    });
  });
});
