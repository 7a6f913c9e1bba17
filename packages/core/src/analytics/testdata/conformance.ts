/**
 * Test-only access to the published epidemiological reference data in shared/conformance/epi/
 * (read-only; SOURCE.txt there names each origin) and to the EpiEstim snapshot values kept here.
 */
import { readFileSync } from 'node:fs';

const EPI_DIR = new URL('../../../../../../shared/conformance/epi/', import.meta.url);

/** Parse one JSON file of shared/conformance/epi/. */
export function readEpi(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EPI_DIR), 'utf8'));
}

/** Parse a JSON file of this folder. */
export function readLocal(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
}

/** One row of EpiEstim's `$R` table. */
export interface EpiEstimRow {
  t_start: number;
  t_end: number;
  'Mean(R)': number;
  'Std(R)': number;
  'Quantile.0.025(R)': number;
  'Quantile.0.05(R)': number;
  'Quantile.0.25(R)': number;
  'Median(R)': number;
  'Quantile.0.75(R)': number;
  'Quantile.0.95(R)': number;
  'Quantile.0.975(R)': number;
}

/** The columns of an EpiEstim row in the order of RT_QUANTILE_LEVELS. */
export const QUANTILE_COLUMNS = [
  'Quantile.0.025(R)',
  'Quantile.0.05(R)',
  'Quantile.0.25(R)',
  'Median(R)',
  'Quantile.0.75(R)',
  'Quantile.0.95(R)',
  'Quantile.0.975(R)',
] as const;

/** True when `actual` equals `expected` to 3 significant digits (half a unit of the third). */
export function sameTo3Significant(actual: number, expected: number): boolean {
  if (expected === 0) return Math.abs(actual) < 1e-12;
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(expected))) - 2);
  return Math.abs(actual - expected) <= unit / 2;
}
