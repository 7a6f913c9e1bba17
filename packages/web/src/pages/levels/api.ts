/**
 * The epidemic levels' reads and writes (Contract B): the committee's week, the weeks, compute,
 * confirm; and the public feed. Types mirror the server's presenters (server/src/levels/routes.ts).
 */
import { request } from '../../api.ts';

export type Level = 1 | 2 | 3 | 4;
export type UnitKind = 'commune' | 'district' | 'area' | 'province';

/** A coverage criterion with the commune's measured share. */
export interface CoverageInput {
  population: 'adults18Plus' | 'elderly65Plus' | 'totalPopulation' | 'highRisk';
  measure: 'atLeastOneDose' | 'fullyVaccinated';
  minShare: number;
  share: number | null;
  met: boolean | null;
}

/** What a unit's level was computed from (communes: criteria; aggregated units: their communes). */
export interface LevelInputs {
  population?: number | null;
  newCases?: number;
  casesPer100kWeek?: number | null;
  coverage?: CoverageInput[];
  capacity?: 'adequate' | 'inadequate' | 'notReported';
  communesByLevel?: [number, number, number, number];
  freeBedsPer100k?: number | null;
  freeIcuBeds?: number | null;
}

export interface UnitLevel {
  code: string;
  name: string;
  level: UnitKind;
  districtCode: string | null;
  epidemicLevel: Level;
  proposedLevel: Level;
  overridden: boolean;
  reason?: string;
  inputs: LevelInputs;
  decidingCriterion: 'incidence' | 'coverage' | 'capacity' | 'noPopulation' | 'aggregation' | 'override';
}

/** A policy rule as stored with the week. */
export interface RuleInfo {
  effectiveFrom: string;
  source: { document: string; article?: string };
  verification: 'confirmed' | 'unverified';
  unverifiedPaths: string[];
  note: string | null;
}

export interface WeekLevels {
  week: string;
  status: 'proposed' | 'confirmed';
  assessedFrom: string;
  assessedTo: string;
  computedAt: string;
  confirmedAt: string | null;
  rules: Partial<Record<'thresholds' | 'combining' | 'aggregation', RuleInfo | null>>;
  units: UnitLevel[];
}

export interface WeekSummary {
  week: string;
  status: 'proposed' | 'confirmed';
}

export interface Override {
  unitCode: string;
  unitLevel: UnitKind;
  level: Level;
  reason: string;
}

export const fetchWeek = (week: string) =>
  request<WeekLevels>('GET', `/api/levels?week=${encodeURIComponent(week)}`);
/** One page of the weeks assessed, newest first (`cursor` = the previous page's `nextCursor`). */
export const fetchWeeks = (cursor?: string) =>
  request<{ items: WeekSummary[]; nextCursor: string | null }>(
    'GET',
    `/api/levels/weeks${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
  );
export const computeWeek = (week: string) =>
  request<{ week: string; units: number }>('POST', '/api/levels/compute', { week });
export const confirmWeek = (week: string, overrides: Override[]) =>
  request<{ week: string; confirmed: number; overridden: number }>('POST', '/api/levels/confirm', {
    week,
    overrides,
  });

/** The open feed. */
export interface PublicLevels {
  provinceCode: string;
  disease: string;
  latest: {
    week: string;
    confirmedAt: string | null;
    units: { code: string; name: string; level: UnitKind; parentCode: string | null; epidemicLevel: Level }[];
  } | null;
  guidance: Record<'1' | '2' | '3' | '4', string>;
}

export const fetchPublicLevels = () => request<PublicLevels>('GET', '/api/public/levels');
