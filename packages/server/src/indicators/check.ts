/**
 * The rollup check and rebuild (`npm run epilink -- rollups:check` / `rollups:rebuild`): the
 * situation room's rollup `indicator_days` (with its deltas not folded yet) recomputed from the raw rows by the same rule its
 * triggers apply (the view `indicator_expected`, migration `indicator_triggers`) and compared cell
 * by cell. Also the case rollup of the weekly report (`case_day_counts`).
 */
import { INDICATOR_METRICS, metricColumn } from '@epilink/core/indicators/metrics';
import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';

const COLUMNS = INDICATOR_METRICS.map(metricColumn);
const KEY = ['grain', 'day', 'disease_code', 'province_code', 'district_code', 'commune_code'] as const;

/** One cell where the rollup and the raw rows disagree. */
export interface RollupDifference {
  rollup: string;
  grain: number | null;
  day: string;
  diseaseCode: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
  metric: string;
  stored: number;
  expected: number;
}

/** The comparison: how many cells differ and the first `limit` of them. */
export interface RollupCheck {
  differences: number;
  sample: RollupDifference[];
}

/** Compare every rollup with a recount from the raw rows (read-only). */
export async function checkRollups(db: DbOrTx, limit = 50): Promise<RollupCheck> {
  // Both sides in one union, grouped by key (no full join: PGlite refuses one on null-safe keys).
  const keys = KEY.join(', ');
  const stored = sql.raw(
    COLUMNS.map((c) => `sum(case when src = 's' then ${c} else 0 end) as s_${c}`).join(', '),
  );
  const expected = sql.raw(
    COLUMNS.map((c) => `sum(case when src = 'e' then ${c} else 0 end) as e_${c}`).join(', '),
  );
  const cells = sql.raw(
    COLUMNS.map((c) => `select '${c}' as metric, g.s_${c} as stored, g.e_${c} as expected`).join(
      ' union all ',
    ),
  );
  const indicator = sql`select 'indicator_days' as rollup, ${sql.raw(KEY.map((k) => `g.${k}`).join(', '))}, m.metric, m.stored, m.expected
      from (select ${sql.raw(keys)}, ${stored}, ${expected} from (
              select 's' as src, * from indicator_days_live union all select 'e' as src, * from indicator_expected) u
            group by ${sql.raw(keys)}) g
      cross join lateral (${cells}) m where m.stored <> m.expected`;
  const cases = sql`select 'case_day_counts' as rollup, null::smallint as grain, g.day, g.disease_code,
        g.province_code, g.district_code, g.commune_code, 'n' as metric, g.stored, g.expected
      from (select day, disease_code, province_code, district_code, commune_code,
                   sum(case when src = 's' then n else 0 end) as stored, sum(case when src = 'e' then n else 0 end) as expected
            from (select 's' as src, day, disease_code, province_code, district_code, commune_code, n from case_day_counts
                  union all
                  select 'e', coalesce(sample_date, onset_date, (created_at at time zone (select epilink_time_zone()))::date),
                         disease_code, province_code, district_code, commune_code, 1
                  from cases where classification = 'confirmed') u
            group by 1, 2, 3, 4, 5) g
      where g.stored <> g.expected`;
  const small = (table: string, view: string, keys: string[], cols: string[]) =>
    sql.raw(`select '${table}' as rollup, ${keys.includes('grain') ? 'g.grain' : 'null::smallint'} as grain,
        ${keys.includes('day') ? 'g.day' : "date '1970-01-01'"} as day,
        ${keys.includes('disease') ? 'g.disease' + (keys.includes('age_band') ? " || ' ' || g.age_band" : '') : "''"} as disease_code,
        g.province_code, g.district_code, g.commune_code, m.metric, m.stored, m.expected
      from (select ${keys.join(', ')}, ${cols.map((c) => `sum(case when src = 's' then ${c} else 0 end) as s_${c}, sum(case when src = 'e' then ${c} else 0 end) as e_${c}`).join(', ')}
            from (select 's' as src, * from ${table} union all select 'e' as src, * from ${view}) u
            group by ${keys.join(', ')}) g
      cross join lateral (${cols.map((c) => `select '${c}' as metric, g.s_${c} as stored, g.e_${c} as expected`).join(' union all ')}) m
      where m.stored <> m.expected`);
  const coverage = small(
    'indicator_coverage_live',
    'indicator_coverage_expected',
    ['grain', 'disease', 'province_code', 'district_code', 'commune_code', 'age_band', 'day'],
    ['first_dose', 'full_schedule', 'booster'],
  );
  const doseBands = small(
    'indicator_dose_bands_live',
    'indicator_dose_bands_expected',
    ['grain', 'disease', 'province_code', 'district_code', 'commune_code', 'age_band', 'day'],
    ['dose_first', 'dose_second', 'dose_booster', 'dose_additional'],
  );
  const residents = small(
    'indicator_residents_live',
    'indicator_residents_expected',
    ['grain', 'province_code', 'district_code', 'commune_code'],
    ['n'],
  );
  const rows = await queryRows<{
    rollup: string;
    grain: number | null;
    day: string;
    disease_code: string;
    province_code: string;
    district_code: string | null;
    commune_code: string | null;
    metric: string;
    stored: number;
    expected: number;
    total: number;
  }>(
    db,
    sql`select d.rollup, d.grain, d.day::text as day, d.disease_code, d.province_code, d.district_code,
          d.commune_code, d.metric, d.stored::int as stored, d.expected::int as expected,
          (count(*) over ())::int as total
        from (${indicator} union all ${cases} union all ${coverage} union all ${doseBands} union all ${residents}) d
        order by d.rollup, d.day, d.disease_code, d.province_code, d.grain, d.district_code, d.commune_code, d.metric
        limit ${limit}`,
  );
  return {
    differences: rows[0]?.total ?? 0,
    sample: rows.map((r) => ({
      rollup: r.rollup,
      grain: r.grain,
      day: r.day,
      diseaseCode: r.disease_code,
      provinceCode: r.province_code,
      districtCode: r.district_code,
      communeCode: r.commune_code,
      metric: r.metric,
      stored: r.stored,
      expected: r.expected,
    })),
  };
}

