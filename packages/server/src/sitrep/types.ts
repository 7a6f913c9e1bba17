/**
 * What a sitrep is drawn from (read by `data.ts` through Contract A's `readIndicators`), and the
 * headline stored beside the files. The renderers (`pdf.ts`, `xlsx.ts`) only draw this.
 */
import type { ChangeSentence, Language, SitrepFigures } from '@epilink/core';
import type { UnitBoundary } from '@epilink/core/geo/index';

/** The days a sitrep's charts and tables cover, ending on the report day. */
export const SITREP_DAYS = 28;

/** A unit in a sitrep's tables and map, with its new cases over the last 7 days. */
export interface SitrepUnitRow {
  code: string;
  name: string;
  population: number;
  /** District or health area code a commune belongs to (the cartogram's group). */
  group: string;
  cases7: number;
}

/** Everything one sitrep shows. */
export interface SitrepData {
  unit: {
    code: string;
    name: string;
    level: 'province' | 'district' | 'area' | 'commune';
    population: number;
  };
  day: string;
  disease: string;
  lang: Language;
  generatedAt: Date;
  days: string[];
  series: {
    casesByReport: number[];
    casesByOnset: number[];
    tests: number[];
    testsPositive: number[];
    doses: number[];
  };
  today: SitrepFigures;
  yesterday: SitrepFigures;
  changes: ChangeSentence[];
  /** Districts/areas of a province, communes of a district (7-day totals). */
  children: SitrepUnitRow[];
  /** Every commune of the unit, for the map (group = its district or health area). */
  communes: SitrepUnitRow[];
  coverage: {
    ageBand: string;
    population: number;
    firstDose: number;
    fullSchedule: number;
    booster: number;
  }[];
  /**
   * Polygons for the map (Contract C, `map/boundaries.ts`): the shipped district (or health area)
   * polygons of the unit, and the communes' polygons an administrator loaded (those with one), with
   * the credit the map must print.
   */
  boundaries: {
    districts: UnitBoundary[];
    communes: UnitBoundary[];
    attribution: string | null;
    licence: string | null;
  };
}

/** The headline numbers stored with a sitrep (JSON) and shown by the list and presentation mode. */
export interface SitrepHeadline {
  unitCode: string;
  unitName: string;
  day: string;
  disease: string;
  figures: SitrepFigures;
  yesterday: SitrepFigures;
  positivityPct: number | null;
  cases7: number;
  cases7Per100k: number | null;
  changes: ChangeSentence[];
}
