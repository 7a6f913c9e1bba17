/**
 * One account in the administration list, with its actions: change role (only roles I may grant
 * at the account's unit), reset two-factor sign-in, reset password, deactivate / reactivate.
 */
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox } from '../../components/Feedback.tsx';
import { labelOr } from '../../format.ts';
import { grantableRoles, levelOfCode, placeOfManaged } from './access.ts';
import { asApiError } from './AccountForm.tsx';
import { adminApi, type Account, type Enrolment } from './api.ts';
import { EnrolmentNotice } from './EnrolmentNotice.tsx';

/** A row of the account table; `onChange` reloads the list after a successful action. */
export function AccountRow({
  account,
  unitName,
  onChange,
}: {
  account: Account;
  unitName: string;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const { user, meta } = useAuth();
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [role, setRole] = useState(account.role);
  const [password, setPassword] = useState('');
  const k = (key: string) => `security.web.admin.accounts.${key}`;
  const name = { username: account.username };
  const self = user?.id === account.id;
  const roles =
    user && !self
      ? grantableRoles(user, {
          level: levelOfCode(account.jurisdictionCode),
          code: account.jurisdictionCode,
          place: placeOfManaged(user, meta?.province.code ?? '', account.jurisdictionCode),
        })
      : [];
  const run = (p: Promise<unknown>, done: string) => {
    setError(null);
    setNote(null);
    setEnrolment(null);
    p.then(
      (result) => {
        const issued = (result as { enrolment?: Enrolment | null } | undefined)?.enrolment;
        if (issued) setEnrolment(issued);
        setNote(t(k(done), name));
        onChange();
      },
      (e: unknown) => {
        setError(asApiError(e));
      },
    );
  };
  const confirmed = (action: string) =>
    typeof window.confirm !== 'function' || window.confirm(t(k('confirm'), { action, ...name }));
  const changeRole = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(adminApi.changeAccount(account.id, { role }), 'roleChanged');
  };
  const resetPassword = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(
      adminApi.resetPassword(account.id, password).then((r) => {
        setPassword('');
        return r;
      }),
      'passwordReset',
    );
  };
  return (
    <tr data-testid={`account-${account.username}`}>
      <th scope="row" data-label={t(k('username'))}>
        {account.username} {self && <span className="muted">{t(k('self'))}</span>}
        <div className="muted small">{account.displayName}</div>
      </th>
      <td data-label={t(k('role'))}>{labelOr(t, `web.roles.${account.role}`, account.role)}</td>
      <td data-label={t(k('unit'))}>{unitName}</td>
      <td data-label={t(k('status'))}>
        {account.active ? t(k('active')) : t(k('inactive'))}
        {account.locked && ` · ${t(k('locked'))}`}
        <div className="muted small">
          {t(k('twoFactor'))}: {account.twoFactorEnrolled ? t(k('enrolled')) : t(k('notEnrolled'))}
        </div>
      </td>
      <td>
        {!self && (
          <details>
            <summary aria-label={t(k('actions'), name)}>{t(k('actions'), name)}</summary>
            {roles.length > 0 && (
              <form className="form" onSubmit={changeRole}>
                <label className="field">
                  <span>{t(k('newRole'), name)}</span>
                  <select
                    value={role}
                    onChange={(e) => {
                      setRole(e.target.value);
                    }}
                  >
                    {!roles.includes(role as (typeof roles)[number]) && <option value={role}>—</option>}
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {labelOr(t, `web.roles.${r}`, r)}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="button button--secondary" disabled={role === account.role}>
                  {t(k('changeRole'))}
                </button>
              </form>
            )}
            <form className="form" onSubmit={resetPassword}>
              <label className="field">
                <span>{t(k('newPassword'), name)}</span>
                <input
                  required
                  type="password"
                  autoComplete="new-password"
                  maxLength={200}
                  value={password}
                  onChange={(e) => {
                    setPassword(e.target.value);
                  }}
                />
              </label>
              <button type="submit" className="button button--secondary">
                {t(k('resetPassword'))}
              </button>
            </form>
            <p className="actions">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  if (confirmed(t(k('reset2fa')))) run(adminApi.reset2fa(account.id), 'reset2faDone');
                }}
              >
                {t(k('reset2fa'))}
              </button>{' '}
              {account.active ? (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    if (confirmed(t(k('deactivate'))))
                      run(adminApi.changeAccount(account.id, { active: false }), 'deactivated');
                  }}
                >
                  {t(k('deactivate'))}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    run(adminApi.changeAccount(account.id, { active: true }), 'reactivated');
                  }}
                >
                  {t(k('reactivate'))}
                </button>
              )}
            </p>
          </details>
        )}
        {note && (
          <p className="notice notice--success" role="status">
            {note}
          </p>
        )}
        {enrolment && <EnrolmentNotice username={account.username} enrolment={enrolment} />}
        {error && <ErrorBox error={error} />}
      </td>
    </tr>
  );
}
