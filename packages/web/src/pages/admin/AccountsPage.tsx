/**
 * Account administration (`/admin/accounts`, administrators): the accounts inside my
 * jurisdiction, filtered by name, role, unit and status; create one; change each one.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@epilink/core';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { labelOr } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { useUnitNames } from '../cases/unitNames.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { AccountForm } from './AccountForm.tsx';
import { AccountRow } from './AccountRow.tsx';
import { adminApi } from './api.ts';

type StatusFilter = '' | 'active' | 'inactive' | 'locked';

export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string) => `security.web.admin.accounts.${key}`;
  usePageTitle(t(k('title')));
  const list = usePaged(useCallback((cursor?: string) => adminApi.accounts(cursor), []));
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [unit, setUnit] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');

  const items = list.items;
  // Every unit shown by its name (a commune two levels down too), never by its code.
  const unitName = useUnitNames(items.map((a) => a.jurisdictionCode));
  const units = [...new Set(items.map((a) => a.jurisdictionCode))]
    .map((code) => ({ code, name: unitName(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const needle = q.trim().toLowerCase();
  const shown = items.filter(
    (a) =>
      (!needle ||
        a.username.toLowerCase().includes(needle) ||
        a.displayName.toLowerCase().includes(needle)) &&
      (!role || a.role === role) &&
      (!unit || a.jurisdictionCode === unit) &&
      (status === '' ||
        (status === 'active' && a.active) ||
        (status === 'inactive' && !a.active) ||
        (status === 'locked' && a.locked)),
  );

  return (
    <>
      <h1>{t(k('title'))}</h1>
      <form
        className="form card"
        role="search"
        aria-label={t(k('filters'))}
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label className="field">
          <span>{t(k('search'))}</span>
          <input
            type="search"
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span>{t(k('role'))}</span>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
            }}
          >
            <option value="">{t(k('anyRole'))}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {labelOr(t, `web.roles.${r}`, r)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t(k('unit'))}</span>
          <select
            value={unit}
            onChange={(e) => {
              setUnit(e.target.value);
            }}
          >
            <option value="">{t(k('any'))}</option>
            {units.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t(k('status'))}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as StatusFilter);
            }}
          >
            <option value="">{t(k('any'))}</option>
            <option value="active">{t(k('active'))}</option>
            <option value="inactive">{t(k('inactive'))}</option>
            <option value="locked">{t(k('locked'))}</option>
          </select>
        </label>
      </form>
      {list.loading && !list.latest && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.latest && shown.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {shown.length > 0 && (
        <table className="table table--cards" aria-label={t(k('title'))}>
          <thead>
            <tr>
              <th scope="col">{t(k('username'))}</th>
              <th scope="col">{t(k('role'))}</th>
              <th scope="col">{t(k('unit'))}</th>
              <th scope="col">{t(k('status'))}</th>
              <th scope="col">
                <span className="visually-hidden">{t(k('actions'), { username: '' })}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <AccountRow
                key={a.id}
                account={a}
                unitName={unitName(a.jurisdictionCode)}
                onChange={list.reload}
              />
            ))}
          </tbody>
        </table>
      )}
      <LoadMore list={list} />
      <AccountForm onCreated={list.reload} />
    </>
  );
}
