/**
 * Epidemic levels, rule by rule: criterion 1's bands under 4800 and 218, the combining table,
 * capacity holding a level, aggregation of communes, and the weeks levels are assessed in.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../policy/defaultPolicies.ts';
import { ruleInForce, validatePolicyRules } from '../policy/rules.ts';
import type { EpidemicLevelThresholds } from '../policy/values.ts';
import { aggregateLevel } from './aggregate.ts';
import { capacityStatus } from './capacity.ts';
import { combine, communeLevel, coverageVerdict, incidenceLevel, toLevel } from './commune.ts';
import type { CommuneLevelInputs, EpidemicLevelAggregation, EpidemicLevelCombining } from './types.ts';
import { assessedDays, isMonday, isoWeekLabel, weekMonday } from './week.ts';

const rules = (date: string) => ({
  thresholds: ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.thresholds', date, 'COVID-19')!.value,
  combining: ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.combining', date, 'COVID-19')!.value,
  aggregation: ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.aggregation', date, 'COVID-19')!.value,
});
const r4800 = rules('2021-11-01');
const r218 = rules('2022-02-07');

/** A commune of 10,000 people with `cases` this week, all coverage criteria met, capacity adequate. */
function commune(cases: number, over: Partial<CommuneLevelInputs> = {}): CommuneLevelInputs {
  return {
    population: 10_000,
    newCases: cases,
    oxygenPatients: null,
    deaths: null,
    coverage: r4800.thresholds.coverage.map((c) => ({ ...c, share: 0.95 })),
    capacity: 'adequate',
    previousLevel: null,
    ...over,
  };
}

