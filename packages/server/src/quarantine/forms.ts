/**
 * Twice-daily health forms (issue #16 item 3): filled by the person from the signed link (no
 * sign-in; the link opens its order only, while the order is active) or by a health worker during a
 * call. Warning signs are evaluated by core `warningSigns` under policy `quarantine.warningSigns`
 * in force that day, with the person's age for the children's respiratory bands; any sign raises an
 * alert at once in the same transaction (a live event to the commune's open screens).
 */
import { AppError, ageOn, localDay, warningSigns } from '@epilink/core';
import type { HealthReadings, WarningSign } from '@epilink/core';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import { auditInsert } from '../audit/audit.ts';
import type { AuditEntry, AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { persons, quarantineAlerts, quarantineForms, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { policyInForceFromJson, policyRowsJson } from '../policy/store.ts';

/** What the person sees on their form page (no name: the link may be forwarded). */
export interface FormContext {
  kind: string;
  start: string;
  end: string;
  hotlines: { advice: string; emergency: string };
}

/** The result of a form: the warning signs found and the hotlines to call. */
export interface FormOutcome {
  formId: string;
  signs: WarningSign[];
  alertId: string | null;
  hotlines: { advice: string; emergency: string };
}

const DEFAULT_HOTLINES = { advice: '1022', emergency: '115' };

/** An order the form may be filled for on `day`: active and not past its end; else 404. */
async function activeOrder(tx: DbOrTx, orderId: string, day: string, access: Access | null) {
  // The warning-sign rule's versions come with the order: one round trip for both.
  const [row] = await tx
    .select({
      o: quarantineOrders,
      dateOfBirth: persons.dateOfBirth,
      rules: sql<Record<string, unknown>[]>`${policyRowsJson('quarantine.warningSigns')}`,
    })
    .from(quarantineOrders)
    .innerJoin(persons, eq(persons.id, quarantineOrders.personId))
    .where(and(eq(quarantineOrders.id, orderId), access ? scopeFor(access, quarantineOrders) : undefined));
  if (!row) throw new AppError(access ? 'NOT_FOUND' : 'QUARANTINE_LINK_INVALID');
  if (row.o.status !== 'active' || day > row.o.endDate || day < row.o.startDate) {
    throw new AppError(access ? 'CONFLICT' : 'QUARANTINE_LINK_INVALID');
  }
  const rule = policyInForceFromJson(tx, 'quarantine.warningSigns', row.rules, day, row.o.diseaseCode);
  return { o: row.o, dateOfBirth: row.dateOfBirth, rule };
}

/** The page behind a signed link. */
export async function formContext(tx: DbOrTx, orderId: string, now: Date): Promise<FormContext> {
  const { o, rule } = await activeOrder(tx, orderId, localDay(now), null);
  return {
    kind: o.kind,
    start: o.startDate,
    end: o.endDate,
    hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES,
  };
}

/** Who fills a form, for its audit rows: the health worker, or the person through the link (anonymous). */
export interface FormAuditor {
  access: Access;
  origin: AuditOrigin;
}

/**
 * Store a form and raise an alert when it shows a warning sign. `input.access` null = the person
 * through the signed link; otherwise the health worker (scoped: outside the jurisdiction 404). Two
 * statements: the order with the rule in force, then the form, its alert (if any) and their audit
 * rows in one (a data-modifying CTE), and the alert's live event when there is one.
 */
export async function submitForm(
  tx: DbOrTx,
  by: FormAuditor,
  input: { orderId: string; access: Access | null; workerId: string | null; readings: HealthReadings },
  now: Date,
): Promise<FormOutcome> {
  const day = localDay(now);
  const { o, dateOfBirth, rule } = await activeOrder(tx, input.orderId, day, input.access);
  const signs = rule
    ? warningSigns(rule.value, input.readings, dateOfBirth ? ageOn(dateOfBirth, day) : null)
    : [];
  const r = input.readings;
  const filledBy = input.access ? 'worker' : 'person';
  const alertId = signs.length > 0 ? randomUUID() : null;
  const at = now.toISOString();
  const entries: AuditEntry[] = [
    {
      // The form's id is the one the statement returns.
      action: 'create',
      entity: 'quarantine_form',
      personId: o.personId,
      fields: ['readings'],
      details: { orderId: o.id, filledBy, signs: signs.length },
    },
    ...(alertId
      ? [
          {
            action: 'create' as const,
            entity: 'quarantine_alert',
            entityId: alertId,
            personId: o.personId,
            fields: ['level'],
            details: { kind: 'warningSign', level: 'commune', signs: signs.map((s) => s.code) },
          },
        ]
      : []),
  ];
  const alert = alertId
    ? sql`a as (insert into ${quarantineAlerts} (id, order_id, person_id, province_code, district_code,
          commune_code, kind, form_id, signs, dedup_key, level_since, raised_at)
        select ${alertId}::uuid, ${o.id}::uuid, ${o.personId}::uuid, ${o.provinceCode}, ${o.districtCode},
          ${o.communeCode}, 'warningSign', f.id::text, ${JSON.stringify(signs)}::jsonb, 'form:' || f.id,
          ${at}::timestamptz, ${at}::timestamptz
        from f),`
    : sql``;
  const [form] = await queryRows<{ id: string }>(
    tx,
    sql`with f as (insert into ${quarantineForms} (order_id, province_code, district_code, commune_code,
          submitted_at, filled_by, worker_id, symptoms, temperature_c, spo2, pulse, respiratory_rate,
          systolic, diastolic, warning_signs)
        values (${o.id}::uuid, ${o.provinceCode}, ${o.districtCode}, ${o.communeCode}, ${at}::timestamptz,
          ${filledBy}, ${input.workerId}::uuid, ${JSON.stringify([...r.symptoms])}::jsonb,
          ${r.temperatureC}::real, ${r.spo2}::real, ${r.pulse}::int, ${r.respiratoryRate}::int,
          ${r.systolic}::int, ${r.diastolic}::int, ${JSON.stringify(signs)}::jsonb)
        returning id),
      ${alert}
      audited as (${auditInsert(by.access, by.origin, entries, sql`(select id::text from f)`)})
      select id::text as id from f`,
  );
  const formId = form!.id;
  if (alertId) {
    const place = { provinceCode: o.provinceCode, districtCode: o.districtCode, communeCode: o.communeCode };
    await publishEvents(tx, [{ kind: 'quarantineAlert', id: alertId, personId: o.personId, place }]);
  }
  return { formId, signs, alertId, hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES };
}
