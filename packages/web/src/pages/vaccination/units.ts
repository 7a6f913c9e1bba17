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
    // Since the 2025 reform a province's communes hang under it directly: they are its communes
    // (a view each would be one request per commune, 124 in the demo, and list no commune at all).
    districts = root.children.filter((c) => c.level === 'district');
    const views = await Promise.all(districts.map((d) => api.unit(d.code)));
    communes = [...root.children.filter((c) => c.level === 'commune'), ...views.flatMap((v) => v.children)];
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
