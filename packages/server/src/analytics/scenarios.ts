/**
 * `POST /api/analytics/scenarios`: a unit's baseline and up to 4 scenarios of the age-structured
 * SEIRV model (core analytics/seirv.ts) side by side. The seed comes from the situation room's
 * rollups through `readIndicators` (which checks the unit and the caller's jurisdiction — outside
 * it is 404): the last 365 days of cases by report, population and full-schedule coverage by age
 * band. Cases by age band are not in the rollups: past infections are spread over the bands like
 * the population (an assumption shown in the response).
 */
import {
  AGE_BANDS,
  CONTACT_MATRIX_SOURCE,
  DEFAULT_CONTACT_MATRIX,
  addDays,
  runSeirv,
  seedState,
  seirvAssumptions,
  today,
  type SeirvParameters,
  type SeirvSeed,
} from '@epilink/core';
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { readIndicators } from '../indicators/read.ts';

/** Days of case history read for the seed (cumulative cases; the last 14 days seed E and I). */
export const SEED_HISTORY_DAYS = 365;

const PRODUCT_DEFAULT = 'product default (unverified): override in the request';

/** Share of each AGE_BANDS band in the population when the registry has none by band. */
const AGE_STRUCTURE = [0.075, 0.11, 0.085, 0.49, 0.16, 0.08];
const AGE_STRUCTURE_SOURCE =
  'assumption: the unit population split like Vietnam’s 2019 census age pyramid, rounded (0-4 7.5 %, 5-11 11 %, 12-17 8.5 %, 18-49 49 %, 50-64 16 %, 65+ 8 %)';

/** Disease defaults (all 'unverified' product defaults, shown as such). */
const DISEASE_DEFAULTS: Record<string, Omit<SeirvParameters, 'contactMatrix'>> = {
  'COVID-19': {
    r0: 2.5,
    latentDays: 3,
    infectiousDays: 5,
    ascertainment: 0.3,
    vaccineEffectiveness: 0.6,
    isolationEffect: 0.5,
  },
  DENGUE: {
    r0: 1.8,
    latentDays: 7,
    infectiousDays: 5,
    ascertainment: 0.2,
    vaccineEffectiveness: 0.6,
    isolationEffect: 0.3,
  },
  MEASLES: {
    r0: 12,
    latentDays: 10,
    infectiousDays: 8,
    ascertainment: 0.5,
    vaccineEffectiveness: 0.97,
    isolationEffect: 0.5,
  },
};

const percent = z.number().min(0).max(100);
const lever = z.strictObject({
  name: z.string().min(1).max(60),
  contactReductionPercent: percent.default(0),
  vaccinationPerDay: z.number().min(0).max(1_000_000).default(0),
  testingPercent: percent.default(0),
});

export const scenariosBody = z.strictObject({
  unitCode: z.string().regex(/^[0-9]{2,5}$/),
  disease: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .default('COVID-19'),
  days: z.number().int().min(90).max(180).default(120),
  to: z.iso.date().optional(),
  asOf: z.iso.date().optional(),
  scenarios: z.array(lever).max(4).default([]),
  parameters: z
    .strictObject({
      r0: z.number().gt(0).max(30).optional(),
      latentDays: z.number().gt(0).max(60).optional(),
      infectiousDays: z.number().gt(0).max(60).optional(),
      ascertainment: z.number().gt(0).max(1).optional(),
      vaccineEffectiveness: z.number().min(0).max(1).optional(),
      isolationEffect: z.number().min(0).max(1).optional(),
    })
    .default({}),
});
export type ScenariosBody = z.output<typeof scenariosBody>;

const curve = z.object({
  name: z.string(),
  levers: z.object({
    contactReductionPercent: z.number(),
    vaccinationPerDay: z.number(),
    testingPercent: z.number(),
  }),
  newInfections: z.array(z.number()),
  cases: z.array(z.number()),
  byBand: z.array(z.array(z.number())),
  peakCases: z.number(),
  peakDay: z.string(),
  totalInfections: z.number(),
});

