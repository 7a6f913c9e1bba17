/**
 * The EU DCC an entry declaration carries (answer `evidence.dcc`, scanned and checked on the
 * device), verified again by the server at submit with `@epilink/dcc` against the trust list the
 * product's own verifier uses (own signers, imported foreign signers, revocations: verifierState).
 * Only the server's verdict is kept with the declaration (status, failed step, certificate type,
 * its day, issuing country): the QR text itself (name, date of birth) is not stored. Triage sees the
 * certificate only as the server verified it: the raw answer is withheld from it, and a valid one
 * appears as the answer `evidence.dcc.verified` (a coding: vaccination, test or recovery) that
 * triage rules may name. A forged, altered, unknown-signer, expired or revoked QR is no evidence.
 */
import type { AnswerMap, AnswerValue, QuestionnaireResponse, ResponseItem, VerifiedDcc } from '@epilink/core';
import { DECLARATION_CODES } from '@epilink/core';
import { TEST_RESULT } from '@epilink/dcc';
import type { HealthCertificate, VerifyResult } from '@epilink/dcc';
import type { DbOrTx } from '../db/client.ts';
import { verifierState } from '../certificates/keys.ts';
import { verifyWithState } from '../certificates/verifier.ts';

/** The answer that carries the scanned HC1 text. */
export const DCC_LINK_ID = 'evidence.dcc';
/** The answer triage sees for a certificate the server verified as valid. */
export const DCC_VERIFIED_LINK_ID = 'evidence.dcc.verified';

/** What the server concluded. */
export type DccStatus = 'valid' | 'invalid' | 'unknownSigner' | 'expired';
export type DccType = 'vaccination' | 'test' | 'recovery';

/** The verdict stored with the declaration (column `dcc`), no personal data beyond the event's day. */
export interface DccVerdict {
  status: DccStatus;
  /** The verifier step that failed (absent when valid). */
  failedStep?: string;
  /** Type, day of the event and issuing country — only when the signature was verified. */
  type?: DccType;
  /** Vaccination: the dose series is complete (dn ≥ sd). */
  complete?: boolean;
  /** Test: the result was "not detected". */
  negative?: boolean;
  date?: string;
  issuer?: string;
  verifiedAt: string;
  verifiedBy: 'server';
}

const TYPES = { v: 'vaccination', t: 'test', r: 'recovery' } as const;

function statusOf(result: VerifyResult): DccStatus {
  if (result.valid) return 'valid';
  if (result.failedStep === 'kid') return 'unknownSigner';
  if (result.failedStep === 'expired') return 'expired';
  return 'invalid';
}

/** Type and day of the certificate's event (first entry). */
function eventOf(hcert: HealthCertificate): Pick<DccVerdict, 'type' | 'date' | 'complete' | 'negative'> {
  const v = hcert.v?.[0];
  if (v) return { type: TYPES.v, date: v.dt.slice(0, 10), complete: v.dn >= v.sd };
  const t = hcert.t?.[0];
  if (t) return { type: TYPES.t, date: t.sc.slice(0, 10), negative: t.tr === TEST_RESULT.notDetected };
  const r = hcert.r?.[0];
  if (r) return { type: TYPES.r, date: r.fr.slice(0, 10) };
  return {};
}

/** The verdict on an HC1 text at `now`. */
export async function verifyDcc(db: DbOrTx, hc1: string, now: Date): Promise<DccVerdict> {
  const result = await verifyWithState(hc1.trim(), await verifierState(db), now);
  const status = statusOf(result);
  const verdict: DccVerdict = { status, verifiedAt: now.toISOString(), verifiedBy: 'server' };
  if (!result.valid && result.failedStep) verdict.failedStep = result.failedStep;
  // What the certificate says counts only once its signature was verified by a trusted signer.
  if (result.signer && result.certificate) {
    Object.assign(verdict, eventOf(result.certificate.hcert));
    if (result.issuer) verdict.issuer = result.issuer;
  }
  return verdict;
}

/** The HC1 text a response carries (first answer of `evidence.dcc`), or null. */
export function dccTextOf(answers: AnswerMap): string | null {
  const text = answers.get(DCC_LINK_ID)?.[0]?.valueString?.trim();
  return text ? text : null;
}

function withoutItem(items: readonly ResponseItem[], linkId: string): ResponseItem[] {
  return items
    .filter((it) => it.linkId !== linkId)
    .map((it) => (it.item ? { ...it, item: withoutItem(it.item, linkId) } : it));
}

/** The response as stored: without the QR text (the verdict is kept instead). */
export function responseWithoutDcc(response: QuestionnaireResponse): QuestionnaireResponse {
  return { ...response, item: withoutItem(response.item ?? [], DCC_LINK_ID) };
}

/** The answers triage sees: the raw QR never; a certificate the server verified as valid, by type. */
export function triageAnswers(answers: AnswerMap, verdict: DccVerdict | null): AnswerMap {
  const out = new Map(answers);
  out.delete(DCC_LINK_ID);
  out.delete(DCC_VERIFIED_LINK_ID);
  if (verdict?.status === 'valid' && verdict.type) {
    const fact: AnswerValue = { valueCoding: { system: DECLARATION_CODES, code: verdict.type } };
    out.set(DCC_VERIFIED_LINK_ID, [fact]);
  }
  return out;
}

/** What triage may rely on (`verifiedDcc` conditions): a valid certificate's type, day and facts. */
export function verifiedDccOf(verdict: DccVerdict | null): VerifiedDcc | null {
  if (verdict?.status !== 'valid' || !verdict.type || !verdict.date) return null;
  return {
    type: verdict.type,
    date: verdict.date,
    ...(verdict.complete !== undefined ? { complete: verdict.complete } : {}),
    ...(verdict.negative !== undefined ? { negative: verdict.negative } : {}),
  };
}
