/**
 * Reporting an AEFI: severity and seriousness recorded apart; the cluster rule (policy
 * `aefi.clusterRule`, core's defaults until a rule exists) checked against recent reports of the
 * same lot or commune; a lot cluster flags the lot, any cluster is announced on the outbox.
 */
import { AppError, DEFAULT_AEFI_CLUSTER_RULE, findAefiCluster, isSeriousAefi } from '@epilink/core';
import type { AefiCluster, AefiClusterRule, AefiSeriousCriterion, AefiSeverity } from '@epilink/core';
import { and, eq, gte, lte, or } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { aefiReports, vaccinationDoses, vaccineLots } from '../db/schema/index.ts';
import { enqueue } from '../outbox/outbox.ts';
import { policyInForce } from '../policy/store.ts';

/** What the reporter sends. */
export interface AefiInput {
  doseId: string;
  onsetDate: string;
  symptoms: string[];
  description?: string | undefined;
  severity: AefiSeverity;
  seriousCriteria: AefiSeriousCriterion[];
}

const shift = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Record a report in the caller's transaction; returns its id, the lot flag and any cluster. */
export async function reportAefi(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  body: AefiInput,
): Promise<{ id: string; lotFlagged: boolean; serious: boolean; cluster: AefiCluster | null }> {
  const [dose] = await tx
    .select()
    .from(vaccinationDoses)
    .where(and(eq(vaccinationDoses.id, body.doseId), scopeFor(access, vaccinationDoses)));
  if (!dose) throw new AppError('NOT_FOUND');
  const criteria = [...new Set(body.seriousCriteria)];
  const serious = isSeriousAefi(criteria);
  const [row] = await tx
    .insert(aefiReports)
    .values({
      personId: dose.personId,
      doseId: dose.id,
      lotId: dose.lotId,
      onsetDate: body.onsetDate,
      symptoms: body.symptoms,
      description: body.description ?? null,
      severity: body.severity,
      seriousCriteria: criteria,
      serious,
      provinceCode: dose.provinceCode,
      districtCode: dose.districtCode,
      communeCode: dose.communeCode,
      reportedBy: access.actor.kind === 'user' ? access.actor.userId : null,
    })
    .returning({ id: aefiReports.id });

  const rule: AefiClusterRule =
    (await policyInForce(tx, 'aefi.clusterRule', body.onsetDate))?.value ?? DEFAULT_AEFI_CLUSTER_RULE;
  // Reports related in time (onset within the window) and by lot or commune: all jurisdictions.
  const near = await tx
    .select({
      id: aefiReports.id,
      symptoms: aefiReports.symptoms,
      onsetDate: aefiReports.onsetDate,
      lotId: aefiReports.lotId,
      communeCode: aefiReports.communeCode,
    })
    .from(aefiReports)
    .where(
      and(
        gte(aefiReports.onsetDate, shift(body.onsetDate, -rule.windowDays)),
        lte(aefiReports.onsetDate, shift(body.onsetDate, rule.windowDays)),
        or(
          eq(aefiReports.lotId, dose.lotId),
          dose.communeCode ? eq(aefiReports.communeCode, dose.communeCode) : undefined,
        ),
      ),
    );
  const self = near.find((r) => r.id === row!.id)!;
  const cluster = findAefiCluster(self, near, rule);
  const [lot] = await tx.select().from(vaccineLots).where(eq(vaccineLots.id, dose.lotId)).for('update');
  let lotFlagged = lot!.aefiFlaggedAt !== null;
  if (cluster) {
    if (cluster.relatedBy === 'lot' && !lotFlagged) {
      await tx.update(vaccineLots).set({ aefiFlaggedAt: new Date() }).where(eq(vaccineLots.id, dose.lotId));
      lotFlagged = true;
    }
    await enqueue(tx, 'vaccination.aefi_cluster', {
      event: cluster.event,
      relatedBy: cluster.relatedBy,
      lotId: cluster.relatedBy === 'lot' ? dose.lotId : null,
      communeCode: cluster.relatedBy === 'commune' ? dose.communeCode : null,
      reports: cluster.reportIds.length,
    });
  }
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'aefi_report',
    entityId: row!.id,
    personId: dose.personId,
    fields: ['aefi'],
    details: serious ? { serious: true } : null,
  });
  return { id: row!.id, lotFlagged, serious, cluster };
}
