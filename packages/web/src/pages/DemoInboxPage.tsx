import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type DemoMessage } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { usePageTitle } from '../hooks.ts';
import { formatDateTime } from '../format.ts';

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

/** Newest first, as the server pages them (created time, then id). */
function newestFirst(a: DemoMessage, b: DemoMessage): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return b.id - a.id;
}

/**
 * Demo mode only: the messages the demo channel received (no real SMS leaves the machine). The
 * newest page is polled; "Load more" follows the cursor to older messages. Every message seen
 * (on a polled page or an older one) is kept, so new arrivals never push loaded ones out.
 */
export function DemoInboxPage() {
  const { t, i18n } = useTranslation();
  const [seen, setSeen] = useState<Map<number, DemoMessage> | null>(null);
  // The cursor to older messages: from the first page until an older page has been loaded.
  const [older, setOlder] = useState<{ loaded: boolean; next: string | null }>({ loaded: false, next: null });
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(t('security.web.demoInbox.title'));

  const keep = (items: DemoMessage[]) => {
    setSeen((prev) => {
      const next = new Map(prev ?? []);
      for (const m of items) next.set(m.id, m);
      return next;
    });
  };

  useEffect(() => {
    let live = true;
    const load = () => {
      api.demoInbox().then(
        (r) => {
          if (!live) return;
          keep(r.items);
          setOlder((o) => (o.loaded ? o : { loaded: false, next: r.nextCursor }));
        },
        (e: unknown) => {
          if (live) setError(asError(e));
        },
      );
    };
    load();
    const timer = setInterval(load, 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const loadOlder = () => {
    if (older.next === null) return;
    api.demoInbox(older.next).then(
      (r) => {
        keep(r.items);
        setOlder({ loaded: true, next: r.nextCursor });
      },
      (e: unknown) => {
        setError(asError(e));
      },
    );
  };
  const items = seen ? [...seen.values()].sort(newestFirst) : null;

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('security.web.demoInbox.title')}</h1>
      <p className="notice">{t('security.web.demoInbox.intro')}</p>
      {error && <ErrorBox error={error} />}
      {!items && !error && <Loading />}
      {items?.length === 0 && <p>{t('security.web.demoInbox.empty')}</p>}
      <ul className="inbox" aria-label={t('security.web.demoInbox.title')}>
        {items?.map((m) => (
          <li key={m.id} className="card">
            <p className="small muted">
              {t('security.web.demoInbox.channel')}: {m.channel.toUpperCase()} ·{' '}
              {t('security.web.demoInbox.to')}: <span data-testid="recipient">{m.recipient}</span> ·{' '}
              {t('security.web.demoInbox.at')}: {formatDateTime(m.createdAt, i18n.language)}
            </p>
            {m.subject && <p>{m.subject}</p>}
            <p data-testid="message-body">{m.body}</p>
          </li>
        ))}
      </ul>
      {older.next !== null && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={loadOlder}>
            {t('web.app.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
