/**
 * F-degrees from the contact graph (docs/tracing.md): the shortest number of CONFIRMED edges from
 * a person with a confirmed case (F0, degree 0), following edges from the person who exposed to
 * the exposed person. The proposed degree counts proposed edges too. Any depth.
 *
 * Dates (when edges carry them): an edge out of an F0 counts only for an exposure inside the F0's
 * infectious window — so a closed case still seeds its contacts' degrees and an F0 who recovers
 * does not clear their F1s; an edge out of an Fn (n ≥ 1) counts only from that person's own
 * exposure on (3638/QĐ-BYT: F2 from the F1's possible infection). An edge without a date counts.
 */

/** One edge of the contact graph. */
export interface ContactEdge {
  from: string;
  to: string;
  status: 'proposed' | 'confirmed' | 'dismissed';
  /** Local date of the exposure (YYYY-MM-DD); null/absent = unknown (the edge counts). */
  exposureDate?: string | null;
}

/** An F0 with the local dates of the infectious window (null = open on that side). */
export interface DegreeSeed {
  personId: string;
  from: string | null;
  to: string | null;
}

/** A person's degrees: null when no path from an F0 exists. */
export interface Degrees {
  degree: number | null;
  proposedDegree: number | null;
  /** Exposure date that made the confirmed degree (earliest at that degree; null = unknown). */
  exposedOn: string | null;
}

/** The state of a reached person in a dated search. */
export interface DegreeState {
  degree: number;
  exposedOn: string | null;
}

/** True when an edge out of a person in `state` (seed window when degree 0) counts. */
export function edgeCounts(
  edgeDate: string | null | undefined,
  state: DegreeState,
  window: DegreeSeed | undefined,
): boolean {
  if (edgeDate == null) return true;
  if (state.degree === 0 && window !== undefined) {
    return (window.from === null || edgeDate >= window.from) && (window.to === null || edgeDate <= window.to);
  }
  return state.exposedOn === null || edgeDate >= state.exposedOn;
}

/**
 * The better of two states: the lower degree; at equal degree the earlier exposure (unknown =
 * earliest, it constrains nothing downstream).
 */
export function betterState(a: DegreeState | undefined, b: DegreeState | undefined): DegreeState | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.degree !== b.degree) return a.degree < b.degree ? a : b;
  if (a.exposedOn === null) return a;
  if (b.exposedOn === null) return b;
  return a.exposedOn <= b.exposedOn ? a : b;
}

function toSeed(s: string | DegreeSeed): DegreeSeed {
  return typeof s === 'string' ? { personId: s, from: null, to: null } : s;
}

function search(
  seeds: readonly DegreeSeed[],
  edges: readonly ContactEdge[],
  accept: (e: ContactEdge) => boolean,
  dated: boolean,
): Map<string, DegreeState> {
  const adjacency = new Map<string, ContactEdge[]>();
  for (const e of edges) {
    if (!accept(e)) continue;
    const list = adjacency.get(e.from);
    if (list) list.push(e);
    else adjacency.set(e.from, [e]);
  }
  const windows = new Map(seeds.map((s) => [s.personId, s]));
  const state = new Map<string, DegreeState>();
  let frontier: string[] = [];
  for (const s of seeds) {
    if (state.has(s.personId)) continue;
    state.set(s.personId, { degree: 0, exposedOn: null });
    frontier.push(s.personId);
  }
  while (frontier.length > 0) {
    const reached = new Map<string, DegreeState>();
    for (const id of frontier) {
      const st = state.get(id)!;
      for (const e of adjacency.get(id) ?? []) {
        if (state.has(e.to)) continue;
        const counts = dated
          ? edgeCounts(e.exposureDate, st, windows.get(id))
          : edgeCounts(e.exposureDate, { degree: 0, exposedOn: null }, windows.get(id));
        if (!counts) continue;
        const candidate = { degree: st.degree + 1, exposedOn: e.exposureDate ?? null };
        reached.set(e.to, betterState(reached.get(e.to), candidate)!);
      }
    }
    for (const [id, st] of reached) state.set(id, st);
    frontier = [...reached.keys()];
  }
  return state;
}

/**
 * Degrees of every person appearing in the edges or among the seeds. Breadth-first, layer by
 * layer, so each edge is looked at once per search: linear in the size of the graph. A seed given
 * as a plain id has an open window. The confirmed degree follows both date rules; the proposed
 * degree only the F0's window (a candidate stays visible until a tracer decides).
 */
export function computeDegrees(
  seeds: readonly (string | DegreeSeed)[],
  edges: readonly ContactEdge[],
): Map<string, Degrees> {
  const f0s = seeds.map(toSeed);
  const confirmed = search(f0s, edges, (e) => e.status === 'confirmed', true);
  const proposed = search(f0s, edges, (e) => e.status !== 'dismissed', false);
  const people = new Set<string>(f0s.map((s) => s.personId));
  for (const e of edges) {
    people.add(e.from);
    people.add(e.to);
  }
  const out = new Map<string, Degrees>();
  for (const id of people) {
    const c = confirmed.get(id);
    out.set(id, {
      degree: c?.degree ?? null,
      proposedDegree: proposed.get(id)?.degree ?? null,
      exposedOn: c?.exposedOn ?? null,
    });
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
  degrees: Pick<Degrees, 'degree' | 'proposedDegree'>;
  monitoring: boolean;
}): EpiStatus {
  if (input.activeF0) return 'f0';
  if (input.outcome !== null) return input.outcome;
  // A closed case's person seeds degree 0 for their contacts but is no longer an active F0.
  const { degree, proposedDegree } = input.degrees;
  if (degree !== null && degree > 0 && input.monitoring) return `f${degree}`;
  if (degree === null && proposedDegree !== null && proposedDegree > 0) return 'candidate';
  return 'cleared';
}
