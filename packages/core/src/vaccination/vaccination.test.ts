import { describe, expect, it } from 'vitest';
import {
  VACCINE_CATALOGUE,
  addDays,
  ageBand,
  ageInYears,
  catalogueOn,
  checkNewDose,
  coverageDeltas,
  coverageRate,
  dueState,
  evaluateScheduleFor,
  evaluateScreening,
  findProduct,
  findAefiCluster,
  isSeriousAefi,
  AEFI_SEVERITIES,
  DEFAULT_AEFI_CLUSTER_RULE,
  milestonesOf,
  SCREENING_QUESTION_KEYS,
} from './index.ts';
import type { AefiEventRecord, ScreeningAnswers } from './index.ts';

const catalogue = catalogueOn('2021-10-01');
const product = (code: string) => findProduct(code, catalogue)!;
const evaluate = (doses: { date: string; productCode: string }[]) => evaluateScheduleFor(doses, catalogue);
const noAnswers = Object.fromEntries(SCREENING_QUESTION_KEYS.map((k) => [k, false])) as ScreeningAnswers;

describe('vaccine catalogue', () => {
  it('lists the products used in Viet Nam with DCC codes and consistent schedules', () => {
    const codes = catalogue.products.map((p) => p.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'EU/1/21/1529',
        'EU/1/20/1528',
        'EU/1/20/1507',
        'BBIBP-CorV',
        'Sputnik-V',
        'Abdala',
        'EU/1/20/1525',
      ]),
    );
    for (const v of VACCINE_CATALOGUE)
      for (const p of v.products) {
        expect(p.schedule.minIntervalDays).toHaveLength(p.schedule.primaryDoses - 1);
        expect(p.schedule.recommendedIntervalDays).toHaveLength(p.schedule.primaryDoses - 1);
      }
  });
});

describe('schedule evaluation', () => {
  it('follows a two-dose AstraZeneca series to a booster', () => {
    const one = evaluate([{ date: '2021-09-01', productCode: 'EU/1/21/1529' }]);
    expect(one.status).toBe('partial');
    expect(one.next).toEqual({ doseNumber: 2, kind: 'primary', earliest: '2021-09-29', due: '2021-10-27' });
    const two = evaluate([
      { date: '2021-09-01', productCode: 'EU/1/21/1529' },
      { date: '2021-10-27', productCode: 'EU/1/20/1528' },
    ]);
    expect(two.status).toBe('complete');
    expect(two.completedOn).toBe('2021-10-27');
    expect(two.next).toMatchObject({ doseNumber: 3, kind: 'booster', earliest: addDays('2021-10-27', 90) });
  });

  it('completes Janssen with one dose and Abdala with three', () => {
    expect(evaluate([{ date: '2021-09-01', productCode: 'EU/1/20/1525' }]).status).toBe('complete');
    const abdala = evaluate([
      { date: '2021-09-01', productCode: 'Abdala' },
      { date: '2021-09-15', productCode: 'Abdala' },
    ]);
    expect(abdala.status).toBe('partial');
    expect(abdala.next?.doseNumber).toBe(3);
  });

  it('refuses a dose before the minimum interval, and one before the previous dose', () => {
    const one = evaluate([{ date: '2021-09-01', productCode: 'EU/1/20/1528' }]);
    expect(checkNewDose(one, product('EU/1/20/1528'), '2021-09-10', 30)).toEqual({
      ok: false,
      reason: 'tooEarly',
      earliest: '2021-09-22',
    });
    expect(checkNewDose(one, product('EU/1/20/1528'), '2021-08-10', 30)).toMatchObject({
      reason: 'beforePreviousDose',
    });
    expect(checkNewDose(one, product('EU/1/20/1528'), '2021-09-22', 30)).toEqual({
      ok: true,
      doseNumber: 2,
      kind: 'primary',
    });
  });

  it('refuses a product below its licensed age and doses beyond the boosters', () => {
    expect(checkNewDose(evaluate([]), product('EU/1/21/1529'), '2021-09-01', 15)).toMatchObject({
      reason: 'tooYoung',
    });
    const full = evaluate([
      { date: '2021-01-01', productCode: 'EU/1/20/1525' },
      { date: '2021-04-01', productCode: 'EU/1/20/1528' },
      { date: '2021-08-01', productCode: 'EU/1/20/1528' },
    ]);
    expect(full.status).toBe('boosted');
    expect(checkNewDose(full, product('EU/1/20/1528'), '2022-01-01', 40)).toMatchObject({
      reason: 'scheduleComplete',
    });
  });

  it('tells due from overdue', () => {
    const next = evaluate([{ date: '2021-09-01', productCode: 'EU/1/20/1528' }]).next;
    expect(dueState(next, '2021-09-10')).toBe('notDue');
    expect(dueState(next, '2021-09-22')).toBe('due');
    expect(dueState(next, '2021-10-07')).toBe('overdue');
    expect(dueState(null, '2021-10-07')).toBeNull();
  });
});

