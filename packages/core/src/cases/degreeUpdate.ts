/**
 * Incremental F-degrees: after some people's incoming edges changed (an edge confirmed, proposed
 * or dismissed, a person becoming an F0), work out the new degrees by visiting only the people
 * whose degree can change, with exactly the result `computeDegrees` gives over the whole graph.
 *
 * Why local work is enough: the degrees of `computeDegrees` are the only states where every
 * person's state is the best candidate of its counted incoming edges (a candidate being the
 * source's degree + 1 and the edge's date; an F0 is 0). Order the people by degree and two such
 * assignments agree on every degree, one layer at a time. So a person whose incoming edges and
 * sources did not change keeps its state, and a change only spreads along outgoing edges.
 *
 * The update is a breadth-first search by degree over an "open" region (Ramalingam–Reps for a
 * graph whose degrees can both fall and rise):
 * - a person whose state may get WORSE (its in-edges changed for the worse, or the edge that gave
 *   it its state now gives less) is opened with everyone whose state came through it, at once, so
 *   no stale state is ever used to re-derive another;
 * - a person offered a strictly BETTER candidate is opened alone; when it is settled, what it no
 *   longer supports (a lower degree with a later exposure stops some out-edges counting) is opened
 *   as above, before anything that could have used it is settled;
 * - open people are settled lowest degree first from their settled and untouched sources only,
 *   and every settled person that changed offers its out-neighbours its new candidates.
 * The graph is read lazily through `load` (a batch of people at a time), so the same code runs
 * over a database (the server locks what it reads) and over arrays (tests).
 */
import type { DegreeSeed, DegreeState, Degrees } from './degree.ts';
import { betterState, edgeCounts } from './degree.ts';

/** One non-dismissed edge of the contact graph as the update reads it. */
export interface UpdateEdge {
  from: string;
  to: string;
  status: 'proposed' | 'confirmed';
  exposureDate: string | null;
}

/** What `load` answers for a batch of people. */
export interface Neighbourhood {
  /** Every non-dismissed edge into or out of the asked people (repeats are harmless). */
  edges: readonly UpdateEdge[];
  /**
   * Stored degrees of the asked people AND of everyone at the other end of those edges; a person
   * missing here has no stored degrees (unreached).
   */
  stored: ReadonlyMap<string, Degrees>;
  /** The F0s (with their windows) among all those people. */
  seeds: readonly DegreeSeed[];
}

/** Reads a batch of people (never asked twice for the same person). */
export type LoadNeighbourhood = (people: readonly string[]) => Promise<Neighbourhood>;

/** The update did not settle in degree order (a bug guard): recompute the component instead. */
export class DegreeUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DegreeUpdateError';
  }
}

/** The outcome: new degrees of every person whose degrees changed, and who was looked at. */
export interface DegreeUpdate {
  changed: Map<string, Degrees>;
  /** Stored degrees as read (for the people looked at). */
  before: ReadonlyMap<string, Degrees>;
  /** People opened (whose state was re-derived); a subset is `changed`. */
  opened: ReadonlySet<string>;
}

const UNREACHED: Degrees = { degree: null, proposedDegree: null, exposedOn: null };

/** The people, edges and stored states read so far. */
class GraphCache {
  readonly loaded = new Set<string>();
  readonly stored = new Map<string, Degrees>();
  readonly seeds = new Map<string, DegreeSeed>();
  readonly inEdges = new Map<string, UpdateEdge[]>();
  readonly outEdges = new Map<string, UpdateEdge[]>();
  constructor(private readonly load: LoadNeighbourhood) {}

  async ensure(people: Iterable<string>): Promise<void> {
    const need = [...new Set(people)].filter((id) => !this.loaded.has(id));
    if (need.length === 0) return;
    const n = await this.load(need);
    for (const id of need) {
      this.loaded.add(id);
      if (!this.inEdges.has(id)) this.inEdges.set(id, []);
      if (!this.outEdges.has(id)) this.outEdges.set(id, []);
    }
    // Each person's edges come from the one load that asked for it (an edge between two people
    // loaded apart is listed once at each end).
    const asked = new Set(need);
    for (const e of n.edges) {
      if (asked.has(e.to)) this.inEdges.get(e.to)!.push(e);
      if (asked.has(e.from)) this.outEdges.get(e.from)!.push(e);
    }
    for (const [id, d] of n.stored) if (!this.stored.has(id)) this.stored.set(id, d);
    for (const s of n.seeds) this.seeds.set(s.personId, s);
  }

