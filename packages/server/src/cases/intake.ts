/**
 * The one seam between testing and cases (docs/tracing.md): an individual test result reaches
 * the case module inside the transaction that stores it.
 */
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Tx } from '../db/client.ts';

/** An individual test result as the case module needs it. */
export interface ResultIntake {
  /** test_results.id */
  resultId: string;
  personId: string;
  /** 'COVID-19' */
  diseaseCode: string;
  testType: 'rtPcr' | 'rapidAntigen';
  outcome: 'positive' | 'negative' | 'invalid';
  /** RT-PCR only. */
  ct: number | null;
  /** Specimen collection time. */
  sampledAt: Date;
  /** From the registration (reason 'symptoms') when known. */
  symptomatic: boolean | null;
}

/**
 * Called by testing in the SAME transaction that stores an individual result (never for a pool
 * result). Creates or updates the person's open case by the confirmation rule in force; a
 * confirmed case gets its contact proposals in this transaction; a negative result or a high Ct
 * ends the infectious window. Returns the case touched, if any.
 *
 * First version: the signature only (the case schema lands next); it touches nothing yet.
 */
export function applyTestResult(
  _tx: Tx,
  _access: Access,
  _intake: ResultIntake,
  _origin: AuditOrigin,
): Promise<{ caseId: string | null }> {
  return Promise.resolve({ caseId: null });
}