/**
 * Recompute the rollups from the raw rows. The exclusive lock waits for writers in flight (their
 * triggers append to the delta tables) and holds new ones and the fold back until the copy
 * commits, so no event is lost or counted twice. Run inside a transaction.
 */
export async function rebuildRollups(tx: DbOrTx): Promise<{ rows: number }> {
  await tx.execute(
    sql`lock table indicator_days, indicator_day_deltas, case_day_counts, indicator_coverage_days,
          indicator_coverage_deltas, indicator_dose_bands, indicator_dose_band_deltas, indicator_residents,
          indicator_resident_deltas in exclusive mode`,
  );
  await tx.execute(sql`delete from indicator_dose_band_deltas`);
  await tx.execute(sql`delete from indicator_dose_bands`);
  await tx.execute(sql`insert into indicator_dose_bands select * from indicator_dose_bands_expected`);
  await tx.execute(sql`delete from indicator_day_deltas`);
  await tx.execute(sql`delete from indicator_coverage_deltas`);
  await tx.execute(sql`delete from indicator_resident_deltas`);
  await tx.execute(sql`delete from indicator_coverage_days`);
  await tx.execute(sql`insert into indicator_coverage_days select * from indicator_coverage_expected`);
  await tx.execute(sql`delete from indicator_residents`);
  await tx.execute(sql`insert into indicator_residents select * from indicator_residents_expected`);
  await tx.execute(sql`delete from indicator_days`);
  const cols = sql.raw(COLUMNS.join(', '));
  const inserted = await queryRows<{ n: number }>(
    tx,
    sql`with i as (insert into indicator_days (grain, day, disease_code, province_code, district_code, commune_code, ${cols})
          select grain, day, disease_code, province_code, district_code, commune_code, ${cols} from indicator_expected
          returning 1) select count(*)::int as n from i`,
  );
  await tx.execute(sql`delete from case_day_counts`);
  await tx.execute(sql`insert into case_day_counts (day, disease_code, province_code, district_code, commune_code, n)
    select coalesce(sample_date, onset_date, (created_at at time zone (select epilink_time_zone()))::date),
           disease_code, province_code, district_code, commune_code, count(*)::int
    from cases where classification = 'confirmed' group by 1, 2, 3, 4, 5`);
  return { rows: inserted[0]?.n ?? 0 };
}

/** The CLI commands: print the differences (exit 1 when any) or rebuild. */
export async function runRollupsCommand(
  database: Database,
  command: 'rollups:check' | 'rollups:rebuild',
  out: (line: string) => void,
): Promise<number> {
  if (command === 'rollups:rebuild') {
    const { rows } = await database.db.transaction((tx) => rebuildRollups(tx));
    out(`Rollups rebuilt from the raw rows (${rows} indicator rows).`);
    return 0;
  }
  const result = await checkRollups(database.db);
  if (result.differences === 0) {
    out('Rollups agree with the raw rows.');
    return 0;
  }
  out(`${result.differences} rollup cell(s) differ from the raw rows:`);
  for (const d of result.sample) {
    const place = [d.provinceCode, d.districtCode ?? '-', d.communeCode ?? '-'].join('/');
    const grain = d.grain === null ? '' : ` grain ${d.grain}`;
    out(
      `  ${d.rollup}${grain} ${d.day} ${d.diseaseCode || '(all)'} ${place} ${d.metric}: stored ${d.stored}, expected ${d.expected}`,
    );
  }
  return 1;
}
