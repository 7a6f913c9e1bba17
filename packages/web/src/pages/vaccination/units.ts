/** The units of the signed-in official's area (districts, communes) with their names, for pickers and tables. */
import { useCallback } from 'react';
import { api, type UnitSummary } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useApi } from '../../hooks.ts';

export interface AreaUnits {
  districts: UnitSummary[];
  communes: UnitSummary[];
  names: Map<string, string>;
}

async function loadArea(code: string | undefined, level: string | undefined): Promise<AreaUnits> {
  const root = await api.unit(level === 'province' ? undefined : code);
  let districts: UnitSummary[];
  let communes: UnitSummary[];
  if (root.unit.level === 'province') {
    districts = root.children;
    const views = await Promise.all(districts.map((d) => api.unit(d.code)));
    communes = views.flatMap((v) => v.children);
  } else if (root.unit.level === 'district') {
    districts = [root.unit];
    communes = root.children;
  } else {
    districts = root.ancestors.filter((a) => a.level === 'district');
    communes = [root.unit];
  }
  const names = new Map<string, string>();
  for (const u of [...root.ancestors, root.unit, ...districts, ...communes]) names.set(u.code, u.name);
  return { districts, communes, names };
}

/** Districts and communes of the caller's jurisdiction (loaded once per page). */
export function useAreaUnits() {
  const { user } = useAuth();
  const code = user?.jurisdiction.code;
  const level = user?.jurisdiction.level;
  return useApi(useCallback(() => loadArea(code, level), [code, level]));
}
