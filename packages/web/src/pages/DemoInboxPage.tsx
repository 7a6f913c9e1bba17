import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type DemoMessage } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { usePageTitle } from '../hooks.ts';

/** Demo mode only: the messages the demo channel received (no real SMS leaves the machine). */
export function DemoInboxPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<DemoMessage[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  usePageTitle(t('security.web.demoInbox.title'));

  useEffect(() => {
    let live = true;
    const load = () => {
      api.demoInbox().then(
        (r) => {
          if (live) setItems(r.items);
        },
        (e: unknown) => {
          if (live) setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
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
              {t('security.web.demoInbox.at')}: {new Date(m.createdAt).toLocaleString()}
            </p>
            {m.subject && <p>{m.subject}</p>}
            <p data-testid="message-body">{m.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
