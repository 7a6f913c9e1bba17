/**
 * The commune where the person declared lives now (the declaration's place: the commune that
 * reviews a flag). The province's communes come from the public unit list, grouped by district.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { declarationsApi, type CommuneOption } from './api.ts';

let cached: Promise<CommuneOption[]> | null = null;

/** The province's communes (asked once per page load). */
export function loadCommunes(): Promise<CommuneOption[]> {
  cached ??= declarationsApi.communes().catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}

/** The communes, or null while loading (an empty list when they could not be read). */
export function useCommunes(): CommuneOption[] | null {
  const [communes, setCommunes] = useState<CommuneOption[] | null>(null);
  useEffect(() => {
    let live = true;
    loadCommunes().then(
      (c) => {
        if (live) setCommunes(c);
      },
      () => {
        if (live) setCommunes([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return communes;
}

/** A select of the communes by district. */
export function CommunePicker({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const communes = useCommunes() ?? [];
  const districts = [...new Set(communes.map((c) => c.districtName ?? ''))];
  return (
    <div className="field">
      <span>
        <label htmlFor={id}>{t('declarationsWeb.citizen.commune')}</label>
        <span className="qform__required" title={t('declarationsWeb.form.required')}>
          <span aria-hidden="true">*</span>
          <span className="visually-hidden">{t('declarationsWeb.form.requiredMark')}</span>
        </span>
      </span>
      <select
        id={id}
        value={value}
        aria-required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        <option value="">{t('declarationsWeb.form.choose')}</option>
        {districts.map((d) => (
          <optgroup key={d} label={d}>
            {communes
              .filter((c) => (c.districtName ?? '') === d)
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className="qform__error">
          {error}
        </p>
      )}
    </div>
  );
}
