/**
 * Adoption indicators of venue check-in: registered vs active venues (a check-in in the last 7
 * days), check-ins per day, by district, commune and venue type, and the venues gone quiet.
 * They read the daily rollup `checkin_daily` (kept up to date by checkin/rollup.ts), never raw rows.
 */
import { ACTIVE_WINDOW_DAYS, addDays, localDay, provinceTimeZone } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { venues } from '../db/schema/index.ts';
import { afterCursor, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';
import { carryTallies, districtGroups, unitsAsOfContext } from '../registry/units/asof.ts';

/** One row of an indicator table. */
export interface ActivityRow {
  key: string;
  name: string | null;
  registered: number;
  active: number;
  checkinsToday: number;
  checkins7Days: number;
}

/** The indicators within the caller's jurisdiction. */
export interface ActivityReport {
  asOf: string;
  /** The units the report is in: the list in force on this day. */
  unitsAsOf: string;
  totals: { registered: number; active: number; checkinsToday: number };
  byDistrict: ActivityRow[];
  byCommune: ActivityRow[];
  byType: ActivityRow[];
  perDay: { day: string; count: number }[];
  /** The first page of quiet venues; `quietNextCursor` continues them (GET /api/checkins/activity/quiet). */
  quiet: QuietVenue[];
  quietNextCursor: string | null;
}

/** Venues by current commune (and recorded commune on the hint day, when asked), with counts. */
function communeRows(db: DbOrTx, scope: SQL, today: string, weekStart: string, hintBefore: string | null) {
  // A venue's commune in older units: the commune recorded on its last check-in before the change
  // table that moved it (check-ins keep the unit of their date; the venue row holds today's).
  const hint = hintBefore
    ? sql`(select c.commune_code from checkins c where c.venue_id = venues.id and c.checked_in_at < (${hintBefore}::date)::timestamp at time zone ${provinceTimeZone()} order by c.checked_in_at desc limit 1)`
    : sql`null::text`;
  return queryRows<{
    code: string;
    hint: string | null;
    registered: number;
    active: number;
    today: number;
    week: number;
  }>(
    db,
    sql`with v as (
      select venues.commune_code, ${hint} as hint, d.today, d.week from venues
      left join lateral (select coalesce(sum(count) filter (where day = ${today}::date), 0)::int as today,
          coalesce(sum(count), 0)::int as week
        from checkin_daily d where d.venue_id = venues.id and d.day >= ${weekStart}::date and d.day <= ${today}::date) d on true
      where venues.status = 'approved' and ${scope}
    )
    select commune_code as code, hint, count(*)::int as registered,
      count(*) filter (where week > 0)::int as active, sum(today)::int as today, sum(week)::int as week
    from v group by 1, 2`,
  );
}

/** Venues by type, with counts. */
function typeRows(db: DbOrTx, scope: SQL, today: string, weekStart: string) {
  return queryRows<{ key: string; registered: number; active: number; today: number; week: number }>(
    db,
    sql`with v as (
      select venues.type, d.today, d.week from venues
      left join lateral (select coalesce(sum(count) filter (where day = ${today}::date), 0)::int as today,
          coalesce(sum(count), 0)::int as week
        from checkin_daily d where d.venue_id = venues.id and d.day >= ${weekStart}::date and d.day <= ${today}::date) d on true
      where venues.status = 'approved' and ${scope}
    )
    select type as key, count(*)::int as registered,
      count(*) filter (where week > 0)::int as active, sum(today)::int as today, sum(week)::int as week
    from v group by 1 order by 1`,
  );
}

/** An approved venue with no check-in in the active window. */
export interface QuietVenue {
  id: string;
  name: string;
  type: string;
  communeCode: string;
  lastCheckinDay: string | null;
}

/** Quiet venues in the dashboard's first answer; the rest by cursor. */
export const QUIET_FIRST_PAGE = 100;

/** The quiet-venue list's order: by commune, then name. */
const QUIET_KEY: KeyPart[] = [
  { column: venues.communeCode, type: 'text' },
  { column: venues.name, type: 'text' },
  { column: venues.id, type: 'uuid' },
];

/**
 * One keyset page of the approved venues in the caller's jurisdiction with no check-in in the
 * active window (filters in SQL), by commune and name, and the cursor of the next page.
 */
export async function quietVenues(
  db: DbOrTx,
  access: Access,
  page: { cursor?: string; limit: number },
  now = new Date(),
): Promise<{ items: QuietVenue[]; nextCursor: string | null }> {
  const weekStart = addDays(localDay(now), -(ACTIVE_WINDOW_DAYS - 1));
  const after = afterCursor(QUIET_KEY, page.cursor, 'asc');
  const rows = await queryRows<QuietVenue & { k0: string; k1: string; k2: string }>(
    db,
    sql`select venues.id, venues.name, venues.type, venues.commune_code as "communeCode",
        (select to_char(max(day), 'YYYY-MM-DD') from checkin_daily d where d.venue_id = venues.id) as "lastCheckinDay",
        venues.commune_code as k0, venues.name as k1, venues.id::text as k2
      from venues where venues.status = 'approved' and ${scopeFor(access, venues)}
        and not exists (select 1 from checkin_daily d where d.venue_id = venues.id and d.day >= ${weekStart}::date and d.count > 0)
        ${after ? sql`and ${after}` : sql``}
      order by ${sql.join(orderByKey(QUIET_KEY, 'asc'), sql`, `)} limit ${page.limit + 1}`,
  );
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => [r.k0, r.k1, r.k2]);
  return {
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      communeCode: r.communeCode,
      lastCheckinDay: r.lastCheckinDay,
    })),
    nextCursor,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Registered/active venues and check-ins by district, commune and type; quiet venues; per day —
 * on the day of `now`, in the units of the list in force on `unitsAsOf` (default: today's). A
 * venue is placed by its current (re-homed) commune, carried into the chosen units by the change
 * tables (registry/units/asof.ts, the rule of every report); backward, into the commune recorded
 * on its last check-in before the change when known, else shared among the old communes. A
 * district is the commune's parent in that list, or in a list with no districts its health area.
 */
export async function activityReport(
  db: DbOrTx,
  access: Access,
  now = new Date(),
  unitsAsOf = localDay(new Date()),
): Promise<ActivityReport> {
  const scope = scopeFor(access, venues);
  const today = localDay(now);
  const weekStart = addDays(today, -(ACTIVE_WINDOW_DAYS - 1));
  const monthStart = addDays(today, -29);
  const ctx = await unitsAsOfContext(db, unitsAsOf);
  const hintBefore = ctx.targetEra < ctx.currentEra ? ctx.sets[ctx.targetEra]!.effectiveDate : null;
  const [communes, types] = await Promise.all([
    communeRows(db, scope, today, weekStart, hintBefore),
    typeRows(db, scope, today, weekStart),
  ]);
  const carried = await carryTallies(
    db,
    ctx,
    communes.map((r) => ({
      key: '',
      code: r.code,
      era: ctx.currentEra,
      hint: r.hint,
      values: [r.registered, r.active, r.today ?? 0, r.week ?? 0],
    })),
  );
  const toRow = (key: string, name: string | null, v: readonly number[]): ActivityRow => ({
    key,
    name,
    registered: round(v[0]!),
    active: round(v[1]!),
    checkinsToday: round(v[2]!),
    checkins7Days: round(v[3]!),
  });
  const placed = [
    ...carried.placed.map((p) => ({
      code: p.code,
      name: carried.names.get(p.code) ?? null,
      values: p.values,
    })),
    ...carried.unplaced.map((u) => ({ code: u.code, name: null, values: u.values })),
  ];
  const byCommune = placed
    .map((p) => toRow(p.code, p.name, p.values))
    .sort((a, b) => a.key.localeCompare(b.key));
  const groups = await districtGroups(
    db,
    unitsAsOf,
    carried.placed.map((p) => p.code),
  );
  const districtSums = new Map<string, number[]>();
  for (const p of placed) {
    for (const g of groups.groupsOf.get(p.code) ?? ['']) {
      const sum = districtSums.get(g) ?? [0, 0, 0, 0];
      p.values.forEach((n, i) => (sum[i] = sum[i]! + n));
      districtSums.set(g, sum);
    }
  }
  const byDistrict = [...districtSums]
    .map(([code, v]) => toRow(code, groups.names.get(code) ?? null, v))
    .sort((a, b) => a.key.localeCompare(b.key));
  const byType = types.map((r) => toRow(r.key, null, [r.registered, r.active, r.today ?? 0, r.week ?? 0]));
  const perDay = await queryRows<{ day: string; count: number }>(
    db,
    sql`select to_char(d.day, 'YYYY-MM-DD') as day, sum(d.count)::int as count from checkin_daily d
      join venues on venues.id = d.venue_id where d.day >= ${monthStart}::date and d.day <= ${today}::date and ${scope}
      group by d.day order by d.day`,
  );
  const quietPage = await quietVenues(db, access, { limit: QUIET_FIRST_PAGE }, now);
  const sum = (f: (r: ActivityRow) => number) => byType.reduce((a, r) => a + f(r), 0);
  return {
    asOf: now.toISOString(),
    unitsAsOf,
    totals: {
      registered: sum((r) => r.registered),
      active: sum((r) => r.active),
      checkinsToday: sum((r) => r.checkinsToday),
    },
    byDistrict,
    byCommune,
    byType,
    perDay,
    quiet: quietPage.items,
    quietNextCursor: quietPage.nextCursor,
  };
}
