/**
 * Keyset-paginated lists on the web: the first page loads like any `useApi` call, "Load more"
 * appends the next page (the server's `nextCursor`), and a new first page (filter change, reload)
 * starts over. No list silently stops at the first page.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { ErrorBox } from './components/Feedback.tsx';
import { useApi } from './hooks.ts';
import type { Loaded } from './hooks.ts';

/** One page of a list as the API returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A paginated list: the first page's loading state, every row loaded so far, and "more". */
export interface Paged<T, P extends Page<T>> extends Loaded<P> {
  /** Rows of the first page and every further page loaded after it. */
  items: T[];
  /** Load the next page, or null when there is none. */
  more: (() => void) | null;
  moreError: ApiError | null;
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e));
}

/**
 * Load a list page by page. `load(cursor)` fetches one page (memoise it with useCallback: a new
 * function means a new first page).
 */
export function usePaged<P extends Page<unknown>>(
  load: (cursor?: string) => Promise<P>,
): Paged<P['items'][number], P> {
  type T = P['items'][number];
  const first = useApi(useCallback(() => load(), [load]));
  // Further pages belong to the first page they followed: a new first page starts over.
  const [extra, setExtra] = useState<{ after: P; rows: T[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const base = first.latest;
  const own = extra !== null && extra.after === base ? extra : null;
  const next = own ? own.next : (base?.nextCursor ?? null);
  const items = [...(base?.items ?? []), ...(own?.rows ?? [])];
  const more =
    next === null || base === undefined
      ? null
      : () => {
          setMoreError(null);
          load(next).then(
            (page) => {
              setExtra({ after: base, rows: [...(own?.rows ?? []), ...page.items], next: page.nextCursor });
            },
            (e: unknown) => {
              setMoreError(asApiError(e));
            },
          );
        };
  return { ...first, items, more, moreError };
}

/** The "Load more" button of a paginated list (nothing when the list is complete). */
export function LoadMore({ list, label }: { list: Paged<unknown, Page<unknown>>; label?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {list.moreError && <ErrorBox error={list.moreError} />}
      {list.more && (
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={list.more}>
            {label ?? t('web.app.loadMore')}
          </button>
        </p>
      )}
    </>
  );
}
