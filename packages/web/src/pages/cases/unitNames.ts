/**
 * Names of administrative units for codes shown on a page (a commune's name, never "28756"): the
 * signed-in official's own unit and its children first, then any other code one by one. Names are
 * kept for the session (they change only with a new unit list).
 */
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useAuth } from '../../auth.tsx';

const known = new Map<string, string>();
const asked = new Set<string>();

function remember(units: { code: string; name: string }[]): void {
  for (const u of units) known.set(u.code, u.name);
}

/** The name of each code (as loaded so far), with the code itself until it is known. */
export function useUnitNames(codes: readonly (string | null)[]): (code: string | null) => string {
  const { user } = useAuth();
  const [, setVersion] = useState(0);
  const home = user?.jurisdiction;
  const wanted = [...new Set(codes.filter((c): c is string => c !== null))].sort().join(',');
  useEffect(() => {
    let live = true;
    const bump = () => {
      if (live) setVersion((v) => v + 1);
    };
    if (home) remember([home]);
    const load = (code: string) => {
      if (asked.has(code)) return Promise.resolve();
      asked.add(code);
      return api.unit(code).then(
        (view) => {
          remember([view.unit, ...view.children]);
          bump();
        },
        () => {
          asked.delete(code);
        },
      );
    };
    void (async () => {
      if (home && home.level !== 'commune') await load(home.code);
      await Promise.all(
        wanted
          .split(',')
          .filter((c) => c !== '' && !known.has(c))
          .map(load),
      );
    })();
    return () => {
      live = false;
    };
  }, [home, wanted]);
  return (code) => (code === null ? '' : (known.get(code) ?? code));
}
