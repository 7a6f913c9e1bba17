/**
 * How long a confirmed contact is followed up: derived from the F1 quarantine rule in force on the
 * exposure date (policy `quarantine.f1`, the one source of truth) — quarantine days + self-monitoring
 * days of the band the contact falls in by their own doses and any recent recovery. Before the first
 * quarantine rule, the disease's maximum incubation period.
 */
import { f1QuarantineBand, findDisease, followUpDays } from '@epilink/core';
import type { ImmunityFacts, QuarantineBand } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyInForce } from '../policy/store.ts';

/**
 * A person's doses (not voided) and last recovery as known on a date, as one JSON value
 * (`ImmunityFacts`): a column of a statement that reads them beside its own rows (a tracer's
 * decision reads them with the contact), or on its own (`immunityFacts`).
 */
export function immunityJson(personId: SQL, onDate: SQL): SQL<ImmunityFacts> {
  return sql<ImmunityFacts>`json_build_object(
    'doses', (select coalesce(json_agg(json_build_object('date', to_char(d.date, 'YYYY-MM-DD'),
        'productCode', d.product_code)), '[]'::json)
      from vaccination_doses d where d.person_id = ${personId} and d.voided_at is null and d.date <= ${onDate}),
    'recoveredOn', (select to_char(max(coalesce(k.outcome_date, k.sample_date)), 'YYYY-MM-DD') from cases k
      where k.person_id = ${personId} and k.classification = 'confirmed' and k.outcome = 'recovered'
        and coalesce(k.outcome_date, k.sample_date) <= ${onDate}))`;
}

/** A contact's doses (not voided) and last recovery, as known on a date. */
export async function immunityFacts(db: DbOrTx, personId: string, onDate: string): Promise<ImmunityFacts> {
  const [row] = await queryRows<{ facts: ImmunityFacts }>(
    db,
    sql`select ${immunityJson(sql`${personId}::uuid`, sql`${onDate}::date`)} as facts`,
  );
  return row!.facts;
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
