/**
 * The quarantine officers' worklist (issue #16 item 5), scoped in SQL to the caller's jurisdiction:
 * open alerts at the caller's level (a commune sees every alert of its people; a district those
 * escalated to it or further; the province those escalated to it), proposals to confirm, orders
 * whose form for the current slot is not in, tests due today and releases due. Each section is
 * ordered and limited with its total count, so a truncated section says so.
 */
import { formSlots, localDay } from '@epilink/core';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorJurisdiction, scopeFor } from '../access/context.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { quarantineAlerts, quarantineOrders } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';

/** Rows per section. */
export const SECTION_LIMIT = 100;

/** One order in a section. */
export interface OrderItem {
  id: string;
  personId: string;
  name: string;
  phone: string | null;
  communeCode: string | null;
  kind: string;
  status: string;
  role: string;
  startDate: string;
  quarantineEnd: string;
  endDate: string;
  testsDue: string[];
  ruleSource: string | null;
}

/** One alert. */
export interface AlertItem {
  id: string;
  orderId: string;
  personId: string;
  name: string;
  phone: string | null;
  communeCode: string | null;
  kind: string;
  signs: unknown;
  level: string;
  status: string;
  raisedAt: string;
}

/** A section: its first rows and how many there are in all. */
export interface Section<T> {
  items: T[];
  total: number;
}

const ORDER_COLUMNS = sql`quarantine_orders.id, quarantine_orders.person_id as "personId", p.full_name as name, p.phone, quarantine_orders.commune_code as "communeCode",
  quarantine_orders.kind, quarantine_orders.status, quarantine_orders.role, to_char(quarantine_orders.start_date, 'YYYY-MM-DD') as "startDate",
  to_char(quarantine_orders.quarantine_end, 'YYYY-MM-DD') as "quarantineEnd", to_char(quarantine_orders.end_date, 'YYYY-MM-DD') as "endDate",
  quarantine_orders.tests_due as "testsDue", quarantine_orders.rule_source as "ruleSource", count(*) over ()::int as total`;

async function orderSection(db: DbOrTx, where: SQL, order: SQL): Promise<Section<OrderItem>> {
  const rows = await queryRows<OrderItem & { total: number }>(
    db,
    sql`select ${ORDER_COLUMNS} from quarantine_orders join persons p on p.id = quarantine_orders.person_id
      where ${where} order by ${order} limit ${SECTION_LIMIT}`,
  );
  return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

/** The alert levels the caller's screen shows. */
function levelsFor(access: Access): string[] {
  const level = actorJurisdiction(access)?.level;
  if (level === 'province') return ['province'];
  if (level === 'district') return ['district', 'province'];
  return ['commune', 'district', 'province'];
}

/** (Rows are read by table name: `scopeFor` renders the table's own columns.) */
/** The worklist at `now`, optionally for one commune of the jurisdiction. */
export async function worklist(db: DbOrTx, access: Access, now: Date, communeCode?: string) {
  const day = localDay(now);
  const inScope = sql`${scopeFor(access, quarantineOrders)} ${communeCode ? sql`and quarantine_orders.commune_code = ${communeCode}` : sql``}`;
  const alertRows = await queryRows<AlertItem & { total: number }>(
    db,
    sql`select quarantine_alerts.id, quarantine_alerts.order_id as "orderId", quarantine_alerts.person_id as "personId", p.full_name as name, p.phone,
        quarantine_alerts.commune_code as "communeCode", quarantine_alerts.kind, quarantine_alerts.signs, quarantine_alerts.level, quarantine_alerts.status, quarantine_alerts.raised_at as "raisedAt",
        count(*) over ()::int as total
      from quarantine_alerts join persons p on p.id = quarantine_alerts.person_id
      where quarantine_alerts.status = 'open' and quarantine_alerts.level = any(${`{${levelsFor(access).join(',')}}`}::text[])
        and ${scopeFor(access, quarantineAlerts)} ${communeCode ? sql`and quarantine_alerts.commune_code = ${communeCode}` : sql``}
      order by quarantine_alerts.raised_at desc limit ${SECTION_LIMIT}`,
  );
  const rule = await policyInForce(db, 'quarantine.alertEscalation', day, null);
  const slot = rule
    ? formSlots(rule.value, day, day, new Date(0))
        .filter((s) => s.opensAt <= now)
        .at(-1)
    : undefined;
  const formsDue = slot
    ? await orderSection(
        db,
        sql`quarantine_orders.status = 'active' and quarantine_orders.kind <> 'monitoring' and quarantine_orders.quarantine_end >= ${day}::date and ${inScope}
          and not exists (select 1 from quarantine_forms f where f.order_id = quarantine_orders.id and f.submitted_at >= ${slot.opensAt.toISOString()}::timestamptz)`,
        sql`quarantine_orders.commune_code, quarantine_orders.id`,
      )
    : { items: [], total: 0 };
  return {
    day,
    slotDueBy: slot ? slot.dueBy.toISOString() : null,
    alerts: {
      items: alertRows.map(({ total: _t, raisedAt, ...r }) => ({
        ...r,
        raisedAt: new Date(raisedAt).toISOString(),
      })),
      total: alertRows[0]?.total ?? 0,
    },
    proposed: await orderSection(
      db,
      sql`quarantine_orders.status = 'proposed' and ${inScope}`,
      sql`quarantine_orders.created_at, quarantine_orders.id`,
    ),
    formsDue,
    testsDue: await orderSection(
      db,
      sql`quarantine_orders.status = 'active' and quarantine_orders.tests_due @> jsonb_build_array(${day}::text) and ${inScope}`,
      sql`quarantine_orders.commune_code, quarantine_orders.id`,
    ),
    releasesDue: await orderSection(
      db,
      sql`quarantine_orders.status = 'active' and quarantine_orders.end_date <= ${day}::date and ${inScope}`,
      sql`quarantine_orders.end_date, quarantine_orders.id`,
    ),
  };
}
