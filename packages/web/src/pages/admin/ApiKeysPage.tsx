/**
 * API keys for other systems (`/admin/api-keys`, administrators): list, create (name, scopes I
 * hold, a unit inside my jurisdiction; the key is shown once), revoke.
 */
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_KEY_SCOPES, canIssueApiKey } from '@epilink/core';
import type { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { useUnitNames } from '../cases/unitNames.ts';
import { roleOf, type UnitChoice } from './access.ts';
import { asApiError } from './AccountForm.tsx';
import { adminApi } from './api.ts';
import { UnitPicker } from './UnitPicker.tsx';

const k = (key: string) => `security.web.admin.apiKeys.${key}`;

/** The new key, shown once, with a copy button and a warning. */
function NewSecret({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <section className="notice notice--warning" aria-labelledby="new-key" role="region">
      <h2 id="new-key">{t(k('secretTitle'))}</h2>
      <p>
        <strong>{t(k('secretWarning'))}</strong>
      </p>
      <label className="field">
        <span>{t(k('secretLabel'))}</span>
        <input readOnly className="mono" value={secret} data-testid="api-key-secret" />
      </label>
      <p className="actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => {
              setCopied(true);
            });
          }}
        >
          {t(k('copy'))}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={onDismiss}>
          {t(k('dismiss'))}
        </button>
      </p>
      {copied && <p role="status">{t(k('copied'))}</p>}
    </section>
  );
}

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t(k('title')));
  const { user } = useAuth();
  const role = roleOf(user);
  const scopesICanGive = API_KEY_SCOPES.filter((s) => role !== null && canIssueApiKey(role, [s]));
  const list = useApi(useCallback(() => adminApi.apiKeys(), []));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const onUnit = useCallback((u: UnitChoice) => {
    setUnit(u);
  }, []);

  const create = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!unit) return;
    setError(null);
    adminApi.createApiKey({ name: name.trim(), scopes, jurisdictionCode: unit.code }).then(
      (r) => {
        setSecret(r.key);
        setName('');
        setScopes([]);
        list.reload();
      },
      (err: unknown) => {
        setError(asApiError(err));
      },
    );
  };
  const revoke = (id: string, keyName: string) => {
    setError(null);
    setNote(null);
    adminApi.revokeApiKey(id).then(
      () => {
        setNote(t(k('revoked'), { name: keyName }));
        list.reload();
      },
      (err: unknown) => {
        setError(asApiError(err));
      },
    );
  };
  const items = list.latest?.items ?? [];
  const unitName = useUnitNames(items.map((key) => key.jurisdictionCode));

  return (
    <>
      <h1>{t(k('title'))}</h1>
      <p className="muted">{t(k('intro'))}</p>
      {secret && (
        <NewSecret
          secret={secret}
          onDismiss={() => {
            setSecret(null);
          }}
        />
      )}
      {note && (
        <p className="notice notice--success" role="status">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {list.loading && !list.latest && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && items.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {items.length > 0 && (
        <table className="table table--cards" aria-label={t(k('title'))}>
          <thead>
            <tr>
              <th scope="col">{t(k('name'))}</th>
              <th scope="col">{t(k('prefix'))}</th>
              <th scope="col">{t(k('scopes'))}</th>
              <th scope="col">{t(k('jurisdiction'))}</th>
              <th scope="col">{t(k('created'))}</th>
              <th scope="col">{t(k('lastUsed'))}</th>
              <th scope="col">{t(k('status'))}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((key) => (
              <tr key={key.id}>
                <th scope="row" data-label={t(k('name'))}>
                  {key.name}
                </th>
                <td data-label={t(k('prefix'))} className="mono">
                  {key.prefix}
                </td>
                <td data-label={t(k('scopes'))}>{key.scopes.join(', ')}</td>
                <td data-label={t(k('jurisdiction'))}>{unitName(key.jurisdictionCode)}</td>
                <td data-label={t(k('created'))}>{formatDateTime(key.createdAt, i18n.language)}</td>
                <td data-label={t(k('lastUsed'))}>
                  {key.lastUsedAt ? formatDateTime(key.lastUsedAt, i18n.language) : '—'}
                </td>
                <td data-label={t(k('status'))}>
                  {key.revokedAt ? (
                    `${t(k('revokedAt'))} ${formatDateTime(key.revokedAt, i18n.language)}`
                  ) : (
                    <>
                      {t(k('active'))}{' '}
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={t(k('revokeLabel'), { name: key.name })}
                        onClick={() => {
                          revoke(key.id, key.name);
                        }}
                      >
                        {t(k('revoke'))}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form card" onSubmit={create} aria-label={t(k('create'))}>
        <h2>{t(k('create'))}</h2>
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
        <fieldset className="form">
          <legend>{t(k('scopes'))}</legend>
          {scopesICanGive.map((s) => (
            <label key={s} className="radio">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => {
                  setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)));
                }}
              />{' '}
              <code>{s}</code>
            </label>
          ))}
        </fieldset>
        <UnitPicker onChange={onUnit} />
        <p className="actions">
          <button type="submit" className="button" disabled={scopes.length === 0}>
            {t(k('create'))}
          </button>
        </p>
      </form>
    </>
  );
}
