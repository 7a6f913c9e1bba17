/**
 * The citizen's tests: book a test (a site and a time slot, for themselves or a ward) at
 * `/me/tests/book`, and their bookings and results at `/me/tests`. Sends to /me/login when not
 * signed in.
 */
import { REGISTRATION_REASONS } from '@epilink/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type MyPerson } from '../../api.ts';
import { ErrorBox, Loading } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../format.ts';
import { usePageTitle } from '../../hooks.ts';
import { slotLabel, testingApi, type PersonTests, type TestSession, type TestSite } from './api.ts';
import { TestKindFields } from './TestKindFields.tsx';
import { useTestsPages } from './useTestsPages.ts';

const FULL_WIDTH = { width: '100%' } as const;
const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

/** Load once; a 401 sends the citizen to sign in. */
function useCitizenLoad<T>(load: () => Promise<T>, version = 0): { data: T | null; error: ApiError | null } {
  const navigate = useNavigate();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (d) => {
        if (live) setData(d);
      },
      (e: unknown) => {
        if (!live) return;
        const a = asError(e);
        if (a.status === 401) void navigate('/me/login', { replace: true });
        else setError(a);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is a stable module function
  }, [navigate, version]);
  return { data, error };
}

type SiteSlots = TestSite & { sessions: TestSession[] };

/** Sites of several pages in order, a site continued on a later page merged with its slots. */
function mergeSites(items: SiteSlots[]): SiteSlots[] {
  const bySite = new Map<string, SiteSlots>();
  for (const s of items) {
    const seen = bySite.get(s.id);
    bySite.set(s.id, seen ? { ...seen, sessions: [...seen.sessions, ...s.sessions] } : s);
  }
  return [...bySite.values()];
}

const loadBooking = () => Promise.all([testingApi.mySites(), api.myPersons()]);

export function BookTestPage() {
  const { t, i18n } = useTranslation();
  const k = (key: string, p?: Record<string, string | number>) => t(`testing.me.${key}`, p);
  usePageTitle(k('bookTitle'));
  // Reloaded after each booking attempt, so the places left (or a slot now full) are current.
  const [version, setVersion] = useState(0);
  const { data, error } = useCitizenLoad(loadBooking, version);
  // A link may preselect the person and the reason (an F1's status page: ?person=…&reason=contact).
  const [params] = useSearchParams();
  const asked = params.get('reason') ?? '';
  const [personId, setPersonId] = useState(params.get('person') ?? '');
  const [siteId, setSiteId] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [testType, setTestType] = useState('rapidAntigen');
  const [reason, setReason] = useState(
    asked !== 'recall' && (REGISTRATION_REASONS as readonly string[]).includes(asked) ? asked : 'screening',
  );
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // Further pages of slots belong to the first page they followed (a reload starts over).
  const firstSites = data?.[0] ?? null;
  const [extra, setExtra] = useState<{ after: unknown; items: SiteSlots[]; next: string | null } | null>(
    null,
  );
  const own = extra !== null && extra.after === firstSites ? extra : null;
  const sites = mergeSites([...(firstSites?.items ?? []), ...(own?.items ?? [])]);
  const nextSlots = own ? own.next : (firstSites?.nextCursor ?? null);
  const moreSlots = () => {
    if (nextSlots === null) return;
    testingApi.mySites(nextSlots).then(
      (page) => {
        setExtra({ after: firstSites, items: [...(own?.items ?? []), ...page.items], next: page.nextCursor });
      },
      (e: unknown) => {
        setFailure(asError(e));
      },
    );
  };
  const people: MyPerson[] = data?.[1].items ?? [];
  const who = people.some((p) => p.id === personId) ? personId : (people[0]?.id ?? '');
  const site = sites.find((s) => s.id === siteId) ?? sites[0];
  const slot = site?.sessions.find((s) => s.id === sessionId) ?? site?.sessions[0];

  const book = () => {
    if (!who || !slot || !site) return;
    testingApi.book({ personId: who, sessionId: slot.id, testType, reason }).then(
      () => {
        setFailure(null);
        setDone(k('booked', { site: site.name, time: slotLabel(slot, i18n.language) }));
        setVersion((v) => v + 1);
      },
      (e: unknown) => {
        setDone(null);
        setFailure(asError(e));
        setVersion((v) => v + 1);
      },
    );
  };

  return (
    <section aria-labelledby="book-title">
      <h1 id="book-title">{k('bookTitle')}</h1>
      <p>
        <Link to="/me/tests">{k('resultsTitle')}</Link>
      </p>
      {error && <ErrorBox error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <div className="form card">
          <div className="field">
            <label htmlFor="book-who">{k('who')}</label>
            <select
              id="book-who"
              style={FULL_WIDTH}
              value={who}
              onChange={(e) => {
                setPersonId(e.target.value);
              }}
            >
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="book-site">{k('chooseSite')}</label>
            <select
              id="book-site"
              style={FULL_WIDTH}
              value={site?.id ?? ''}
              onChange={(e) => {
                setSiteId(e.target.value);
                setSessionId('');
              }}
            >
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {site && site.address && <p className="muted small">{site.address}</p>}
          {sites.length === 0 && <p>{k('noSlots')}</p>}
          {nextSlots !== null && <MoreButton label={t('testing.person.moreSlots')} onClick={moreSlots} />}
          {site && (
            <fieldset>
              <legend>{k('chooseSlot')}</legend>
              {site.sessions.map((s) => (
                <label key={s.id} className="radio">
                  <input
                    type="radio"
                    name="slot"
                    value={s.id}
                    checked={slot?.id === s.id}
                    onChange={() => {
                      setSessionId(s.id);
                    }}
                  />{' '}
                  {slotLabel(s, i18n.language)} · {t('testing.sites.free', { count: s.free })}
                </label>
              ))}
            </fieldset>
          )}
          <TestKindFields
            idPrefix="book"
            testType={testType}
            reason={reason}
            onTestType={setTestType}
            onReason={setReason}
            reasons={REGISTRATION_REASONS.filter((r) => r !== 'recall')}
          />
          <button type="button" className="button" disabled={!slot || !who} onClick={book}>
            {k('book')}
          </button>
          <div aria-live="polite">{done && <p className="notice notice--success">{done}</p>}</div>
          {failure && <ErrorBox error={failure} />}
        </div>
      )}
    </section>
  );
}

