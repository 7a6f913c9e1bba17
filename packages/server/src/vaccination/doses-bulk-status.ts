/**
 * The standing of every person a dose batch touched (doses-bulk.ts), stored as `saveStatus`
 * (doses.ts) stores one person's, in one statement for the batch.
 */
import { ageInYears } from '@epilink/core';
import type { GivenDose, ScheduleEvaluation } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { plannedNext } from './rules.ts';
import type { loadVaccinationRules } from './rules.ts';

/** A person of the batch, as the batch reads them. */
export interface PersonRow {
  id: string;
  full_name: string;
  date_of_birth: string | null;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
}

/** Each touched person's standing, as `saveStatus` stores it, in one statement. */
export async function saveStatuses(
  tx: DbOrTx,
  touched: readonly { person: PersonRow; disease: string }[],
  listFor: (t: { person: PersonRow; disease: string }) => readonly GivenDose[],
  evaluate: (list: readonly GivenDose[]) => ScheduleEvaluation,
  rules: Awaited<ReturnType<typeof loadVaccinationRules>>,
): Promise<void> {
  const now = new Date().toISOString();
  const rows = touched.map((t) => {
    const e = evaluate(listFor(t));
    const next = plannedNext(e, rules, {
      ageOn: (d) => ageInYears(t.person.date_of_birth, d),
      groups: [],
    });
    return {
      person_id: t.person.id,
      disease: t.disease,
      status: e.status,
      doses_given: e.dosesGiven,
      last_dose_on: e.lastDoseOn,
      first_dose_on: e.firstDoseOn,
      completed_on: e.completedOn,
      boosted_on: e.boostedOn,
      next_dose_number: next?.doseNumber ?? null,
      next_dose_kind: next?.kind ?? null,
      next_earliest: next?.earliest ?? null,
      next_due: next?.due ?? null,
      province_code: t.person.province_code,
      district_code: t.person.district_code,
      commune_code: t.person.commune_code,
      updated_at: now,
    };
  });
  const set = [
    'status',
    'doses_given',
    'last_dose_on',
    'first_dose_on',
    'completed_on',
    'boosted_on',
    'next_dose_number',
    'next_dose_kind',
    'next_earliest',
    'next_due',
    'province_code',
    'district_code',
    'commune_code',
    'updated_at',
  ] as const;
  const types: Record<'person_id' | 'disease' | (typeof set)[number], string> = {
    person_id: 'uuid',
    disease: 'text',
    status: 'text',
    doses_given: 'int',
    last_dose_on: 'date',
    first_dose_on: 'date',
    completed_on: 'date',
    boosted_on: 'date',
    next_dose_number: 'int',
    next_dose_kind: 'text',
    next_earliest: 'date',
    next_due: 'date',
    province_code: 'text',
    district_code: 'text',
    commune_code: 'text',
    updated_at: 'timestamptz',
  };
  const columns = ['person_id', 'disease', ...set] as const;
  // One array per column (unnest): cheaper for the server than parsing a JSON document per row.
  const arrays = columns.map((c) => sql`${sql.param(rows.map((r) => r[c]))}::${sql.raw(types[c])}[]`);
  await tx.execute(
    sql`insert into vaccination_status (${sql.raw(columns.join(', '))})
        select * from unnest(${sql.join(arrays, sql`, `)}) as x(${sql.raw(columns.join(', '))})
        on conflict (person_id, disease) do update set ${sql.raw(set.map((c) => `${c} = excluded.${c}`).join(', '))}`,
  );
}