describe('criterion 1: new community cases per 100,000 per week', () => {
  it('4800: level 4 from 150 (confirmed), the lower bands at 20 and 50', () => {
    const bands = r4800.thresholds.incidenceBands;
    expect([0, 19.9, 20, 49.9, 50, 149.9, 150, 1000].map((r) => incidenceLevel(r, bands))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });

  it('218: level 4 only above 600', () => {
    const bands = r218.thresholds.incidenceBands;
    expect([150, 600, 600.1].map((r) => incidenceLevel(r, bands))).toEqual([3, 3, 4]);
  });

  it('218 also counts patients on oxygen and deaths; 4800 does not', () => {
    const extra = { oxygenPatients: 3, deaths: 2 };
    expect(communeLevel(commune(10, extra), r218.thresholds, r218.combining).casesPer100kWeek).toBe(150);
    expect(communeLevel(commune(10, extra), r4800.thresholds, r4800.combining).casesPer100kWeek).toBe(100);
  });

  it('a commune with no known population keeps last week’s level and says why', () => {
    const result = communeLevel(commune(5, { population: null, previousLevel: 3 }), r4800.thresholds);
    expect(result).toMatchObject({ level: 3, casesPer100kWeek: null, decidingCriterion: 'noPopulation' });
    expect(communeLevel(commune(5, { population: 0 }), r4800.thresholds).level).toBe(1);
  });
});

describe('criterion 2: vaccine coverage', () => {
  it('all met decides nothing: criterion 1 decides', () => {
    expect(communeLevel(commune(3), r4800.thresholds, r4800.combining)).toMatchObject({
      level: 2,
      incidenceLevel: 2,
      casesPer100kWeek: 30,
      coverageMet: true,
      decidingCriterion: 'incidence',
    });
  });

  it('coverage below threshold raises the level by one, and says coverage decided', () => {
    const low = r4800.thresholds.coverage.map((c, i) => ({ ...c, share: i === 0 ? 0.69 : 0.9 }));
    const result = communeLevel(commune(3, { coverage: low }), r4800.thresholds, r4800.combining);
    expect(result).toMatchObject({
      level: 3,
      incidenceLevel: 2,
      coverageMet: false,
      decidingCriterion: 'coverage',
    });
    expect(result.coverage.map((c) => c.met)).toEqual([false, true]);
  });

  it('except at level 4', () => {
    const low = r4800.thresholds.coverage.map((c) => ({ ...c, share: 0.1 }));
    expect(communeLevel(commune(20, { coverage: low }), r4800.thresholds, r4800.combining)).toMatchObject({
      level: 4,
      decidingCriterion: 'incidence',
    });
  });

  it('coverage that cannot be measured raises nothing and is reported as unknown', () => {
    const unknown = r4800.thresholds.coverage.map((c) => ({ ...c, share: null }));
    expect(communeLevel(commune(0, { coverage: unknown }), r4800.thresholds, r4800.combining)).toMatchObject({
      level: 1,
      coverageMet: null,
    });
    expect(coverageVerdict([])).toBeNull();
    expect(coverageVerdict([{ met: true }, { met: null }])).toBeNull();
  });

  it('without a combining table, the thresholds’ flag raises by one (or not at all when off)', () => {
    const off: EpidemicLevelThresholds = { ...r4800.thresholds, coverageFailureRaisesLevel: false };
    expect(combine(2, false, r4800.thresholds, undefined)).toBe(3);
    expect(combine(4, false, r4800.thresholds, undefined)).toBe(4);
    expect(combine(2, false, off, undefined)).toBe(2);
    expect(combine(2, true, r4800.thresholds, undefined)).toBe(2);
  });

  it('an official’s table decides instead, cell by cell', () => {
    const strict: EpidemicLevelCombining = {
      capacityNotReported: 'ignored',
      rows: [
        { incidenceLevel: 1, coverageMet: 1, coverageNotMet: 3 },
        { incidenceLevel: 2, coverageMet: 2, coverageNotMet: 4 },
        { incidenceLevel: 3, coverageMet: 3, coverageNotMet: 4 },
        { incidenceLevel: 4, coverageMet: 4, coverageNotMet: 4 },
      ],
    };
    expect(combine(1, false, r4800.thresholds, strict)).toBe(3);
    expect(combine(1, null, r4800.thresholds, strict)).toBe(1);
  });
});

describe('criterion 3: treatment capacity keeps the level from going down', () => {
  it('failing capacity holds last week’s level, and says capacity decided', () => {
    expect(
      communeLevel(
        commune(0, { capacity: 'inadequate', previousLevel: 3 }),
        r4800.thresholds,
        r4800.combining,
      ),
    ).toMatchObject({ level: 3, incidenceLevel: 1, decidingCriterion: 'capacity' });
  });

  it('but never raises it', () => {
    expect(
      communeLevel(
        commune(20, { capacity: 'inadequate', previousLevel: 2 }),
        r4800.thresholds,
        r4800.combining,
      ),
    ).toMatchObject({ level: 4, decidingCriterion: 'incidence' });
  });

  it('adequate capacity lets the level go down', () => {
    expect(communeLevel(commune(0, { previousLevel: 3 }), r4800.thresholds, r4800.combining).level).toBe(1);
  });

  it('capacity not reported holds the level by the shipped policy, and not when an official says ignore it', () => {
    const missing = commune(0, { capacity: 'notReported', previousLevel: 2 });
    expect(communeLevel(missing, r4800.thresholds, r4800.combining)).toMatchObject({
      level: 2,
      decidingCriterion: 'capacity',
    });
    const ignore = { ...r4800.combining, capacityNotReported: 'ignored' as const };
    expect(communeLevel(missing, r4800.thresholds, ignore).level).toBe(1);
  });

  it('with no previous level there is nothing to keep', () => {
    expect(
      communeLevel(commune(0, { capacity: 'inadequate' }), r4800.thresholds, r4800.combining).level,
    ).toBe(1);
  });

  it('capacity is adequate when free beds per 100,000 and free ICU beds reach the policy', () => {
    const rule = ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.capacity', '2022-02-07', 'COVID-19')!.value;
    const beds = (freeBeds: number, freeIcuBeds: number, population: number | null = 100_000) => ({
      freeBeds,
      freeIcuBeds,
      population,
    });
    expect(capacityStatus(beds(20, 1), rule)).toBe('adequate');
    expect(capacityStatus(beds(19, 1), rule)).toBe('inadequate');
    expect(capacityStatus(beds(50, 0), rule)).toBe('inadequate');
    expect(capacityStatus(null, rule)).toBe('notReported');
    expect(capacityStatus(beds(50, 5, null), rule)).toBe('notReported');
    expect(capacityStatus(beds(50, 5), undefined)).toBe('notReported');
  });

  it('a rule set whose flag is off lets it go down', () => {
    const off = { ...r4800.thresholds, capacityFailureBlocksLowering: false };
    expect(
      communeLevel(commune(0, { capacity: 'inadequate', previousLevel: 3 }), off, r4800.combining).level,
    ).toBe(1);
  });
});

describe('aggregation of communes', () => {
  const at = (...levels: (1 | 2 | 3 | 4)[]) => levels.map((level) => ({ level, population: 1000 }));

  it('2686: ≥ 30 % of communes at level 3 makes the district level 3', () => {
    expect(aggregateLevel(at(3, 3, 3, 1, 1, 1, 1, 1, 1, 1), r4800.aggregation)).toMatchObject({
      level: 3,
      ruleIndex: 1,
      communesByLevel: [7, 0, 3, 0],
      decidingCriterion: 'aggregation',
    });
  });

  it('2686: ≥ 50 % at level 2 or above makes it level 3', () => {
    expect(aggregateLevel(at(2, 2, 1, 1), r4800.aggregation)).toMatchObject({ level: 3, ruleIndex: 2 });
  });

  it('2686: any commune at level 4 makes it level 3; half of them at 4 makes it 4', () => {
    expect(aggregateLevel(at(4, 1, 1, 1, 1, 1), r4800.aggregation)).toMatchObject({ level: 3, ruleIndex: 3 });
    expect(aggregateLevel(at(4, 4, 1, 1), r4800.aggregation)).toMatchObject({ level: 4, ruleIndex: 0 });
  });

  it('30 % at level 2 makes it level 2; fewer leaves it at level 1', () => {
    expect(aggregateLevel(at(2, 2, 2, 1, 1, 1, 1, 1, 1, 1), r4800.aggregation).level).toBe(2);
    expect(aggregateLevel(at(2, 1, 1, 1, 1, 1, 1, 1, 1, 1), r4800.aggregation)).toMatchObject({
      level: 1,
      ruleIndex: null,
    });
  });

  it('a unit without communes is level 1', () => {
    expect(aggregateLevel([], r4800.aggregation)).toMatchObject({ level: 1, communes: 0 });
  });

  it('population-weighted: the mean level weighted by people, half up', () => {
    const weighted: EpidemicLevelAggregation = { method: 'populationWeighted' };
    const members = [
      { level: 4 as const, population: 3000 },
      { level: 1 as const, population: 1000 },
    ];
    expect(aggregateLevel(members, weighted).level).toBe(3); // 3.25
    expect(aggregateLevel(at(2, 3), weighted).level).toBe(3); // 2.5 → 3
    expect(
      aggregateLevel(
        [
          { level: 1, population: null },
          { level: 4, population: null },
          { level: 4, population: null },
        ],
        weighted,
      ).level,
    ).toBe(3);
  });

  it('toLevel keeps any number within 1-4', () => {
    expect([-2, 0, 1, 2.4, 5, 9].map(toLevel)).toEqual([1, 1, 1, 2, 4, 4]);
  });
});

describe('the policy data', () => {
  it('the shipped rules are valid, unverified where DOMAIN.md says so, and each names its source', () => {
    expect(validatePolicyRules(DEFAULT_POLICIES)).toEqual([]);
    const levelRules = DEFAULT_POLICIES.filter((r) => r.key.startsWith('epidemicLevel.'));
    expect(levelRules.map((r) => `${r.key} ${r.effectiveFrom} ${r.source.document}`)).toEqual([
      'epidemicLevel.thresholds 2021-10-12 4800/QĐ-BYT',
      'epidemicLevel.thresholds 2022-01-27 218/QĐ-BYT',
      'epidemicLevel.combining 2021-10-12 4800/QĐ-BYT',
      'epidemicLevel.combining 2022-01-27 218/QĐ-BYT',
      'epidemicLevel.aggregation 2021-10-12 2686/QĐ-BCĐQG',
      'epidemicLevel.capacity 2021-10-12 218/QĐ-BYT',
    ]);
    expect(levelRules.every((r) => r.verification === 'unverified')).toBe(true);
  });

  it('no rule before 4800 took effect', () => {
    expect(
      ruleInForce(DEFAULT_POLICIES, 'epidemicLevel.combining', '2021-10-11', 'COVID-19'),
    ).toBeUndefined();
  });

  it('a combining table must have one row per level, a share rule a share or a count', () => {
    const bad = DEFAULT_POLICIES.filter((r) => r.key === 'epidemicLevel.combining').map((r) => ({
      ...r,
      value: {
        ...r.value,
        rows: r.value.rows.slice(0, 3),
      },
    }));
    expect(validatePolicyRules(bad).length).toBeGreaterThan(0);
    const noShare = [
      {
        key: 'epidemicLevel.aggregation' as const,
        diseaseCode: null,
        effectiveFrom: '2021-10-12',
        value: { method: 'shareOfCommunes', rules: [{ level: 3, communeLevelAtLeast: 3 }] },
        source: { document: 'x' },
        verification: 'unverified' as const,
      },
    ];
    expect(validatePolicyRules(noShare).map((p) => p.problem)).toEqual([
      'rules[0]: minShare or minCount required',
    ]);
    expect(validatePolicyRules([{ ...noShare[0]!, value: { method: 'median' } }]).length).toBe(1);
  });
});

describe('weeks', () => {
  it('names a week by its Monday and assesses it from the seven days before', () => {
    expect(weekMonday('2022-02-06')).toBe('2022-01-31'); // a Sunday
    expect(weekMonday('2022-01-31')).toBe('2022-01-31');
    expect(weekMonday('2022-02-02')).toBe('2022-01-31');
    expect(isMonday('2022-01-31')).toBe(true);
    expect(isMonday('2022-02-01')).toBe(false);
    expect(assessedDays('2022-01-31')).toEqual({ from: '2022-01-24', to: '2022-01-30' });
  });

  it('labels ISO weeks, the first one holding the year’s first Thursday', () => {
    expect(isoWeekLabel('2022-01-03')).toBe('2022-W01');
    expect(isoWeekLabel('2021-12-27')).toBe('2021-W52');
    expect(isoWeekLabel('2020-12-28')).toBe('2020-W53');
  });
});
