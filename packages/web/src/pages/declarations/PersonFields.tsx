/**
 * Who is declared, when the declarant is not signed in (or staff enter a person not in the
 * registry): name and phone are required, date of birth and ID number help the record linkage.
 */
import type { ErrorDetail } from '@epilink/core';
import { useTranslation } from 'react-i18next';
import type { DeclaredPerson } from './api.ts';

/** The person's fields as typed. */
export interface PersonDraft {
  fullName: string;
  phone: string;
  dateOfBirth: string;
  idNumber: string;
}

/** An empty person. */
export const EMPTY_PERSON: PersonDraft = { fullName: '', phone: '', dateOfBirth: '', idNumber: '' };

const PHONE = /^\+?[0-9 .-]{9,15}$/u;

/** What is missing or wrong in the person's fields (`path` = `person.<field>`). */
export function personIssues(p: PersonDraft): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (p.fullName.trim() === '')
    out.push({ path: 'person.fullName', messageKey: 'declarationsWeb.citizen.missing', params: {} });
  if (p.phone.trim() === '')
    out.push({ path: 'person.phone', messageKey: 'declarationsWeb.citizen.missing', params: {} });
  else if (!PHONE.test(p.phone.trim()))
    out.push({ path: 'person.phone', messageKey: 'declarationsWeb.citizen.badPhone', params: {} });
  return out;
}

/** The person's body fields (no empty optional ones). */
export function personPayload(p: PersonDraft): DeclaredPerson {
  return {
    fullName: p.fullName.trim(),
    ...(p.phone.trim() ? { phone: p.phone.trim() } : {}),
    ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(p.idNumber.trim() ? { idNumber: p.idNumber.trim() } : {}),
  };
}

const FIELDS = [
  { key: 'fullName', type: 'text', autoComplete: 'name', required: true },
  { key: 'phone', type: 'tel', autoComplete: 'tel', required: true },
  { key: 'dateOfBirth', type: 'date', autoComplete: 'bday', required: false },
  { key: 'idNumber', type: 'text', autoComplete: 'off', required: false },
] as const;

/** The four fields, with their problems beside them. */
export function PersonFields({
  value,
  onChange,
  issues,
}: {
  value: PersonDraft;
  onChange: (p: PersonDraft) => void;
  issues: readonly ErrorDetail[];
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="qform">
      <legend>{t('declarationsWeb.citizen.identity')}</legend>
      {FIELDS.map((f) => {
        const id = `declare-person-${f.key}`;
        const issue = issues.find((i) => i.path === `person.${f.key}`);
        return (
          <div key={f.key} className="field">
            <span>
              <label htmlFor={id}>{t(`declarationsWeb.citizen.${f.key}`)}</label>
              {f.required && (
                <span className="qform__required" title={t('declarationsWeb.form.required')}>
                  <span aria-hidden="true">*</span>
                  <span className="visually-hidden">{t('declarationsWeb.form.requiredMark')}</span>
                </span>
              )}
            </span>
            <input
              id={id}
              type={f.type}
              autoComplete={f.autoComplete}
              inputMode={f.key === 'phone' ? 'tel' : undefined}
              aria-required={f.required || undefined}
              aria-invalid={issue ? true : undefined}
              aria-describedby={issue ? `${id}-error` : undefined}
              value={value[f.key]}
              onChange={(e) => {
                onChange({ ...value, [f.key]: e.target.value });
              }}
            />
            {issue && (
              <p id={`${id}-error`} className="qform__error">
                {t(issue.messageKey, issue.params)}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
