/**
 * The situation room's reads (issue #13, Contract A): `GET /api/indicators` for one unit ×
 * period × "units as of" date × disease, the confirmed epidemic levels' history (Contract B) and
 * the latest sitrep's headline (Contract E). Types mirror the server's presenters.
 */
import { addDays } from '@epilink/core';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import { request } from '../../api.ts';

/** The metrics the dashboard shows (Contract A's catalogue, core/indicators/metrics.ts). */
export type ShownMetric = Extract<
  IndicatorMetric,
  | 'casesByOnset'
  | 'casesByReport'
  | 'casesActive'
  | 'deaths'
  | 'tests'
  | 'testsPositive'
  | 'doses'
  | 'bedsTotal'
  | 'bedsOccupied'
  | 'icuTotal'
  | 'icuOccupied'
>;

export const SHOWN_METRICS: readonly ShownMetric[] = [
  'casesByOnset',
  'casesByReport',
  'casesActive',
  'deaths',
  'tests',
  'testsPositive',
  'doses',
  'bedsTotal',
  'bedsOccupied',
  'icuTotal',
  'icuOccupied',
];

/** One age band's coverage (as of the period's last day). */
export interface CoverageBand {
  ageBand: string;
  population: number;
  firstDose: number;
  fullSchedule: number;
  booster: number;
}

/** `GET /api/indicators` (Contract A's IndicatorResult, the part the dashboard reads). */
export interface Indicators {
  unit: { code: string; name: string; level: string; population: number };
  from: string;
  to: string;
  asOf: string;
  disease: string;
  days: string[];
  series: Partial<Record<ShownMetric, number[]>>;
  totals: Partial<Record<ShownMetric, number>>;
  coverage: CoverageBand[];
}

/** What the dashboard asks for. */
export interface Scope {
  unit: string;
  from: string;
  to: string;
  asOf: string;
  disease: string;
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** One unit's indicators over a period. */
export function fetchIndicators(scope: Scope): Promise<Indicators> {
  return request<Indicators>(
    'GET',
    `/api/indicators?${query({ ...scope, metrics: SHOWN_METRICS.join(',') })}`,
  );
}

/** One confirmed week of the public levels feed (Contract B). */
export interface LevelWeek {
  week: string;
  units: { code: string; epidemicLevel: 1 | 2 | 3 | 4 }[];
}

/**
 * The confirmed levels of `unitCode` by week (the open feed, Contract B); an empty list while
 * the levels module is not there or nothing was confirmed.
 */
export async function fetchLevelHistory(
  unitCode: string,
  from: string,
  to: string,
): Promise<{ week: string; level: number }[]> {
  let body: { weeks?: LevelWeek[] } | LevelWeek[];
  // The feed answers two years at most: a longer period shows its last two years of levels.
  const start = from < addDays(to, -730) ? addDays(to, -730) : from;
  try {
    body = await request<{ weeks?: LevelWeek[] } | LevelWeek[]>(
      'GET',
      `/api/public/levels/history?${query({ from: start, to })}`,
    );
  } catch {
    return [];
  }
  const weeks = Array.isArray(body) ? body : (body.weeks ?? []);
  const out: { week: string; level: number }[] = [];
  for (const w of weeks) {
    const unit = Array.isArray(w.units) ? w.units.find((u) => u.code === unitCode) : undefined;
    if (unit && typeof unit.epidemicLevel === 'number') out.push({ week: w.week, level: unit.epidemicLevel });
  }
  return out.sort((a, b) => a.week.localeCompare(b.week));
}

/** The latest sitrep of a unit (Contract E): its day, headline numbers and generated sentences. */
export interface SitrepHeadline {
  day: string;
  headline: Record<string, number>;
  /** "What changed since yesterday", generated from the numbers, in the caller's language. */
  sentences: string[];
}

/** The unit's latest sitrep, or null while there is none (communes have none; E may not be there yet). */
export async function fetchLatestSitrep(unitCode: string): Promise<SitrepHeadline | null> {
  try {
    const body = await request<{ items?: Partial<SitrepHeadline>[] }>(
      'GET',
      `/api/sitreps?${query({ unit: unitCode, limit: '1' })}`,
    );
    const latest = body.items?.[0];
    if (!latest?.day || !latest.headline) return null;
    return { day: latest.day, headline: latest.headline, sentences: latest.sentences ?? [] };
  } catch {
    return null;
  }
}

/** One age band's doses in the period, by dose kind (`GET /api/indicators/doses-by-age`). */
export interface DosesBand {
  ageBand: string;
  first: number;
  second: number;
  booster: number;
  additional: number;
  total: number;
}

/** The scope's doses by age band and dose kind. */
export async function fetchDosesByAge(scope: Scope): Promise<DosesBand[]> {
  const body = await request<{ bands: DosesBand[] }>(
    'GET',
    `/api/indicators/doses-by-age?${query({ ...scope })}`,
  );
  return body.bands;
}

/** The export files of a scope: the daily table, the child units (CSV) and the whole workbook (xlsx). */
export type ExportKind = 'csv' | 'childrenCsv' | 'dosesCsv' | 'xlsx';

/** Where a download of the scope's figures is, with its headers in `lang`. */
export function exportUrl(scope: Scope, kind: ExportKind, lang: string): string {
  const params: Record<string, string> = { ...scope, lang, children: '1' };
  if (kind === 'xlsx') params.format = 'xlsx';
  else params.table = kind === 'childrenCsv' ? 'children' : kind === 'dosesCsv' ? 'dosesByAge' : 'daily';
  return `/api/indicators/export?${query(params)}`;
}
