/**
 * Amending a stored individual result (a citizen's correction request accepted, #17 item 3): its
 * outcome, Ct or sample day. The result keeps its id; the row and its specimen change, the change
 * is audited with the correction request it settles, `testing.result_amended` is enqueued and
 * the indicators told, and the case module brings the person's case in line through
 * `applyAmendedResult` — so a positive→negative amendment takes the case back (contacts, status
 * colour) and a negative→positive one makes it, as the lab's entry would have. Allowed to an
 * official with `testing:write` whose jurisdiction holds the result or its test site. Runs inside
 * the caller's transaction.
 */
import { AppError, addDays, localDate } from '@epilink/core';
import type { Language, TestOutcome } from '@epilink/core';
import { eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { hasPermission, placeWithin } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { applyAmendedResult } from '../cases/amend.ts';
import type { Tx } from '../db/client.ts';
import { specimens, testResults, testSites } from '../db/schema/index.ts';
import { publishIndicatorChange } from '../events/publish.ts';
import { enqueue } from '../outbox/outbox.ts';
import { checkCt } from './results.ts';

/** What to change (at least one). */
export interface ResultAmendment {
  outcome?: TestOutcome | undefined;
  /** RT-PCR only; null clears it. Left out: kept, or cleared when the outcome is no longer positive. */
  ct?: number | null | undefined;
  /** The corrected sample day (YYYY-MM-DD); the time of day is kept. */
  sampledOn?: string | undefined;
}

/** What the amendment changed (for the request's record of its fix). */
export interface ResultAmended {
  entity: 'test_result';
  entityId: string;
  fields: string[];
  caseId: string | null;
}

const DAY_MS = 86_400_000;

function refuse(key: string, path: string): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey: key }] });
}

/** Amend result `resultId`, linked to `link.correctionRequestId` in its audit row. */
export async function amendResult(
  tx: Tx,
  access: Access,
  origin: AuditOrigin,
  resultId: string,
  change: ResultAmendment,
  lang: Language,
  link: { correctionRequestId: string },
): Promise<ResultAmended> {
  if (!hasPermission(access, 'testing:write')) throw new AppError('FORBIDDEN');
  if (!/^[0-9a-f-]{36}$/iu.test(resultId)) throw new AppError('NOT_FOUND');
  const [found] = await tx
    .select({ result: testResults, specimen: specimens, site: testSites })
    .from(testResults)
    .innerJoin(specimens, eq(specimens.id, testResults.specimenId))
    .leftJoin(testSites, eq(testSites.id, specimens.siteId))
    .where(eq(testResults.id, resultId))
    .for('update', { of: [testResults, specimens] });
  if (!found || (!placeWithin(access, found.result) && !(found.site && placeWithin(access, found.site))))
    throw new AppError('NOT_FOUND');
  const { result, specimen } = found;
  const fields: string[] = [];
  const outcome = change.outcome ?? result.outcome;
  if (outcome !== result.outcome) fields.push('outcome');
  const ct =
    change.ct !== undefined
      ? change.ct
      : outcome !== result.outcome && outcome !== 'positive'
        ? null
        : result.ct;
  checkCt(result.testType, ct, lang);
  if (ct !== result.ct) fields.push('ct');
  let sampledAt = result.sampledAt;
  if (change.sampledOn !== undefined) {
    const from = localDate(result.sampledAt);
    if (!/^\d{4}-\d\d-\d\d$/u.test(change.sampledOn) || addDays(change.sampledOn, 0) !== change.sampledOn)
      throw refuse('errors.field.invalidValue', 'body.fix.sampledOn');
    const shift = (Date.parse(change.sampledOn) - Date.parse(from)) / DAY_MS;
    sampledAt = new Date(result.sampledAt.getTime() + shift * DAY_MS);
    if (sampledAt.getTime() > result.resultedAt.getTime())
      throw refuse('testing.rowReason.beforeCollection', 'body.fix.sampledOn');
    if (shift !== 0) fields.push('sampledAt');
  }
  if (fields.length === 0) throw refuse('corrections.refusal.noChange', 'body.fix');
  await tx.update(testResults).set({ outcome, ct, sampledAt }).where(eq(testResults.id, result.id));
  if (sampledAt !== result.sampledAt)
    await tx.update(specimens).set({ collectedAt: sampledAt }).where(eq(specimens.id, specimen.id));
  await writeAudit(tx, access, origin, {
    action: 'update',
    entity: 'test_result',
    entityId: result.id,
    personId: result.personId,
    fields,
    details: { correctionRequestId: link.correctionRequestId },
  });
  await enqueue(tx, 'testing.result_amended', {
    resultId: result.id,
    personId: result.personId,
    diseaseCode: result.diseaseCode,
    testType: result.testType,
    outcome,
    previousOutcome: result.outcome,
    communeCode: result.communeCode,
  });
  await publishIndicatorChange(tx, result.id, {
    provinceCode: result.provinceCode,
    districtCode: result.districtCode,
    communeCode: result.communeCode,
  });
  const { caseId } = await applyAmendedResult(
    tx,
    access,
    {
      resultId: result.id,
      personId: result.personId,
      diseaseCode: result.diseaseCode,
      testType: result.testType,
      outcome,
      ct,
      sampledAt,
      symptomatic: null,
    },
    origin,
    link,
  );
  return { entity: 'test_result', entityId: result.id, fields, caseId };
}
