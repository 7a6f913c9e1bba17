/** The dashboard's scope form: unit, period, "units as of" date, disease (all in the address). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_DISEASES } from '@epilink/core';
import type { Scope } from './api.ts';
import { UnitScopePicker } from './UnitScopePicker.tsx';

export function ScopeForm({ scope, onChange }: { scope: Scope; onChange: (next: Partial<Scope>) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const date = (key: 'from' | 'to' | 'asOf') => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{t(`situation.filters.${key}`)}</label>
      <input
        id={`${id}-${key}`}
        type="date"
        value={scope[key]}
        required
        onChange={(e) => {
          if (/^\d{4}-\d{2}-\d{2}$/u.test(e.target.value)) onChange({ [key]: e.target.value });
        }}
      />
    </div>
  );
  return (
    <form
      className="form situation-scope"
      aria-label={t('situation.filters.legend')}
      onSubmit={(e) => {
        e.preventDefault();
      }}
    >
      <UnitScopePicker
        value={scope.unit}
        onChange={(unit) => {
          onChange({ unit });
        }}
      />
      {date('from')}
      {date('to')}
      {date('asOf')}
      <div className="field">
        <label htmlFor={`${id}-disease`}>{t('situation.filters.disease')}</label>
        <select
          id={`${id}-disease`}
          value={scope.disease}
          onChange={(e) => {
            onChange({ disease: e.target.value });
          }}
        >
          {DEFAULT_DISEASES.map((d) => (
            <option key={d.code} value={d.code}>
              {lang === 'en' ? d.names.en : d.code === 'COVID-19' ? d.code : d.names.vi}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
