/** The indicator API's request and response schemas (Contract A), shared by its routes. */
import { INDICATOR_METRICS, isIndicatorMetric } from '@epilink/core/indicators/metrics';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import { z } from 'zod';

const code = z.string().regex(/^[0-9]{2,5}$/);

/** `?unit=&from=&to=&asOf=&disease=&metrics=a,b&children=1`. */
export const indicatorQuery = z.strictObject({
  unit: code,
  from: z.iso.date(),
  to: z.iso.date(),
  asOf: z.iso.date().optional(),
  disease: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('COVID-19'),
  metrics: z
    .string()
    .max(1000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return undefined;
      const list = s.split(',').map((m) => m.trim());
      const bad = list.find((m) => !isIndicatorMetric(m));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: 'indicators.errors.unknownMetric', params: { metric: bad } });
        return z.NEVER;
      }
      return list as IndicatorMetric[];
    }),
  children: z.enum(['0', '1', 'true', 'false']).optional(),
});

const metricRecord = z.partialRecord(z.enum(INDICATOR_METRICS), z.number());

/** IndicatorResult. */
export const indicatorResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
    population: z.number(),
  }),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  disease: z.string(),
  days: z.array(z.string()),
  series: z.partialRecord(z.enum(INDICATOR_METRICS), z.array(z.number())),
  totals: metricRecord,
  children: z
    .array(z.object({ code: z.string(), name: z.string(), population: z.number(), totals: metricRecord }))
    .optional(),
  coverage: z.array(
    z.object({
      ageBand: z.string(),
      population: z.number(),
      firstDose: z.number(),
      fullSchedule: z.number(),
      booster: z.number(),
    }),
  ),
  /** Metrics with no source yet (always 0; none at present). */
  pending: z.array(z.enum(INDICATOR_METRICS)),
});

/** `?unit=&from=&to=&asOf=&disease=` (doses by age band and dose kind). */
export const dosesByAgeQuery = indicatorQuery.pick({
  unit: true,
  from: true,
  to: true,
  asOf: true,
  disease: true,
});

/** Doses of the period by age band (at the dose date) and dose kind. */
export const dosesByAgeResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
  }),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  disease: z.string(),
  bands: z.array(
    z.object({
      ageBand: z.string(),
      first: z.number(),
      second: z.number(),
      booster: z.number(),
      additional: z.number(),
      total: z.number(),
    }),
  ),
});

const count = z.number().int().min(0).max(100_000);

/** `?unit=&asOf=`. */
export const adoptionQuery = z.strictObject({ unit: code, asOf: z.iso.date().optional() });

/** The adoption answer. */
export const adoptionResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
  }),
  asOf: z.string(),
  communes: z.array(
    z.object({
      communeCode: z.string(),
      communeName: z.string(),
      venuesRegistered: z.number(),
      venuesActive: z.number(),
      citizensSignedIn: z.number(),
      declarationsPerDay: z.number(),
    }),
  ),
  pending: z.array(z.enum(INDICATOR_METRICS)),
});

/** A day's bed report. */
export const bedReportBody = z.strictObject({
  facilityId: z.uuid(),
  day: z.iso.date(),
  bedsTotal: count,
  bedsOccupied: count,
  icuTotal: count,
  icuOccupied: count,
});

const bedFigures = {
  bedsTotal: z.number(),
  bedsOccupied: z.number(),
  icuTotal: z.number(),
  icuOccupied: z.number(),
};

/** The stored report. */
export const bedReportResult = z.object({
  facilityId: z.string(),
  day: z.string(),
  updatedAt: z.string(),
  ...bedFigures,
});

/** The beds form's facilities. */
export const bedFacilitiesResult = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      unitCode: z.string(),
      latest: z.object({ day: z.string(), ...bedFigures }).nullable(),
    }),
  ),
});
