/**
 * The orders a withdrawn positive leaves standing (#16 item 2). When an amended result takes back
 * a case's last positive, the cases module dismisses the contacts and cancels the order nobody
 * had decided on yet; but a confirmed F1's order and the former F0's own order that the commune
 * has already confirmed were decisions of an official, and are not undone by a machine. Each of
 * them (proposed or active) gets an open alert of kind `sourceWithdrawn` in the amendment's
 * transaction: shown on the commune's quarantine worklist and climbing to the district and the
 * province like any alert until an official acknowledges it (releasing or keeping the order), so
 * nobody stays in quarantine because of a withdrawn result unnoticed. Audited with the correction
 * request, published as live events. A contact whose venue overlap was voided by a check-in
 * correction gets the same treatment with kind `exposureVoided` (cases/checkin-revisit.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';
import { queryRows } from '../db/client.ts';
import { contacts, quarantineAlerts, quarantineOrders } from '../db/schema/index.ts';
import { publishEvents } from '../events/publish.ts';

/** The alert kinds (and sign codes) of an order whose grounds a correction took away. */
export type GroundsAlert = 'sourceWithdrawn' | 'exposureVoided';

interface Raised {
  id: string;
  orderId: string;
  personId: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
}

/**
 * Raise one open alert of `kind` per still-standing (proposed or active) order of case `caseId`
 * and of the given contacts, once per `dedup`; audited with `details`, published live. Returns
 * the alerted orders' ids.
 */
export async function alertOrders(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  input: {
    caseId?: string | undefined;
    contactIds: readonly string[];
    kind: GroundsAlert;
    dedup: string;
    details: Record<string, unknown>;
  },
): Promise<string[]> {
  if (!input.caseId && input.contactIds.length === 0) return [];
  const now = new Date();
  const signs = JSON.stringify([{ code: input.kind }]);
  const ofCase = input.caseId ? sql`o.case_id = ${input.caseId} or ` : sql``;
  const raised = await queryRows<Raised>(
    tx,
    sql`insert into ${quarantineAlerts} (order_id, person_id, province_code, district_code, commune_code,
          kind, signs, dedup_key, level_since, raised_at)
        select o.id, o.person_id, o.province_code, o.district_code, o.commune_code,
          ${input.kind}, ${signs}::jsonb, ${input.kind} || ':' || o.id || ':' || ${input.dedup}, ${now}, ${now}
        from ${quarantineOrders} o
        where o.status in ('proposed', 'active')
          and (${ofCase}o.contact_id = any(${`{${input.contactIds.join(',')}}`}::uuid[]))
        on conflict (dedup_key) do nothing
        returning id, order_id as "orderId", person_id as "personId", province_code as "provinceCode",
          district_code as "districtCode", commune_code as "communeCode"`,
  );
  await writeAudit(
    tx,
    access,
    origin,
    raised.map((a) => ({
      action: 'create' as const,
      entity: 'quarantine_alert',
      entityId: a.id,
      personId: a.personId,
      fields: ['level'],
      details: { kind: input.kind, level: 'commune', orderId: a.orderId, ...input.details },
    })),
  );
  await publishEvents(
    tx,
    raised.map((a) => ({
      kind: 'quarantineAlert' as const,
      id: a.id,
      personId: a.personId,
      place: { provinceCode: a.provinceCode, districtCode: a.districtCode, communeCode: a.communeCode },
    })),
  );
  return raised.map((a) => a.orderId);
}

/**
 * The amended result `link.resultId` withdrew case `caseId`'s last positive: alert the orders of
 * the case itself and of its confirmed contacts, once per withdrawn result.
 */
export async function alertWithdrawnSource(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  caseId: string,
  link: { resultId: string; correctionRequestId: string },
): Promise<string[]> {
  const confirmed = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.caseId, caseId), eq(contacts.status, 'confirmed')));
  return alertOrders(tx, access, origin, {
    caseId,
    contactIds: confirmed.map((c) => c.id),
    kind: 'sourceWithdrawn',
    dedup: link.resultId,
    details: { caseId, ...link },
  });
}
