/**
 * The declaration form offline: a service worker (`public/declare-sw.js`, scope /declare) keeps the
 * page, its code and the questionnaires, and this module keeps the declarations not sent yet.
 *
 * Each declaration gets its submission id on this device when the citizen presses send, before any
 * network is tried; the id travels with every attempt and the server stores one declaration per id,
 * so sending again (after a timeout, a reload, the network coming back) can never make two.
 * The queue lives in localStorage (it survives a reload and a closed tab); it is sent when the page
 * opens, when the browser says the network is back, and every 20 s while something waits.
 */
import { ApiError } from '../../api.ts';

/** One declaration waiting to be sent. */
export interface QueuedSubmission<B = unknown> {
  submissionId: string;
  /** The API path it is posted to. */
  path: string;
  body: B;
  /** When the citizen pressed send (ISO). */
  queuedAt: string;
  /** The name of the person declared (shown on the result; never sent). */
  label?: string;
}

/** What became of a queued declaration once the server answered. */
export type SendOutcome<R = unknown> =
  { submissionId: string; ok: true; result: R } | { submissionId: string; ok: false; error: ApiError };

const KEY = 'epilink.declarations.outbox';

/** A new submission id: random, made on this device (UUID v4). */
export function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isQueued(v: unknown): v is QueuedSubmission {
  if (typeof v !== 'object' || v === null) return false;
  const q = v as Record<string, unknown>;
  return typeof q.submissionId === 'string' && typeof q.path === 'string' && typeof q.queuedAt === 'string';
}

/** The declarations waiting on this device, oldest first. */
export function queued(): QueuedSubmission[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isQueued) : [];
  } catch {
    return [];
  }
}

function save(items: QueuedSubmission[]): void {
  if (items.length === 0) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, JSON.stringify(items));
  window.dispatchEvent(new Event(QUEUE_CHANGED));
}

/** The window event fired when the queue changed (pages re-read `queued()`). */
export const QUEUE_CHANGED = 'epilink:declarations-queue';

/** Put a declaration in the queue (a second call with the same id changes nothing). */
export function enqueue<B>(item: QueuedSubmission<B>): void {
  const items = queued();
  if (items.some((q) => q.submissionId === item.submissionId)) return;
  save([...items, item]);
}

function drop(submissionId: string): void {
  save(queued().filter((q) => q.submissionId !== submissionId));
}

/** The network or the server is unreachable or failing: keep the declaration and try later. */
export function isRetryable(e: ApiError): boolean {
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500;
}

let sending: Promise<SendOutcome[]> | null = null;

/**
 * Send what waits, one by one (oldest first), with `post`. A declaration the server accepted — or
 * refused for good (a 4xx other than 408/429: sending it again would be refused again) — leaves
 * the queue and is reported; one that met no network or a server failure stays, and the round
 * stops there (the next ones would fail the same way). Calls made while a round runs join it.
 */
export function flush<R>(post: (q: QueuedSubmission) => Promise<R>): Promise<SendOutcome<R>[]> {
  if (sending) return sending as Promise<SendOutcome<R>[]>;
  const round = (async () => {
    const outcomes: SendOutcome<R>[] = [];
    for (const q of queued()) {
      try {
        outcomes.push({ submissionId: q.submissionId, ok: true, result: await post(q) });
        drop(q.submissionId);
      } catch (e: unknown) {
        const error = e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e));
        if (isRetryable(error)) break;
        outcomes.push({ submissionId: q.submissionId, ok: false, error });
        drop(q.submissionId);
      }
    }
    return outcomes;
  })().finally(() => {
    sending = null;
  });
  sending = round;
  return round;
}

/**
 * Registers the declaration page's service worker and hands it the files this page loaded (its
 * code), resolving true once they are kept for offline use (false where there is no service worker).
 */
export async function keepForOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  await navigator.serviceWorker.register('/declare-sw.js', { scope: '/declare' });
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return false;
  const urls = performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => new URL(name).origin === location.origin);
  const channel = new MessageChannel();
  const answer = new Promise<boolean>((resolve) => {
    channel.port1.onmessage = (event: MessageEvent<{ ok: boolean }>) => {
      resolve(event.data.ok);
    };
  });
  worker.postMessage({ type: 'keep', urls }, [channel.port2]);
  return answer;
}
