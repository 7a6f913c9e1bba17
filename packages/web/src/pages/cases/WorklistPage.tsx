/**
 * The tracer worklist (`/cases/worklist`): new cases to interview, contacts to call, follow-ups
 * due today, people lost to follow-up — in my jurisdiction, or only what is assigned to me. Live:
 * any tracing event reloads it.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.tsx';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDate } from '../../format.ts';
import { useApi, usePageTitle } from '../../hooks.ts';
import { casesApi } from './api.ts';
import type { WorklistSection } from './api.ts';
import { useWorklistMore } from './worklistMore.ts';
import { AssignSelect } from './AssignSelect.tsx';
import { AlarmTasks } from '../analytics/alarms/AlarmTasks.tsx';

const loadTracers = () => casesApi.tracers();
import { CasesTabs } from './CasesTabs.tsx';
import { ContactRow, FollowUpRow } from './WorklistRows.tsx';
import { isTracingEvent, useLiveEvents } from './useLiveEvents.ts';
import './cases.css';

function Section({
  id,
  title,
  count,
  more,
  children,
}: {
  id: string;
  title: string;
  count: number;
  more: (() => void) | null;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? (
        <p className="muted">{t('casesWeb.worklist.nothing')}</p>
      ) : (
        <ul className="plain-list">{children}</ul>
      )}
      {more && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={more}>
            {t('web.app.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}

export function WorklistPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('casesWeb.worklist.title'));
  const { user } = useAuth();
  const [mine, setMine] = useState(false);
  const [message, setMessage] = useState('');
  const load = useCallback(() => casesApi.worklist(mine), [mine]);
  const { latest, error, loading, reload } = useApi(load);
  const pages = useWorklistMore(
    latest,
    useCallback(
      (more: { section: WorklistSection; cursor: string }) => casesApi.worklist(mine, more),
      [mine],
    ),
  );
  const list = pages.list;
  const team = useApi(loadTracers);
  const tracers = team.latest?.items ?? [];
  useLiveEvents(isTracingEvent, reload);
  const done = (m: string) => {
    setMessage(m);
    reload();
  };
  const userId = user?.id ?? null;
  return (
    <>
      <h1>{t('casesWeb.worklist.title')}</h1>
      <CasesTabs />
      <label className="radio">
        <input
          type="checkbox"
          checked={mine}
          onChange={(e) => {
            setMine(e.target.checked);
          }}
        />
        <span>{t('casesWeb.worklist.mine')}</span>
      </label>
      <p role="status" className="small">
        {message}
      </p>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !latest && <Loading />}
      {pages.error && <ErrorBox error={pages.error} />}
      <AlarmTasks />
      {list && (
        <>
          <Section
            id="wl-new-cases"
            title={t('casesWeb.worklist.newCases', { count: list.newCases.length })}
            count={list.newCases.length}
            more={pages.more('newCases')}
          >
            {list.newCases.map((c) => (
              <li key={c.id} className="card" aria-label={c.fullName}>
                <h3>
                  <Link to={`/cases/${c.id}`}>{c.fullName}</Link>{' '}
                  <span className="muted small">
                    {t(`casesWeb.classification.${c.classification}`)} ·{' '}
                    {formatDate(c.sampleDate, i18n.language)}
                  </span>
                </h3>
                <div className="row-actions">
                  <Link className="button" to={`/cases/${c.id}`}>
                    {t('casesWeb.worklist.openCase')}
                  </Link>
                  {userId && c.assignedTracerId !== userId && (
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => {
                        void casesApi
                          .assignCase(c.id, userId)
                          .then(() => {
                            done(t('casesWeb.worklist.done', { name: c.fullName }));
                          })
                          .catch(() => {
                            reload();
                          });
                      }}
                    >
                      {t('casesWeb.worklist.assignToMe')}
                    </button>
                  )}
                </div>
                <AssignSelect
                  name={c.fullName}
                  value={c.assignedTracerId}
                  tracers={tracers}
                  onAssign={(tracerId) => {
                    void casesApi
                      .assignCase(c.id, tracerId)
                      .then(() => {
                        done(t('casesWeb.worklist.done', { name: c.fullName }));
                      })
                      .catch(() => {
                        reload();
                      });
                  }}
                />
              </li>
            ))}
          </Section>
          <Section
            id="wl-contacts"
            title={t('casesWeb.worklist.contactsToCall', { count: list.contactsToCall.length })}
            count={list.contactsToCall.length}
            more={pages.more('contactsToCall')}
          >
            {list.contactsToCall.map((c) => (
              <ContactRow key={c.id} contact={c} userId={userId} tracers={tracers} onDone={done} />
            ))}
          </Section>
          <Section
            id="wl-followups"
            title={t('casesWeb.worklist.followUpsDue', { count: list.followUpsDue.length })}
            count={list.followUpsDue.length}
            more={pages.more('followUpsDue')}
          >
            {list.followUpsDue.map((f) => (
              <FollowUpRow key={f.followUpId} item={f} onDone={done} />
            ))}
          </Section>
          <Section
            id="wl-lost"
            title={t('casesWeb.worklist.lost', { count: list.lost.length })}
            count={list.lost.length}
            more={pages.more('lost')}
          >
            {list.lost.map((c) => (
              <ContactRow key={c.id} contact={c} userId={userId} tracers={tracers} onDone={done} />
            ))}
          </Section>
        </>
      )}
    </>
  );
}
