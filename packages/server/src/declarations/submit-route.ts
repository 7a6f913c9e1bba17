/** The submission body and answer shared by the citizen, anonymous and staff submit routes. */
import { z } from 'zod';
import type { Access } from '../access/context.ts';
import type { AuditOrigin } from '../audit/audit.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { checkForGroup, submitGrouped } from './batch.ts';
import { suggestTest, suggestTestGrouped } from './flags.ts';
import type { SuggestedTest, TestPlace } from './flags.ts';
import { prepareSubmission, storedSubmission, submitDeclaration } from './submit.ts';
import type { Prepared, SubmitOutcome } from './submit.ts';
import { declarationToken } from './token.ts';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);

/** Identity of someone declared for without a record id (record linkage). */
export const identitySchema = z.strictObject({
  fullName: z.string().trim().min(2).max(120),
  dateOfBirth: DAY.nullable().optional(),
  sex: z.enum(['male', 'female']).nullable().optional(),
  idNumber: z.string().trim().max(20).nullable().optional(),
  passport: z.string().trim().max(20).nullable().optional(),
  phone: z.string().trim().max(20).nullable().optional(),
});

/** The body of a submission: the client's id makes a retry harmless. */
export const submitBody = z.strictObject({
  submissionId: z.uuid(),
  questionnaireId: z.uuid(),
  communeCode: z.string().regex(/^\d{5}$/u),
  response: z.record(z.string(), z.unknown()),
  personId: z.uuid().optional(),
  person: identitySchema.optional(),
  forOther: z.boolean().optional(),
});

/** The server's verdict on a scanned DCC (dcc.ts), as shown to the submitter and to staff. */
export const dccVerdictSchema = z.object({
  status: z.enum(['valid', 'invalid', 'unknownSigner', 'expired']),
  failedStep: z.string().optional(),
  type: z.enum(['vaccination', 'test', 'recovery']).optional(),
  complete: z.boolean().optional(),
  negative: z.boolean().optional(),
  date: z.string().optional(),
  issuer: z.string().optional(),
  verifiedAt: z.string(),
  verifiedBy: z.literal('server'),
});

/** What the submitter gets back (the same for a replayed submission). */
export const declarationAnswerSchema = z.object({
  id: z.string(),
  submissionId: z.string(),
  kind: z.string(),
  action: z.string(),
  flagged: z.boolean(),
  reasons: z.array(z.string()),
  flagStatus: z.string(),
  replayed: z.boolean(),
  dcc: dccVerdictSchema.nullable(),
  /** The QR token (signed declaration id) for checkpoints and the one-tap test. */
  token: z.string(),
  suggestedTest: z
    .object({
      siteId: z.string(),
      siteName: z.string(),
      address: z.string().nullable(),
      sessionId: z.string().nullable(),
      startsAt: z.string().nullable(),
      testType: z.string(),
      reason: z.string(),
    })
    .nullable(),
});

/** Submit and build the answer (token, suggested test when flagged and not yet registered). */
export async function submitAndAnswer(
  tx: DbOrTx,
  access: Access,
  origin: AuditOrigin,
  provinceCode: string,
  body: z.output<typeof submitBody> & { paper?: boolean | undefined },
): Promise<z.input<typeof declarationAnswerSchema>> {
  return answerOf(tx, await submitDeclaration(tx, access, origin, provinceCode, body));
}

/**
 * Submit with the other declarations arriving at the same time (citizens and people without an
 * account: `batch.ts`, group commit) and build the answer. Everything that may refuse this
 * submission is checked here first, so a refusal is this request's own; a refused submission
 * that was stored before (a retry after a new version) answers with the stored declaration.
 */
export async function submitGroupedAndAnswer(
  database: Database,
  access: Access,
  origin: AuditOrigin,
  provinceCode: string,
  body: z.output<typeof submitBody>,
): Promise<z.input<typeof declarationAnswerSchema>> {
  const db = database.db;
  let prepared: Prepared;
  try {
    prepared = await prepareSubmission(db, provinceCode, body);
  } catch (e) {
    // A retry of a stored submission answers as before even if its version has been superseded since.
    const before = await storedSubmission(db, body.submissionId);
    if (before) return answerOf(db, before, grouped(database));
    throw e;
  }
  const item = await checkForGroup(db, access, origin, provinceCode, body, prepared);
  return answerOf(db, await submitGrouped(database, item), grouped(database));
}

type Suggest = (place: TestPlace, reasons: readonly string[]) => Promise<SuggestedTest | null>;

/** Test suggestions shared with the flagged declarations answered at the same time. */
const grouped =
  (database: Database): Suggest =>
  (place, reasons) =>
    suggestTestGrouped(database, place, reasons);

async function answerOf(
  db: DbOrTx,
  out: SubmitOutcome,
  suggest: Suggest = (place, reasons) => suggestTest(db, place, reasons),
): Promise<z.input<typeof declarationAnswerSchema>> {
  const token = await declarationToken(db, out.id);
  const { districtCode, communeCode, ...answer } = out;
  const suggestedTest =
    out.flagStatus === 'open' ? await suggest({ districtCode, communeCode }, out.reasons) : null;
  return { ...answer, token, suggestedTest };
}
