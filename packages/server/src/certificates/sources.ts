/**
 * What a test or recovery certificate certifies must come from a record behind it: a test
 * certificate from a stored negative result (`test_results`), a recovery certificate from a
 * confirmed case. Free entry (e.g. a result from abroad) is a separate permission,
 * `certificate:issue_unverified`, and each use is audited with the evidence the official names.
 */
import { AppError } from '@epilink/core';
import { contentRulesOn } from '@epilink/dcc';
import { and, eq } from 'drizzle-orm';
import type { Access } from '../access/context.ts';
import { requirePermission, scopeFor } from '../access/context.ts';
import { writeAudit } from '../audit/audit.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { cases, testResults, testSites, specimens } from '../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import type { CertificatePerson } from './issue.ts';
import { issueRecoveryCertificate, issueTestCertificate } from './issue.ts';

const DAY_MS = 86_400_000;

/** A free-entry test (a result with no record here, e.g. from abroad). */
export interface FreeTestEntry {
  testType: 'naat' | 'rapidAntigen';
  result: 'notDetected' | 'detected';
  sampledAt: Date;
  testName?: string | undefined;
  deviceId?: string | undefined;
  centre?: string | undefined;
  country?: string | undefined;
  /** What the official saw (document, laboratory): kept in the audit row. */
  evidence: string;
}

/** A free-entry recovery. */
export interface FreeRecoveryEntry {
  firstPositive: string;
  validFrom: string;
  validUntil: string;
  country?: string | undefined;
  evidence: string;
}

function invalid(path: string, messageKey: string): AppError {
  return new AppError('VALIDATION_FAILED', { details: [{ path, messageKey }] });
}

/** Issue a test certificate from a stored result of the person (negative, in the caller's area). */
export async function issueTestFromResult(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  testResultId: string,
): Promise<{ id: string; uvci: string }> {
  const [row] = await tx
    .select({
      id: testResults.id,
      testType: testResults.testType,
      outcome: testResults.outcome,
      sampledAt: testResults.sampledAt,
      siteName: testSites.name,
    })
    .from(testResults)
    .innerJoin(specimens, eq(specimens.id, testResults.specimenId))
    .leftJoin(testSites, eq(testSites.id, specimens.siteId))
    .where(
      and(
        eq(testResults.id, testResultId),
        eq(testResults.personId, person.id),
        scopeFor(access, testResults),
      ),
    );
  if (!row) throw new AppError('NOT_FOUND');
  if (row.outcome !== 'negative') throw invalid('body.testResultId', 'vaccination.dcc.invalid.testResult');
  return issueTestCertificate(
    tx,
    deps,
    access,
    person,
    {
      type: row.testType === 'rtPcr' ? 'naat' : 'rapidAntigen',
      result: 'notDetected',
      sampledAt: row.sampledAt,
      ...(row.testType === 'rtPcr' ? { testName: 'RT-PCR' } : {}),
      ...(row.siteName ? { centre: row.siteName.slice(0, 80) } : {}),
    },
    row.id,
  );
}

/**
 * Issue a recovery certificate from the person's confirmed case: `fr` = the sample date of the
 * confirming result, valid from the day the dated EU rule allows until the end of its span.
 */
export async function issueRecoveryFromCase(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  person: CertificatePerson,
  caseId: string,
): Promise<{ id: string; uvci: string }> {
  const [row] = await tx
    .select({ id: cases.id, classification: cases.classification, sampleDate: cases.sampleDate })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.personId, person.id), scopeFor(access, cases)));
  if (!row) throw new AppError('NOT_FOUND');
  if (row.classification !== 'confirmed' || !row.sampleDate)
    throw invalid('body.caseId', 'vaccination.errors.caseNotConfirmed');
  const fr = new Date(`${row.sampleDate}T00:00:00Z`);
  const rule = contentRulesOn(new Date());
  const day = (offset: number) => new Date(fr.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  return issueRecoveryCertificate(
    tx,
    deps,
    access,
    person,
    {
      firstPositive: row.sampleDate,
      validFrom: day(rule.recoveryValidFromDaysAfterFirstPositive),
      validUntil: day(rule.recoveryMaxDaysAfterFirstPositive),
    },
    row.id,
  );
}

async function auditFreeEntry(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  person: CertificatePerson,
  issued: { id: string },
  type: 't' | 'r',
  evidence: string,
): Promise<void> {
  await writeAudit(tx, access, origin, {
    action: 'create',
    entity: 'certificate',
    entityId: issued.id,
    personId: person.id,
    fields: ['certificate'],
    details: { freeEntry: true, type, evidence },
  });
}

/** Issue a test certificate from free entry: needs `certificate:issue_unverified`; audited. */
export async function issueTestFromFreeEntry(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  person: CertificatePerson,
  entry: FreeTestEntry,
): Promise<{ id: string; uvci: string }> {
  requirePermission(access, 'certificate:issue_unverified');
  if (entry.result !== 'notDetected') throw invalid('body.result', 'vaccination.dcc.invalid.testResult');
  if (entry.sampledAt.getTime() > Date.now())
    throw invalid('body.sampledAt', 'vaccination.dcc.invalid.sampleTime');
  const { evidence, testType, ...test } = entry;
  const issued = await issueTestCertificate(tx, deps, access, person, { ...test, type: testType }, null);
  await auditFreeEntry(tx, access, origin, person, issued, 't', evidence);
  return issued;
}

/** Issue a recovery certificate from free entry: needs `certificate:issue_unverified`; audited. */
export async function issueRecoveryFromFreeEntry(
  tx: DbOrTx,
  deps: AppDeps,
  access: Access,
  origin: AuditOrigin,
  person: CertificatePerson,
  entry: FreeRecoveryEntry,
): Promise<{ id: string; uvci: string }> {
  requirePermission(access, 'certificate:issue_unverified');
  const { evidence, ...rec } = entry;
  const issued = await issueRecoveryCertificate(tx, deps, access, person, rec, null);
  await auditFreeEntry(tx, access, origin, person, issued, 'r', evidence);
  return issued;
}
