/**
 * Read what a sitrep shows through the indicator read (Contract A, `indicators/read.ts`): the
 * unit's last 28 days, its subordinate units' and communes' last 7 days, and coverage by age
 * band. The read applies the caller's jurisdiction (a unit outside it is 404). Pure arithmetic on
 * the result (figures of a day, changes since yesterday) comes from `@epilink/core`.
 */
import { addDays, describeChanges } from '@epilink/core';
import type { Language, SitrepFigures } from '@epilink/core';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { readIndicators } from '../indicators/read.ts';
import { readBoundaries } from '../map/boundaries.ts';
import type { IndicatorResult } from '../indicators/read.ts';
import { SITREP_DAYS } from './types.ts';
import type { SitrepData, SitrepUnitRow } from './types.ts';

const SERIES_METRICS: IndicatorMetric[] = [
  'casesByReport',
  'casesByOnset',
  'casesActive',
  'deaths',
  'tests',
  'testsPositive',
  'doses',
  'checkins',
];

function at(r: IndicatorResult, metric: IndicatorMetric, i: number): number {
  return r.series[metric]?.[i] ?? 0;
}

function figuresOf(r: IndicatorResult, i: number): SitrepFigures {
  return {
    newCases: at(r, 'casesByReport', i),
    activeCases: at(r, 'casesActive', i),
    deaths: at(r, 'deaths', i),
    tests: at(r, 'tests', i),
    testsPositive: at(r, 'testsPositive', i),
    doses: at(r, 'doses', i),
    checkins: at(r, 'checkins', i),
  };
}

function rows(r: IndicatorResult, group: (code: string) => string): SitrepUnitRow[] {
  return (r.children ?? []).map((c) => ({
    code: c.code,
    name: c.name,
    population: c.population,
    group: group(c.code),
    cases7: c.totals.casesByReport ?? 0,
  }));
}

/** Everything a sitrep of a unit and day shows (the caller's jurisdiction applies). */
/** The polygons the map draws: shipped districts/areas of the unit and loaded commune polygons. */
async function boundariesOf(
  db: DbOrTx,
  provinceCode: string,
  unitCode: string,
  day: string,
): Promise<SitrepData['boundaries']> {
  const base = { provinceCode, rootCode: unitCode, asOf: day };
  const districts = await readBoundaries(db, { ...base, level: 'district' });
  const communes = await readBoundaries(db, { ...base, level: 'commune' });
  const polygons = (c: typeof districts) =>
    c.features.flatMap((f) =>
      f.geometry ? [{ code: f.properties.code, name: f.properties.name, geometry: f.geometry }] : [],
    );
  const loaded = polygons(communes);
  return {
    districts: polygons(districts),
    communes: loaded,
    attribution: (loaded.length > 0 ? communes.attribution : districts.attribution) ?? null,
    licence: loaded.length > 0 ? communes.licence : null,
  };
}

export async function loadSitrepData(
  db: DbOrTx,
  access: Access,
  q: {
    unitCode: string;
    day: string;
    disease: string;
    lang: Language;
    generatedAt: Date;
    provinceCode: string;
  },
): Promise<SitrepData> {
  const from = addDays(q.day, -(SITREP_DAYS - 1));
  const week = addDays(q.day, -6);
  const base = { disease: q.disease, asOf: q.day };
  const main = await readIndicators(db, access, {
    ...base,
    unitCode: q.unitCode,
    from,
    to: q.day,
    metrics: SERIES_METRICS,
  });
  const last7 = await readIndicators(db, access, {
    ...base,
    unitCode: q.unitCode,
    from: week,
    to: q.day,
    metrics: ['casesByReport'],
    children: main.unit.level !== 'commune',
  });
  const children = rows(last7, () => q.unitCode);
  let communes: SitrepUnitRow[] = [];
  if (main.unit.level === 'district' || main.unit.level === 'area') communes = children;
  else if (main.unit.level === 'province') {
    for (const child of children) {
      const r = await readIndicators(db, access, {
        ...base,
        unitCode: child.code,
        from: week,
        to: q.day,
        metrics: ['casesByReport'],
        children: true,
      });
      communes.push(...rows(r, () => child.code));
    }
  }
  const n = main.days.length;
  const today = figuresOf(main, n - 1);
  const yesterday = figuresOf(main, n - 2);
  return {
    unit: main.unit,
    day: q.day,
    disease: q.disease,
    lang: q.lang,
    generatedAt: q.generatedAt,
    days: main.days,
    series: {
      casesByReport: main.days.map((_, i) => at(main, 'casesByReport', i)),
      casesByOnset: main.days.map((_, i) => at(main, 'casesByOnset', i)),
      tests: main.days.map((_, i) => at(main, 'tests', i)),
      testsPositive: main.days.map((_, i) => at(main, 'testsPositive', i)),
      doses: main.days.map((_, i) => at(main, 'doses', i)),
    },
    today,
    yesterday,
    changes: describeChanges(today, yesterday),
    children: main.unit.level === 'commune' ? [] : children,
    communes,
    coverage: main.coverage,
    boundaries: await boundariesOf(db, q.provinceCode, main.unit.code, q.day),
  };
}