/** Results and bookings, shared by the citizen page and the official person page. */
export function TestsList({
  tests,
  names,
  onCancel,
  onMoreResults,
  onMoreRegistrations,
}: {
  tests: PersonTests;
  names?: Map<string, string>;
  onCancel?: (id: string) => void;
  /** Load the next page of results / bookings (absent or null when the list is complete). */
  onMoreResults?: (() => void) | null;
  onMoreRegistrations?: (() => void) | null;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {tests.results.length === 0 && <p>{t('testing.person.none')}</p>}
      <ul className="list">
        {tests.results.map((r) => (
          <li key={r.id} className="card" data-testid="test-result">
            {names && <p className="muted small">{names.get(r.personId)}</p>}
            <p>
              <strong>{t(`testing.outcome.${r.outcome}`)}</strong> · {t(`testing.type.${r.testType}`)}
              {r.ct !== null && ` · Ct ${r.ct}`}
            </p>
            <p className="muted small">
              {t('testing.person.sampledAt')}: {formatDateTime(r.sampledAt, i18n.language)} ·{' '}
              {t('testing.person.resultedAt')}: {formatDateTime(r.resultedAt, i18n.language)} ·{' '}
              {t(`testing.source.${r.source}`)}
            </p>
          </li>
        ))}
      </ul>
      {onMoreResults && <MoreButton label={t('testing.person.moreResults')} onClick={onMoreResults} />}
      {tests.registrations.length > 0 && <h3>{t('testing.person.registrations')}</h3>}
      <ul className="list">
        {tests.registrations.map((r) => (
          <li key={r.id}>
            {names && `${names.get(r.personId) ?? ''} · `}
            {r.siteName}
            {r.startsAt &&
              ` · ${slotLabel({ startsAt: r.startsAt, endsAt: r.startsAt }, i18n.language).split('–')[0]}`}{' '}
            · {t(`testing.reason.${r.reason}`)} ·{' '}
            <span className="badge">{t(`testing.status.${r.status}`)}</span>
            {onCancel && r.status === 'booked' && r.reason !== 'recall' && (
              <>
                {' '}
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    onCancel(r.id);
                  }}
                >
                  {t('testing.me.cancel')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {onMoreRegistrations && (
        <MoreButton label={t('testing.person.moreRegistrations')} onClick={onMoreRegistrations} />
      )}
    </>
  );
}

function MoreButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <p className="actions">
      <button type="button" className="button button--secondary" onClick={onClick}>
        {label}
      </button>
    </p>
  );
}

const loadMine = () => Promise.all([testingApi.myTests(), api.myPersons()]);

export function MyTestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('testing.me.resultsTitle'));
  const [version, setVersion] = useState(0);
  const { data, error } = useCitizenLoad(loadMine, version);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const names = new Map((data?.[1].items ?? []).map((p) => [p.id, p.fullName]));
  const pages = useTestsPages(data?.[0] ?? null, testingApi.myTests);
  const cancel = (id: string) => {
    testingApi.cancelBooking(id).then(
      () => {
        setVersion((v) => v + 1);
      },
      (e: unknown) => {
        setFailure(asError(e));
      },
    );
  };
  return (
    <section aria-labelledby="my-tests-title">
      <h1 id="my-tests-title">{t('testing.me.resultsTitle')}</h1>
      <p>
        <Link to="/me">{t('vaccination.web.citizen.back')}</Link> ·{' '}
        <Link to="/me/tests/book">{t('testing.me.bookTitle')}</Link>
      </p>
      {(error ?? failure ?? pages.error) && <ErrorBox error={(error ?? failure ?? pages.error)!} />}
      {!data && !error && <Loading />}
      {pages.tests && (
        <TestsList
          tests={pages.tests}
          names={names}
          onCancel={cancel}
          onMoreResults={pages.moreResults}
          onMoreRegistrations={pages.moreRegistrations}
        />
      )}
    </section>
  );
}
