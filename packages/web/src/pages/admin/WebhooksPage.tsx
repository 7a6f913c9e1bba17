/**
 * Webhook subscriptions (`/admin/webhooks`, administrators with apikey:manage): the subscriptions
 * inside my jurisdiction (the server scopes them), create one (name, https address, topics from
 * the catalogue, a unit inside my jurisdiction; the signing secret is shown once), disable or
 * enable it, send a signed test event, and read its delivery log (status, attempts, last error,
 * next try).
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { useUnitNames } from '../cases/unitNames.ts';
import type { UnitChoice } from './access.ts';
import { asApiError } from './AccountForm.tsx';
import { UnitPicker } from './UnitPicker.tsx';
import { topicLabelKey, WEBHOOK_TOPICS, webhooksApi } from './webhooksApi.ts';
import type { WebhookSubscription } from './webhooksApi.ts';

const k = (key: string) => `fhir.webhooks.${key}`;

/** A subscription's delivery log, newest first. */
function DeliveryLog({ sub, version }: { sub: WebhookSubscription; version: number }) {
  const { t, i18n } = useTranslation();
  const log = useApi(
    // `version` reloads the log after a test event is queued.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    useCallback(() => webhooksApi.deliveries(sub.id), [sub.id, version]),
  );
  const when = (d: string | null) => (d ? formatDateTime(d, i18n.language) : '—');
  const items = log.latest?.items ?? [];
  return (
    <section aria-label={`${t(k('deliveries'))}: ${sub.name}`}>
      <h2>{`${t(k('deliveries'))}: ${sub.name}`}</h2>
      {log.loading && !log.latest && <Loading />}
      {log.error && <ErrorBox error={log.error} onRetry={log.reload} />}
      {log.latest && items.length === 0 && <p className="muted">{t(k('noDeliveries'))}</p>}
      {items.length > 0 && (
        <table className="table table--cards" aria-label={t(k('deliveries'))}>
          <thead>
            <tr>
              <th scope="col">{t(k('event'))}</th>
              <th scope="col">{t(k('status'))}</th>
              <th scope="col">{t(k('attempts'))}</th>
              <th scope="col">{t(k('lastError'))}</th>
              <th scope="col">{t(k('nextRetry'))}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <th scope="row" data-label={t(k('event'))}>
                  {t(topicLabelKey(d.topic), { defaultValue: d.topic })}
                  <br />
                  <span className="muted">{when(d.createdAt)}</span>
                </th>
                <td data-label={t(k('status'))}>
                  {t(k(d.status), { defaultValue: d.status })}
                  {d.deliveredAt && ` · ${when(d.deliveredAt)}`}
                </td>
                <td data-label={t(k('attempts'))}>{d.attempts}</td>
                <td data-label={t(k('lastError'))} className="mono">
                  {d.lastError ?? '—'}
                  {d.lastStatus !== null && ` (${d.lastStatus})`}
                </td>
                <td data-label={t(k('nextRetry'))}>{d.status === 'pending' ? when(d.availableAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The form to add a subscription. */
function CreateForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [topics, setTopics] = useState<string[]>([]);
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const onUnit = useCallback((u: UnitChoice) => {
    setUnit(u);
  }, []);
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!unit) return;
    setError(null);
    webhooksApi.create({ name: name.trim(), url: url.trim(), topics, jurisdictionCode: unit.code }).then(
      (r) => {
        onCreated(r.subscription.name, r.secret);
        setName('');
        setUrl('');
        setTopics([]);
      },
      (err: unknown) => {
        setError(asApiError(err));
      },
    );
  };
  return (
    <form className="form card" onSubmit={submit} aria-label={t(k('create'))}>
      <h2>{t(k('create'))}</h2>
      {error && <ErrorBox error={error} />}
      <label className="field">
        <span>{t(k('name'))}</span>
        <input
          required
          maxLength={100}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
          }}
        />
      </label>
      <label className="field">
        <span>{t(k('url'))}</span>
        <input
          required
          type="url"
          inputMode="url"
          maxLength={500}
          placeholder="https://"
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
          }}
        />
      </label>
      <fieldset className="form">
        <legend>{t(k('topics'))}</legend>
        {WEBHOOK_TOPICS.map((topic) => (
          <label key={topic} className="radio">
            <input
              type="checkbox"
              checked={topics.includes(topic)}
              onChange={(e) => {
                setTopics((cur) => (e.target.checked ? [...cur, topic] : cur.filter((x) => x !== topic)));
              }}
            />{' '}
            {t(topicLabelKey(topic))} <code>{topic}</code>
          </label>
        ))}
      </fieldset>
      <UnitPicker onChange={onUnit} />
      <p className="actions">
        <button type="submit" className="button" disabled={topics.length === 0 || !unit}>
          {t(k('save'))}
        </button>
      </p>
    </form>
  );
}

