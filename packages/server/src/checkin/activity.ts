/**
 * Adoption indicators of venue check-in: registered vs active venues (a check-in in the last 7
 * days), check-ins per day, by district, commune and venue type, and the venues gone quiet.
 * They read the daily rollup `checkin_daily` (kept up to date by checkin/rollup.ts), never raw rows.
 */
import { ACTIVE_WINDOW_DAYS, addDays, localDay } from '@epilink/core';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { venues } from '../db/schema/index.ts';
import { afterCursor, orderByKey, pageOf } from '../http/page.ts';
import type { KeyPart } from '../http/page.ts';

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
  totals: { registered: number; active: number; checkinsToday: number };
  byDistrict: ActivityRow[];
  byCommune: ActivityRow[];
  byType: ActivityRow[];
  perDay: { day: string; count: number }[];
  /** The first page of quiet venues; `quietNextCursor` continues them (GET /api/checkins/activity/quiet). */
  quiet: QuietVenue[];
  quietNextCursor: string | null;
}

function rows(db: DbOrTx, scope: SQL, group: SQL, name: SQL, today: string, weekStart: string) {
  return queryRows<{
    key: string;
    name: string | null;
    registered: number;
    active: number;
    today: number;
    week: number;
  }>(
    db,
    sql`with v as (
      select venues.*, d.today, d.week from venues
      left join lateral (select coalesce(sum(count) filter (where day = ${today}::date), 0)::int as today,
          coalesce(sum(count), 0)::int as week
        from checkin_daily d where d.venue_id = venues.id and d.day >= ${weekStart}::date) d on true
      where venues.status = 'approved' and ${scope}
    )
    select ${group} as key, ${name} as name, count(*)::int as registered,
      count(*) filter (where week > 0)::int as active, sum(today)::int as today, sum(week)::int as week
    from v group by 1, 2 order by 1`,
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

/** Registered/active venues and check-ins by district, commune and type; quiet venues; per day. */
export async function activityReport(db: DbOrTx, access: Access, now = new Date()): Promise<ActivityReport> {
  const scope = scopeFor(access, venues);
  const today = localDay(now);
  const weekStart = addDays(today, -(ACTIVE_WINDOW_DAYS - 1));
  const monthStart = addDays(today, -29);
  const unitName = (col: string) =>
    sql.raw(`(select name from admin_units u where u.code = v.${col} and u.valid_to is null limit 1)`);
  const map = (r: {
    key: string;
    name: string | null;
    registered: number;
    active: number;
    today: number;
    week: number;
  }) => ({
    key: r.key,
    name: r.name,
    registered: r.registered,
    active: r.active,
    checkinsToday: r.today ?? 0,
    checkins7Days: r.week ?? 0,
  });
  const byDistrict = (
    await rows(db, scope, sql`v.district_code`, unitName('district_code'), today, weekStart)
  ).map(map);
  const byCommune = (
    await rows(db, scope, sql`v.commune_code`, unitName('commune_code'), today, weekStart)
  ).map(map);
  const byType = (await rows(db, scope, sql`v.type`, sql`null::text`, today, weekStart)).map(map);
  const perDay = await queryRows<{ day: string; count: number }>(
    db,
    sql`select to_char(d.day, 'YYYY-MM-DD') as day, sum(d.count)::int as count from checkin_daily d
      join venues on venues.id = d.venue_id where d.day >= ${monthStart}::date and ${scope}
      group by d.day order by d.day`,
  );
  const quietPage = await quietVenues(db, access, { limit: QUIET_FIRST_PAGE }, now);
  const sum = (f: (r: ActivityRow) => number) => byDistrict.reduce((a, r) => a + f(r), 0);
  return {
    asOf: now.toISOString(),
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
