/** Request and response schemas of the analytics API (the response schema is the presenter). */
import { z } from 'zod';

/** `?unitCode=&disease=&to=&asOf=` — `to` and `asOf` default to today. */
export const unitAnalysisQuery = z.strictObject({
  unitCode: z.string().regex(/^[0-9]{2,5}$/),
  disease: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('COVID-19'),
  to: z.iso.date().optional(),
  asOf: z.iso.date().optional(),
});

const band = { lower50: z.number(), upper50: z.number(), lower90: z.number(), upper90: z.number() };
const bedBand = z.object({ median: z.number(), ...band });
const severity = z.enum(['asymptomatic', 'mild', 'moderate', 'severe', 'critical']);
const stay = z.object({ meanDays: z.number(), sdDays: z.number() });

/** A unit's curves, nowcast, Rt, forecast and alarms. */
export const unitAnalysisResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
  }),
  disease: z.string(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  days: z.array(z.string()),
  casesByOnset: z.array(z.number()),
  casesByReport: z.array(z.number()),
  casesByOnsetNowcast: z.array(z.number()),
  nowcast: z.object({
    pairs: z.number(),
    delayPmf: z.array(z.number()),
    days: z.array(
      z.object({
        day: z.string(),
        reported: z.number(),
        expected: z.number().nullable(),
        lower90: z.number().nullable(),
        upper90: z.number().nullable(),
      }),
    ),
  }),
  rt: z.object({
    serialInterval: z.object({ mean: z.number(), sd: z.number(), source: z.string() }),
    windows: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        cases: z.number(),
        reliable: z.boolean(),
        mean: z.number(),
        median: z.number(),
        lower50: z.number(),
        upper50: z.number(),
        lower95: z.number(),
        upper95: z.number(),
      }),
    ),
  }),
  forecast: z
    .object({
      simulations: z.number(),
      seed: z.number(),
      days: z.array(z.object({ day: z.string(), median: z.number(), ...band })),
    })
    .nullable(),
  alarms: z.array(
    z.object({
      method: z.enum(['C1', 'C2', 'C3']),
      day: z.string(),
      observed: z.number(),
      upperbound: z.number(),
      statistic: z.number().nullable(),
    }),
  ),
  /** Hospital and ICU beds occupied over the forecast's days; null with the reason when missing. */
  beds: z
    .object({
      mix: z.object({ recorded: z.number(), hospital: z.number(), icu: z.number() }),
      severityDays: z.number(),
      hospitalShare: z.number(),
      icuShare: z.number(),
      rule: z.object({
        hospitalSeverities: z.array(severity),
        icuSeverities: z.array(severity),
        admissionDelayDays: z.number(),
        hospitalStay: stay,
        icuStay: stay,
        effectiveFrom: z.string(),
        verification: z.enum(['confirmed', 'unverified']),
        source: z.string(),
      }),
      days: z.array(z.object({ day: z.string(), hospital: bedBand, icu: bedBand })),
    })
    .nullable(),
  bedsMissing: z.enum(['noForecast', 'noRule', 'noSeverity']).nullable(),
});

/** The answer's type, shared with the web client. */
export type UnitAnalysis = z.output<typeof unitAnalysisResult>;
