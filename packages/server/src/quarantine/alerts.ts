/**
 * Alerts of quarantined people (issue #16 item 4): acknowledged by an official of the place; an
 * alert left unacknowledged climbs commune → district/area → province after the delays of policy
 * `quarantine.alertEscalation` (core `escalationDue`), and two missed forms in a row raise one.
 * `quarantineTick(db, now)` runs both with the time it is given (the worker passes the real clock,
 * tests a controlled one); each step is audited and published as a live event.
 */
import { AppError, addDays, escalationDue, formSlots, localDay, missedRun } from '@epilink/core';
import type { AlertEscalationRule } from '@epilink/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { actorId, scopeFor, systemAccess } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { quarantineAlerts } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import type { LiveEvent } from '../events/publish.ts';
import { policyInForce } from '../policy/store.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;
const WORKER = systemAccess('quarantine alerts');
const ORIGIN = { ip: null };

/** Acknowledge an open alert of the caller's jurisdiction with a note (404 outside, 409 if done). */
export async function acknowledgeAlert(tx: DbOrTx, access: Access, audit: Audit, id: string, note: string) {
  const a = quarantineAlerts;
  const [found] = await tx
    .select()
    .from(a)
    .where(and(eq(a.id, id), scopeFor(access, a)))
    .for('update');
  if (!found) throw new AppError('NOT_FOUND');
  if (found.status !== 'open') throw new AppError('CONFLICT');
  await tx
    .update(a)
    .set({ status: 'acknowledged', note, acknowledgedBy: actorId(access), acknowledgedAt: new Date() })
    .where(eq(a.id, id));
  await audit({
    action: 'update',
    entity: 'quarantine_alert',
    entityId: id,
    personId: found.personId,
    fields: ['status', 'note'],
    details: { status: 'acknowledged', level: found.level },
  });
  const place = {
    provinceCode: found.provinceCode,
    districtCode: found.districtCode,
    communeCode: found.communeCode,
  };
  await publishEvents(tx, [{ kind: 'quarantineAlert', id, personId: found.personId, place }]);
}

async function escalationRule(
  db: DbOrTx,
  day: string,
  disease: string,
  cache: Map<string, AlertEscalationRule | null>,
) {
  if (!cache.has(disease)) {
    cache.set(disease, (await policyInForce(db, 'quarantine.alertEscalation', day, disease))?.value ?? null);
  }
  return cache.get(disease) ?? null;
}

/** Move every unacknowledged alert whose delay has passed one level up; returns how many moved. */
export async function escalateAlerts(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const open = await queryRows<{
      id: string;
      person_id: string;
      level: 'commune' | 'district';
      level_since: string;
      disease_code: string;
      province_code: string;
      district_code: string | null;
      commune_code: string | null;
    }>(
      tx,
      sql`select a.id, a.person_id, a.level, a.level_since, o.disease_code, a.province_code, a.district_code, a.commune_code
        from quarantine_alerts a join quarantine_orders o on o.id = a.order_id
        where a.status = 'open' and a.level <> 'province' and a.level_since <= ${now.toISOString()}::timestamptz
        order by a.level_since for update of a skip locked limit 1000`,
    );
    const cache = new Map<string, AlertEscalationRule | null>();
    const events: LiveEvent[] = [];
    const audits: AuditEntry[] = [];
    for (const a of open) {
      const rule = await escalationRule(tx, localDay(now), a.disease_code, cache);
      if (!rule) continue;
      const state = {
        level: a.level,
        levelSince: new Date(a.level_since),
        acknowledged: false,
        hasDistrict: a.district_code !== null,
      };
      const next = escalationDue(rule, state, now);
      if (!next) continue;
      await tx
        .update(quarantineAlerts)
        .set({ level: next, levelSince: now })
        .where(eq(quarantineAlerts.id, a.id));
      audits.push({
        action: 'update',
        entity: 'quarantine_alert',
        entityId: a.id,
        personId: a.person_id,
        fields: ['level'],
        details: { from: a.level, to: next, unacknowledgedSince: a.level_since },
      });
      events.push({
        kind: 'quarantineAlert',
        id: a.id,
        personId: a.person_id,
        place: { provinceCode: a.province_code, districtCode: a.district_code, communeCode: a.commune_code },
      });
    }
    await writeAudit(tx, WORKER, ORIGIN, audits);
    await publishEvents(tx, events);
    return events.length;
  });
}

