/**
 * An indicator read as a file (issue #13 item 2): CSV (UTF-8 with a byte-order mark so Excel
 * shows Vietnamese) or an xlsx workbook (exceljs; sheets: per day, child units, coverage by age
 * band). Headers come from the catalogue in the caller's language (Vietnamese unless English asked).
 */
import { translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import ExcelJS from 'exceljs';
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

/** The CSV file: a BOM, CRLF line ends. */
export function indicatorsCsv(result: IndicatorResult, lang: Language): string {
  return `\uFEFF${dailyTable(result, lang)
    .map((row) => row.map(field).join(','))
    .join('\r\n')}\r\n`;
}

/** The xlsx workbook. */
export async function indicatorsXlsx(result: IndicatorResult, lang: Language): Promise<Buffer> {
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
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
