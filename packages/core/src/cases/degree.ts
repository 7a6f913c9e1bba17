/**
 * F-degrees from the contact graph (docs/tracing.md): the shortest number of CONFIRMED edges from
 * a person with an active confirmed case (F0, degree 0), following edges from the person who
 * exposed to the exposed person. The proposed degree counts proposed edges too. Any depth.
 */

/** One edge of the contact graph. */
export interface ContactEdge {
  from: string;
  to: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
}

/** A person's degrees: null when no path from an F0 exists. */
export interface Degrees {
  degree: number | null;
  proposedDegree: number | null;
}

function bfs(f0s: readonly string[], adjacency: Map<string, string[]>): Map<string, number> {
  const dist = new Map<string, number>();
  let frontier: string[] = [];
  for (const id of f0s) {
    if (!dist.has(id)) {
      dist.set(id, 0);
      frontier.push(id);
    }
  }
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      const d = dist.get(id) ?? 0;
      for (const to of adjacency.get(id) ?? []) {
        if (dist.has(to)) continue;
        dist.set(to, d + 1);
        next.push(to);
      }
    }
    frontier = next;
  }
  return dist;
}

function adjacencyOf(
  edges: readonly ContactEdge[],
  accept: (e: ContactEdge) => boolean,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!accept(e)) continue;
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  return out;
}

/**
 * Degrees of every person appearing in the edges or among the F0s. Breadth-first, so each edge
 * is looked at once per search: linear in the size of the graph.
 */
export function computeDegrees(f0s: readonly string[], edges: readonly ContactEdge[]): Map<string, Degrees> {
  const confirmed = bfs(
    f0s,
    adjacencyOf(edges, (e) => e.status === 'confirmed'),
  );
  const proposed = bfs(
    f0s,
    adjacencyOf(edges, (e) => e.status !== 'dismissed'),
  );
  const people = new Set<string>(f0s);
  for (const e of edges) {
    people.add(e.from);
    people.add(e.to);
  }
  const out = new Map<string, Degrees>();
  for (const id of people) {
    out.set(id, { degree: confirmed.get(id) ?? null, proposedDegree: proposed.get(id) ?? null });
  }
  return out;
}

/** A person's derived epidemiological status label. */
export type EpiStatus = `f${number}` | 'candidate' | 'cleared' | 'recovered' | 'died';

/**
 * Derive the status: an active F0 is `f0`; a confirmed degree under monitoring is `fN`; a proposed
 * degree only is `candidate`; a closed case is `recovered`/`died`; otherwise `cleared`.
 */
export function epiStatus(input: {
  activeF0: boolean;
  outcome: 'recovered' | 'died' | null;
  degrees: Degrees;
  monitoring: boolean;
}): EpiStatus {
  if (input.activeF0) return 'f0';
  if (input.outcome !== null) return input.outcome;
  const { degree, proposedDegree } = input.degrees;
  if (degree !== null && degree > 0 && input.monitoring) return `f${degree}`;
  if (degree === null && proposedDegree !== null && proposedDegree > 0) return 'candidate';
  return 'cleared';
}
