import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type PersonSummary } from '../api.ts';
import { ErrorBox } from '../components/Feedback.tsx';
import { PersonTable } from '../components/PersonTable.tsx';
import { useDebounced, usePageTitle } from '../hooks.ts';
import { LoadMore, usePaged } from '../paged.tsx';

/** Shortest query sent to the server. */
export const MIN_QUERY_LENGTH = 2;
/** Wait this long after the last keystroke before searching. */
export const SEARCH_DEBOUNCE_MS = 300;

const noResults = (): Promise<{ items: PersonSummary[]; nextCursor: string | null }> =>
  Promise.resolve({ items: [], nextCursor: null });

/** The query kept in the history entry's state (never in its URL). */
function stateQuery(state: unknown): string {
  const q = (state as { q?: unknown } | null)?.q;
  return typeof q === 'string' ? q : '';
}

/**
 * One search box (name prefix, ID number or phone), debounced. The query is a name, an ID number
 * or a phone: it is sent in a POST body and kept in the history entry's state so Back works —
 * never in the URL, which browser history, proxy logs and Referer headers keep.
 */
export function PeopleSearchPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const savedQuery = stateQuery(location.state);
  const [text, setText] = useState(savedQuery);
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const active = query.length >= MIN_QUERY_LENGTH;
  usePageTitle(t('web.people.title'));

  // Keep the history entry in step with the settled query (replace: typing is not history); an
  // old link's `?q=` is dropped from the address.
  useEffect(() => {
    if (query !== savedQuery || location.search !== '')
      void navigate(location.pathname, { replace: true, state: query ? { q: query } : null });
  }, [query, savedQuery, location.pathname, location.search, navigate]);

  const result = usePaged(
    useCallback(
      (cursor?: string) => (active ? api.searchPersons(query, 20, cursor) : noResults()),
      [active, query],
    ),
  );
  const items = result.data ? result.items : ((active ? result.latest?.items : undefined) ?? []);

  return (
    <>
      <h1>{t('web.people.title')}</h1>
      <p>
        <Link to="/people/new">{t('registry.form.title')}</Link>
      </p>
      <form
        role="search"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <label htmlFor="people-q">{t('web.people.searchLabel')}</label>
        <input
          id="people-q"
          type="search"
          inputMode="search"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('web.people.searchPlaceholder')}
          aria-describedby="people-q-hint"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <p id="people-q-hint" className="muted small">
          {t('web.people.searchHint')}
        </p>
      </form>

      <div aria-live="polite" className="search__status">
        {!active && text.trim().length > 0 && (
          <p className="muted">{t('web.people.tooShort', { min: MIN_QUERY_LENGTH })}</p>
        )}
        {active && result.loading && <p className="muted">{t('web.people.searching')}</p>}
        {active && result.data && result.data.items.length === 0 && (
          <p>{t('web.people.noResults', { q: query })}</p>
        )}
        {active && result.data && result.data.items.length > 0 && (
          <p className="muted">{t('web.people.resultCount', { count: items.length })}</p>
        )}
      </div>
      {result.error && <ErrorBox error={result.error} onRetry={result.reload} />}
      {active && items.length > 0 && <PersonTable people={items} caption={t('web.people.results')} />}
      {active && <LoadMore list={result} />}
    </>
  );
}
