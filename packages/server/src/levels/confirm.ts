/**
 * The steering committee confirms a week's proposal (issue #13 item 3): every unit's confirmed
 * level becomes its proposal, except the units it overrides, each with a mandatory reason. The
 * proposal is never lost (it stays beside the confirmed level); a confirmed week is published and
 * kept as history (it cannot be recomputed or confirmed again).
 */
import { AppError } from '@epilink/core';
import type { EpidemicLevel } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, scopeFor } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { epidemicLevels, epidemicLevelWeeks } from '../db/schema/index.ts';
import { enqueueMany } from '../outbox/outbox.ts';

/** One override: a unit of the week, its level, why. */
export interface LevelOverride {
  unitCode: string;
  unitLevel: 'commune' | 'district' | 'area' | 'province';
  level: EpidemicLevel;
  reason: string;
}

/**
 * Only a caller whose jurisdiction is the whole province may compute its week (a district's
 * committee member, or anyone else, is answered "not found").
 */
export async function assertProvinceInScope(tx: DbOrTx, access: Access, provinceCode: string): Promise<void> {
  const scope = scopeFor(access, {
    provinceCode: sql`${provinceCode}::text` as never,
    districtCode: sql`null::text` as never,
    communeCode: sql`null::text` as never,
  });
  const rows = await queryRows<{ ok: number }>(tx, sql`select 1 as ok where ${scope}`);
  if (rows.length === 0) throw new AppError('NOT_FOUND');
}

/** Confirm the week; returns the audit rows the caller writes in the same transaction. */
export async function confirmWeek(
  tx: DbOrTx,
  access: Access,
  options: { provinceCode: string; disease: string; week: string; overrides: LevelOverride[] },
): Promise<{ result: { week: string; confirmed: number; overridden: number }; audit: AuditEntry[] }> {
  const { provinceCode, disease, week } = options;
  const weekKey = and(
    eq(epidemicLevels.provinceCode, provinceCode),
    eq(epidemicLevels.disease, disease),
    eq(epidemicLevels.week, week),
  );
  // Only a caller whose jurisdiction holds the province's row confirms (else: not found).
  const [provinceRow] = await tx
    .select({ code: epidemicLevels.unitCode })
    .from(epidemicLevels)
    .where(and(weekKey, eq(epidemicLevels.unitLevel, 'province'), scopeFor(access, epidemicLevels)));
  const [weekRow] = await tx
    .select({ status: epidemicLevelWeeks.status })
    .from(epidemicLevelWeeks)
    .where(
      and(
        eq(epidemicLevelWeeks.provinceCode, provinceCode),
        eq(epidemicLevelWeeks.disease, disease),
        eq(epidemicLevelWeeks.week, week),
      ),
    )
    .for('update');
  if (!provinceRow || !weekRow) throw new AppError('NOT_FOUND');
  if (weekRow.status === 'confirmed')
    throw new AppError('CONFLICT', {
      details: [{ path: 'week', messageKey: 'levels.errors.weekConfirmed', params: { week } }],
    });
  const seen = new Set<string>();
  options.overrides.forEach((o, i) => {
    const key = `${o.unitLevel}|${o.unitCode}`;
    if (seen.has(key))
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: `overrides[${i}]`, messageKey: 'levels.errors.duplicateOverride' }],
      });
    seen.add(key);
  });
  const userId = actorId(access);
  const confirmed = await tx
    .update(epidemicLevels)
    .set({ confirmedLevel: sql`${epidemicLevels.proposedLevel}` })
    .where(weekKey)
    .returning({ code: epidemicLevels.unitCode });
  const audit: AuditEntry[] = [];
  for (const [i, o] of options.overrides.entries()) {
    const rows = await tx
      .update(epidemicLevels)
      .set({
        confirmedLevel: o.level,
        overrideReason: o.reason,
        overriddenBy: userId,
        overriddenAt: sql`now()`,
      })
      .where(and(weekKey, eq(epidemicLevels.unitLevel, o.unitLevel), eq(epidemicLevels.unitCode, o.unitCode)))
      .returning({ proposed: epidemicLevels.proposedLevel });
    if (rows.length === 0)
      throw new AppError('VALIDATION_FAILED', {
        details: [
          {
            path: `overrides[${i}].unitCode`,
            messageKey: 'levels.errors.unknownUnit',
            params: { code: o.unitCode },
          },
        ],
      });
    audit.push({
      action: 'update',
      entity: 'epidemic_level',
      entityId: `${week}:${o.unitLevel}:${o.unitCode}`,
      details: {
        week,
        unitCode: o.unitCode,
        proposedLevel: rows[0]!.proposed,
        level: o.level,
        reason: o.reason,
      },
    });
  }
  await tx
    .update(epidemicLevelWeeks)
    .set({ status: 'confirmed', confirmedBy: userId, confirmedAt: sql`now()` })
    .where(
      and(
        eq(epidemicLevelWeeks.provinceCode, provinceCode),
        eq(epidemicLevelWeeks.disease, disease),
        eq(epidemicLevelWeeks.week, week),
      ),
    );
  await enqueueLevelChanges(tx, provinceCode, disease, week);
  audit.unshift({
    action: 'decide',
    entity: 'epidemic_level_week',
    entityId: `${provinceCode}:${disease}:${week}`,
    details: { week, confirmed: confirmed.length, overridden: options.overrides.length },
  });
  return {
    result: { week, confirmed: confirmed.length, overridden: options.overrides.length },
    audit,
  };
}

/**
 * One `level.changed` outbox event per unit whose confirmed level differs from its last confirmed
 * level before this week (or that had none), in the confirming transaction. Codes and levels only;
 * the unit's place columns let webhook fan-out match subscriptions by jurisdiction.
 */
async function enqueueLevelChanges(tx: DbOrTx, provinceCode: string, disease: string, week: string) {
  const changed = await queryRows<{
    unit_level: string;
    unit_code: string;
    district_code: string | null;
    commune_code: string | null;
    level: number;
    previous: number | null;
  }>(
    tx,
    sql`select l.unit_level, l.unit_code, l.district_code, l.commune_code, l.confirmed_level as level,
          prev.confirmed_level as previous
        from epidemic_levels l
        left join lateral (
          select p.confirmed_level from epidemic_levels p
          where p.province_code = l.province_code and p.disease = l.disease and p.unit_level = l.unit_level
            and p.unit_code = l.unit_code and p.week < l.week and p.confirmed_level is not null
          order by p.week desc limit 1) prev on true
        where l.province_code = ${provinceCode} and l.disease = ${disease} and l.week = ${week}::date
          and prev.confirmed_level is distinct from l.confirmed_level`,
  );
  await enqueueMany(
    tx,
    changed.map((c) => ({
      topic: 'level.changed' as const,
      payload: {
        week,
        disease,
        unitLevel: c.unit_level,
        unitCode: c.unit_code,
        level: c.level,
        previousLevel: c.previous,
        provinceCode,
        districtCode: c.district_code,
        communeCode: c.commune_code,
      },
    })),
  );
}
