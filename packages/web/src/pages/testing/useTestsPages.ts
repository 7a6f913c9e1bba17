/**
 * A person's tests page by page: the first page of both lists comes with the screen's load, then
 * "more results" and "more bookings" each follow their own cursor (the server continues one list
 * per cursor). A new first page (a reload) starts over. No list stops at its first page.
 */
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import type { PersonTests, TestsCursors } from './api.ts';

type Rows = Pick<PersonTests, 'results' | 'registrations'>;
interface Extra extends Rows {
  after: PersonTests;
  resultsNext: string | null;
  registrationsNext: string | null;
}

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)));

/** Every row loaded so far, and the two "more" actions (null when that list is complete). */
export function useTestsPages(
  first: PersonTests | null,
  load: (cursors: TestsCursors) => Promise<PersonTests>,
): {
  tests: PersonTests | null;
  moreResults: (() => void) | null;
  moreRegistrations: (() => void) | null;
  error: ApiError | null;
} {
  const [extra, setExtra] = useState<Extra | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (!first) return { tests: null, moreResults: null, moreRegistrations: null, error };
  const fresh = (): Extra => ({
    after: first,
    results: [],
    registrations: [],
    resultsNext: first.resultsNextCursor,
    registrationsNext: first.registrationsNextCursor,
  });
  const own = extra?.after === first ? extra : fresh();
  const add = (page: PersonTests, list: 'results' | 'registrations') => {
    setExtra((prev) => {
      const base = prev?.after === first ? prev : fresh();
      return list === 'results'
        ? { ...base, results: [...base.results, ...page.results], resultsNext: page.resultsNextCursor }
        : {
            ...base,
            registrations: [...base.registrations, ...page.registrations],
            registrationsNext: page.registrationsNextCursor,
          };
    });
  };
  const more = (list: 'results' | 'registrations', cursor: string | null) =>
    cursor === null
      ? null
      : () => {
          setError(null);
          load(list === 'results' ? { resultsCursor: cursor } : { registrationsCursor: cursor }).then(
            (page) => {
              add(page, list);
            },
            (e: unknown) => {
              setError(asError(e));
            },
          );
        };
  return {
    tests: {
      results: [...first.results, ...own.results],
      resultsNextCursor: own.resultsNext,
      registrations: [...first.registrations, ...own.registrations],
      registrationsNextCursor: own.registrationsNext,
    },
    moreResults: more('results', own.resultsNext),
    moreRegistrations: more('registrations', own.registrationsNext),
    error,
  };
}
