/** Small hooks shared by the pages: data loading, debouncing, document title. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { useAuth } from './auth.tsx';

interface Result<T> {
  load: () => Promise<T>;
  attempt: number;
  data: T | undefined;
  error: ApiError | null;
}

export interface Loaded<T> {
  /** Data for the current `load` (undefined while loading or after an error). */
  data: T | undefined;
  /** Data of the last successful load, even a previous one: lets a list stay on screen while refreshing. */
  latest: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'CLIENT', e instanceof Error ? e.message : String(e));
}

/**
 * Run `load` (memoise it with useCallback: a new function means a new request) and track its
 * result. A 401 ends the session, which sends the user to the login page.
 */
export function useApi<T>(load: () => Promise<T>): Loaded<T> {
  const { expire } = useAuth();
  const [result, setResult] = useState<Result<T> | null>(null);
  const [latest, setLatest] = useState<T | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    void load().then(
      (data) => {
        if (!live) return;
        setResult({ load, attempt, data, error: null });
        setLatest(data);
      },
      (e: unknown) => {
        if (!live) return;
        const error = asApiError(e);
        setResult({ load, attempt, data: undefined, error });
        if (error.status === 401) expire();
      },
    );
    return () => {
      live = false;
    };
  }, [load, attempt, expire]);

  const reload = useCallback(() => {
    setAttempt((a) => a + 1);
  }, []);
  const current = result !== null && result.load === load && result.attempt === attempt ? result : null;
  return { data: current?.data, latest, error: current?.error ?? null, loading: current === null, reload };
}

/** `value`, once it has stopped changing for `delayMs`. */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSettled(value);
    }, delayMs);
    return () => {
      clearTimeout(timer);
    };
  }, [value, delayMs]);
  return settled;
}

/** Set `document.title` to "page · EpiLink" in the current language. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  const product = t('web.app.name');
  useEffect(() => {
    document.title = title ? `${title} · ${product}` : product;
  }, [title, product]);
}
