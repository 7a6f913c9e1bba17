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
