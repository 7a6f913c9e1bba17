/**
 * Storing an individual result — the seam to the case module (docs/tracing.md): one transaction
 * writes the result, marks the specimen resulted, audits, enqueues `testing.result_recorded` and
 * calls `applyTestResult`, so a positive result and its case land together or not at all.
 */
import { AppError, ctProblem, translate } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import { eq } from 'drizzle-orm';
import { actorId } from '../access/context.ts';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { applyTestResult } from '../cases/intake.ts';
import type { Tx } from '../db/client.ts';
import { specimens, testRegistrations, testResults } from '../db/schema/index.ts';
import { publishIndicatorChange } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';

/** A specimen row as the result path needs it. */
export type SpecimenRow = typeof specimens.$inferSelect;

/** Input of {@link storeResult}. */
export interface ResultInput {
  outcome: TestOutcome;
  ct: number | null;
  resultedAt: Date;
  source: 'entry' | 'import' | 'pool';
  poolId?: string | null;
  labImportId?: string | null;
  labRun?: string | null;
}

/** CT_INVALID unless the Ct fits the test type. */
export function checkCt(testType: SpecimenRow['testType'], ct: number | null, lang: Language): void {
  const problem = ctProblem(testType, ct);
  if (problem)
    throw new AppError('CT_INVALID', {
      params: { reason: translate(lang, `testing.ct.${problem}`) },
      details: [{ path: 'ct', messageKey: `testing.ct.${problem}` }],
    });
}

/**
 * Store the individual result of a specimen (already checked to be in the caller's jurisdiction
 * and locked) and hand it to the case module. Returns the result and the case it touched.
 */
export async function storeResult(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  specimen: SpecimenRow,
  input: ResultInput,
): Promise<{ resultId: string; caseId: string | null }> {
  const [row] = await tx
    .insert(testResults)
    .values({
      specimenId: specimen.id,
      personId: specimen.personId,
      testType: specimen.testType,
      diseaseCode: specimen.diseaseCode,
      outcome: input.outcome,
      ct: input.ct,
      sampledAt: specimen.collectedAt,
      resultedAt: input.resultedAt,
      source: input.source,
      poolId: input.poolId ?? null,
      labImportId: input.labImportId ?? null,
      labRun: input.labRun ?? null,
      provinceCode: specimen.provinceCode,
      districtCode: specimen.districtCode,
      communeCode: specimen.communeCode,
      enteredBy: actorId(access),
    })
    .returning({ id: testResults.id });
  const resultId = row!.id;
  await tx.update(specimens).set({ status: 'resulted' }).where(eq(specimens.id, specimen.id));
  let symptomatic: boolean | null = null;
  if (specimen.registrationId) {
    const [reg] = await tx
      .select({ reason: testRegistrations.reason })
      .from(testRegistrations)
      .where(eq(testRegistrations.id, specimen.registrationId));
    if (reg?.reason === 'symptoms') symptomatic = true;
  }
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'test_result',
    entityId: resultId,
    personId: specimen.personId,
    fields: ['outcome', 'ct'],
    details: { source: input.source },
  });
  await enqueue(tx, 'testing.result_recorded', {
    resultId,
    specimenId: specimen.id,
    personId: specimen.personId,
    diseaseCode: specimen.diseaseCode,
    testType: specimen.testType,
    outcome: input.outcome,
    source: input.source,
    communeCode: specimen.communeCode,
  });
  await publishIndicatorChange(tx, resultId, {
    provinceCode: specimen.provinceCode,
    districtCode: specimen.districtCode,
    communeCode: specimen.communeCode,
  });
  const { caseId } = await applyTestResult(
    tx,
    access,
    {
      resultId,
      personId: specimen.personId,
      diseaseCode: specimen.diseaseCode,
      testType: specimen.testType,
      outcome: input.outcome,
      ct: input.ct,
      sampledAt: specimen.collectedAt,
      symptomatic,
    },
    origin,
  );
  return { resultId, caseId };
}

/**
 * Enter a result for a locked specimen by hand. The same outcome again is a no-op (a re-scan in
 * the queue); another outcome over a stored one is refused; pooled or recalled specimens get
 * their result through the pool.
 */
export async function enterResult(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  specimen: SpecimenRow,
  input: { outcome: TestOutcome; ct: number | null; resultedAt: Date },
  lang: Language,
): Promise<{ resultId: string; caseId: string | null; unchanged: boolean }> {
  checkCt(specimen.testType, input.ct, lang);
  const [existing] = await tx.select().from(testResults).where(eq(testResults.specimenId, specimen.id));
  if (existing) {
    if (existing.outcome === input.outcome && (input.ct === null || existing.ct === input.ct))
      return { resultId: existing.id, caseId: null, unchanged: true };
    throw new AppError('RESULT_EXISTS');
  }
  if (specimen.poolId !== null || specimen.status !== 'collected') throw new AppError('CONFLICT');
  if (input.resultedAt.getTime() < specimen.collectedAt.getTime() - 60_000)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ path: 'resultedAt', messageKey: 'testing.rowReason.beforeCollection' }],
    });
  const r = await storeResult(tx, access, origin, specimen, { ...input, source: 'entry' });
  return { ...r, unchanged: false };
}
