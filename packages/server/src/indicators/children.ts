/**
 * Each child unit's period totals for an indicator read: a province's districts (or, in a list
 * with no districts, its health areas) from the district grain; a district's or area's communes
 * from the commune grain, carried into the communes of `asOf` (asof.ts).
 */
import { STOCK_STORAGE, metricColumn } from '@epilink/core/indicators/metrics';
import type { IndicatorMetric } from '@epilink/core/indicators/metrics';
import { and, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { scopeFor } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { adminUnits, healthAreas, indicatorDaysLive, populationCensus } from '../db/schema/index.ts';
import { carryTallies, eraSql, unitsAsOfContext } from '../registry/units/asof.ts';
import { rowValues } from './columns.ts';
import { unitValidOn } from '../registry/units/load.ts';
import { areaCommunes } from './units.ts';
import type { IndicatorUnit } from './units.ts';
import { placeCondition, relatedCommunes, unitPlaces } from './where.ts';

/** One child's totals. */
export interface ChildTotals {
  code: string;
  name: string;
  population: number;
  totals: Partial<Record<IndicatorMetric, number>>;
}

/** Period totals per metric in SQL: flows over from..to, delta stocks up to `to`, level stocks on `to`. */
function periodSums(metrics: readonly IndicatorMetric[], from: string, to: string): SQL {
  const t = indicatorDaysLive;
  return sql.join(
    metrics.map((m) => {
      const col = sql.raw(metricColumn(m));
      const kind = STOCK_STORAGE[m];
      const value =
        kind === 'delta'
          ? sql`sum(${col})`
          : kind === 'level'
            ? sql`sum(case when ${t.day} = ${to} then ${col} else 0 end)`
            : sql`sum(case when ${t.day} >= ${from} then ${col} else 0 end)`;
      return sql`${value}::bigint as ${col}`;
    }),
    sql`, `,
  );
}

async function childUnits(
  db: DbOrTx,
  unit: IndicatorUnit,
  asOf: string,
): Promise<{ code: string; name: string }[]> {
  if (unit.level === 'province') {
    const districts = await db
      .select({ code: adminUnits.code, name: adminUnits.name })
      .from(adminUnits)
      .where(and(eq(adminUnits.level, 'district'), eq(adminUnits.parentCode, unit.code), unitValidOn(asOf)))
      .orderBy(adminUnits.code);
    if (districts.length > 0) return districts;
    return db
      .select({ code: healthAreas.code, name: healthAreas.name })
      .from(healthAreas)
      .where(and(eq(healthAreas.provinceCode, unit.code), sql`${healthAreas.validFrom} <= ${asOf}`))
      .orderBy(healthAreas.code);
  }
  if (unit.level === 'commune') return [];
  const codes =
    unit.level === 'district'
      ? null
      : await areaCommunes(db, unit.code).then((c) => (c.length === 0 ? ['-'] : c));
  return db
    .select({ code: adminUnits.code, name: adminUnits.name })
    .from(adminUnits)
    .where(
      and(
        eq(adminUnits.level, 'commune'),
        codes === null
          ? eq(adminUnits.parentCode, unit.code)
          : sql`${adminUnits.code} in (${sql.join(
              codes.map((c) => sql`${c}`),
              sql`, `,
            )})`,
        unitValidOn(asOf),
      ),
    )
    .orderBy(adminUnits.code);
}

/** The children's totals over the period (empty for a commune). */
export async function childTotals(
  db: DbOrTx,
  access: Access,
  unit: IndicatorUnit,
  q: { from: string; to: string; disease: string; asOf: string },
  metrics: readonly IndicatorMetric[],
): Promise<ChildTotals[]> {
  const children = await childUnits(db, unit, q.asOf);
  if (children.length === 0) return [];
  const t = indicatorDaysLive;
  const p = populationCensus;
  const values = new Map<string, number[]>();
  const population = new Map<string, number>();
  const base = sql`${t.diseaseCode} in (${q.disease}, '') and ${t.day} <= ${q.to} and ${scopeFor(access, t)}`;
  if (unit.level === 'province') {
    const places = await unitPlaces(db, unit, q.asOf);
    const rows = await queryRows<Record<string, string | number | null>>(
      db,
      sql`select ${t.districtCode} as code, ${periodSums(metrics, q.from, q.to)} from ${t}
          where ${t.grain} = 1 and ${placeCondition(t, places)} and ${base} group by 1`,
    );
    for (const r of rows) values.set(String(r.code), rowValues(r, metrics));
    const pop = await queryRows<{ code: string; n: number }>(
      db,
      sql`select ${p.districtCode} as code, sum(${p.population})::int as n from ${p}
          where ${placeCondition(p, places)} and ${scopeFor(access, p)} group by 1`,
    );
    for (const r of pop) population.set(r.code, r.n);
  } else {
    const ctx = await unitsAsOfContext(db, q.asOf);
    const codes = await relatedCommunes(
      db,
      children.map((c) => c.code),
    );
    const inCodes = sql`${t.communeCode} in (${sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    )})`;
    const rows = await queryRows<Record<string, string | number | null>>(
      db,
      sql`select x.code, x.era, ${sql.raw(metrics.map((m) => `sum(x.${metricColumn(m)})::bigint as ${metricColumn(m)}`).join(', '))}
          from (select ${t.communeCode} as code, ${eraSql(ctx.sets, sql`${t.day}`)} as era, ${t.day} as day,
                ${periodSums(metrics, q.from, q.to)}
                from ${t} where ${t.grain} = 2 and ${inCodes} and ${base} group by 1, 2, 3) x
          group by 1, 2`,
    );
    const carried = await carryTallies(
      db,
      ctx,
      rows.map((r) => ({
        key: '',
        code: String(r.code),
        era: Number(r.era),
        values: rowValues(r, metrics),
      })),
      undefined,
      new Map(),
    );
    for (const c of carried.placed) values.set(c.code, c.values);
    const pop = await queryRows<{ code: string; n: number }>(
      db,
      sql`select ${p.communeCode} as code, sum(${p.population})::int as n from ${p}
          where ${p.communeCode} in (${sql.join(
            children.map((c) => sql`${c.code}`),
            sql`, `,
          )}) and ${scopeFor(access, p)} group by 1`,
    );
    for (const r of pop) population.set(r.code, r.n);
  }
  return children.map((c) => {
    const v = values.get(c.code);
    const totals: Partial<Record<IndicatorMetric, number>> = {};
    metrics.forEach((m, i) => (totals[m] = Math.round((v?.[i] ?? 0) * 100) / 100));
    return { code: c.code, name: c.name, population: population.get(c.code) ?? 0, totals };
  });
}
