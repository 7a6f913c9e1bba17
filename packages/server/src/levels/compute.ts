/**
 * The week's epidemic levels of a province (issue #13 item 3): every commune by the rules in force
 * on the week's Monday (policies `epidemicLevel.thresholds`, `epidemicLevel.combining`,
 * `epidemicLevel.aggregation`; core/src/levels), then each district or health area and the
 * province from their communes, stored as the week's proposal for the steering committee.
 */
import {
  AppError,
  COVERAGE_POPULATION_BANDS,
  addDays,
  aggregateLevel,
  assessedDays,
  communeLevel,
  isMonday,
} from '@epilink/core';
import type {
  AggregateMember,
  CoverageCriterion,
  EpidemicLevel,
  PolicyKey,
  TypedPolicyRule,
} from '@epilink/core';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { bulkInsert } from '../db/bulk.ts';
import { epidemicLevels, epidemicLevelWeeks } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';
import { districtGroups } from '../registry/units/asof.ts';
import { groupCapacity, weakest } from './capacity.ts';
import { BANDS, readWeekInputs } from './inputs.ts';
import type { CommuneWeekInputs } from './inputs.ts';

/** What to compute: a province's week (the ISO week's Monday, a local day) for a disease. */
export interface ComputeLevelsOptions {
  provinceCode: string;
  week: string;
  disease?: string;
}

/** What a computation did. */
export interface ComputeLevelsResult {
  week: string;
  communes: number;
  units: number;
  ms: number;
}

type LevelRow = typeof epidemicLevels.$inferInsert;

const bandIdx = (bands: readonly string[]) => bands.map((b) => BANDS.indexOf(b)).filter((i) => i >= 0);
const sumAt = (values: readonly number[], idx: readonly number[]) => idx.reduce((s, i) => s + values[i]!, 0);
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The share of a criterion's population that reached its measure (null without a census). */
function coverageShare(c: CommuneWeekInputs, criterion: CoverageCriterion): number | null {
  const idx = bandIdx(COVERAGE_POPULATION_BANDS[criterion.population]);
  const population = sumAt(c.census, idx);
  if (population <= 0) return null;
  const reached = sumAt(criterion.measure === 'atLeastOneDose' ? c.firstDose : c.fullSchedule, idx);
  return round(Math.min(1, reached / population), 3);
}

/** A policy rule's description for the stored week (what decided, and how sure we are of it). */
function ruleInfo<K extends PolicyKey>(rule: TypedPolicyRule<K>) {
  return {
    effectiveFrom: rule.effectiveFrom,
    value: rule.value,
    source: rule.source,
    verification: rule.verification,
    unverifiedPaths: rule.unverifiedPaths ?? [],
    note: rule.note ?? null,
  };
}

async function rulesFor(db: DbOrTx, week: string, disease: string) {
  const thresholds = await policyInForce(db, 'epidemicLevel.thresholds', week, disease);
  const combining = await policyInForce(db, 'epidemicLevel.combining', week, disease);
  const aggregation = await policyInForce(db, 'epidemicLevel.aggregation', week, disease);
  if (!thresholds || !aggregation)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'week', messageKey: 'levels.errors.noRule', params: { week, disease } }],
    });
  return { thresholds, combining, aggregation };
}

/**
 * Compute and store the proposal for a week (replacing an earlier proposal of the same week; a
 * confirmed week is history and is refused). Set-based: a few grouped queries and one insert,
 * whatever the number of communes.
 */
