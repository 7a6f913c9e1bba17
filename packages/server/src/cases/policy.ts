/**
 * The case rules in force on a date, read from the policy store. Before a key's first version
 * there is NO rule in force: the caller flags the case (`cases.missing_rules`) instead of applying
 * a later version (a 2021 case is never confirmed by the 2022 rule).
 */
import type { PolicyKey, TypedPolicyRule } from '@epilink/core';
import { ruleInForce } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { listRules } from '../policy/store.ts';

/** The rule in force on the date (disease-specific beats generic), with its row id; null when none. */
export async function caseRule<K extends PolicyKey>(
  db: DbOrTx,
  key: K,
  onDate: string,
  diseaseCode: string,
): Promise<(TypedPolicyRule<K> & { id?: string }) | null> {
  return ruleInForce(await listRules(db, key), key, onDate, diseaseCode) ?? null;
}

/**
 * The epidemiological-link evidence of the confirmation rule, from the graph: on the sample date
 * the person is an F1 (stored confirmed degree 1) with a confirmed contact edge still under
 * monitoring and exposed on or before that date.
 */
export async function epidemiologicalLinkOn(
  db: DbOrTx,
  personId: string,
  diseaseCode: string,
  onDate: string,
): Promise<boolean> {
  const rows = await queryRows<{ ok: number }>(
    db,
    sql`select 1 as ok from person_epi_status s
      join contacts c on c.person_id = s.person_id and c.disease_code = s.disease_code
      where s.person_id = ${personId} and s.disease_code = ${diseaseCode} and s.degree = 1
        and c.status = 'confirmed' and coalesce(c.follow_up_status, 'active') <> 'completed'
        and (c.exposure_date is null or c.exposure_date <= ${onDate}::date)
        and (c.monitoring_until is null or c.monitoring_until >= ${onDate}::date)
      limit 1`,
  );
  return rows.length > 0;
}
