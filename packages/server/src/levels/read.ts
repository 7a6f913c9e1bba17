/**
 * Reading the weeks' levels: the committee's view of a week (scoped to the caller's jurisdiction,
 * with every input), the list of weeks, and the public feed (confirmed weeks only: levels, no
 * inputs, no names of people — there are none in these tables).
 */
import { AppError } from '@epilink/core';
import type { DecidingCriterion, EpidemicLevel } from '@epilink/core';
import { and, asc, between, desc, eq, lte, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { epidemicLevels, epidemicLevelWeeks } from '../db/schema/index.ts';
import { afterCursor, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';

/** A unit's level in a week, as the committee sees it. */
export interface UnitLevel {
  code: string;
  name: string;
  level: 'commune' | 'district' | 'area' | 'province';
  /** The confirmed level once the week is confirmed, else the proposal. */
  epidemicLevel: EpidemicLevel;
  proposedLevel: EpidemicLevel;
  overridden: boolean;
  reason?: string;
  inputs: Record<string, unknown>;
  decidingCriterion: DecidingCriterion;
  districtCode: string | null;
}

/** A week's assessment. */
export interface WeekLevels {
  week: string;
  status: 'proposed' | 'confirmed';
  assessedFrom: string;
  assessedTo: string;
  computedAt: string;
  confirmedAt: string | null;
  rules: unknown;
  units: UnitLevel[];
}

const LEVEL_ORDER = sql`case ${epidemicLevels.unitLevel} when 'province' then 0 when 'district' then 1 when 'area' then 1 else 2 end`;

function weekWhere(provinceCode: string, disease: string) {
  return and(eq(epidemicLevelWeeks.provinceCode, provinceCode), eq(epidemicLevelWeeks.disease, disease));
}

const WEEK_KEY: readonly KeyPart[] = [{ column: epidemicLevelWeeks.week, type: 'date' }];

/**
 * The weeks assessed (newest first), with their status: one keyset page of `limit` after `cursor`
 * (a province assesses a week every week, for years).
 */
export async function listWeeks(
  db: DbOrTx,
  provinceCode: string,
  disease: string,
  page: { limit: number; cursor?: string },
) {
  const rows = await db
    .select({
      week: epidemicLevelWeeks.week,
      status: epidemicLevelWeeks.status,
      computedAt: epidemicLevelWeeks.computedAt,
      confirmedAt: epidemicLevelWeeks.confirmedAt,
    })
    .from(epidemicLevelWeeks)
    .where(and(weekWhere(provinceCode, disease), afterCursor(WEEK_KEY, page.cursor, 'desc')))
    .orderBy(desc(epidemicLevelWeeks.week))
    .limit(page.limit + 1);
  const shown = pageOf(rows, page.limit, (r) => [r.week]);
  return {
    items: shown.items.map((r) => ({
      week: r.week,
      status: r.status,
      computedAt: r.computedAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
    })),
    nextCursor: shown.nextCursor,
  };
}

/**
 * One week (default: the newest assessed) with the units inside the caller's jurisdiction.
 * A week never assessed is not found.
 */
export async function readWeek(
  db: DbOrTx,
  access: Access,
  options: { provinceCode: string; disease: string; week?: string },
): Promise<WeekLevels> {
  const [week] = await db
    .select()
    .from(epidemicLevelWeeks)
    .where(
      and(
        weekWhere(options.provinceCode, options.disease),
        options.week === undefined ? undefined : eq(epidemicLevelWeeks.week, options.week),
      ),
    )
    .orderBy(desc(epidemicLevelWeeks.week))
    .limit(1);
  if (!week) throw new AppError('NOT_FOUND');
  const rows = await db
    .select()
    .from(epidemicLevels)
    .where(
      and(
        eq(epidemicLevels.provinceCode, options.provinceCode),
        eq(epidemicLevels.disease, options.disease),
        eq(epidemicLevels.week, week.week),
        scopeFor(access, epidemicLevels),
      ),
    )
    .orderBy(LEVEL_ORDER, asc(epidemicLevels.unitCode));
  return {
    week: week.week,
    status: week.status,
    assessedFrom: week.assessedFrom,
    assessedTo: week.assessedTo,
    computedAt: week.computedAt.toISOString(),
    confirmedAt: week.confirmedAt?.toISOString() ?? null,
    rules: week.rules,
    units: rows.map((r) => ({
      code: r.unitCode,
      name: r.unitName,
      level: r.unitLevel,
      epidemicLevel: (r.confirmedLevel ?? r.proposedLevel) as EpidemicLevel,
      proposedLevel: r.proposedLevel as EpidemicLevel,
      overridden: r.overrideReason !== null,
      ...(r.overrideReason !== null ? { reason: r.overrideReason } : {}),
      inputs: r.inputs as Record<string, unknown>,
      decidingCriterion: (r.overrideReason !== null ? 'override' : r.decidingCriterion) as DecidingCriterion,
      districtCode: r.districtCode,
    })),
  };
}

/** A unit's published level. */
export interface PublicUnitLevel {
  code: string;
  name: string;
  level: 'commune' | 'district' | 'area' | 'province';
  parentCode: string | null;
  epidemicLevel: EpidemicLevel;
}

async function publicUnits(db: DbOrTx, provinceCode: string, disease: string, weeks: string[]) {
  if (weeks.length === 0) return new Map<string, PublicUnitLevel[]>();
  const rows = await db
    .select({
      week: epidemicLevels.week,
      code: epidemicLevels.unitCode,
      name: epidemicLevels.unitName,
      level: epidemicLevels.unitLevel,
      districtCode: epidemicLevels.districtCode,
      confirmed: epidemicLevels.confirmedLevel,
      proposed: epidemicLevels.proposedLevel,
    })
    .from(epidemicLevels)
    .where(
      and(
        eq(epidemicLevels.provinceCode, provinceCode),
        eq(epidemicLevels.disease, disease),
        sql`${epidemicLevels.week} = any(${sql`array[${sql.join(
          weeks.map((w) => sql`${w}::date`),
          sql`, `,
        )}]`})`,
      ),
    )
    .orderBy(LEVEL_ORDER, asc(epidemicLevels.unitCode));
  const out = new Map<string, PublicUnitLevel[]>();
  for (const r of rows) {
    const list = out.get(r.week) ?? [];
    list.push({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.level === 'commune' ? r.districtCode : r.level === 'province' ? null : provinceCode,
      epidemicLevel: (r.confirmed ?? r.proposed) as EpidemicLevel,
    });
    out.set(r.week, list);
  }
  return out;
}

/** The newest confirmed week (null when nothing was ever confirmed). */
export async function latestConfirmed(db: DbOrTx, provinceCode: string, disease: string) {
  const [week] = await db
    .select({ week: epidemicLevelWeeks.week, confirmedAt: epidemicLevelWeeks.confirmedAt })
    .from(epidemicLevelWeeks)
    .where(and(weekWhere(provinceCode, disease), eq(epidemicLevelWeeks.status, 'confirmed')))
    .orderBy(desc(epidemicLevelWeeks.week))
    .limit(1);
  if (!week) return null;
  const units = await publicUnits(db, provinceCode, disease, [week.week]);
  return {
    week: week.week,
    confirmedAt: week.confirmedAt?.toISOString() ?? null,
    units: units.get(week.week) ?? [],
  };
}

/** Confirmed weeks between two days (inclusive, by Monday), oldest first. */
export async function confirmedHistory(
  db: DbOrTx,
  options: { provinceCode: string; disease: string; from: string; to: string },
) {
  const weeks = await db
    .select({ week: epidemicLevelWeeks.week, confirmedAt: epidemicLevelWeeks.confirmedAt })
    .from(epidemicLevelWeeks)
    .where(
      and(
        weekWhere(options.provinceCode, options.disease),
        eq(epidemicLevelWeeks.status, 'confirmed'),
        between(epidemicLevelWeeks.week, options.from, options.to),
        lte(epidemicLevelWeeks.week, options.to),
      ),
    )
    .orderBy(asc(epidemicLevelWeeks.week));
  const units = await publicUnits(
    db,
    options.provinceCode,
    options.disease,
    weeks.map((w) => w.week),
  );
  return weeks.map((w) => ({
    week: w.week,
    confirmedAt: w.confirmedAt?.toISOString() ?? null,
    units: units.get(w.week) ?? [],
  }));
}
