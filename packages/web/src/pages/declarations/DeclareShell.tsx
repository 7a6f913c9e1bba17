/**
 * The frame of the citizen declaration pages (`/declare/*`): it keeps the page for offline use (the
 * service worker), sends the declarations waiting in this device's queue — when the page opens,
 * when the network returns, every 15 s while some wait, or on "send now" — and keeps each answer
 * (the receipt) so the result page can show it. A page that waits for its own declaration says so
 * (`awaitSubmission`); when that one is accepted, the shell opens its result page.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, request } from '../../api.ts';
import { ErrorBox } from '../../components/Feedback.tsx';
import type { DeclarationAnswer } from './api.ts';
import { flush, keepForOffline, QUEUE_CHANGED, queued, type SendOutcome } from './offline.ts';
import { keepReceipt, type DeclarationReceipt } from './receipts.ts';

/** What the pages inside the shell may ask of it. */
export interface Outbox {
  /** Send what waits now; resolves with what the server answered this round. */
  sendNow: () => Promise<SendOutcome<DeclarationReceipt>[]>;
  /**
   * Open this declaration's result page as soon as it is accepted, or call `onRefused` if the
   * server refuses it for good (null: stop waiting).
   */
  awaitSubmission: (submissionId: string | null, onRefused?: (error: ApiError) => void) => void;
  online: boolean;
}

const OutboxContext = createContext<Outbox | null>(null);

/** The shell's outbox (inside `/declare/*`). */
export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox outside DeclareShell');
  return outbox;
}

const RETRY_MS = 15_000;

/** The shell around the citizen declaration pages. */
export function DeclareShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [waiting, setWaiting] = useState(() => queued().length);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [offlineReady, setOfflineReady] = useState(false);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const awaited = useRef<{ id: string; onRefused?: ((e: ApiError) => void) | undefined } | null>(null);

  const sendNow = useCallback(async () => {
    const outcomes = await flush<DeclarationReceipt>((q) =>
      request<DeclarationAnswer>('POST', q.path, q.body).then((answer) => ({
        ...answer,
        personName: q.label ?? '',
        declaredAt: q.queuedAt,
      })),
    );
    for (const o of outcomes) {
      if (o.ok) {
        keepReceipt(o.submissionId, o.result);
        if (awaited.current?.id === o.submissionId) {
          awaited.current = null;
          void navigate(`/declare/result/${encodeURIComponent(o.result.id)}`);
        }
      } else if (awaited.current?.id === o.submissionId) {
        awaited.current.onRefused?.(o.error);
        awaited.current = null;
      } else {
        // Someone else's page (an earlier visit) queued it: say so here.
        setRefused(
          new ApiError(
            o.error.status,
            o.error.code,
            t('declarationsWeb.citizen.refused', { message: o.error.message }),
          ),
        );
      }
    }
    return outcomes;
  }, [navigate, t]);

  useEffect(() => {
    let live = true;
    keepForOffline().then(
      (ok) => {
        if (live) setOfflineReady(ok);
      },
      () => undefined,
    );
    const onQueue = () => {
      setWaiting(queued().length);
    };
    const onOnline = () => {
      setOnline(true);
      void sendNow();
    };
    const onOffline = () => {
      setOnline(false);
    };
    window.addEventListener(QUEUE_CHANGED, onQueue);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    window.addEventListener('storage', onQueue);
    const timer = setInterval(() => {
      if (queued().length > 0) void sendNow();
    }, RETRY_MS);
    if (queued().length > 0) void sendNow();
    return () => {
      live = false;
      window.removeEventListener(QUEUE_CHANGED, onQueue);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('storage', onQueue);
      clearInterval(timer);
    };
  }, [sendNow]);

  const awaitSubmission = useCallback((id: string | null, onRefused?: (e: ApiError) => void) => {
    awaited.current = id === null ? null : { id, onRefused };
  }, []);
  const outbox: Outbox = { sendNow, online, awaitSubmission };
  return (
    <OutboxContext.Provider value={outbox}>
      {!online && (
        <p className="notice notice--warning" role="status">
          {t('declarationsWeb.citizen.offline')}
        </p>
      )}
      {waiting > 0 && (
        <div className="notice notice--info" role="status">
          <p>{t('declarationsWeb.citizen.waiting', { count: waiting })}</p>
          {online && (
            <button type="button" className="button button--secondary" onClick={() => void sendNow()}>
              {t('declarationsWeb.citizen.sendNow')}
            </button>
          )}
        </div>
      )}
      {refused && <ErrorBox error={refused} />}
      {children}
      {offlineReady && <p className="muted small">{t('declarationsWeb.citizen.offlineReady')}</p>}
    </OutboxContext.Provider>
  );
}