/**
 * Raise one alert per run of missed forms (the policy's count in a row) of active quarantine and
 * isolation orders (self-monitoring has no forms to miss); returns how many were raised.
 */
export async function raiseMissedFormAlerts(db: Db, now: Date): Promise<number> {
  const day = localDay(now);
  return db.transaction(async (tx) => {
    const orders = await queryRows<{
      id: string;
      person_id: string;
      disease_code: string;
      start_date: string;
      quarantine_end: string;
      confirmed_at: string;
      last_form: string | null;
      province_code: string;
      district_code: string | null;
      commune_code: string | null;
    }>(
      tx,
      sql`select o.id, o.person_id, o.disease_code, to_char(o.start_date, 'YYYY-MM-DD') as start_date,
          to_char(o.quarantine_end, 'YYYY-MM-DD') as quarantine_end, o.confirmed_at, o.province_code, o.district_code, o.commune_code,
          (select max(f.submitted_at) from quarantine_forms f where f.order_id = o.id) as last_form
        from quarantine_orders o
        where o.status = 'active' and o.kind <> 'monitoring' and o.start_date <= ${day}::date
          and o.quarantine_end >= ${addDays(day, -1)}::date and o.confirmed_at is not null`,
    );
    const cache = new Map<string, AlertEscalationRule | null>();
    const raised: {
      orderId: string;
      personId: string;
      key: string;
      count: number;
      place: LiveEvent['place'];
    }[] = [];
    for (const o of orders) {
      const rule = await escalationRule(tx, day, o.disease_code, cache);
      if (!rule) continue;
      const from = [o.start_date, addDays(day, -3)].sort().at(-1)!;
      const last = [o.quarantine_end, day].sort()[0]!;
      const slots = formSlots(rule, from, last, new Date(o.confirmed_at));
      const run = missedRun(slots, o.last_form ? [new Date(o.last_form)] : [], now);
      if (run.count < rule.missedFormsForAlert || !run.first) continue;
      raised.push({
        orderId: o.id,
        personId: o.person_id,
        key: `missed:${o.id}:${run.first.day}:${run.first.index}`,
        count: run.count,
        place: { provinceCode: o.province_code, districtCode: o.district_code, communeCode: o.commune_code },
      });
    }
    if (raised.length === 0) return 0;
    const inserted = await tx
      .insert(quarantineAlerts)
      .values(
        raised.map((r) => ({
          orderId: r.orderId,
          personId: r.personId,
          ...r.place,
          kind: 'missedForms' as const,
          signs: [{ code: 'missedForms', count: r.count }],
          dedupKey: r.key,
          levelSince: now,
          raisedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning({
        id: quarantineAlerts.id,
        personId: quarantineAlerts.personId,
        orderId: quarantineAlerts.orderId,
      });
    const byOrder = new Map(raised.map((r) => [r.orderId, r]));
    await writeAudit(
      tx,
      WORKER,
      ORIGIN,
      inserted.map((a) => ({
        action: 'create' as const,
        entity: 'quarantine_alert',
        entityId: a.id,
        personId: a.personId,
        fields: ['level'],
        details: { kind: 'missedForms', level: 'commune', count: byOrder.get(a.orderId)!.count },
      })),
    );
    await publishEvents(
      tx,
      inserted.map((a) => ({
        kind: 'quarantineAlert' as const,
        id: a.id,
        personId: a.personId,
        place: byOrder.get(a.orderId)!.place,
      })),
    );
    return inserted.length;
  });
}

/** One pass of the worker: missed forms, then escalation, at `now`. */
export async function quarantineTick(db: Db, now: Date): Promise<{ raised: number; escalated: number }> {
  const raised = await raiseMissedFormAlerts(db, now);
  return { raised, escalated: await escalateAlerts(db, now) };
}

/** Run the tick every `everyMs` (default 30 s); the returned function stops it. */
export function startQuarantineWorker(db: Db, onError: (e: unknown) => void, everyMs = 30_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    quarantineTick(db, new Date())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
