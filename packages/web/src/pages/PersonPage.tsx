import { useCallback, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type PersonDetail, type PersonHistoryEntry } from '../api.ts';
import { ErrorBox, Loading } from '../components/Feedback.tsx';
import { PersonTable, SexLabel } from '../components/PersonTable.tsx';
import { formatDate, formatDateTime, labelOr, serverMessage } from '../format.ts';
import { useApi, usePageTitle } from '../hooks.ts';
import { PersonEpiStatus } from './cases/PersonEpiStatus.tsx';
import { PersonTestingSection } from './testing/PersonTestingSection.tsx';
import { PersonDeclarations } from './declarations/PersonDeclarations.tsx';
import { PersonTimeline } from './healthbook/PersonTimeline.tsx';

/** A definition-list row; an absent value shows a dash. */
function Fact({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === '';
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono && !empty ? 'mono' : undefined}>{empty ? t('web.app.none') : children}</dd>
    </>
  );
}

function Identity({ person }: { person: PersonDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="person-identity" className="card">
      <h2 id="person-identity">{t('web.person.identity')}</h2>
      <dl className="facts">
        <Fact label={t('web.person.fullName')}>{person.fullName}</Fact>
        <Fact label={t('web.person.dob')}>{formatDate(person.dateOfBirth, i18n.language)}</Fact>
        <Fact label={t('web.person.sex')}>
          <SexLabel sex={person.sex} />
        </Fact>
        <Fact label={t('web.person.commune')}>{person.commune?.name}</Fact>
        <Fact label={t('web.person.district')}>{person.district?.name}</Fact>
        <Fact label={t('web.person.recordId')} mono>
          {person.id}
        </Fact>
      </dl>
    </section>
  );
}

function Documents({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="person-documents" className="card">
      <h2 id="person-documents">{t('web.person.documents')}</h2>
      {person.idIssues.length > 0 && (
        <div className="notice notice--warning" data-testid="id-issues">
          <h3>{t('web.person.idIssues')}</h3>
          <ul>
            {person.idIssues.map((issue, i) => (
              <li key={`${issue.messageKey}-${i}`}>{serverMessage(t, issue.messageKey, issue.params)}</li>
            ))}
          </ul>
        </div>
      )}
      <dl className="facts">
        <Fact label={t('web.person.cccd')} mono>
          {person.cccd}
        </Fact>
        <Fact label={t('web.person.cmnd')} mono>
          {person.cmnd}
        </Fact>
        <Fact label={t('web.person.passport')} mono>
          {person.passport}
        </Fact>
      </dl>
      <h3>{t('web.person.contact')}</h3>
      <dl className="facts">
        <Fact label={t('web.person.phone')} mono>
          {person.phone}
        </Fact>
        <Fact label={t('web.person.address')}>{person.address}</Fact>
      </dl>
    </section>
  );
}

function Household({ person }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const h = person.household;
  return (
    <section aria-labelledby="person-household">
      <h2 id="person-household">{t('web.person.household')}</h2>
      {h === null ? (
        <p className="muted">{t('web.person.noHousehold')}</p>
      ) : (
        <>
          {h.address && (
            <p>
              <strong>{t('web.person.householdAddress')}</strong> {h.address}
            </p>
          )}
          <PersonTable people={h.members} caption={t('web.person.household')} currentId={person.id} />
        </>
      )}
    </section>
  );
}

function Merged({ person }: { person: PersonDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="person-merged">
      <h2 id="person-merged">{t('web.person.merged')}</h2>
      {person.mergedFrom.length === 0 ? (
        <p className="muted">{t('web.person.noMerged')}</p>
      ) : (
        <ul className="plain-list">
          {person.mergedFrom.map((m) => (
            <li key={m.id}>
              {m.fullName} <code>{m.id}</code>{' '}
              <span className="muted">
                {t('web.person.mergedAt', { at: formatDateTime(m.mergedAt, i18n.language) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ person }: { person: PersonDetail }) {
  const { t, i18n } = useTranslation();
  // The first page comes with the person page (shown at once); "Load more" follows the server's
  // cursor. Pages loaded belong to the person they followed: another person starts over.
  const [older, setOlder] = useState<{ of: PersonDetail; rows: PersonHistoryEntry[]; next: string | null }>();
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const own = older?.of === person ? older : undefined;
  const items = [...person.history, ...(own?.rows ?? [])];
  const next = own ? own.next : person.historyNextCursor;
  const loadMore = (cursor: string) => {
    setMoreError(null);
    api.personHistory(person.id, cursor).then(
      (page) => {
        setOlder({ of: person, rows: [...(own?.rows ?? []), ...page.items], next: page.nextCursor });
      },
      (e: unknown) => {
        setMoreError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));
      },
    );
  };
  return (
    <section aria-labelledby="person-history">
      <h2 id="person-history">{t('web.person.history')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('web.person.noHistory')}</p>
      ) : (
        <ol className="timeline">
          {items.map((h, i) => (
            <li key={`${h.at}-${i}`}>
              <time dateTime={h.at}>{formatDateTime(h.at, i18n.language)}</time>
              <strong>{labelOr(t, `web.person.actions.${h.action}`, h.action)}</strong>
              <span className="muted">
                {h.actor ? t('web.person.by', { actor: h.actor }) : t('web.person.bySystem')}
              </span>
              {h.fields.length > 0 && (
                <span className="small">
                  {t('web.person.fields', {
                    fields: h.fields.map((f) => labelOr(t, `web.person.fieldNames.${f}`, f)).join(', '),
                  })}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {moreError && <ErrorBox error={moreError} />}
      {next !== null && (
        <p className="actions">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              loadMore(next);
            }}
          >
            {t('web.app.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}

/** Everything the registry knows about one person; follows merges (notice when `resolvedFrom` is set). */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const view = useApi(useCallback(() => api.person(id), [id]));
  const person = view.data?.person;
  usePageTitle(person?.fullName ?? t('web.people.title'));

  return (
    <>
      <p className="eyebrow">
        <Link to="/people">{t('web.person.backToSearch')}</Link>
      </p>
      {view.loading && <Loading />}
      {view.error && (
        <>
          <h1>{t('web.people.title')}</h1>
          <ErrorBox error={view.error} onRetry={view.reload} />
        </>
      )}
      {person && view.data && (
        <article aria-labelledby="person-name" data-testid="person-page">
          <h1 id="person-name">{person.fullName}</h1>
          {view.data.resolvedFrom && (
            <p className="notice notice--info" role="status">
              {t('web.person.resolvedFrom', { id: view.data.resolvedFrom })}
            </p>
          )}
          <div className="grid-2">
            <Identity person={person} />
            <Documents person={person} />
          </div>
          <Household person={person} />
          <PersonEpiStatus personId={person.id} />
          <PersonTestingSection personId={person.id} />
          <PersonDeclarations personId={person.id} />
          <PersonTimeline personId={person.id} />
          <Merged person={person} />
          <History person={person} />
        </article>
      )}
    </>
  );
}
