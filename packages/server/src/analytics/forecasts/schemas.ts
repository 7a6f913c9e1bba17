/** Request and response schemas of `GET /api/analytics/backtest` (the response schema is the presenter). */
import { z } from 'zod';

/** `?unitCode=&disease=&from=&to=` — forecasts made from `from` to `to` (default: the 8 weeks to today). */
export const backtestQuery = z.strictObject({
  unitCode: z.string().regex(/^[0-9]{2,5}$/),
  disease: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('COVID-19'),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type BacktestQuery = z.output<typeof backtestQuery>;

const score = {
  count: z.number(),
  wis: z.number().nullable(),
  coverage50: z.number().nullable(),
  coverage90: z.number().nullable(),
};

/** Scores per horizon and overall, the observed series and the stored forecasts. */
export const backtestResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
  }),
  disease: z.string(),
  from: z.string(),
  to: z.string(),
  models: z.array(z.string()),
  overall: z.object(score),
  byHorizon: z.array(z.object({ horizon: z.number(), ...score })),
  observed: z.array(z.object({ day: z.string(), cases: z.number() })),
  forecasts: z.array(
    z.object({
      madeOn: z.string(),
      horizon: z.number(),
      day: z.string(),
      median: z.number(),
      lower50: z.number(),
      upper50: z.number(),
      lower90: z.number(),
      upper90: z.number(),
      observed: z.number().nullable(),
    }),
  ),
});
export type Backtest = z.output<typeof backtestResult>;
