/**
 * The sitrep's tables as an xlsx workbook (exceljs): the headline figures with yesterday's, the
 * daily series of the last 28 days, the subordinate units with their 7-day rate, and coverage by
 * age band. Headers in the report's language with the other language in the row beneath.
 */
import { positivityPct, round1, translate } from '@epilink/core';
import type { Language } from '@epilink/core';
import ExcelJS from 'exceljs';
import { per100k } from './map.ts';
import type { SitrepData } from './types.ts';

function other(lang: Language): Language {
  return lang === 'vi' ? 'en' : 'vi';
}

function sheet(book: ExcelJS.Workbook, d: SitrepData, key: string, headers: string[]): ExcelJS.Worksheet {
  const ws = book.addWorksheet(translate(d.lang, `sitrep.sheets.${key}`));
  ws.addRow(headers.map((h) => translate(d.lang, h)));
  ws.addRow(headers.map((h) => translate(other(d.lang), h)));
  ws.getRow(1).font = { bold: true };
  ws.getRow(2).font = { italic: true, color: { argb: 'FF666666' } };
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  ws.columns.forEach((c) => {
    c.width = 18;
  });
  return ws;
}

/** Excel's day format in each language (the same order as core's formatDay: 03/12/2026, 03 Dec 2026). */
const DAY_FORMAT: Record<Language, string> = { vi: 'dd/mm/yyyy', en: 'dd mmm yyyy' };

/** A `YYYY-MM-DD` day as a real date cell (midnight UTC: Excel dates carry no zone), or '' if none. */
function dayCell(day: string | undefined): Date | string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})$/u.exec(day) : null;
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : (day ?? '');
}

const FIGURES = ['newCases', 'activeCases', 'deaths', 'tests', 'doses', 'checkins'] as const;

/** Render a sitrep's xlsx bytes. */
export async function renderSitrepXlsx(d: SitrepData): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'EpiLink';
  book.created = d.generatedAt;

  const summary = sheet(book, d, 'summary', ['sitrep.web.headline', 'sitrep.web.day', 'sitrep.web.day']);
  summary.getRow(1).getCell(2).value = dayCell(d.day);
  summary.getRow(1).getCell(3).value = dayCell(d.days[d.days.length - 2]);
  summary.getRow(1).getCell(2).numFmt = DAY_FORMAT[d.lang];
  summary.getRow(1).getCell(3).numFmt = DAY_FORMAT[d.lang];
  for (const f of FIGURES) {
    summary.addRow([translate(d.lang, `sitrep.figures.${f}`), d.today[f], d.yesterday[f]]);
  }
  const pos = (x: number | null) => (x === null ? null : round1(x));
  summary.addRow([
    `${translate(d.lang, 'sitrep.figures.positivity')} (%)`,
    pos(positivityPct(d.today)),
    pos(positivityPct(d.yesterday)),
  ]);

  const days = sheet(book, d, 'days', [
    'sitrep.columns.day',
    'sitrep.figures.newCases',
    'sitrep.figures.tests',
    'sitrep.figures.positivity',
    'sitrep.figures.doses',
  ]);
  d.days.forEach((day, i) => {
    const tests = d.series.tests[i] ?? 0;
    const positive = d.series.testsPositive[i] ?? 0;
    days.addRow([
      dayCell(day),
      d.series.casesByReport[i] ?? 0,
      tests,
      tests > 0 ? round1((100 * positive) / tests) : null,
      d.series.doses[i] ?? 0,
    ]);
  });
  days.getColumn(1).numFmt = DAY_FORMAT[d.lang];

  const units = sheet(book, d, 'units', [
    'sitrep.columns.unitCode',
    'sitrep.columns.unitName',
    'sitrep.columns.population',
    'sitrep.figures.newCases',
    'sitrep.columns.per100k',
  ]);
  for (const c of d.children) {
    const rate = per100k(c.cases7, c.population);
    units.addRow([c.code, c.name, c.population, c.cases7, rate === null ? null : round1(rate)]);
  }

  const coverage = sheet(book, d, 'coverage', [
    'sitrep.columns.ageBand',
    'sitrep.columns.population',
    'sitrep.columns.firstDose',
    'sitrep.columns.fullSchedule',
    'sitrep.columns.booster',
  ]);
  for (const c of d.coverage)
    coverage.addRow([c.ageBand, c.population, c.firstDose, c.fullSchedule, c.booster]);

  return Buffer.from(await book.xlsx.writeBuffer());
}
