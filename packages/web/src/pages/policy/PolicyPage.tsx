import { useCallback, useMemo, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api.ts';
import { useApi, usePageTitle } from '../../hooks.ts';

interface PolicyRule {
  id: string;
  key: string;
  diseaseCode: string | null;
  effectiveFrom: string;
  value: unknown;
  source: { document: string; article?: string; url?: string };
  verification: 'confirmed' | 'unverified';
  unverifiedPaths?: string[];
  note?: string;
  inForce: boolean;
}

interface PolicyList {
  keys: { key: string; description: string }[];
  rules: PolicyRule[];
}

/**
 * The policy store: every rule authorities change, each version with its effective date, legal
 * source and verification status; a new version is added, never edited in place.
 */
export function PolicyPage() {
  const { t } = useTranslation();
  usePageTitle(t('registry.policy.title'));
  const list = useApi(useCallback(() => request<PolicyList>('GET', '/api/policy/rules'), []));
  const byKey = useMemo(() => {
    const groups = new Map<string, PolicyRule[]>();
    for (const r of list.data?.rules ?? []) groups.set(r.key, [...(groups.get(r.key) ?? []), r]);
    return groups;
  }, [list.data]);

  return (
    <>
      <h1>{t('registry.policy.title')}</h1>
      <p className="muted">{t('registry.policy.intro')}</p>
      {list.error && <p role="alert">{list.error.message}</p>}
      {(list.data?.keys ?? []).map((k) => (
        <section key={k.key} className="card">
          <h2>
            <code>{k.key}</code>
          </h2>
          <p className="muted small">{k.description}</p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('registry.policy.effectiveFrom')}</th>
                <th scope="col">{t('registry.policy.disease')}</th>
                <th scope="col">{t('registry.policy.value')}</th>
                <th scope="col">{t('registry.policy.source')}</th>
                <th scope="col">{t('registry.policy.status')}</th>
              </tr>
            </thead>
            <tbody>
              {(byKey.get(k.key) ?? []).map((r) => (
                <tr key={r.id}>
                  <td data-label={t('registry.policy.effectiveFrom')}>{r.effectiveFrom}</td>
                  <td data-label={t('registry.policy.disease')}>
                    {r.diseaseCode ?? t('registry.policy.allDiseases')}
                  </td>
                  <td data-label={t('registry.policy.value')}>
                    <pre className="mono small">{JSON.stringify(r.value, null, 1)}</pre>
                  </td>
                  <td data-label={t('registry.policy.source')}>
                    {r.source.document}
                    {r.note && <p className="muted small">{r.note}</p>}
                  </td>
                  <td data-label={t('registry.policy.status')}>
                    {r.inForce && <span className="badge">{t('registry.policy.inForce')}</span>}{' '}
                    <span className="badge">{t(`registry.policy.verification.${r.verification}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {list.data && <NewVersionForm keys={list.data.keys.map((k) => k.key)} onSaved={list.reload} />}
    </>
  );
}

function NewVersionForm({ keys, onSaved }: { keys: string[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState(keys[0] ?? '');
  const [disease, setDisease] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [value, setValue] = useState('');
  const [document, setDocument] = useState('');
  const [verification, setVerification] = useState<'confirmed' | 'unverified'>('unverified');
  const [message, setMessage] = useState<string | null>(null);

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      setMessage(t('registry.policy.badJson'));
      return;
    }
    request<{ id: string }>('POST', '/api/policy/rules', {
      key,
      diseaseCode: disease === '' ? null : disease,
      effectiveFrom,
      value: parsed,
      source: { document },
      verification,
    }).then(
      () => {
        setMessage(t('registry.policy.saved'));
        onSaved();
      },
      (err: unknown) => {
        setMessage(
          err instanceof ApiError
            ? [err.message, ...err.details.map((d) => d.message)].join(' ')
            : String(err),
        );
      },
    );
  };

  return (
    <form className="form card" onSubmit={submit}>
      <h2>{t('registry.policy.newVersion')}</h2>
      {message && <p role="status">{message}</p>}
      <label htmlFor="pol-key">{t('registry.policy.key')}</label>
      <select
        id="pol-key"
        value={key}
        onChange={(e) => {
          setKey(e.target.value);
        }}
      >
        {keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <label htmlFor="pol-disease">{t('registry.policy.disease')}</label>
      <input
        id="pol-disease"
        placeholder="COVID-19"
        value={disease}
        onChange={(e) => {
          setDisease(e.target.value);
        }}
      />
      <label htmlFor="pol-from">{t('registry.policy.effectiveFrom')}</label>
      <input
        id="pol-from"
        type="date"
        required
        value={effectiveFrom}
        onChange={(e) => {
          setEffectiveFrom(e.target.value);
        }}
      />
      <label htmlFor="pol-value">{t('registry.policy.valueJson')}</label>
      <textarea
        id="pol-value"
        required
        rows={5}
        className="mono"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
        }}
      />
      <label htmlFor="pol-doc">{t('registry.policy.document')}</label>
      <input
        id="pol-doc"
        required
        maxLength={200}
        value={document}
        onChange={(e) => {
          setDocument(e.target.value);
        }}
      />
      <label htmlFor="pol-ver">{t('registry.policy.status')}</label>
      <select
        id="pol-ver"
        value={verification}
        onChange={(e) => {
          setVerification(e.target.value as 'confirmed' | 'unverified');
        }}
      >
        <option value="unverified">{t('registry.policy.verification.unverified')}</option>
        <option value="confirmed">{t('registry.policy.verification.confirmed')}</option>
      </select>
      <button type="submit">{t('registry.policy.save')}</button>
    </form>
  );
}
