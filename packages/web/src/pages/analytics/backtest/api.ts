/** The backtesting API as the analysis page reads it (`GET /api/analytics/backtest`). */
import { request } from '../../../api.ts';

/** Scores of a set of forecasts (null when none was scored). */
export interface BacktestScore {
  count: number;
  wis: number | null;
  coverage50: number | null;
  coverage90: number | null;
}

/** One stored forecast day and what then happened (null: not yet). */
export interface StoredForecastDay {
  madeOn: string;
  horizon: number;
  day: string;
  median: number;
  lower50: number;
  upper50: number;
  lower90: number;
  upper90: number;
  observed: number | null;
}

/** A unit's backtest (server `analytics/forecasts/schemas.ts#backtestResult`). */
export interface Backtest {
  unit: { code: string; name: string; level: string };
  disease: string;
  from: string;
  to: string;
  models: string[];
  overall: BacktestScore;
  byHorizon: (BacktestScore & { horizon: number })[];
  observed: { day: string; cases: number }[];
  forecasts: StoredForecastDay[];
}

/** The stored forecasts of a unit × disease made between `from` and `to`, scored. */
export function fetchBacktest(q: {
  unit: string;
  disease: string;
  from: string;
  to: string;
}): Promise<Backtest> {
  const params = new URLSearchParams({ unitCode: q.unit, disease: q.disease, from: q.from, to: q.to });
  return request<Backtest>('GET', `/api/analytics/backtest?${params.toString()}`);
}
