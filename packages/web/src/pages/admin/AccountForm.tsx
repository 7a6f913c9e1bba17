/**
 * Create an account inside my own jurisdiction: the role choices are the roles I may grant at the
 * chosen unit (core `canManageAccount`), so the form offers only what the server accepts.
 */
import { useCallback, useId, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox } from '../../components/Feedback.tsx';
import { labelOr } from '../../format.ts';
import { grantableRoles, type UnitChoice } from './access.ts';
import { adminApi, type Account, type Enrolment } from './api.ts';
import { EnrolmentNotice } from './EnrolmentNotice.tsx';
import { UnitPicker } from './UnitPicker.tsx';

/** Any rejection as an ApiError (its message is already translated by the server). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

const EMPTY = { username: '', displayName: '', email: '', password: '', role: '' };

/** The "create account" form; `onCreated` receives the new account. */
export function AccountForm({ onCreated }: { onCreated: (a: Account) => void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const roleId = useId();
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<{ username: string; enrolment: Enrolment } | null>(null);
  const onUnit = useCallback((u: UnitChoice) => {
    setUnit(u);
  }, []);
  const roles = grantableRoles(user, unit);
  const role = roles.includes(form.role as (typeof roles)[number]) ? form.role : (roles[0] ?? '');
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
  };
  const submit = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!unit || !role) return;
    setError(null);
    setDone(null);
    setEnrolment(null);
    setBusy(true);
    adminApi
      .createAccount({
        username: form.username.trim(),
        displayName: form.displayName.trim(),
        email: form.email.trim() || null,
        password: form.password,
        role,
        jurisdictionCode: unit.code,
      })
      .then(
        ({ user: created, enrolment: code }) => {
          setDone(t('security.web.admin.accounts.created', { username: created.username }));
          setEnrolment(code ? { username: created.username, enrolment: code } : null);
          setForm(EMPTY);
          onCreated(created);
        },
        (err: unknown) => {
          setError(asApiError(err));
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <form className="form card" onSubmit={submit} aria-label={t('security.web.admin.accounts.create')}>
      <h2>{t('security.web.admin.accounts.create')}</h2>
      <label className="field">
        <span>{t('security.web.admin.accounts.username')}</span>
        <input
          required
          autoComplete="off"
          pattern="[a-z0-9][a-z0-9._\-]{2,49}"
          value={form.username}
          onChange={set('username')}
        />
      </label>
      <label className="field">
        <span>{t('security.web.admin.accounts.displayName')}</span>
        <input required maxLength={200} value={form.displayName} onChange={set('displayName')} />
      </label>
      <label className="field">
        <span>{t('security.web.admin.accounts.email')}</span>
        <input type="email" maxLength={200} value={form.email} onChange={set('email')} />
      </label>
      <UnitPicker onChange={onUnit} />
      <div className="field">
        <label htmlFor={roleId}>{t('security.web.admin.accounts.role')}</label>
        <select id={roleId} required value={role} onChange={set('role')} disabled={roles.length === 0}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {labelOr(t, `web.roles.${r}`, r)}
            </option>
          ))}
        </select>
      </div>
      {roles.length === 0 && <p className="muted">{t('security.web.admin.accounts.noRoles')}</p>}
      <label className="field">
        <span>{t('security.web.admin.accounts.password')}</span>
        <input
          required
          type="password"
          autoComplete="new-password"
          maxLength={200}
          value={form.password}
          onChange={set('password')}
        />
      </label>
      {error && <ErrorBox error={error} />}
      {done && (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      )}
      {enrolment && <EnrolmentNotice username={enrolment.username} enrolment={enrolment.enrolment} />}
      <p className="actions">
        <button type="submit" className="button" disabled={busy || roles.length === 0}>
          {busy ? t('security.web.admin.accounts.creating') : t('security.web.admin.accounts.create')}
        </button>
      </p>
    </form>
  );
}
