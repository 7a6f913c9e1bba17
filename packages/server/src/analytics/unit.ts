/**
 * `GET /api/analytics/unit`: a unit's last ~120 days analysed. The curves come from the situation
 * room's rollups (`readIndicators`, which checks the unit and the caller's jurisdiction — outside
 * it is 404), the reporting delays from `cases` within the caller's jurisdiction.
 */
import { addDays, today } from '@epilink/core';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { readIndicators } from '../indicators/read.ts';
import { resolveUnit } from '../indicators/units.ts';
import type { SeverityMix } from '@epilink/core';
import { assembleAnalysis, seedOf } from './assemble.ts';
import type { BedsRule } from './beds.ts';
import { bedsRuleFor, readSeverityMix } from './beds.ts';
import { readDelayPairs } from './delays.ts';
import type { UnitAnalysis } from './schemas.ts';
import { serialIntervalFor } from './serial-intervals.ts';

/** Days of history analysed, `to` included. */
export const ANALYSIS_DAYS = 120;

/** Analyse a unit over the `ANALYSIS_DAYS` days ending on `to`. */
export async function analyseUnit(
  db: DbOrTx,
  access: Access,
  q: {
    unitCode: string;
    disease: string;
    to?: string | undefined;
    asOf?: string | undefined;
    /** Hospital and ICU demand too (default true; the forecast store leaves it out). */
    beds?: boolean;
  },
): Promise<UnitAnalysis> {
  const si = serialIntervalFor(q.disease);
  const to = q.to ?? today();
  const from = addDays(to, -(ANALYSIS_DAYS - 1));
  const asOf = q.asOf ?? to;
  const read = await readIndicators(db, access, {
    unitCode: q.unitCode,
    from,
    to,
    asOf,
    disease: si.disease,
    metrics: ['casesByOnset', 'casesByReport'],
  });
  const unit = await resolveUnit(db, read.unit.code, asOf);
  const pairs = await readDelayPairs(db, access, unit, { disease: si.disease, from, to, asOf });
  let beds: { mix: SeverityMix; rule: BedsRule | null } | undefined;
  if (q.beds !== false) {
    const rule = await bedsRuleFor(db, si.disease, to);
    const mix = rule
      ? await readSeverityMix(db, access, unit, { disease: si.disease, to, asOf, rule })
      : { recorded: 0, hospital: 0, icu: 0 };
    beds = { mix, rule };
  }
  const casesByOnset = read.series.casesByOnset ?? read.days.map(() => 0);
  const casesByReport = read.series.casesByReport ?? read.days.map(() => 0);
  const analysis = assembleAnalysis({
    days: read.days,
    casesByOnset,
    casesByReport,
    pairs,
    serialInterval: { mean: si.mean, sd: si.sd, source: si.source },
    seed: seedOf(`${unit.code}|${si.disease}|${to}`),
    beds,
  });
  return {
    unit: { code: read.unit.code, name: read.unit.name, level: read.unit.level },
    disease: si.disease,
    from,
    to,
    asOf: read.asOf,
    days: read.days,
    casesByOnset,
    casesByReport,
    ...analysis,
  };
}
