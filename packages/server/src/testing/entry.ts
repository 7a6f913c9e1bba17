/** Result entry by barcode: the service behind results-routes.ts. */
import type { Language, TestOutcome } from '@epilink/core';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { DbOrTx } from '../db/client.ts';
import { enterResult } from './results.ts';
import { specimenByBarcode } from './scope.ts';
import { specimenSubject, type SpecimenSubject } from './subject.ts';

/** One result as entered: the specimen's barcode, the outcome, Ct and when it was resulted. */
export interface ResultEntry {
  barcode: string;
  outcome: TestOutcome;
  ct?: number | null | undefined;
  resultedAt?: string | undefined;
}

/**
 * Enter one result in its own savepoint of the request's transaction: a refused entry leaves
 * nothing behind, and in a batch the other entries stand.
 */
export function enterByBarcode(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  e: ResultEntry,
  lang: Language,
  options: { withPerson?: boolean } = {},
): Promise<{
  barcode: string;
  resultId: string;
  caseId: string | null;
  unchanged: boolean;
  person?: SpecimenSubject;
}> {
  return tx.transaction(async (sp) => {
    const s = await specimenByBarcode(sp, access, e.barcode, lang, true);
    const r = await enterResult(
      sp,
      access,
      origin,
      s,
      {
        outcome: e.outcome,
        ct: e.ct ?? null,
        resultedAt: e.resultedAt ? new Date(e.resultedAt) : new Date(),
      },
      lang,
    );
    // The saved line names whose result it was (read and audited only when it is shown).
    const person = options.withPerson ? await specimenSubject(sp, access, origin, s, ['result']) : undefined;
    return { barcode: s.barcode, ...r, ...(person ? { person } : {}) };
  });
}