export const scenariosResult = z.object({
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'district', 'area', 'commune']),
  }),
  disease: z.string(),
  to: z.string(),
  days: z.array(z.string()),
  ageBands: z.array(z.string()),
  seed: z.object({
    population: z.array(z.number()),
    coverage: z.array(z.number()),
    cumulativeCases: z.number(),
    recentDailyCases: z.array(z.number()),
    susceptible: z.number(),
    exposed: z.number(),
    infectious: z.number(),
    recovered: z.number(),
    vaccinated: z.number(),
  }),
  curves: z.array(curve),
  assumptions: z.array(
    z.object({ name: z.string(), value: z.union([z.number(), z.string()]), source: z.string() }),
  ),
});
export type ScenariosResult = z.infer<typeof scenariosResult>;

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** Runs the baseline and the scenarios for a unit. */
export async function runScenarios(db: DbOrTx, access: Access, q: ScenariosBody): Promise<ScenariosResult> {
  const to = q.to ?? today();
  const read = await readIndicators(db, access, {
    unitCode: q.unitCode,
    from: addDays(to, -(SEED_HISTORY_DAYS - 1)),
    to,
    asOf: q.asOf ?? to,
    disease: q.disease,
    metrics: ['casesByReport'],
  });
  const byBand = new Map(read.coverage.map((c) => [c.ageBand, c]));
  const registered = AGE_BANDS.map((b) => byBand.get(b)?.population ?? 0);
  // Without population by band (no registered people), the unit's population split like Vietnam's.
  const population =
    sum(registered) > 0 ? registered : AGE_STRUCTURE.map((share) => share * read.unit.population);
  const populationSource =
    sum(registered) > 0 ? 'registered population by age band (rollup)' : AGE_STRUCTURE_SOURCE;
  const popTotal = sum(population);
  const coverage = AGE_BANDS.map((b) => {
    const c = byBand.get(b);
    return c && c.population > 0 ? Math.min(1, c.fullSchedule / c.population) : 0;
  });
  const history = read.series.casesByReport ?? read.days.map(() => 0);
  const cumulative = sum(history);
  const seed: SeirvSeed = {
    population,
    coverage,
    cumulativeCases: population.map((p) => (popTotal > 0 ? (cumulative * p) / popTotal : 0)),
    recentDailyCases: history.slice(-14),
  };
  const defaults = DISEASE_DEFAULTS[q.disease] ?? DISEASE_DEFAULTS['COVID-19']!;
  const params: SeirvParameters = { ...defaults, ...q.parameters, contactMatrix: DEFAULT_CONTACT_MATRIX };
  const sources: Partial<Record<keyof SeirvParameters, string>> = { contactMatrix: CONTACT_MATRIX_SOURCE };
  for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
    sources[key] = q.parameters[key] === undefined ? PRODUCT_DEFAULT : 'request';
  }
  const state = seedState(seed, params);
  const days = Array.from({ length: q.days }, (_, i) => addDays(to, i + 1));
  const levers = [
    { name: 'baseline', contactReductionPercent: 0, vaccinationPerDay: 0, testingPercent: 0 },
    ...q.scenarios,
  ];
  const curves = levers.map((l) => {
    const run = runSeirv(
      seed,
      params,
      {
        contactReduction: l.contactReductionPercent / 100,
        vaccinationPerDay: l.vaccinationPerDay,
        testing: l.testingPercent / 100,
      },
      q.days,
      state,
    );
    const cases = run.days.map((d) => d.cases);
    const peak = cases.reduce((best, c, i) => (c > cases[best]! ? i : best), 0);
    return {
      name: l.name,
      levers: {
        contactReductionPercent: l.contactReductionPercent,
        vaccinationPerDay: l.vaccinationPerDay,
        testingPercent: l.testingPercent,
      },
      newInfections: run.days.map((d) => d.newInfections),
      cases,
      byBand: run.days.map((d) => d.byBand),
      peakCases: cases[peak]!,
      peakDay: days[peak]!,
      totalInfections: sum(run.days.map((d) => d.newInfections)),
    };
  });
  return {
    unit: { code: read.unit.code, name: read.unit.name, level: read.unit.level },
    disease: read.disease,
    to,
    days,
    ageBands: [...AGE_BANDS],
    seed: {
      population,
      coverage,
      cumulativeCases: cumulative,
      recentDailyCases: seed.recentDailyCases.slice(),
      susceptible: sum(state.S),
      exposed: sum(state.E),
      infectious: sum(state.I),
      recovered: sum(state.R),
      vaccinated: sum(state.V),
    },
    curves,
    assumptions: [
      ...seirvAssumptions(params, sources),
      {
        name: 'populationByBand',
        value: population.map((p) => Math.round(p)).join(', '),
        source: populationSource,
      },
      {
        name: 'pastInfectionsByBand',
        value: 'population share',
        source: 'assumption: the rollups hold no cases by age band',
      },
      { name: 'coverage', value: 'full schedule ÷ band population', source: 'indicator_dose_bands rollup' },
      { name: 'seedHistoryDays', value: SEED_HISTORY_DAYS, source: 'casesByReport rollup' },
    ],
  };
}
