/**
 * Coverage categories and age groups. The daily rollup counts, per commune, age band and day:
 * doses given, people reaching ≥ 1 dose, the full primary schedule, and a booster. Age is the
 * age on the day of the milestone (so a day's figures never change as people grow older).
 */
import type { ScheduleEvaluation } from './schedule.ts';

/** Disjoint age bands stored in the rollup. */
export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-49', '50-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** Band used when the date of birth is unknown. */
export const UNKNOWN_AGE_BAND = 'unknown';

/** Reporting age groups (cumulative ones are unions of bands). */
export const COVERAGE_AGE_GROUPS = {
  all: [...AGE_BANDS, UNKNOWN_AGE_BAND],
  '5-11': ['5-11'],
  '12-17': ['12-17'],
  '18+': ['18-49', '50-64', '65+'],
  '50+': ['50-64', '65+'],
  '65+': ['65+'],
} as const satisfies Record<string, readonly string[]>;
export type CoverageAgeGroup = keyof typeof COVERAGE_AGE_GROUPS;

/** Age in whole years on a date (null when the date of birth is unknown or partial). */
export function ageInYears(dateOfBirth: string | null, date: string): number | null {
  if (!dateOfBirth || !/^\d{4}-\d{2}-\d{2}$/u.test(dateOfBirth)) return null;
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** The age band of an age in years. */
export function bandOfAge(age: number | null): AgeBand | typeof UNKNOWN_AGE_BAND {
  if (age === null || age < 0) return UNKNOWN_AGE_BAND;
  if (age < 5) return '0-4';
  if (age < 12) return '5-11';
  if (age < 18) return '12-17';
  if (age < 50) return '18-49';
  if (age < 65) return '50-64';
  return '65+';
}

/** The age band of a person on a date. */
export function ageBand(dateOfBirth: string | null, date: string): string {
  return bandOfAge(ageInYears(dateOfBirth, date));
}

/** A coverage milestone: the day a person reached ≥ 1 dose, the full schedule or a booster. */
export interface Milestone {
  kind: 'first' | 'full' | 'booster';
  date: string;
}

/** The milestones of an evaluation. */
export function milestonesOf(e: ScheduleEvaluation): Milestone[] {
  const out: Milestone[] = [];
  if (e.firstDoseOn) out.push({ kind: 'first', date: e.firstDoseOn });
  if (e.completedOn) out.push({ kind: 'full', date: e.completedOn });
  if (e.boostedOn) out.push({ kind: 'booster', date: e.boostedOn });
  return out;
}

/** One change to apply to the rollup. */
export interface CoverageDelta {
  kind: Milestone['kind'];
  date: string;
  change: 1 | -1;
}

/**
 * What changes in the rollup when a person's evaluation goes from `before` to `after` (a new dose,
 * or a dose voided): milestones that moved or vanished are taken back, new ones added.
 */
export function coverageDeltas(before: ScheduleEvaluation, after: ScheduleEvaluation): CoverageDelta[] {
  const key = (m: Milestone) => `${m.kind}@${m.date}`;
  const a = new Map(milestonesOf(before).map((m) => [key(m), m]));
  const b = new Map(milestonesOf(after).map((m) => [key(m), m]));
  const out: CoverageDelta[] = [];
  for (const [k, m] of a) if (!b.has(k)) out.push({ ...m, change: -1 });
  for (const [k, m] of b) if (!a.has(k)) out.push({ ...m, change: 1 });
  return out;
}

/** Coverage rate in percent with one decimal (0 when the population is 0). */
export function coverageRate(count: number, population: number): number {
  return population > 0 ? Math.round((count / population) * 1000) / 10 : 0;
}
