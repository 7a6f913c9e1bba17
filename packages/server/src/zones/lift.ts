/**
 * Lifting a blockaded zone (issue #16 item 6): allowed when the policy in force on the lifting day
 * (`zone.lifting`: N days without a new case) is met — counting from the last confirmed case whose
 * residence is one of the zone's communes, reported (sample day, else confirmation day) on or after
 * the start, or from the start when there is none. The lifting is one transaction with its audit
 * row; the decision documents (establishment and lifting) are bilingual PDFs (pdf.ts).
 */
import { AppError, liftCheck, provinceTimeZone } from '@epilink/core';
import type { LiftCheck } from '@epilink/core';
import { sql } from 'drizzle-orm';
import { actorId } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { zones } from '../db/schema/index.ts';
import { policyInForce } from '../policy/store.ts';
import { zoneInScope } from './service.ts';

/** The day of the last confirmed case in the zone's communes on or after its start (null: none). */
export async function lastCaseInZone(
  db: DbOrTx,
  zone: { startsOn: string; diseaseCode: string; communeCodes: string[] },
): Promise<string | null> {
  const [row] = await queryRows<{ day: string | null }>(
    db,
    sql`select max(d)::text as day from (
          select coalesce(c.sample_date, (c.confirmed_at at time zone ${provinceTimeZone()})::date) as d
          from cases c
          where c.commune_code = any(${sql.param(zone.communeCodes)}::text[])
            and c.classification = 'confirmed' and c.disease_code = ${zone.diseaseCode}) x
        where d >= ${zone.startsOn}::date`,
  );
  return row?.day ?? null;
}

/** Whether the zone may be lifted on `onDay`, with the rule applied (null when no rule is in force). */
export async function liftStatus(
  db: DbOrTx,
  zone: { startsOn: string; diseaseCode: string; communeCodes: string[] },
  onDay: string,
): Promise<(LiftCheck & { daysRequired: number; lastCaseOn: string | null }) | null> {
  const rule = await policyInForce(db, 'zone.lifting', onDay, zone.diseaseCode);
  if (!rule) return null;
  const lastCaseOn = await lastCaseInZone(db, zone);
  return {
    ...liftCheck({ startsOn: zone.startsOn, lastCaseOn }, onDay, rule.value),
    daysRequired: rule.value.daysWithoutNewCase,
    lastCaseOn,
  };
}

/** Lift an active blockaded zone on `liftedOn` under a decision, when the policy allows it. */
export async function liftZone(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  zoneId: string,
  input: { liftedOn: string; decisionRef: string },
) {
  const zone = await zoneInScope(tx, access, zoneId);
  const fail = (messageKey: string, params?: Record<string, string | number>) =>
    new AppError('CONSTRAINT_VIOLATION', {
      details: [{ path: 'liftedOn', messageKey, ...(params ? { params } : {}) }],
    });
  if (zone.kind !== 'blockade') throw fail('zones.lift_.notABlockade');
  if (zone.status !== 'active') throw fail('zones.lift_.alreadyLifted');
  if (input.liftedOn < zone.startsOn) throw fail('zones.lift_.beforeStart');
  const status = await liftStatus(tx, zone, input.liftedOn);
  if (!status) throw fail('zones.lift_.noRule');
  if (!status.allowed)
    throw fail('zones.lift_.notYet', {
      days: status.daysRequired,
      since: status.since,
      earliestOn: status.earliestOn,
    });
  const [row] = await tx
    .update(zones)
    .set({
      status: 'lifted',
      liftedOn: input.liftedOn,
      liftDecisionRef: input.decisionRef,
      liftedBy: actorId(access),
    })
    .where(sql`${zones.id} = ${zone.id} and ${zones.status} = 'active'`)
    .returning({ id: zones.id });
  if (!row) throw new AppError('CONFLICT');
  await writeAudit(tx, access, origin, { action: 'decide', entity: 'zone', entityId: zone.id });
  return { id: zone.id, status: 'lifted' as const, liftedOn: input.liftedOn };
}
