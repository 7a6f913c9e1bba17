/**
 * Reading metric values out of the rollup's result rows: the column of each metric
 * (`metricColumn`, a regular expression) worked out once per metric list, not once per row and
 * metric (a two-year read has 731 rows of 30 columns: that was most of its CPU).
 */
import { metricColumn } from '@epilink/core/indicators/metrics';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';

/** A result row's metric values in `metrics` order (the column names worked out once per call, not per row). */
export function rowValues(
  row: Record<string, string | number | null>,
  metrics: readonly IndicatorMetric[],
  columns: readonly string[] = columnsOf(metrics),
): number[] {
  return columns.map((c) => Number(row[c] ?? 0));
}

const columnCache = new WeakMap<readonly IndicatorMetric[], string[]>();

/** The rollup columns of a metric list, memoised per list. */
export function columnsOf(metrics: readonly IndicatorMetric[]): string[] {
  let columns = columnCache.get(metrics);
  if (!columns) {
    columns = metrics.map(metricColumn);
    columnCache.set(metrics, columns);
  }
  return columns;
}