describe('coverage', () => {
  it('puts people in age bands by their age on the day', () => {
    expect(ageInYears('1956-11-02', '2021-11-01')).toBe(64);
    expect(ageBand('1956-11-02', '2021-11-01')).toBe('50-64');
    expect(ageBand('1956-11-01', '2021-11-01')).toBe('65+');
    expect(ageBand(null, '2021-11-01')).toBe('unknown');
    expect(ageBand('2004-05-05', '2021-11-01')).toBe('12-17');
  });

  it('turns a change of evaluation into rollup deltas (a voided dose takes its milestones back)', () => {
    const before = evaluate([{ date: '2021-09-01', productCode: 'EU/1/20/1528' }]);
    const after = evaluate([
      { date: '2021-09-01', productCode: 'EU/1/20/1528' },
      { date: '2021-09-25', productCode: 'EU/1/20/1528' },
    ]);
    expect(milestonesOf(after)).toHaveLength(2);
    expect(coverageDeltas(before, after)).toEqual([{ kind: 'full', date: '2021-09-25', change: 1 }]);
    expect(coverageDeltas(after, before)).toEqual([{ kind: 'full', date: '2021-09-25', change: -1 }]);
    expect(coverageRate(1, 3)).toBe(33.3);
    expect(coverageRate(1, 0)).toBe(0);
  });
});

describe('screening', () => {
  it('lets a dose through only when nothing serious is answered yes', () => {
    expect(evaluateScreening(noAnswers)).toEqual({ outcome: 'vaccinate', reasons: [], mayVaccinate: true });
    expect(evaluateScreening({ ...noAnswers, severeAllergyHistory: true }).mayVaccinate).toBe(true);
    const deferred = evaluateScreening({
      ...noAnswers,
      acuteIllnessOrFever: true,
      severeAllergyHistory: true,
    });
    expect(deferred).toMatchObject({
      outcome: 'defer',
      reasons: ['acuteIllnessOrFever'],
      mayVaccinate: false,
    });
    expect(
      evaluateScreening({ ...noAnswers, anaphylaxisPreviousDose: true, acuteIllnessOrFever: true }).outcome,
    ).toBe('contraindicated');
  });
});

describe('AEFI: seriousness apart from severity, clusters of the same event (October 2021)', () => {
  const report = (id: string, over: Partial<AefiEventRecord> = {}): AefiEventRecord => ({
    id,
    symptoms: ['Sốc phản vệ'],
    onsetDate: '2021-10-03',
    lotId: 'lot-A',
    communeCode: '28756',
    ...over,
  });

  it('calls a mild event that needed hospital care serious, and a severe headache not serious', () => {
    expect(isSeriousAefi(['hospitalisation'])).toBe(true);
    expect(isSeriousAefi([])).toBe(false);
    expect(AEFI_SEVERITIES).toEqual(['mild', 'moderate', 'severe']);
  });

  it('finds two anaphylaxis reports on one lot within 14 days a cluster (WHO: two or more)', () => {
    const c = findAefiCluster(report('b'), [report('a', { onsetDate: '2021-09-25', communeCode: '28757' })]);
    expect(c).toEqual({ event: 'soc phan ve', relatedBy: 'lot', reportIds: ['b', 'a'] });
  });

  it('does not count different events together, however many', () => {
    const others = ['Sốt', 'Đau đầu', 'Nổi mẩn', 'Buồn nôn'].map((s, i) =>
      report(`o${i}`, { symptoms: [s] }),
    );
    expect(findAefiCluster(report('x', { symptoms: ['Viêm cơ tim'] }), others)).toBeNull();
  });

  it('relates reports by commune when the lots differ, and not beyond the window', () => {
    const otherLot = report('a', { lotId: 'lot-B', symptoms: ['SOC PHAN VE'] });
    expect(findAefiCluster(report('b'), [otherLot])?.relatedBy).toBe('commune');
    const late = report('c', { lotId: 'lot-A', onsetDate: '2021-11-20' });
    expect(findAefiCluster(report('b'), [late])).toBeNull();
    expect(
      findAefiCluster(report('b'), [otherLot], { ...DEFAULT_AEFI_CLUSTER_RULE, relatedBy: ['lot'] }),
    ).toBeNull();
    expect(
      findAefiCluster(report('b'), [otherLot], { ...DEFAULT_AEFI_CLUSTER_RULE, minReports: 3 }),
    ).toBeNull();
  });
});
