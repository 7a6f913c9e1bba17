/**
 * The answers the server gave to this device's declarations (triage, QR), kept in localStorage so
 * the result page opens again after a reload, and so a declaration sent later from the queue can
 * be shown when the network returns. Only the last few are kept.
 */
import type { DeclarationAnswer } from './api.ts';

/** The server's answer plus what this device knows: who was declared and when it was sent. */
export interface DeclarationReceipt extends DeclarationAnswer {
  personName: string;
  declaredAt: string;
}

const KEY = 'epilink.declarations.receipts';
const KEEP = 10;

interface Stored {
  submissionId: string;
  receipt: DeclarationReceipt;
}

function all(): Stored[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as Stored[]) : [];
  } catch {
    return [];
  }
}

/** Keep a receipt (the newest first; one per declaration). */
export function keepReceipt(submissionId: string, receipt: DeclarationReceipt): void {
  const rest = all().filter((s) => s.receipt.id !== receipt.id);
  localStorage.setItem(KEY, JSON.stringify([{ submissionId, receipt }, ...rest].slice(0, KEEP)));
}

/** The receipt of a declaration, by its id. */
export function receiptById(id: string): DeclarationReceipt | null {
  return all().find((s) => s.receipt.id === id)?.receipt ?? null;
}

/** The receipt of the declaration sent with this submission id. */
export function receiptOfSubmission(submissionId: string): DeclarationReceipt | null {
  return all().find((s) => s.submissionId === submissionId)?.receipt ?? null;
}

/** The receipts kept on this device, newest first. */
export function receipts(): DeclarationReceipt[] {
  return all().map((s) => s.receipt);
}
