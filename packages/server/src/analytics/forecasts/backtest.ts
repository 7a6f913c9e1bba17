/**
 * `GET /api/analytics/backtest`: how the stored forecasts of a unit × disease (made on days
 * `from` … `to`) fared against the cases by report that then happened (the situation room's
 * rollup, read as of today): per horizon the mean weighted interval score and the 50 %/90 %
 * coverage (`scoreForecasts` in `@epilink/core`), and the forecasts themselves for the chart. Only
 * forecast days already past (≤ today) are scored. The unit is checked against the caller's
 * jurisdiction by `readIndicators` (outside it is 404).
 */
import { addDays, AppError, daysBetween, scoreForecasts, today } from '@epilink/core';
import type { ForecastOutcome } from '@epilink/core';
import { and, asc, between, eq } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { analyticsForecasts } from '../../db/schema/index.ts';
import { readIndicators } from '../../indicators/read.ts';
import { serialIntervalFor } from '../serial-intervals.ts';
import type { Backtest, BacktestQuery } from './schemas.ts';

/** Longest span of forecast days one request may score. */
export const BACKTEST_MAX_DAYS = 366;

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Score the unit's stored forecasts made between `from` and `to`. */
export async function backtestUnit(db: DbOrTx, access: Access, q: BacktestQuery): Promise<Backtest> {
  const disease = serialIntervalFor(q.disease).disease;
  const now = today();
  const to = q.to ?? now;
  const from = q.from ?? addDays(to, -55);
  if (from > to || daysBetween(from, to) >= BACKTEST_MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', {
      details: [
        { path: 'from', messageKey: 'backtestWeb.errors.range', params: { days: BACKTEST_MAX_DAYS } },
      ],
    });
  }
  // Observed cases by report over every day a forecast made in [from, to] can name (up to today).
  const lastDay = addDays(to, 14) < now ? addDays(to, 14) : now;
  const read = await readIndicators(db, access, {
    unitCode: q.unitCode,
    from: addDays(from, 1) <= lastDay ? addDays(from, 1) : lastDay,
    to: lastDay,
    asOf: now,
    disease,
    metrics: ['casesByReport'],
  });
  const observedOn = new Map<string, number>();
  const reported = read.series.casesByReport ?? read.days.map(() => 0);
  read.days.forEach((d, i) => observedOn.set(d, reported[i] ?? 0));

  const f = analyticsForecasts;
  const rows = await db
    .select()
    .from(f)
    .where(and(eq(f.unitCode, read.unit.code), eq(f.diseaseCode, disease), between(f.madeOn, from, to)))
    .orderBy(asc(f.madeOn), asc(f.horizon));
  const outcomes: ForecastOutcome[] = [];
  const forecasts = rows.map((r) => {
    const observed = r.day <= lastDay ? (observedOn.get(r.day) ?? 0) : null;
    if (observed !== null) {
      outcomes.push({
        horizon: r.horizon,
        median: r.median,
        lower50: r.lower50,
        upper50: r.upper50,
        lower90: r.lower90,
        upper90: r.upper90,
        observed,
      });
    }
    return {
      madeOn: r.madeOn,
      horizon: r.horizon,
      day: r.day,
      median: r.median,
      lower50: r.lower50,
      upper50: r.upper50,
      lower90: r.lower90,
      upper90: r.upper90,
      observed,
    };
  });
  const scores = scoreForecasts(outcomes);
  const present = (s: { count: number; meanWis: number; coverage50: number; coverage90: number }) => ({
    count: s.count,
    wis: finite(s.meanWis),
    coverage50: finite(s.coverage50),
    coverage90: finite(s.coverage90),
  });
  return {
    unit: { code: read.unit.code, name: read.unit.name, level: read.unit.level },
    disease,
    from,
    to,
    models: [...new Set(rows.map((r) => `${r.model}@${r.modelVersion}`))],
    overall: present(scores.overall),
    byHorizon: scores.byHorizon.map((s) => ({ horizon: s.horizon, ...present(s) })),
    observed: read.days.map((day, i) => ({ day, cases: reported[i] ?? 0 })),
    forecasts,
  };
}
