/**
 * The units a sitrep can be made for, within my jurisdiction: my own unit and, below a province,
 * its districts or health areas (never a commune: reports are of the province and its districts).
 */
import { useCallback, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useApi } from '../../hooks.ts';

export function ReportUnitSelect({ value, onChange }: { value: string; onChange: (code: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { user } = useAuth();
  const own = user?.jurisdiction.code ?? '';
  const load = useCallback(() => (own ? api.unit(own) : Promise.resolve(null)), [own]);
  const view = useApi(load).latest;
  const options = [
    // A health area is no administrative unit (the units API does not know it): the official's own
    // jurisdiction is still shown by the name their session carries, never by its code.
    ...(view
      ? [{ code: view.unit.code, name: view.unit.name }]
      : own
        ? [{ code: own, name: user?.jurisdiction.name ?? own }]
        : []),
    ...(view?.children ?? [])
      .filter((c) => c.level !== 'commune')
      .map((c) => ({ code: c.code, name: c.name })),
  ];
  return (
    <div className="field">
      <label htmlFor={id}>{t('sitrep.web.unit')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}
