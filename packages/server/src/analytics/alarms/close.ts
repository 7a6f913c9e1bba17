/**
 * Closing early-warning alarms (issue #14 item 5). An alarm is a task until it is closed, in one of
 * two ways, each audited with a live `alarm` event in the same transaction:
 * - `quiet` (by the scan): its commune × disease raised no alarm by any method on each of the last
 *   `earlyWarning.alarmClosing.quietDays` days (policy in force on the day scanned, per disease),
 *   and the scan evaluated every one of those days (a day the server missed is not counted quiet);
 * - `resolved` (by an official with `case:trace` in whose jurisdiction it is): with a note, from
 *   open or acknowledged. Outside the jurisdiction or unknown: 404; already closed: 409.
 */
import { AppError, addDays } from '@epilink/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId, scopeFor, systemAccess } from '../../access/context.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import { writeAudit } from '../../audit/audit.ts';
import type { DbOrTx, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { analyticsAlarms } from '../../db/schema/index.ts';
import { publishEvents } from '../../events/publish.ts';
import { policyInForce } from '../../policy/store.ts';

interface ClosedRow {
  id: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
  diseaseCode: string;
  method: string;
  day: string;
}

/**
 * Close, as of `day`, the open and acknowledged alarms whose commune × disease has been quiet for
 * the policy's number of days. Returns how many were closed.
 */
export async function closeQuietAlarms(tx: Tx, day: string): Promise<number> {
  const diseases = await queryRows<{ disease: string }>(
    tx,
    sql`select distinct disease_code as disease from analytics_alarms
        where status in ('open', 'acknowledged') and day <= ${day}`,
  );
  const closed: ClosedRow[] = [];
  for (const { disease } of diseases) {
    const rule = await policyInForce(tx, 'earlyWarning.alarmClosing', day, disease);
    if (!rule) continue;
    const quiet = rule.value.quietDays;
    const since = addDays(day, -quiet + 1);
    // Every day of the quiet period before this one (being scanned now) must have been scanned.
    const [scanned] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from analytics_alarm_scans where day >= ${since} and day < ${day}`,
    );
    if ((scanned?.n ?? 0) < quiet - 1) continue;
    const rows = await queryRows<ClosedRow>(
      tx,
      sql`update analytics_alarms a set status = 'closed', close_reason = 'quiet', closed_at = now()
          where a.status in ('open', 'acknowledged') and a.disease_code = ${disease} and a.day < ${since}
            and not exists (select 1 from analytics_alarms b
              where b.commune_code = a.commune_code and b.disease_code = a.disease_code
                and b.day between ${since} and ${day})
          returning a.id, a.province_code as "provinceCode", a.district_code as "districtCode",
            a.commune_code as "communeCode", a.disease_code as "diseaseCode", a.method, a.day::text as day`,
    );
    closed.push(...rows);
  }
  if (closed.length > 0) {
    await writeAudit(
      tx,
      systemAccess('early-warning scan'),
      { ip: null },
      closed.map((a) => ({
        action: 'update' as const,
        entity: 'analytics_alarm',
        entityId: a.id,
        fields: ['status'],
        details: { status: 'closed', reason: 'quiet', asOf: day, method: a.method, disease: a.diseaseCode },
      })),
    );
    await publishEvents(tx, closed.map(alarmEvent));
  }
  return closed.length;
}

function alarmEvent(a: Pick<ClosedRow, 'id' | 'provinceCode' | 'districtCode' | 'communeCode'>) {
  return {
    kind: 'alarm' as const,
    id: a.id,
    place: { provinceCode: a.provinceCode, districtCode: a.districtCode, communeCode: a.communeCode },
  };
}

/** Close an open or acknowledged alarm of the caller's jurisdiction as resolved, with a note. */
export async function resolveAlarm(
  tx: DbOrTx,
  access: Access,
  audit: (entries: AuditEntry | AuditEntry[]) => Promise<void>,
  id: string,
  note: string,
): Promise<void> {
  const a = analyticsAlarms;
  const [found] = await tx
    .select({ id: a.id, status: a.status })
    .from(a)
    .where(and(eq(a.id, id), scopeFor(access, a)))
    .for('update');
  if (!found) throw new AppError('NOT_FOUND');
  if (found.status === 'closed') throw new AppError('CONFLICT');
  const [row] = await tx
    .update(a)
    .set({
      status: 'closed',
      closeReason: 'resolved',
      closeNote: note,
      closedBy: actorId(access),
      closedAt: new Date(),
    })
    .where(and(eq(a.id, id), inArray(a.status, ['open', 'acknowledged'])))
    .returning();
  if (!row) throw new AppError('CONFLICT');
  await audit({
    action: 'update',
    entity: 'analytics_alarm',
    entityId: id,
    fields: ['status', 'closeNote'],
    details: {
      status: 'closed',
      reason: 'resolved',
      method: row.method,
      disease: row.diseaseCode,
      day: row.day,
    },
  });
  await publishEvents(tx, [alarmEvent(row)]);
}
