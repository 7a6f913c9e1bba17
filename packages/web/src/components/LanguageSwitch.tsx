import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@epilink/core';
import { asLanguage, currentLanguage, setLanguage } from '../i18n.ts';

/** The language choice shown in the header of every screen (a labelled `<select>`). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const lang = asLanguage(i18n.resolvedLanguage) ?? currentLanguage();
  return (
    <div className="lang-switch">
      <label htmlFor={id} className="lang-switch__label">
        {t('web.language.label')}
      </label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const next = asLanguage(e.target.value);
          if (next) void setLanguage(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`web.language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