  storedOf(id: string): Degrees {
    return this.stored.get(id) ?? UNREACHED;
  }
}

type State = DegreeState | undefined;

function same(a: State, b: State): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.degree === b.degree && a.exposedOn === b.exposedOn;
}

function strictlyBetter(a: State, b: State): boolean {
  return !same(a, b) && a !== undefined && betterState(a, b) === a;
}

/** One search: confirmed edges with both date rules, or non-dismissed edges with the F0 window only. */
class Search {
  private readonly open = new Set<string>();
  private readonly settled = new Map<string, State>();
  private readonly tentative = new Map<string, State>();

  constructor(
    private readonly graph: GraphCache,
    private readonly kind: 'confirmed' | 'proposed',
  ) {}

  private accepts(e: UpdateEdge): boolean {
    return this.kind === 'proposed' || e.status === 'confirmed';
  }

  old(id: string): State {
    const s = this.graph.storedOf(id);
    if (this.kind === 'proposed')
      return s.proposedDegree === null ? undefined : { degree: s.proposedDegree, exposedOn: null };
    return s.degree === null ? undefined : { degree: s.degree, exposedOn: s.exposedOn };
  }

  /** The candidate an edge gives from a source in `state`. */
  private candidate(e: UpdateEdge, state: State): State {
    if (state === undefined || !this.accepts(e)) return undefined;
    // Only a source at degree 0 is an F0 with a window (a new F0's old state was not).
    const window = state.degree === 0 ? this.graph.seeds.get(e.from) : undefined;
    const counts =
      this.kind === 'confirmed'
        ? edgeCounts(e.exposureDate, state, window)
        : edgeCounts(e.exposureDate, { degree: 0, exposedOn: null }, window);
    if (!counts) return undefined;
    return { degree: state.degree + 1, exposedOn: this.kind === 'confirmed' ? e.exposureDate : null };
  }

  /** The state from settled and untouched sources (open, unsettled ones are left out). */
  private derive(v: string): State {
    if (this.graph.seeds.has(v)) return { degree: 0, exposedOn: null };
    let best: State;
    for (const e of this.graph.inEdges.get(v) ?? []) {
      if (e.from === v) continue;
      if (this.open.has(e.from) && !this.settled.has(e.from)) continue;
      const source = this.settled.has(e.from) ? this.settled.get(e.from) : this.old(e.from);
      best = betterState(best, this.candidate(e, source));
    }
    return best;
  }

  /** Whether the edge gave `to` its stored state (so `to` may get worse if the source changes). */
  private supports(e: UpdateEdge): boolean {
    const c = this.candidate(e, this.old(e.from));
    return c !== undefined && same(c, this.old(e.to));
  }

  /**
   * Open people: `worse` with everyone whose state came through them (loaded layer by layer),
   * `better` alone; then re-derive every opened person and every open person that read them.
   */
  private async openPeople(worse: Iterable<string>, better: Iterable<string>): Promise<void> {
    const opened: string[] = [];
    let layer = [...worse].filter((id) => !this.open.has(id) && !this.settled.has(id));
    const alone = [...better].filter((id) => !this.open.has(id) && !this.settled.has(id));
    await this.graph.ensure([...layer, ...alone]);
    for (const id of alone) {
      this.open.add(id);
      opened.push(id);
    }
    while (layer.length > 0) {
      await this.graph.ensure(layer);
      const next = new Set<string>();
      for (const x of layer) {
        if (this.open.has(x)) continue;
        this.open.add(x);
        opened.push(x);
        for (const e of this.graph.outEdges.get(x) ?? []) {
          const w = e.to;
          if (w === x || this.open.has(w) || this.settled.has(w) || this.graph.seeds.has(w)) continue;
          if (this.supports(e)) next.add(w);
        }
      }
      layer = [...next].filter((id) => !this.open.has(id));
    }
    const rederive = new Set(opened);
    for (const x of opened) {
      for (const e of this.graph.outEdges.get(x) ?? []) {
        if (this.open.has(e.to) && !this.settled.has(e.to)) rederive.add(e.to);
      }
    }
    for (const v of rederive) this.tentative.set(v, this.derive(v));
  }

