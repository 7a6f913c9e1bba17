/** The analytics API as the epidemiologist's page reads it (`GET /api/analytics/unit`). */
import { request } from '../../api.ts';

/** One Rt window (days `YYYY-MM-DD`). */
export interface RtWindow {
  start: string;
  end: string;
  cases: number;
  reliable: boolean;
  mean: number;
  median: number;
  lower50: number;
  upper50: number;
  lower95: number;
  upper95: number;
}

/** One forecast day. */
export interface ForecastDay {
  day: string;
  median: number;
  lower50: number;
  upper50: number;
  lower90: number;
  upper90: number;
}

/** A unit's analysis (server `analytics/schemas.ts#unitAnalysisResult`). */
export interface UnitAnalysis {
  unit: { code: string; name: string; level: string };
  disease: string;
  from: string;
  to: string;
  asOf: string;
  days: string[];
  casesByOnset: number[];
  casesByReport: number[];
  casesByOnsetNowcast: number[];
  nowcast: {
    pairs: number;
    delayPmf: number[];
    days: {
      day: string;
      reported: number;
      expected: number | null;
      lower90: number | null;
      upper90: number | null;
    }[];
  };
  rt: { serialInterval: { mean: number; sd: number; source: string }; windows: RtWindow[] };
  forecast: { simulations: number; seed: number; days: ForecastDay[] } | null;
  alarms: {
    method: 'C1' | 'C2' | 'C3';
    day: string;
    observed: number;
    upperbound: number;
    statistic: number | null;
  }[];
  /** Hospital and ICU beds occupied over the forecast's days, or null with the reason. */
  beds: BedsForecast | null;
  bedsMissing: 'noForecast' | 'noRule' | 'noSeverity' | null;
}

/** Median and 50/90 % intervals of beds occupied on a day. */
export interface BedBand {
  median: number;
  lower50: number;
  upper50: number;
  lower90: number;
  upper90: number;
}

type Severity = 'asymptomatic' | 'mild' | 'moderate' | 'severe' | 'critical';

/** The forecast's hospital and ICU demand (server `analytics/assemble.ts#BedsForecast`). */
export interface BedsForecast {
  mix: { recorded: number; hospital: number; icu: number };
  severityDays: number;
  hospitalShare: number;
  icuShare: number;
  rule: {
    hospitalSeverities: Severity[];
    icuSeverities: Severity[];
    admissionDelayDays: number;
    hospitalStay: { meanDays: number; sdDays: number };
    icuStay: { meanDays: number; sdDays: number };
    effectiveFrom: string;
    verification: 'confirmed' | 'unverified';
    source: string;
  };
  days: { day: string; hospital: BedBand; icu: BedBand }[];
}

/** What the page asks for. */
export interface AnalysisScope {
  unit: string;
  disease: string;
  to: string;
  asOf: string;
}

/** A unit's last 120 days analysed. */
export function fetchUnitAnalysis(scope: AnalysisScope): Promise<UnitAnalysis> {
  const q = new URLSearchParams({
    unitCode: scope.unit,
    disease: scope.disease,
    to: scope.to,
    asOf: scope.asOf,
  });
  return request<UnitAnalysis>('GET', `/api/analytics/unit?${q.toString()}`);
}
