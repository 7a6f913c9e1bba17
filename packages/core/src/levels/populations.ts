/**
 * Which age bands of the coverage rollup and census each coverage criterion's population covers.
 * "High-risk people" (218/QĐ-BYT) has no register of underlying conditions in EpiLink: it is
 * measured as people aged 50 and over, and the level's inputs say so.
 */
import type { CoverageCriterion } from '../policy/values.ts';
import { AGE_BANDS, UNKNOWN_AGE_BAND } from '../vaccination/coverage.ts';

export const COVERAGE_POPULATION_BANDS: Record<CoverageCriterion['population'], readonly string[]> = {
  adults18Plus: ['18-49', '50-64', '65+'],
  elderly65Plus: ['65+'],
  totalPopulation: [...AGE_BANDS, UNKNOWN_AGE_BAND],
  highRisk: ['50-64', '65+'],
};