  /** Run the search from people whose incoming edges (or F0 status) changed. */
  async run(starts: readonly string[]): Promise<Map<string, State>> {
    await this.graph.ensure(starts);
    // Nothing is open yet, so each start's state is exact from its stored sources.
    const worse: string[] = [];
    const better: string[] = [];
    for (const s of new Set(starts)) {
      const now = this.derive(s);
      if (same(now, this.old(s))) continue;
      (strictlyBetter(now, this.old(s)) ? better : worse).push(s);
    }
    await this.openPeople(worse, better);
    let level = -1;
    for (;;) {
      let min = Infinity;
      for (const [v, t] of this.tentative) {
        if (t !== undefined && !this.settled.has(v) && t.degree < min) min = t.degree;
      }
      if (min === Infinity) break;
      if (min < level) throw new DegreeUpdateError(`degree ${min} found after settling degree ${level}`);
      level = min;
      const batch = [...this.tentative].filter(
        ([v, t]) => t !== undefined && t.degree === level && !this.settled.has(v),
      );
      const toWorse = new Set<string>();
      const toBetter = new Set<string>();
      for (const [x, t] of batch) this.settled.set(x, t);
      for (const [x, t] of batch) {
        // Open people left x out while it was open: they always get its candidate. The others
        // only need a look when x changed.
        const changed = !same(t, this.old(x));
        for (const e of this.graph.outEdges.get(x) ?? []) {
          const w = e.to;
          if (w === x || this.settled.has(w) || this.graph.seeds.has(w)) continue;
          const c = this.candidate(e, t);
          if (this.open.has(w)) {
            this.tentative.set(w, betterState(this.tentative.get(w), c));
          } else if (!changed) {
            continue;
          } else if (this.supports(e) && !same(c, this.old(w))) {
            toWorse.add(w);
          } else if (strictlyBetter(c, this.old(w))) {
            toBetter.add(w);
          }
        }
      }
      for (const w of toWorse) toBetter.delete(w);
      await this.openPeople(toWorse, toBetter);
    }
    // Open people no source reaches any more are unreached.
    for (const v of this.open) if (!this.settled.has(v)) this.settled.set(v, undefined);
    return this.settled;
  }

  get opened(): ReadonlySet<string> {
    return this.open;
  }
}

/**
 * Update degrees after the incoming edges of `starts` changed (or they became F0s): confirmed
 * degrees and proposed degrees, each by its own search over the same lazily read graph.
 */
export async function updateDegrees(
  starts: readonly string[],
  load: LoadNeighbourhood,
): Promise<DegreeUpdate> {
  const graph = new GraphCache(load);
  const confirmed = new Search(graph, 'confirmed');
  const proposed = new Search(graph, 'proposed');
  const newConfirmed = await confirmed.run(starts);
  const newProposed = await proposed.run(starts);
  const changed = new Map<string, Degrees>();
  for (const id of new Set([...newConfirmed.keys(), ...newProposed.keys()])) {
    const before = graph.storedOf(id);
    const c = newConfirmed.has(id) ? newConfirmed.get(id) : confirmed.old(id);
    const p = newProposed.has(id) ? newProposed.get(id) : proposed.old(id);
    const after: Degrees = {
      degree: c?.degree ?? null,
      proposedDegree: p?.degree ?? null,
      exposedOn: c?.exposedOn ?? null,
    };
    if (
      after.degree !== before.degree ||
      after.proposedDegree !== before.proposedDegree ||
      after.exposedOn !== before.exposedOn
    ) {
      changed.set(id, after);
    }
  }
  const opened = new Set([...confirmed.opened, ...proposed.opened]);
  return { changed, before: graph.stored, opened };
}
