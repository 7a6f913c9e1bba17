/**
 * Clusters: connected components of the contact graph (edges taken as undirected), and venue
 * clusters — at least N cases at one venue within a window of days (policy `cluster.venueMinCases`).
 */
import type { ContactEdge } from './degree.ts';

/** Connected components of the non-dismissed edges, largest first; each sorted. */
export function connectedComponents(
  edges: readonly ContactEdge[],
  extraNodes: readonly string[] = [],
): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let cur = x;
    while (cur !== root) {
      const next = parent.get(cur) ?? root;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const n of extraNodes) add(n);
  for (const e of edges) {
    add(e.from);
    add(e.to);
    if (e.status === 'dismissed') continue;
    const a = find(e.from);
    const b = find(e.to);
    if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) {
    const r = find(x);
    const g = groups.get(r);
    if (g) g.push(x);
    else groups.set(r, [x]);
  }
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((a, b) => b.length - a.length || (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A case's visit to a venue on a (local) date. */
export interface CaseVisit {
  caseId: string;
  venueId: string;
  date: string;
}

/** A venue cluster: the venue, its span of dates and the distinct cases in it. */
export interface VenueCluster {
  venueId: string;
  from: string;
  to: string;
  caseIds: string[];
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/**
 * Venue clusters: for each venue, every window of `windowDays` days holding visits of at least
 * `minCases` distinct cases; overlapping qualifying windows merge into one cluster.
 */
export function venueClusters(
  visits: readonly CaseVisit[],
  rule: { minCases: number; windowDays: number },
): VenueCluster[] {
  const byVenue = new Map<string, CaseVisit[]>();
  for (const v of visits) {
    const list = byVenue.get(v.venueId);
    if (list) list.push(v);
    else byVenue.set(v.venueId, [v]);
  }
  const out: VenueCluster[] = [];
  for (const [venueId, list] of byVenue) {
    list.sort((a, b) => a.date.localeCompare(b.date));
    let current: { from: string; to: string; cases: Set<string> } | null = null;
    for (let i = 0; i < list.length; i++) {
      const start = dayNumber(list[i]?.date ?? '');
      const inWindow = list.filter((v) => {
        const d = dayNumber(v.date);
        return d >= start && d < start + rule.windowDays;
      });
      const cases = new Set(inWindow.map((v) => v.caseId));
      if (cases.size < rule.minCases) continue;
      const from = inWindow[0]?.date ?? '';
      const to = inWindow[inWindow.length - 1]?.date ?? '';
      if (current && from <= current.to) {
        current.to = to > current.to ? to : current.to;
        for (const c of cases) current.cases.add(c);
      } else {
        if (current)
          out.push({ venueId, from: current.from, to: current.to, caseIds: [...current.cases].sort() });
        current = { from, to, cases };
      }
    }
    if (current)
      out.push({ venueId, from: current.from, to: current.to, caseIds: [...current.cases].sort() });
  }
  return out.sort((a, b) => b.caseIds.length - a.caseIds.length || a.from.localeCompare(b.from));
}
