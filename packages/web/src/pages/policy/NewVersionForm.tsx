import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../api.ts';
import { diseaseName } from '../../diseaseName.ts';
import { useApi } from '../../hooks.ts';

interface DiseaseList {
  items: { code: string; active: boolean }[];
}

/** Add a new version of a rule (policy editors): effective date, value, source document and its date. */
export function NewVersionForm({ keys, onSaved }: { keys: string[]; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [key, setKey] = useState(keys[0] ?? '');
  const [disease, setDisease] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [value, setValue] = useState('');
  const [document, setDocument] = useState('');
  const [documentDate, setDocumentDate] = useState('');
  const [verification, setVerification] = useState<'confirmed' | 'unverified'>('unverified');
  const [message, setMessage] = useState<string | null>(null);
  const diseases = useApi(useCallback(() => request<DiseaseList>('GET', '/api/diseases'), []));

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
      source: documentDate === '' ? { document } : { document, date: documentDate },
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
            {i18n.exists(`policyRules.rules.${k}.title`) ? t(`policyRules.rules.${k}.title`) : k}
          </option>
        ))}
      </select>
      <label htmlFor="pol-disease">{t('registry.policy.disease')}</label>
      <select
        id="pol-disease"
        value={disease}
        onChange={(e) => {
          setDisease(e.target.value);
        }}
      >
        <option value="">{t('registry.policy.allDiseases')}</option>
        {(diseases.latest?.items ?? []).map((d) => (
          <option key={d.code} value={d.code}>
            {diseaseName(d.code, i18n.language)}
          </option>
        ))}
      </select>
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
      <label htmlFor="pol-doc-date">{t('policyRules.page.documentDate')}</label>
      <input
        id="pol-doc-date"
        type="date"
        value={documentDate}
        onChange={(e) => {
          setDocumentDate(e.target.value);
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
