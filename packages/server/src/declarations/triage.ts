/**
 * Triage of a declaration on the server: the `declaration.triage` rule in force on the
 * declaration's day, and the epidemic levels (the newest confirmed week on or before that day) of
 * the unit codes its answers name, and whether the route answered crosses a blockaded zone active
 * that day (zones/crossing.ts); the decision itself is core's `triageDeclaration`.
 */
import { ROUTE_LINK_IDS, answeredUnitCodes, ruleInForce, triageDeclaration } from '@epilink/core';
import type { AnswerMap, PolicyRule, TriageResult, TypedPolicyRule, VerifiedDcc } from '@epilink/core';
import { asc, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { policyRules } from '../db/schema/index.ts';
import { policyInForce, toRule } from '../policy/store.ts';
import { DatabaseCache } from './cache.ts';
import { activeZonesCrossing } from '../zones/crossing.ts';

/** The disease whose rules and levels a declaration is triaged by. */
export const DECLARATION_DISEASE = 'COVID-19';

/** Each unit's confirmed epidemic level in force on `day` (units without one are absent). */
export async function unitLevelsOn(
  db: DbOrTx,
  codes: readonly string[],
  day: string,
): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<{ unit_code: string; level: number }>(
    db,
    sql`select distinct on (l.unit_code) l.unit_code, coalesce(l.confirmed_level, l.proposed_level)::int as level
        from epidemic_levels l
        join epidemic_level_weeks w on w.province_code = l.province_code and w.disease = l.disease and w.week = l.week
        where l.unit_code = any(${sql`array[${sql.join(
          codes.map((c) => sql`${c}`),
          sql`, `,
        )}]::text[]`}) and l.disease = ${DECLARATION_DISEASE} and w.status = 'confirmed' and l.week <= ${day}::date
        order by l.unit_code, l.week desc`,
  );
  return new Map(rows.map((r) => [r.unit_code, r.level]));
}

/** The triage of a declaration's answers on its day, with the id of the rule used (null: none in force). */
export async function triageOn(
  db: DbOrTx,
  answers: AnswerMap,
  day: string,
  dcc: VerifiedDcc | null = null,
): Promise<TriageResult & { ruleId: string | null }> {
  const rule = await policyInForce(db, 'declaration.triage', day, DECLARATION_DISEASE);
  return triageBy(db, rule, answers, day, dcc);
}

/** The stored versions of `declaration.triage`, and their ids in order (what the cache is keyed by). */
interface TriageVersions {
  rules: PolicyRule[];
  ids: string;
}

/** The versions kept per database; `versionsUnchanged` checks them in the statement that stores. */
const kept = new DatabaseCache<TriageVersions>(Number.POSITIVE_INFINITY, 4);

/**
 * SQL true while the stored versions of `declaration.triage` are the ones the triage used (the
 * versions are only ever added: a new one changes the list of ids).
 */
export function versionsUnchanged(ids: string): SQL {
  return sql`(select coalesce(string_agg(p.id::text, ',' order by p.id), '') from ${policyRules} p
    where p.key = 'declaration.triage') = ${ids}`;
}

/**
 * Triage by the versions of `declaration.triage` kept in this process (no statement per
 * declaration), with the ids they were kept under: the caller stores the declaration only where
 * `versionsUnchanged(ids)` still holds, and calls again with `reload` when it did not.
 */
export async function triageKept(
  db: DbOrTx,
  answers: AnswerMap,
  day: string,
  dcc: VerifiedDcc | null,
  reload = false,
): Promise<TriageResult & { ruleId: string | null; versions: string }> {
  if (reload) kept.clear(db);
  const versions = await kept.get(db, 'declaration.triage', async () => {
    // Read directly, not through the transaction's kept policy reads (they may be the stale ones).
    const rows = await db
      .select()
      .from(policyRules)
      .where(eq(policyRules.key, 'declaration.triage'))
      .orderBy(asc(policyRules.effectiveFrom));
    const ids = rows.map((r) => r.id).sort();
    return { rules: rows.map(toRule), ids: ids.join(',') };
  });
  const rule = ruleInForce(versions!.rules, 'declaration.triage', day, DECLARATION_DISEASE);
  return { ...(await triageBy(db, rule, answers, day, dcc)), versions: versions!.ids };
}

async function triageBy(
  db: DbOrTx,
  rule: TypedPolicyRule<'declaration.triage'> | undefined,
  answers: AnswerMap,
  day: string,
  dcc: VerifiedDcc | null,
): Promise<TriageResult & { ruleId: string | null }> {
  const route = ROUTE_LINK_IDS.flatMap((id) => (answers.get(id) ?? []).map((a) => a.valueString ?? ''));
  const blockadeCrossed = (await activeZonesCrossing(db, { unitCodes: route, date: day })).length > 0;
  if (!rule)
    return blockadeCrossed
      ? { action: 'test', flagged: true, reasons: ['blockadedZone'], ruleId: null }
      : { action: 'none', flagged: false, reasons: [], ruleId: null };
  const unitLevels = await unitLevelsOn(db, answeredUnitCodes(rule.value, answers), day);
  const ruleId = (rule as { id?: string }).id ?? null;
  return { ...triageDeclaration(rule.value, answers, { unitLevels, blockadeCrossed, dcc, day }), ruleId };
}
