/**
 * An indicator read as a file (issue #13 item 2): CSV (UTF-8 with a byte-order mark so Excel
 * shows Vietnamese) or an xlsx workbook (exceljs; sheets: per day, child units, coverage by age
 * band). Headers come from the catalogue in the caller's language (Vietnamese unless English asked).
 */
import { translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import ExcelJS from 'exceljs';
import type { DosesByAgeBand } from './doses-by-age.ts';
import type { IndicatorResult } from './read.ts';

/** One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: string | number): string {
  const s = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheets: prefix it.
  const safe = /^[=+\-@]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function metricsOf(result: IndicatorResult): IndicatorMetric[] {
  return Object.keys(result.series) as IndicatorMetric[];
}

/** The daily table: header, one row per day, the period's totals. */
export function dailyTable(result: IndicatorResult, lang: Language): (string | number)[][] {
  const metrics = metricsOf(result);
  const t = (k: string) => translate(lang, `indicators.export.${k}`);
  const header = [
    t('day'),
    t('unitCode'),
    t('unitName'),
    ...metrics.map((m) => translate(lang, `indicators.metrics.${m}`)),
  ];
  const rows = result.days.map((day, i) => [
    day,
    result.unit.code,
    result.unit.name,
    ...metrics.map((m) => result.series[m]?.[i] ?? 0),
  ]);
  const total = [
    t('total'),
    result.unit.code,
    result.unit.name,
    ...metrics.map((m) => result.totals[m] ?? 0),
  ];
  return [header, ...rows, total];
}

/** The child units' period totals (districts or areas of a province, communes of a district). */
export function childrenTable(result: IndicatorResult, lang: Language): (string | number)[][] {
  const metrics = metricsOf(result);
  const t = (k: string) => translate(lang, `indicators.export.${k}`);
  return [
    [
      t('unitCode'),
      t('unitName'),
      t('population'),
      ...metrics.map((m) => translate(lang, `indicators.metrics.${m}`)),
    ],
    ...(result.children ?? []).map((c) => [
      c.code,
      c.name,
      c.population,
      ...metrics.map((m) => c.totals[m] ?? 0),
    ]),
  ];
}

/** Coverage by age band on the period's last day (people, the same-cohort rule). */
export function coverageTable(result: IndicatorResult, lang: Language): (string | number)[][] {
  const t = (k: string) => translate(lang, `indicators.export.${k}`);
  return [
    [t('ageBand'), t('population'), t('firstDose'), t('fullSchedule'), t('booster')],
    ...result.coverage.map((b) => [b.ageBand, b.population, b.firstDose, b.fullSchedule, b.booster]),
  ];
}

/** Doses given in the period by age band and dose kind, with the period's total row. */
export function dosesByAgeTable(bands: readonly DosesByAgeBand[], lang: Language): (string | number)[][] {
  const t = (k: string) => translate(lang, `indicators.export.${k}`);
  const m = (k: IndicatorMetric) => translate(lang, `indicators.metrics.${k}`);
  const sum = (k: keyof Omit<DosesByAgeBand, 'ageBand'>) => bands.reduce((a, b) => a + b[k], 0);
  return [
    [t('ageBand'), m('dosesFirst'), m('dosesSecond'), m('dosesBooster'), m('dosesAdditional'), m('doses')],
    ...bands.map((b) => [b.ageBand, b.first, b.second, b.booster, b.additional, b.total]),
    [t('total'), sum('first'), sum('second'), sum('booster'), sum('additional'), sum('total')],
  ];
}

/** The tables a CSV export can hold (one per file). */
export const CSV_TABLES = ['daily', 'children', 'coverage', 'dosesByAge'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** A table as CSV: a BOM (so Excel shows Vietnamese), CRLF line ends. */
export function tableCsv(table: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${table.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

/** The CSV file of the daily table. */
export function indicatorsCsv(result: IndicatorResult, lang: Language): string {
  return tableCsv(dailyTable(result, lang));
}

/** The xlsx workbook. */
export async function indicatorsXlsx(
  result: IndicatorResult,
  lang: Language,
  doses: readonly DosesByAgeBand[] = [],
): Promise<Buffer> {
  const t = (k: string, params?: Record<string, string | number>) =>
    translate(lang, `indicators.export.${k}`, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'EpiLink';
  const daily = workbook.addWorksheet(t('sheet'));
  daily.addRow([
    t('title', {
      unit: result.unit.name,
      from: result.from,
      to: result.to,
      disease: result.disease,
      asOf: result.asOf,
    }),
  ]);
  const table = dailyTable(result, lang);
  for (const row of table) daily.addRow(row);
  daily.getRow(2).font = { bold: true };
  daily.getRow(table.length + 1).font = { bold: true };
  daily.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }];
  daily.getColumn(1).width = 12;
  daily.getColumn(3).width = 24;
  const metrics = metricsOf(result);
  if (result.children && result.children.length > 0) {
    const sheet = workbook.addWorksheet(t('childrenSheet'));
    sheet.addRow([
      t('unitCode'),
      t('unitName'),
      t('population'),
      ...metrics.map((m) => translate(lang, `indicators.metrics.${m}`)),
    ]).font = { bold: true };
    for (const c of result.children) {
      sheet.addRow([c.code, c.name, c.population, ...metrics.map((m) => c.totals[m] ?? 0)]);
    }
  }
  const coverage = workbook.addWorksheet(t('coverageSheet'));
  coverage.addRow([t('ageBand'), t('population'), t('firstDose'), t('fullSchedule'), t('booster')]).font = {
    bold: true,
  };
  for (const b of result.coverage) {
    coverage.addRow([b.ageBand, b.population, b.firstDose, b.fullSchedule, b.booster]);
  }
  if (doses.length > 0) {
    const sheet = workbook.addWorksheet(t('dosesSheet'));
    const rows = dosesByAgeTable(doses, lang);
    rows.forEach((row) => sheet.addRow(row));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(rows.length).font = { bold: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
