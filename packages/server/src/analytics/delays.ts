/**
 * The reporting delays of a unit's cases, read from `cases` (onset → report), for the nowcast. The
 * report day is the rollup's (`casesByReport`): the sample date, else the day the case was recorded
 * (province time); only confirmed cases with a known onset and a report not before it count.
 */
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases } from '../db/schema/index.ts';
import type { IndicatorUnit } from '../indicators/units.ts';
import { areaCommunesCovered, communesCovered, provincesCovered } from '../registry/units/scope.ts';

/** One onset → report pair, as local days `YYYY-MM-DD`. */
export interface DelayPair {
  onset: string;
  report: string;
}

/**
 * The unit's rows of `cases`: records keep the unit of their date, so a unit's data includes its
 * predecessors' records — the old units that went into it by `asOf` (registry/units/scope.ts, the
 * same coverage `scopeFor` gives its officials): the new Vĩnh Long (86) also reads old Bến Tre's
 * (83) cases, a commune the old communes merged into it, a health area its old district and the
 * old communes of its communes. A district of an old list reads its own code.
 */
export function unitCondition(unit: IndicatorUnit, asOf: string): SQL {
  switch (unit.level) {
    case 'province':
      return sql`${cases.provinceCode} = any(${provincesCovered(unit.code, asOf)})`;
    case 'district':
      return sql`${cases.districtCode} = ${unit.code}`;
    case 'commune':
      return sql`${cases.communeCode} = any(${communesCovered(unit.code, asOf)})`;
    case 'area':
      return sql`(${cases.districtCode} = ${unit.code} or ${cases.communeCode} = any(${areaCommunesCovered(unit.code, asOf)}))`;
  }
}

/**
 * Onset → report pairs of the unit's confirmed cases of `disease` with an onset in [from, to] and a
 * report by `to`, within the caller's jurisdiction (`scopeFor`). No personal data leaves: two days
 * per case.
 */
export async function readDelayPairs(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { disease: string; from: string; to: string; asOf: string },
): Promise<DelayPair[]> {
  const report = sql`coalesce(${cases.sampleDate}, (${cases.createdAt} at time zone (select epilink_time_zone()))::date)`;
  return queryRows<DelayPair>(
    db,
    sql`select ${cases.onsetDate}::text as onset, r.report::text as report
        from ${cases}, lateral (select ${report} as report) r
        where ${cases.diseaseCode} = ${q.disease}
          and ${cases.classification} = 'confirmed'
          and ${cases.onsetDate} between ${q.from}::date and ${q.to}::date
          and r.report between ${cases.onsetDate} and ${q.to}::date
          and ${unitCondition(unit, q.asOf)}
          and ${scopeFor(access, cases)}`,
  );
}
