/**
 * The quarantine officers' worklist (`/quarantine`, issue #16 item 5): open alerts first, live
 * (server push: the page reloads on `quarantineAlert` events) with the person's phone and the
 * hotlines, acknowledged with a note; proposals to confirm in bulk; forms not in for the current
 * slot; tests due today; releases due (release, or extend by 3 days with a reason). 360 px: each
 * section is a list of cards, not a table.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { useApi, usePageTitle } from '../../hooks.ts';
import { useLiveEvents } from '../cases/useLiveEvents.ts';
import type { AlertItem, OrderItem, Section } from './api.ts';
import { quarantineApi } from './api.ts';
import { signText } from './signs.ts';
import { formatTimeOfDay } from '@epilink/core';
import { formatDate } from '../../format.ts';

const isQuarantineEvent = (e: { type: string }) => e.type.startsWith('quarantine');

export function QuarantinePage() {
  const { t } = useTranslation();
  usePageTitle(t('quarantine.page.title'));
  const load = useCallback(() => quarantineApi.worklist(), []);
  const { data, latest, error, reload } = useApi(load);
  useLiveEvents(isQuarantineEvent, reload);
  const [message, setMessage] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const list = data ?? latest;

  const act = async (run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
      setMessage(t('quarantine.page.done'));
      reload();
    } catch (e) {
      setMessage(t('quarantine.page.failed', { message: e instanceof ApiError ? e.message : String(e) }));
    }
  };

  if (!list) return error ? <ErrorBox error={error} onRetry={reload} /> : <Loading />;
  return (
    <section className="page quarantine">
      <h1>{t('quarantine.page.title')}</h1>
      <p className="muted">{t('quarantine.page.hotlines')}</p>
      {message && <p role="status">{message}</p>}
      <h2>{t('quarantine.page.alerts', { count: list.alerts.total })}</h2>
      {list.alerts.items.length === 0 ? (
        <p>{t('quarantine.page.noAlerts')}</p>
      ) : (
        <ul className="cards" aria-label={t('quarantine.page.alerts', { count: list.alerts.total })}>
          {list.alerts.items.map((a) => (
            <AlertCard
              key={a.id}
              alert={a}
              onAcknowledge={(note) => act(() => quarantineApi.acknowledge(a.id, note))}
            />
          ))}
        </ul>
      )}
      <OrderSection
        title={t('quarantine.page.proposed', { count: list.proposed.total })}
        section={list.proposed}
      >
        {(o) => (
          <label>
            <input
              type="checkbox"
              checked={selected.includes(o.id)}
              onChange={(e) => {
                setSelected((s) => (e.target.checked ? [...s, o.id] : s.filter((x) => x !== o.id)));
              }}
            />{' '}
            {t('quarantine.page.select', { name: o.name })}
          </label>
        )}
      </OrderSection>
      {list.proposed.items.length > 0 && (
        <button
          type="button"
          disabled={selected.length === 0}
          onClick={() =>
            void act(async () => {
              await quarantineApi.confirm(selected);
              setSelected([]);
            })
          }
        >
          {t('quarantine.page.confirmSelected')}
        </button>
      )}
      <OrderSection
        title={t('quarantine.page.formsDue', { count: list.formsDue.total })}
        section={list.formsDue}
      />
      <OrderSection
        title={t('quarantine.page.testsDue', { count: list.testsDue.total })}
        section={list.testsDue}
      />
      <OrderSection
        title={t('quarantine.page.releasesDue', { count: list.releasesDue.total })}
        section={list.releasesDue}
      >
        {(o) => (
          <span className="actions">
            <button type="button" onClick={() => void act(() => quarantineApi.release(o.id))}>
              {t('quarantine.page.release')}
            </button>
            <button
              type="button"
              onClick={() =>
                void act(() => quarantineApi.extend(o.id, 3, t('quarantine.page.extend', { days: 3 })))
              }
            >
              {t('quarantine.page.extend', { days: 3 })}
            </button>
            <a href={quarantineApi.documentUrl(o.id, 'order')}>{t('quarantine.page.orderPdf')}</a>
          </span>
        )}
      </OrderSection>
    </section>
  );
}

function AlertCard({
  alert,
  onAcknowledge,
}: {
  alert: AlertItem;
  onAcknowledge: (note: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [note, setNote] = useState('');
  const time = formatTimeOfDay(alert.raisedAt, i18n.language);
  return (
    <li className="card card--alert" data-testid="quarantine-alert">
      <strong>{alert.name}</strong> · {t(`quarantine.level.${alert.level}`)} ·{' '}
      {t('quarantine.page.raisedAt', { time })}
      <ul>
        {alert.signs.map((s) => (
          <li key={s.code}>{signText(t, s)}</li>
        ))}
      </ul>
      {alert.phone && (
        <p>
          {t('quarantine.page.phone')}: <a href={`tel:${alert.phone.replace(/\s/gu, '')}`}>{alert.phone}</a>
        </p>
      )}
      <label>
        {t('quarantine.page.note')}
        <input
          value={note}
          onChange={(e) => {
            setNote(e.target.value);
          }}
        />
      </label>
      <button type="button" disabled={note.trim().length < 3} onClick={() => void onAcknowledge(note.trim())}>
        {t('quarantine.page.acknowledge')}
      </button>
    </li>
  );
}

function OrderSection({
  title,
  section,
  children,
}: {
  title: string;
  section: Section<OrderItem>;
  children?: (o: OrderItem) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <h2>{title}</h2>
      {section.items.length === 0 ? (
        <p>{t('quarantine.page.nothing')}</p>
      ) : (
        <ul className="cards" aria-label={title}>
          {section.items.map((o) => (
            <li key={o.id} className="card">
              <strong>{o.name}</strong> · {t(`quarantine.kind.${o.kind}`)} ·{' '}
              {formatDate(o.startDate, i18n.language)} →{' '}
              {t('quarantine.page.until', { day: formatDate(o.endDate, i18n.language) })}
              {o.phone && (
                <>
                  {' '}
                  · <a href={`tel:${o.phone.replace(/\s/gu, '')}`}>{o.phone}</a>
                </>
              )}
              {children && <div>{children(o)}</div>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
