/**
 * Hospital and ICU demand of a unit's forecast (issue #14 item 3): the severity mix of the unit's
 * recent confirmed cases (`cases.severity` as recorded when read: a severity updated later counts
 * as it is now), the rule `analytics.hospitalDemand` in force on the day analysed, and core's
 * `bedDemand` over the forecast's simulated paths. Reads are within the caller's jurisdiction.
 */
import { addDays } from '@epilink/core';
import type { HospitalDemandRule, SeverityMix } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { cases } from '../db/schema/index.ts';
import type { IndicatorUnit } from '../indicators/units.ts';
import { policyInForce } from '../policy/store.ts';
import { unitCondition } from './delays.ts';

/** Days of cases whose severity mix is used, `to` included. */
export const SEVERITY_DAYS = 28;

/** The rule in force and its provenance, as the page shows it. */
export interface BedsRule extends HospitalDemandRule {
  effectiveFrom: string;
  verification: 'confirmed' | 'unverified';
  source: string;
}

/**
 * Of the unit's confirmed cases of `disease` reported in the {@link SEVERITY_DAYS} days to `to`:
 * those with a recorded severity, and those whose severity needs a hospital or an ICU bed.
 */
export async function readSeverityMix(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { disease: string; to: string; asOf: string; rule: HospitalDemandRule },
): Promise<SeverityMix> {
  const report = sql`coalesce(${cases.sampleDate}, (${cases.createdAt} at time zone (select epilink_time_zone()))::date)`;
  const list = (values: readonly string[]) =>
    values.length === 0
      ? sql`false`
      : sql`${cases.severity} in (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`;
  const [row] = await queryRows<SeverityMix>(
    db,
    sql`select count(${cases.severity})::int as recorded,
          count(*) filter (where ${list(q.rule.hospitalSeverities)})::int as hospital,
          count(*) filter (where ${list(q.rule.icuSeverities)})::int as icu
        from ${cases}
        where ${cases.diseaseCode} = ${q.disease} and ${cases.classification} = 'confirmed'
          and ${report} between ${addDays(q.to, -(SEVERITY_DAYS - 1))}::date and ${q.to}::date
          and ${unitCondition(unit, q.asOf)}
          and ${scopeFor(access, cases)}`,
  );
  return row ?? { recorded: 0, hospital: 0, icu: 0 };
}

/** The hospital-demand rule in force on `day` for `disease`, with its provenance (or null). */
export async function bedsRuleFor(db: DbOrTx, disease: string, day: string): Promise<BedsRule | null> {
  const rule = await policyInForce(db, 'analytics.hospitalDemand', day, disease);
  if (!rule) return null;
  return {
    ...rule.value,
    effectiveFrom: rule.effectiveFrom,
    verification: rule.verification,
    source: rule.source.document,
  };
}
