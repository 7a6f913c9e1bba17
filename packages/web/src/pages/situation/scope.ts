/**
 * The situation room's scope lives in the address (`?unit=&from=&to=&asOf=&disease=`), so a
 * dashboard can be shared, reloaded, and handed to presentation mode as it is. Missing values
 * default to the signed-in official's jurisdiction, the last 30 local days (the province's
 * clock), units as of today, and COVID-19.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { addDays, today } from '@epilink/core';
import { useAuth } from '../../auth.tsx';
import type { Scope } from './api.ts';

/** Days shown by default (the period ends today). */
export const DEFAULT_PERIOD_DAYS = 30;
export const DEFAULT_DISEASE = 'COVID-19';

const DAY = /^\d{4}-\d{2}-\d{2}$/u;
const CODE = /^[0-9A-Za-z._-]{1,20}$/u;

/** The scope from search params, with defaults for what is missing or malformed. */
export function scopeFrom(params: URLSearchParams, ownUnit: string, now: Date = new Date()): Scope {
  const day = (key: string, fallback: string) => {
    const v = params.get(key);
    return v !== null && DAY.test(v) ? v : fallback;
  };
  const end = day('to', today(now));
  const start = day('from', addDays(end, 1 - DEFAULT_PERIOD_DAYS));
  const unit = params.get('unit');
  const disease = params.get('disease');
  return {
    unit: unit !== null && CODE.test(unit) ? unit : ownUnit,
    from: start <= end ? start : end,
    to: end,
    asOf: day('asOf', today(now)),
    disease: disease !== null && CODE.test(disease) ? disease : DEFAULT_DISEASE,
  };
}

/** The current scope and a setter that writes changed fields back into the address. */
export function useScope(): { scope: Scope | null; setScope: (next: Partial<Scope>) => void } {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const scope = useMemo(() => (user ? scopeFrom(params, user.jurisdiction.code) : null), [params, user]);
  const setScope = useCallback(
    (next: Partial<Scope>) => {
      setParams(
        (prev) => {
          const out = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(next)) if (typeof v === 'string') out.set(k, v);
          return out;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { scope, setScope };
}
