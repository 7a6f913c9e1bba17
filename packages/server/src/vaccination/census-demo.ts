/**
 * The demo's sample census (issue #10 item 7): the demo population itself counted by commune of
 * today and age band on today, loaded through the same checked path as an official census file
 * (`loadCensus`), so the demo's coverage reports say "census" and agree with the generated people.
 * Also the shipped vaccination rules the demo's status rows are planned with.
 */
import { DEFAULT_POLICIES, today as provinceToday } from '@epilink/core';
import type { NextDose } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { systemAccess } from '../access/context.ts';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { loadCensus } from './census.ts';
import { bandSql } from './coverage.ts';
import type { VaccinationRules } from './rules.ts';

const versions = (key: string) =>
  DEFAULT_POLICIES.filter((r) => r.key === key && r.diseaseCode === null).map((r) => ({
    effectiveFrom: r.effectiveFrom,
    value: r.value,
  }));

/** The shipped vaccination rules (the demo plans its status rows with them, as the dose path does). */
export const SHIPPED_RULES = {
  ageEligibility: versions('vaccination.ageEligibility'),
  extraDoses: versions('vaccination.extraDoses'),
  screening: versions('vaccination.screening'),
} as VaccinationRules;

/** The next-dose columns of a status row. */
export function nextColumns(next: NextDose | null) {
  return {
    nextDoseNumber: next?.doseNumber ?? null,
    nextDoseKind: next?.kind ?? null,
    nextEarliest: next?.earliest ?? null,
    nextDue: next?.due ?? null,
  };
}

/** Count the demo province's residents by commune (valid today) and age band, and load it as the census. */
export async function seedDemoCensus(db: Db, provinceCode: string): Promise<{ communes: number }> {
  const day = provinceToday();
  const rows = await queryRows<{ commune: string; band: string; n: number | string }>(
    db,
    sql`select p.commune_code as commune, ${bandSql(day)} as band, count(*) as n
        from persons p
        join admin_units u on u.code = p.commune_code and u.level = 'commune'
          and u.valid_from <= ${day}::date and (u.valid_to is null or u.valid_to > ${day}::date)
        where p.province_code = ${provinceCode} and p.merged_into is null and p.date_of_birth is not null
        group by 1, 2 order by 1, 2`,
  );
  if (rows.length === 0) return { communes: 0 };
  const csv = [
    'commune_code,age_band,population',
    ...rows.map((r) => `${r.commune},${r.band},${Number(r.n)}`),
  ].join('\n');
  const loaded = await db.transaction((tx) =>
    loadCensus(
      tx,
      systemAccess('demo census'),
      { ip: null },
      {
        csv,
        source: 'EpiLink demo: the generated population counted by commune and age band',
        referenceDate: day,
      },
    ),
  );
  return { communes: loaded.communes };
}
