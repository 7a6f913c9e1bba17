/** The analysis as a CSV (UTF-8 with BOM, headers in the language on screen): one row per day. */
import type { TFunction } from 'i18next';
import type { UnitAnalysis } from './api.ts';

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
  return /[",\n]/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Days of the period then the forecast days; Rt on the day its window ends. */
export function analysisCsv(a: UnitAnalysis, t: TFunction): string {
  const k = (key: string) => t(`analyticsWeb.csv.${key}`);
  const header = [
    'day',
    'byOnset',
    'byReport',
    'nowcast',
    'rtMedian',
    'rtLower',
    'rtUpper',
    'forecastMedian',
    'forecastLower90',
    'forecastUpper90',
  ].map(k);
  const rt = new Map(a.rt.windows.map((w) => [w.end, w]));
  const rows: (string | number | null | undefined)[][] = a.days.map((day, i) => {
    const w = rt.get(day);
    return [
      day,
      a.casesByOnset[i],
      a.casesByReport[i],
      a.casesByOnsetNowcast[i],
      w?.median,
      w?.lower95,
      w?.upper95,
      null,
      null,
      null,
    ];
  });
  for (const d of a.forecast?.days ?? []) {
    rows.push([d.day, null, null, null, null, null, null, d.median, d.lower90, d.upper90]);
  }
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