export async function computeLevels(db: DbOrTx, options: ComputeLevelsOptions): Promise<ComputeLevelsResult> {
  const started = performance.now();
  const { provinceCode, week } = options;
  const disease = options.disease ?? 'COVID-19';
  if (!isMonday(week))
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'week', messageKey: 'levels.errors.notMonday' }],
    });
  const existing = await db
    .select({ status: epidemicLevelWeeks.status })
    .from(epidemicLevelWeeks)
    .where(
      and(
        eq(epidemicLevelWeeks.provinceCode, provinceCode),
        eq(epidemicLevelWeeks.disease, disease),
        eq(epidemicLevelWeeks.week, week),
      ),
    );
  if (existing[0]?.status === 'confirmed')
    throw new AppError('CONFLICT', {
      details: [{ path: 'week', messageKey: 'levels.errors.weekConfirmed', params: { week } }],
    });
  const rules = await rulesFor(db, week, disease);
  const { from, to } = assessedDays(week);
  const communes = await readWeekInputs(db, { provinceCode, disease, week, from, to });
  const previous = await db
    .select({ code: epidemicLevels.unitCode, level: epidemicLevels.confirmedLevel })
    .from(epidemicLevels)
    .where(
      and(
        eq(epidemicLevels.provinceCode, provinceCode),
        eq(epidemicLevels.disease, disease),
        eq(epidemicLevels.week, addDays(week, -7)),
        eq(epidemicLevels.unitLevel, 'commune'),
        isNotNull(epidemicLevels.confirmedLevel),
      ),
    );
  const previousOf = new Map(previous.map((p) => [p.code, p.level as EpidemicLevel]));
  const groups = await districtGroups(
    db,
    week,
    communes.map((c) => c.code),
  );
  // Criterion 3 by district or health area (and the province), from the facilities' bed reports.
  const populationOf = new Map<string, number>([[provinceCode, 0]]);
  const communePopulation = new Map<string, number>();
  for (const c of communes) {
    const n = sumAt(c.census, bandIdx(BANDS));
    communePopulation.set(c.code, n);
    for (const g of [...(groups.groupsOf.get(c.code) ?? []), provinceCode])
      populationOf.set(g, (populationOf.get(g) ?? 0) + n);
  }
  const capacities = await groupCapacity(db, {
    provinceCode,
    disease,
    week,
    from,
    to,
    groupsOf: groups.groupsOf,
    populationOf,
    allKey: provinceCode,
  });
  const capacityOf = (code: string) => capacities.get(code) ?? weakest([]);
  const base = { provinceCode, disease, week };
  const rows: LevelRow[] = [];
  const members = new Map<
    string,
    { level: 'district' | 'area'; list: (AggregateMember & { cases: number })[] }
  >();
  const all: (AggregateMember & { cases: number })[] = [];
  for (const c of communes) {
    const total = communePopulation.get(c.code) ?? 0;
    const population = total > 0 ? total : null;
    const over = groups.groupsOf.get(c.code) ?? [];
    const capacity = weakest(over.map(capacityOf));
    const coverage = rules.thresholds.value.coverage.map((cr) => ({ ...cr, share: coverageShare(c, cr) }));
    const result = communeLevel(
      {
        population,
        newCases: c.newCases,
        oxygenPatients: null,
        deaths: null,
        coverage,
        capacity: capacity.status,
        previousLevel: previousOf.get(c.code) ?? null,
      },
      rules.thresholds.value,
      rules.combining?.value,
    );
    const { level, decidingCriterion, ...inputs } = result;
    rows.push({
      ...base,
      provinceCode,
      districtCode: c.districtCode,
      communeCode: c.code,
      unitCode: c.code,
      unitLevel: 'commune',
      unitName: c.name,
      proposedLevel: level,
      decidingCriterion,
      inputs: {
        ...inputs,
        assessedFrom: from,
        assessedTo: to,
        population,
        newCases: c.newCases,
        previousLevel: previousOf.get(c.code) ?? null,
        oxygenPatients: null,
        deaths: null,
        capacityOver: over,
        freeBeds: capacity.freeBeds,
        freeIcuBeds: capacity.freeIcuBeds,
        freeBedsPer100k: capacity.freeBedsPer100k,
      },
    });
    const member = { level, population, cases: c.newCases };
    all.push(member);
    for (const g of groups.groupsOf.get(c.code) ?? []) {
      const entry = members.get(g) ?? { level: c.districtCode === null ? 'area' : 'district', list: [] };
      entry.list.push(member);
      members.set(g, entry);
    }
  }
  const aggregate = (code: string, list: (AggregateMember & { cases: number })[]) => {
    const capacity = capacityOf(code);
    const result = aggregateLevel(list, rules.aggregation.value);
    const population = list.reduce((s, m) => s + (m.population ?? 0), 0);
    const cases = list.reduce((s, m) => s + m.cases, 0);
    const { level, decidingCriterion, ...rest } = result;
    const rule =
      rules.aggregation.value.method === 'shareOfCommunes' && result.ruleIndex !== null
        ? rules.aggregation.value.rules[result.ruleIndex]
        : null;
    return {
      proposedLevel: level,
      decidingCriterion,
      inputs: {
        ...rest,
        rule,
        method: rules.aggregation.value.method,
        assessedFrom: from,
        assessedTo: to,
        population: population > 0 ? population : null,
        newCases: cases,
        casesPer100kWeek: population > 0 ? round((cases * 100_000) / population, 1) : null,
        capacity: capacity.status,
        freeBeds: capacity.freeBeds,
        freeIcuBeds: capacity.freeIcuBeds,
        freeBedsPer100k: capacity.freeBedsPer100k,
      },
    };
  };
  for (const [code, entry] of [...members].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({
      ...base,
      districtCode: code,
      communeCode: null,
      unitCode: code,
      unitLevel: entry.level,
      unitName: groups.names.get(code) ?? code,
      ...aggregate(code, entry.list),
    });
  }
  const provinceName = await provinceNameOf(db, provinceCode, week);
  rows.push({
    ...base,
    districtCode: null,
    communeCode: null,
    unitCode: provinceCode,
    unitLevel: 'province',
    unitName: provinceName,
    ...aggregate(provinceCode, all),
  });
  await db.transaction(async (tx) => {
    await tx
      .delete(epidemicLevels)
      .where(
        and(
          eq(epidemicLevels.provinceCode, provinceCode),
          eq(epidemicLevels.disease, disease),
          eq(epidemicLevels.week, week),
        ),
      );
    await bulkInsert(tx, epidemicLevels, rows);
    const ms = Math.round(performance.now() - started);
    const week_ = {
      ...base,
      status: 'proposed' as const,
      assessedFrom: from,
      assessedTo: to,
      rules: {
        thresholds: ruleInfo(rules.thresholds),
        combining: rules.combining ? ruleInfo(rules.combining) : null,
        aggregation: ruleInfo(rules.aggregation),
      },
      computeMs: ms,
    };
    await tx
      .insert(epidemicLevelWeeks)
      .values(week_)
      .onConflictDoUpdate({
        target: [epidemicLevelWeeks.provinceCode, epidemicLevelWeeks.disease, epidemicLevelWeeks.week],
        set: { ...week_, computedAt: sql`now()` },
      });
  });
  return { week, communes: communes.length, units: rows.length, ms: Math.round(performance.now() - started) };
}

/** The province's name in the list of the week (the code when the list does not have it). */
async function provinceNameOf(db: DbOrTx, provinceCode: string, week: string): Promise<string> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from admin_units where code = ${provinceCode} and level = 'province'
        order by (valid_from <= ${week}::date and (valid_to is null or valid_to > ${week}::date)) desc, valid_from desc
        limit 1`,
  );
  return rows[0]?.name ?? provinceCode;
}
