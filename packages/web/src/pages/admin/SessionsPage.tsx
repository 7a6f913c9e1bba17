/**
 * Sessions (`/admin/sessions`): security officers see every live session of officials and revoke
 * one; every official here can end all of their own sessions ("sign out everywhere").
 */
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime, labelOr } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { adminAbilities } from './access.ts';
import { asApiError } from './AccountForm.tsx';
import { adminApi } from './api.ts';

const k = (key: string) => `security.web.admin.sessions.${key}`;

/** Every live session of officials, with a revoke button each. */
function LiveSessions() {
  const { t, i18n } = useTranslation();
  const list = usePaged(useCallback((cursor?: string) => adminApi.sessions(cursor), []));
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const items = list.items;
  return (
    <section aria-labelledby="live-sessions">
      <h2 id="live-sessions">{t(k('intro'))}</h2>
      {list.loading && !list.latest && <Loading />}
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {note && (
        <p className="notice notice--success" role="status">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
      {list.latest && items.length === 0 && <p className="muted">{t(k('none'))}</p>}
      {items.length > 0 && (
        <table className="table table--cards" aria-label={t(k('title'))}>
          <thead>
            <tr>
              <th scope="col">{t(k('user'))}</th>
              <th scope="col">{t(k('role'))}</th>
              <th scope="col">{t(k('created'))}</th>
              <th scope="col">{t(k('lastSeen'))}</th>
              <th scope="col">{t(k('ip'))}</th>
              <th scope="col">
                <span className="visually-hidden">{t(k('revoke'))}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => {
              const created = formatDateTime(s.createdAt, i18n.language);
              return (
                <tr key={s.id} data-testid={`session-${s.username}`}>
                  <th scope="row" data-label={t(k('user'))}>
                    {s.username}
                    {s.stage !== 'active' && <span className="muted small"> ({s.stage})</span>}
                  </th>
                  <td data-label={t(k('role'))}>{labelOr(t, `web.roles.${s.role}`, s.role)}</td>
                  <td data-label={t(k('created'))}>{created}</td>
                  <td data-label={t(k('lastSeen'))}>{formatDateTime(s.lastSeenAt, i18n.language)}</td>
                  <td data-label={t(k('ip'))}>{s.ip ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={t(k('revokeLabel'), { username: s.username, created })}
                      onClick={() => {
                        setError(null);
                        setNote(null);
                        adminApi.revokeSession(s.id).then(
                          () => {
                            setNote(t(k('revoked'), { username: s.username }));
                            list.reload();
                          },
                          (e: unknown) => {
                            setError(asApiError(e));
                          },
                        );
                      }}
                    >
                      {t(k('revoke'))}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <LoadMore list={list} />
    </section>
  );
}

/** "Sign out everywhere" for the signed-in official. */
export function SignOutEverywhere() {
  const { t } = useTranslation();
  const { expire } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section className="card" aria-labelledby="my-sessions">
      <h2 id="my-sessions">{t(k('mine'))}</h2>
      <p className="muted">{t(k('signOutEverywhereHint'))}</p>
      {error && <ErrorBox error={error} />}
      <button
        type="button"
        className="button"
        onClick={() => {
          setError(null);
          adminApi.logoutAll().then(
            () => {
              expire();
              void navigate('/login');
            },
            (e: unknown) => {
              setError(asApiError(e));
            },
          );
        }}
      >
        {t(k('signOutEverywhere'))}
      </button>
    </section>
  );
}

export function SessionsPage() {
  const { t } = useTranslation();
  usePageTitle(t(k('title')));
  const { user } = useAuth();
  return (
    <>
      <h1>{t(k('title'))}</h1>
      {adminAbilities(user).sessions && <LiveSessions />}
      <SignOutEverywhere />
    </>
  );
}
