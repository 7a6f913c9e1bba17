/**
 * How long a confirmed contact is followed up: derived from the F1 quarantine rule in force on the
 * exposure date (policy `quarantine.f1`, the one source of truth) — quarantine days + self-monitoring
 * days of the band the contact falls in by their own doses and any recent recovery. Before the first
 * quarantine rule, the disease's maximum incubation period.
 */
import { f1QuarantineBand, findDisease, followUpDays } from '@epilink/core';
import type { ImmunityFacts, QuarantineBand } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';

/** A contact's doses (not voided) and last recovery, as known on a date. */
export async function immunityFacts(db: DbOrTx, personId: string, onDate: string): Promise<ImmunityFacts> {
  // One statement: the doses, then (kind 'recovered') the last recovery.
  const rows = await queryRows<{
    kind: 'dose' | 'recovered';
    date: string | null;
    product_code: string | null;
  }>(
    db,
    sql`select 'dose' as kind, to_char(date, 'YYYY-MM-DD') as date, product_code from vaccination_doses
        where person_id = ${personId} and voided_at is null and date <= ${onDate}::date
      union all
      select 'recovered', to_char(max(coalesce(outcome_date, sample_date)), 'YYYY-MM-DD'), null from cases
        where person_id = ${personId} and classification = 'confirmed' and outcome = 'recovered'
          and coalesce(outcome_date, sample_date) <= ${onDate}::date`,
  );
  return {
    doses: rows
      .filter((d) => d.kind === 'dose')
      .map((d) => ({ date: d.date!, productCode: d.product_code! })),
    recoveredOn: rows.find((r) => r.kind === 'recovered')?.date ?? null,
  };
}

/** The follow-up of one contact: its days and the band (null before any quarantine rule). */
export async function followUpFor(
  db: DbOrTx,
  personId: string,
  diseaseCode: string,
  exposureDate: string,
  /** The person's immunity on the exposure date, when the caller has read it already. */
  immunity?: ImmunityFacts,
): Promise<{ days: number; band: QuarantineBand | null; ruleSource: string | null }> {
  const rule = await policyInForce(db, 'quarantine.f1', exposureDate, diseaseCode);
  const band = rule
    ? f1QuarantineBand(
        rule.value,
        immunity ?? (await immunityFacts(db, personId, exposureDate)),
        exposureDate,
      )
    : undefined;
  if (!rule || !band) {
    return { days: findDisease(diseaseCode)?.incubationDays.max ?? 14, band: null, ruleSource: null };
  }
  return { days: followUpDays(band), band, ruleSource: rule.source.document };
}