export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t(k('title')));
  const list = useApi(useCallback(() => webhooksApi.list(), []));
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const items = list.latest?.items ?? [];
  const unitName = useUnitNames(items.map((s) => s.jurisdictionCode));
  const selected = items.find((s) => s.id === open) ?? null;

  const act = (p: Promise<unknown>, message: string, showLog?: string) => {
    setError(null);
    setNote(null);
    p.then(
      () => {
        setNote(message);
        if (showLog) setOpen(showLog);
        setVersion((v) => v + 1);
        list.reload();
      },
      (err: unknown) => {
        setError(asApiError(err));
      },
    );
  };

  return (
    <>
      <h1>{t(k('title'))}</h1>
      <p className="muted">{t(k('intro'))}</p>
      {secret && (
        <section className="notice notice--warning" role="region" aria-label={t(k('secretOnce'))}>
          <p>
            <strong>{t(k('secretOnce'))}</strong>
          </p>
          <input
            readOnly
            className="mono"
            value={secret}
            data-testid="webhook-secret"
            aria-label={t(k('secretOnce'))}
          />
        </section>
      )}
      {note && (
        <p className="notice notice--success" role="status">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      <h2>{t(k('subscriptions'))}</h2>
      {list.loading && !list.latest && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && items.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {items.length > 0 && (
        <table className="table table--cards" aria-label={t(k('subscriptions'))}>
          <thead>
            <tr>
              <th scope="col">{t(k('name'))}</th>
              <th scope="col">{t(k('topics'))}</th>
              <th scope="col">{t(k('jurisdiction'))}</th>
              <th scope="col">{t(k('status'))}</th>
              <th scope="col">{t(k('actions'))}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <th scope="row" data-label={t(k('name'))}>
                  {s.name}
                  <br />
                  <span className="mono muted" style={{ overflowWrap: 'anywhere' }}>
                    {s.url}
                  </span>
                </th>
                <td data-label={t(k('topics'))}>{s.topics.map((x) => t(topicLabelKey(x))).join(', ')}</td>
                <td data-label={t(k('jurisdiction'))}>{unitName(s.jurisdictionCode)}</td>
                <td data-label={t(k('status'))}>
                  {s.disabledAt
                    ? `${t(s.consecutiveFailures > 0 ? k('disabled') : k('disabledByHand'))} · ${formatDateTime(s.disabledAt, i18n.language)}`
                    : t(k('active'))}
                  {s.consecutiveFailures > 0 && ` · ${t(k('failures'))}: ${s.consecutiveFailures}`}
                </td>
                <td data-label={t(k('actions'))} className="actions">
                  {s.disabledAt ? (
                    <button
                      type="button"
                      className="button"
                      aria-label={`${t(k('enable'))}: ${s.name}`}
                      onClick={() => {
                        act(webhooksApi.enable(s.id), `${t(k('active'))}: ${s.name}`);
                      }}
                    >
                      {t(k('enable'))}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`${t(k('disable'))}: ${s.name}`}
                      onClick={() => {
                        act(webhooksApi.disable(s.id), `${t(k('disabledByHand'))}: ${s.name}`);
                      }}
                    >
                      {t(k('disable'))}
                    </button>
                  )}{' '}
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={`${t(k('sendTest'))}: ${s.name}`}
                    onClick={() => {
                      act(webhooksApi.sendTest(s.id), t(k('testQueued')), s.id);
                    }}
                  >
                    {t(k('sendTest'))}
                  </button>{' '}
                  <button
                    type="button"
                    className="button button--secondary"
                    aria-label={`${t(k('showLog'))}: ${s.name}`}
                    aria-pressed={open === s.id}
                    onClick={() => {
                      setOpen(open === s.id ? null : s.id);
                    }}
                  >
                    {t(k('showLog'))}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <DeliveryLog sub={selected} version={version} />}
      <CreateForm
        onCreated={(name, s) => {
          setSecret(s);
          setNote(t(k('created'), { name }));
          list.reload();
        }}
      />
    </>
  );
}
