/**
 * The identity step of a citizen's first sign-in (issue #9 item 6): the one-time code proves the
 * phone; who holds it is stated by date of birth and ID number (or full name for a record without
 * one), matched by the server against the records carrying the phone. Shared by the citizen
 * sign-in page and the check-in page's inline sign-in.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** What the citizen typed. */
export interface IdentityDraft {
  dateOfBirth: string;
  idNumber: string;
  fullName: string;
}

export const EMPTY_IDENTITY: IdentityDraft = { dateOfBirth: '', idNumber: '', fullName: '' };

/** The body fields of `POST /api/me/login/verify` for a draft (empty fields left out). */
export function identityPayload(d: IdentityDraft): {
  dateOfBirth: string;
  idNumber?: string;
  fullName?: string;
} {
  return {
    dateOfBirth: d.dateOfBirth,
    ...(d.idNumber.trim() ? { idNumber: d.idNumber.trim() } : {}),
    ...(d.fullName.trim() ? { fullName: d.fullName.trim() } : {}),
  };
}

/** Date of birth, ID number, full name: one of the last two is required. */
export function CitizenIdentityFields({
  value,
  onChange,
}: {
  value: IdentityDraft;
  onChange: (next: IdentityDraft) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="fieldset">
      <legend>{t('security.citizenLogin.identifyIntro')}</legend>
      <p role="status">{t('security.citizenLogin.identityRequired')}</p>
      <div className="field">
        <label htmlFor={`${id}-dob`}>{t('security.citizenLogin.dateOfBirth')}</label>
        <input
          id={`${id}-dob`}
          type="date"
          required
          value={value.dateOfBirth}
          onChange={(e) => {
            onChange({ ...value, dateOfBirth: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-id-number`}>{t('security.citizenLogin.idNumber')}</label>
        <input
          id={`${id}-id-number`}
          inputMode="numeric"
          autoComplete="off"
          required={!value.fullName.trim()}
          value={value.idNumber}
          onChange={(e) => {
            onChange({ ...value, idNumber: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-full-name`}>{t('security.citizenLogin.fullName')}</label>
        <input
          id={`${id}-full-name`}
          autoComplete="name"
          required={!value.idNumber.trim()}
          value={value.fullName}
          onChange={(e) => {
            onChange({ ...value, fullName: e.target.value });
          }}
        />
      </div>
    </fieldset>
  );
}
