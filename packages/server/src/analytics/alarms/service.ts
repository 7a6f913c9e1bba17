/**
 * Early-warning alarms read and acknowledged by officials (issue #14 item 5). Reads are scoped to
 * the caller's jurisdiction in SQL (`scopeFor`); an alarm outside it does not exist for the caller
 * (404), like any record. Acknowledging is one transaction with its audit row and a live event.
 */
import { AppError } from '@epilink/core';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Access } from '../../access/context.ts';
import { actorId, scopeFor } from '../../access/context.ts';
import type { AuditEntry } from '../../audit/audit.ts';
import type { DbOrTx } from '../../db/client.ts';
import { analyticsAlarms } from '../../db/schema/index.ts';
import { publishEvents } from '../../events/publish.ts';

/** An alarm as the API returns it. */
export interface AlarmView {
  id: string;
  communeCode: string;
  communeName: string | null;
  districtCode: string | null;
  disease: string;
  day: string;
  method: 'C1' | 'C2' | 'C3' | 'weeklyIncidence';
  observed: number;
  threshold: number;
  status: 'open' | 'acknowledged' | 'closed';
  note: string | null;
  acknowledgedAt: string | null;
  /** Why it closed: quiet (the scan) or resolved (an official); null while not closed. */
  closeReason: 'quiet' | 'resolved' | null;
  closeNote: string | null;
  closedAt: string | null;
}

/** The statuses a list can ask for: `active` is open or acknowledged (not closed yet). */
export type AlarmStatusFilter = 'open' | 'acknowledged' | 'closed' | 'active' | 'all';

const LIMIT = 500;

/** Alarms in the caller's jurisdiction (open ones by default), newest first. */
export async function listAlarms(
  db: DbOrTx,
  access: Access,
  q: { status?: AlarmStatusFilter | undefined; disease?: string | undefined; id?: string | undefined },
): Promise<AlarmView[]> {
  const a = analyticsAlarms;
  const status = q.status ?? 'open';
  const rows = await db
    .select({
      id: a.id,
      communeCode: a.communeCode,
      communeName: sql<string | null>`(select u.name from admin_units u where u.code = ${a.communeCode}
        order by u.valid_from desc limit 1)`,
      districtCode: a.districtCode,
      disease: a.diseaseCode,
      day: a.day,
      method: a.method,
      observed: a.observed,
      threshold: a.threshold,
      status: a.status,
      note: a.note,
      acknowledgedAt: a.acknowledgedAt,
      closeReason: a.closeReason,
      closeNote: a.closeNote,
      closedAt: a.closedAt,
    })
    .from(a)
    .where(
      and(
        scopeFor(access, a),
        status === 'all'
          ? undefined
          : status === 'active'
            ? inArray(a.status, ['open', 'acknowledged'])
            : eq(a.status, status),
        q.disease ? eq(a.diseaseCode, q.disease) : undefined,
        q.id ? eq(a.id, q.id) : undefined,
      ),
    )
    .orderBy(desc(a.day), a.communeCode, a.method)
    .limit(LIMIT);
  return rows.map((r) => ({
    ...r,
    communeCode: r.communeCode ?? '',
    acknowledgedAt: r.acknowledgedAt ? r.acknowledgedAt.toISOString() : null,
    closedAt: r.closedAt ? r.closedAt.toISOString() : null,
  }));
}

/**
 * Acknowledge an open alarm with a note. Outside the caller's jurisdiction or unknown: 404; already
 * acknowledged or closed: 409 with nothing changed.
 */
export async function acknowledgeAlarm(
  tx: DbOrTx,
  access: Access,
  audit: (entries: AuditEntry | AuditEntry[]) => Promise<void>,
  id: string,
  note: string,
): Promise<AlarmView> {
  const a = analyticsAlarms;
  const [found] = await tx
    .select({ id: a.id, status: a.status })
    .from(a)
    .where(and(eq(a.id, id), scopeFor(access, a)))
    .for('update');
  if (!found) throw new AppError('NOT_FOUND');
  if (found.status !== 'open') throw new AppError('CONFLICT');
  const [row] = await tx
    .update(a)
    .set({ status: 'acknowledged', note, acknowledgedBy: actorId(access), acknowledgedAt: new Date() })
    .where(and(eq(a.id, id), inArray(a.status, ['open'])))
    .returning();
  if (!row) throw new AppError('CONFLICT');
  await audit({
    action: 'update',
    entity: 'analytics_alarm',
    entityId: id,
    fields: ['status', 'note'],
    details: { status: 'acknowledged', method: row.method, disease: row.diseaseCode, day: row.day },
  });
  await publishEvents(tx, [
    {
      kind: 'alarm',
      id,
      place: { provinceCode: row.provinceCode, districtCode: row.districtCode, communeCode: row.communeCode },
    },
  ]);
  const [view] = await listAlarms(tx, access, { status: 'all', id });
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}
