/**
 * Twice-daily health forms (issue #16 item 3): filled by the person from the signed link (no
 * sign-in; the link opens its order only, while the order is active) or by a health worker during a
 * call. Warning signs are evaluated by core `warningSigns` under policy `quarantine.warningSigns`
 * in force that day, with the person's age for the children's respiratory bands; any sign raises an
 * alert at once in the same transaction (a live event to the commune's open screens).
 */
import { AppError, ageOn, localDay, warningSigns } from '@epilink/core';
import type { HealthReadings, WarningSign } from '@epilink/core';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import type { AuditEntry } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { persons, quarantineAlerts, quarantineForms, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';
import { policyInForce } from '../policy/store.ts';

type Audit = (entries: AuditEntry | AuditEntry[]) => Promise<void>;

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
  const [row] = await tx
    .select({ o: quarantineOrders, dateOfBirth: persons.dateOfBirth })
    .from(quarantineOrders)
    .innerJoin(persons, eq(persons.id, quarantineOrders.personId))
    .where(and(eq(quarantineOrders.id, orderId), access ? scopeFor(access, quarantineOrders) : undefined));
  if (!row) throw new AppError(access ? 'NOT_FOUND' : 'QUARANTINE_LINK_INVALID');
  if (row.o.status !== 'active' || day > row.o.endDate || day < row.o.startDate) {
    throw new AppError(access ? 'CONFLICT' : 'QUARANTINE_LINK_INVALID');
  }
  return row;
}

/** The page behind a signed link. */
export async function formContext(tx: DbOrTx, orderId: string, now: Date): Promise<FormContext> {
  const { o } = await activeOrder(tx, orderId, localDay(now), null);
  const rule = await policyInForce(tx, 'quarantine.warningSigns', localDay(now), o.diseaseCode);
  return {
    kind: o.kind,
    start: o.startDate,
    end: o.endDate,
    hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES,
  };
}

/**
 * Store a form and raise an alert when it shows a warning sign. `access` null = the person through
 * the signed link; otherwise the health worker (scoped: outside the jurisdiction 404).
 */
export async function submitForm(
  tx: DbOrTx,
  audit: Audit,
  input: { orderId: string; access: Access | null; workerId: string | null; readings: HealthReadings },
  now: Date,
): Promise<FormOutcome> {
  const day = localDay(now);
  const { o, dateOfBirth } = await activeOrder(tx, input.orderId, day, input.access);
  const rule = await policyInForce(tx, 'quarantine.warningSigns', day, o.diseaseCode);
  const signs = rule
    ? warningSigns(rule.value, input.readings, dateOfBirth ? ageOn(dateOfBirth, day) : null)
    : [];
  const r = input.readings;
  const [form] = await tx
    .insert(quarantineForms)
    .values({
      orderId: o.id,
      provinceCode: o.provinceCode,
      districtCode: o.districtCode,
      communeCode: o.communeCode,
      submittedAt: now,
      filledBy: input.access ? 'worker' : 'person',
      workerId: input.workerId,
      symptoms: [...r.symptoms],
      temperatureC: r.temperatureC,
      spo2: r.spo2,
      pulse: r.pulse,
      respiratoryRate: r.respiratoryRate,
      systolic: r.systolic,
      diastolic: r.diastolic,
      warningSigns: signs,
    })
    .returning({ id: quarantineForms.id });
  const formId = String(form!.id);
  let alertId: string | null = null;
  if (signs.length > 0) {
    const [alert] = await tx
      .insert(quarantineAlerts)
      .values({
        orderId: o.id,
        personId: o.personId,
        provinceCode: o.provinceCode,
        districtCode: o.districtCode,
        communeCode: o.communeCode,
        kind: 'warningSign',
        formId,
        signs,
        dedupKey: `form:${formId}`,
        levelSince: now,
        raisedAt: now,
      })
      .returning({ id: quarantineAlerts.id });
    alertId = alert!.id;
    const place = { provinceCode: o.provinceCode, districtCode: o.districtCode, communeCode: o.communeCode };
    await publishEvents(tx, [{ kind: 'quarantineAlert', id: alertId, personId: o.personId, place }]);
  }
  await audit([
    {
      action: 'create',
      entity: 'quarantine_form',
      entityId: formId,
      personId: o.personId,
      fields: ['readings'],
      details: { orderId: o.id, filledBy: input.access ? 'worker' : 'person', signs: signs.length },
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
  ]);
  return { formId, signs, alertId, hotlines: rule?.value.hotlines ?? DEFAULT_HOTLINES };
}
