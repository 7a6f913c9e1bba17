/**
 * Test sites and their time slots with capacity. Everyone with testing:read sees them; opening,
 * closing and adding sites or slots is for testing:manage (district health centre), so the forms
 * are shown only to those roles.
 */
import { isRole, roleAllows } from '@epilink/core';
import { useCallback, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { usePageTitle } from '../../hooks.ts';
import { LoadMore, usePaged } from '../../paged.tsx';
import { fieldText, localInputToIso, slotLabel, testingApi } from './api.ts';
import { useSitePicker } from './SitePicker.tsx';
import { TestingTabs } from './TestingTabs.tsx';

function asError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e));
}

export function SitesPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.sites.${key}`, p);
  usePageTitle(k('title'));
  const { user } = useAuth();
  const canManage = Boolean(user && isRole(user.role) && roleAllows(user.role, 'testing:manage'));
  const [version, setVersion] = useState(0);
  const { siteId, sites, picker } = useSitePicker(version);
  const site = sites.find((s) => s.id === siteId);
  const sessions = usePaged(
    useCallback(
      (cursor?: string) =>
        siteId ? testingApi.sessions(siteId, cursor) : Promise.resolve({ items: [], nextCursor: null }),
      // eslint-disable-next-line react-hooks/exhaustive-deps -- version reloads after a change
      [siteId, version],
    ),
  );
  const [error, setError] = useState<ApiError | null>(null);

  const createSite = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    testingApi
      .createSite({
        name: fieldText(f, 'name'),
        communeCode: fieldText(f, 'communeCode'),
        address: fieldText(f, 'address') || null,
      })
      .then(
        () => {
          setError(null);
          form.reset();
          setVersion((v) => v + 1);
        },
        (err: unknown) => {
          setError(asError(err));
        },
      );
  };
  const createSession = (e: SubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    testingApi
      .createSession({
        siteId,
        startsAt: localInputToIso(fieldText(f, 'startsAt')),
        endsAt: localInputToIso(fieldText(f, 'endsAt')),
        capacity: Number(fieldText(f, 'capacity')),
      })
      .then(
        () => {
          setError(null);
          setVersion((v) => v + 1);
        },
        (err: unknown) => {
          setError(asError(err));
        },
      );
  };
  const toggle = () => {
    if (!site) return;
    testingApi.updateSite(site.id, { active: !site.active }).then(
      () => {
        setVersion((v) => v + 1);
      },
      (err: unknown) => {
        setError(asError(err));
      },
    );
  };

  return (
    <>
      <h1>{k('title')}</h1>
      <TestingTabs />
      {picker}
      {error && <ErrorBox error={error} />}
      {site && (
        <section className="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">{k('sessions')}</h2>
          <p className="muted small">
            {site.address && `${site.address} · `}
            {canManage ? (
              <label>
                <input type="checkbox" checked={site.active} onChange={toggle} /> {k('active')}
              </label>
            ) : site.active ? (
              k('active')
            ) : (
              t('testing.status.closed')
            )}
          </p>
          {sessions.loading && !sessions.latest && <Loading />}
          {sessions.latest?.items.length === 0 && <p>{k('noSessions')}</p>}
          {(sessions.latest?.items.length ?? 0) > 0 && (
            <table className="table table--cards">
              <thead>
                <tr>
                  <th scope="col">{k('session')}</th>
                  <th scope="col">{k('capacity')}</th>
                  <th scope="col">{k('booked')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.items.map((s) => (
                  <tr key={s.id}>
                    <td data-label={k('session')}>{slotLabel(s, i18n.language)}</td>
                    <td data-label={k('capacity')} className="num">
                      {s.capacity}
                    </td>
                    <td data-label={k('booked')} className="num">
                      {s.booked} ({s.free > 0 ? k('free', { n: s.free }) : k('full')})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <LoadMore list={sessions} />
          {canManage && (
            <form className="form" onSubmit={createSession} aria-label={k('newSession')}>
              <h3>{k('newSession')}</h3>
              <div className="field">
                <label htmlFor="s-start">{k('startsAt')}</label>
                <input id="s-start" name="startsAt" type="datetime-local" required />
              </div>
              <div className="field">
                <label htmlFor="s-end">{k('endsAt')}</label>
                <input id="s-end" name="endsAt" type="datetime-local" required />
              </div>
              <div className="field">
                <label htmlFor="s-cap">{k('capacity')}</label>
                <input
                  id="s-cap"
                  name="capacity"
                  type="number"
                  min={1}
                  max={10000}
                  defaultValue={100}
                  required
                />
              </div>
              <button className="button" type="submit">
                {k('create')}
              </button>
            </form>
          )}
        </section>
      )}
      {canManage && (
        <form className="form card" onSubmit={createSite} aria-label={k('newSite')}>
          <h2>{k('newSite')}</h2>
          <div className="field">
            <label htmlFor="site-name">{k('name')}</label>
            <input id="site-name" name="name" required minLength={2} maxLength={160} />
          </div>
          <div className="field">
            <label htmlFor="site-commune">{k('commune')}</label>
            <input id="site-commune" name="communeCode" required pattern="\d{5}" inputMode="numeric" />
          </div>
          <div className="field">
            <label htmlFor="site-address">{k('address')}</label>
            <input id="site-address" name="address" maxLength={300} />
          </div>
          <button className="button" type="submit">
            {k('create')}
          </button>
        </form>
      )}
    </>
  );
}
