import { useCallback, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError, request } from '../../api.ts';
import { useApi, usePageTitle } from '../../hooks.ts';

interface RegisterResult {
  personId: string;
  decision: 'new' | 'merged' | 'review';
  matchedId: string | null;
}

interface FormState {
  fullName: string;
  dateOfBirth: string;
  sex: '' | 'male' | 'female';
  idNumber: string;
  phone: string;
  address: string;
  districtCode: string;
  communeCode: string;
}

const EMPTY: FormState = {
  fullName: '',
  dateOfBirth: '',
  sex: '',
  idNumber: '',
  phone: '',
  address: '',
  districtCode: '',
  communeCode: '',
};

/**
 * Register a person (commune health station, district centre). The server runs record linkage
 * first: the answer says whether this is a new person, a record of someone already known, or a
 * possible duplicate queued for review.
 */
export function RegisterPersonPage() {
  const { t } = useTranslation();
  usePageTitle(t('registry.form.title'));
  const [form, setForm] = useState<FormState>(EMPTY);
  const [result, setResult] = useState<RegisterResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const province = useApi(useCallback(() => api.unit(), []));
  const district = useApi(
    useCallback(
      () => (form.districtCode ? api.unit(form.districtCode) : Promise.resolve(null)),
      [form.districtCode],
    ),
  );
  // Since the 2025 reform a province's children are its communes (no district level): one picker.
  const twoTier = (province.data?.children ?? []).some((c) => c.level === 'commune');
  const communes = twoTier ? (province.data?.children ?? []) : (district.data?.children ?? []);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value, ...(key === 'districtCode' ? { communeCode: '' } : {}) }));
  };

  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    request<RegisterResult>('POST', '/api/persons', {
      fullName: form.fullName,
      dateOfBirth: form.dateOfBirth === '' ? null : form.dateOfBirth,
      sex: form.sex === '' ? null : form.sex,
      idNumber: form.idNumber === '' ? null : form.idNumber,
      phone: form.phone === '' ? null : form.phone,
      address: form.address === '' ? null : form.address,
      communeCode: form.communeCode,
    }).then(
      (r) => {
        setResult(r);
        setForm(EMPTY);
        setBusy(false);
      },
      (err: unknown) => {
        setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
        setBusy(false);
      },
    );
  };

  return (
    <>
      <h1>{t('registry.form.title')}</h1>
      <p className="muted">{t('registry.form.intro')}</p>
      {result && (
        <div className="card" role="status">
          <p>{t(`registry.form.outcome.${result.decision}`)}</p>
          <p>
            <Link to={`/people/${result.personId}`}>{t('registry.form.openPerson')}</Link>
            {result.decision === 'review' && (
              <>
                {' · '}
                <Link to="/duplicates">{t('registry.form.openReviews')}</Link>
              </>
            )}
          </p>
        </div>
      )}
      {error && (
        <div className="card error" role="alert">
          <p>{error.message}</p>
          {error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li key={`${d.path}-${d.message}`}>{d.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form className="form card" onSubmit={submit}>
        <label htmlFor="rp-name">{t('registry.form.fullName')}</label>
        <input
          id="rp-name"
          required
          maxLength={200}
          value={form.fullName}
          onChange={(e) => {
            set('fullName', e.target.value);
          }}
        />
        <label htmlFor="rp-dob">{t('registry.form.dateOfBirth')}</label>
        <input
          id="rp-dob"
          type="date"
          value={form.dateOfBirth}
          onChange={(e) => {
            set('dateOfBirth', e.target.value);
          }}
        />
        <label htmlFor="rp-sex">{t('registry.form.sex')}</label>
        <select
          id="rp-sex"
          value={form.sex}
          onChange={(e) => {
            set('sex', e.target.value as FormState['sex']);
          }}
        >
          <option value="">{t('registry.form.unknown')}</option>
          <option value="male">{t('registry.form.male')}</option>
          <option value="female">{t('registry.form.female')}</option>
        </select>
        <label htmlFor="rp-id">{t('registry.form.idNumber')}</label>
        <input
          id="rp-id"
          inputMode="text"
          maxLength={20}
          value={form.idNumber}
          onChange={(e) => {
            set('idNumber', e.target.value);
          }}
        />
        <label htmlFor="rp-phone">{t('registry.form.phone')}</label>
        <input
          id="rp-phone"
          type="tel"
          maxLength={20}
          value={form.phone}
          onChange={(e) => {
            set('phone', e.target.value);
          }}
        />
        <label htmlFor="rp-address">{t('registry.form.address')}</label>
        <input
          id="rp-address"
          maxLength={300}
          value={form.address}
          onChange={(e) => {
            set('address', e.target.value);
          }}
        />
        {!twoTier && (
          <>
            <label htmlFor="rp-district">{t('registry.form.district')}</label>
            <select
              id="rp-district"
              required
              value={form.districtCode}
              onChange={(e) => {
                set('districtCode', e.target.value);
              }}
            >
              <option value="">{t('registry.form.choose')}</option>
              {(province.data?.children ?? []).map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor="rp-commune">{t('registry.form.commune')}</label>
        <select
          id="rp-commune"
          required
          value={form.communeCode}
          onChange={(e) => {
            set('communeCode', e.target.value);
          }}
        >
          <option value="">{t('registry.form.choose')}</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy}>
          {t('registry.form.submit')}
        </button>
      </form>
    </>
  );
}
