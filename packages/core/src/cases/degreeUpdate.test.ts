import { describe, expect, it } from 'vitest';
import type { ContactEdge, DegreeSeed, Degrees } from './degree.ts';
import { computeDegrees } from './degree.ts';
import type { Neighbourhood, UpdateEdge } from './degreeUpdate.ts';
import { updateDegrees } from './degreeUpdate.ts';

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A graph held in arrays, read the way the server reads its tables, counting the people loaded. */
class MemoryGraph {
  loads = 0;
  peopleLoaded = 0;
  constructor(
    public edges: ContactEdge[],
    public seeds: DegreeSeed[],
    public stored: Map<string, Degrees>,
  ) {}

  load = (people: readonly string[]): Promise<Neighbourhood> => {
    this.loads++;
    this.peopleLoaded += people.length;
    const asked = new Set(people);
    const edges = this.edges.filter(
      (e): e is ContactEdge & UpdateEdge =>
        e.status !== 'dismissed' && (asked.has(e.from) || asked.has(e.to)),
    );
    const ids = new Set([...asked, ...edges.flatMap((e) => [e.from, e.to])]);
    const stored = new Map([...this.stored].filter(([id, d]) => ids.has(id) && d.degree !== null));
    for (const [id, d] of this.stored) if (ids.has(id) && d.proposedDegree !== null) stored.set(id, d);
    return Promise.resolve({
      edges: edges.map((e) => ({ ...e, exposureDate: e.exposureDate ?? null })),
      stored,
      seeds: this.seeds.filter((s) => ids.has(s.personId)),
    });
  };

  /** Apply an update the way the server stores it. */
  async update(starts: readonly string[]): Promise<void> {
    const { changed } = await updateDegrees(starts, this.load);
    for (const [id, d] of changed) this.stored.set(id, d);
  }

  /** People whose stored degrees differ from a search over the whole graph. */
  mismatches(): string[] {
    const expected = computeDegrees(this.seeds, this.edges);
    const bad: string[] = [];
    for (const [id, e] of expected) {
      const s = this.stored.get(id);
      if (
        (s?.degree ?? null) !== e.degree ||
        (s?.proposedDegree ?? null) !== e.proposedDegree ||
        (s?.exposedOn ?? null) !== e.exposedOn
      )
        bad.push(id);
    }
    return bad;
  }
}

const day = (d: number) => `2022-03-${String(1 + d).padStart(2, '0')}`;

/** A random graph of `n` people with a few F0s, dated and undated edges of every status. */
function randomGraph(random: () => number, n: number): MemoryGraph {
  const person = (i: number) => `p${i}`;
  const seeds: DegreeSeed[] = [];
  for (let i = 0; i < Math.max(1, Math.floor(n / 12)); i++) {
    const from = random() < 0.3 ? null : day(Math.floor(random() * 4));
    seeds.push({ personId: person(i), from, to: random() < 0.5 ? null : day(4 + Math.floor(random() * 8)) });
  }
  const edges: ContactEdge[] = [];
  const statuses = ['confirmed', 'confirmed', 'proposed', 'dismissed'] as const;
  for (let k = 0; k < n * 2; k++) {
    const from = person(Math.floor(random() * n));
    const to = person(Math.floor(random() * n));
    const status = statuses[Math.floor(random() * statuses.length)]!;
    edges.push({ from, to, status, exposureDate: random() < 0.3 ? null : day(Math.floor(random() * 14)) });
  }
  const graph = new MemoryGraph(edges, seeds, new Map());
  graph.stored = new Map(computeDegrees(seeds, edges));
  return graph;
}

/** One random change, applied to the graph; returns the people whose incoming edges changed. */
function randomChange(random: () => number, g: MemoryGraph, n: number): string[] {
  const pick = random();
  if (pick < 0.35) {
    const proposed = g.edges.filter((e) => e.status === 'proposed');
    const e = proposed[Math.floor(random() * proposed.length)];
    if (e) {
      e.status = 'confirmed';
      return [e.to];
    }
  }
  if (pick < 0.6) {
    const live = g.edges.filter((e) => e.status !== 'dismissed');
    const e = live[Math.floor(random() * live.length)];
    if (e) {
      e.status = 'dismissed';
      return [e.to];
    }
  }
  if (pick < 0.85) {
    const from = `p${Math.floor(random() * n)}`;
    const added = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
      from,
      to: `p${Math.floor(random() * n)}`,
      status: random() < 0.5 ? ('proposed' as const) : ('confirmed' as const),
      exposureDate: random() < 0.3 ? null : day(Math.floor(random() * 14)),
    }));
    g.edges.push(...added);
    return added.map((e) => e.to);
  }
  const id = `p${Math.floor(random() * n)}`;
  if (g.seeds.some((s) => s.personId === id)) return [];
  g.seeds.push({ personId: id, from: day(Math.floor(random() * 6)), to: null });
  return [id];
}

describe('incremental F-degrees agree with a search over the whole graph', () => {
  it('after every one of thousands of random confirmations, dismissals, new edges and new F0s', async () => {
    const random = rng(11);
    let changes = 0;
    for (let graphNo = 0; graphNo < 150; graphNo++) {
      const n = 8 + Math.floor(random() * 50);
      const g = randomGraph(random, n);
      expect(g.mismatches()).toEqual([]);
      for (let step = 0; step < 25; step++) {
        const starts = randomChange(random, g, n);
        await g.update(starts);
        changes++;
        expect(g.mismatches(), `graph ${graphNo}, change ${step}`).toEqual([]);
      }
    }
    expect(changes).toBe(150 * 25);
  });

  it('reads only the neighbourhood of a local change in a large chain-and-tree component', async () => {
    // One F0 and a tree of 2,000 people below it (person k exposed by person (k-1)/2).
    const edges: ContactEdge[] = [];
    for (let k = 1; k < 2000; k++) {
      edges.push({
        from: `p${Math.floor((k - 1) / 2)}`,
        to: `p${k}`,
        status: 'confirmed',
        exposureDate: null,
      });
    }
    edges.push({ from: 'p1', to: 'p1990', status: 'proposed', exposureDate: null });
    const seeds = [{ personId: 'p0', from: null, to: null }];
    const g = new MemoryGraph(edges, seeds, new Map(computeDegrees(seeds, edges)));
    expect(g.stored.get('p1990')?.degree).toBe(10);
    // A tracer confirms the short cut: p1990 becomes an F2, it has no one below it.
    edges[edges.length - 1]!.status = 'confirmed';
    await g.update(['p1990']);
    expect(g.stored.get('p1990')).toEqual({ degree: 2, proposedDegree: 2, exposedOn: null });
    expect(g.mismatches()).toEqual([]);
    expect(g.peopleLoaded).toBeLessThan(10);
    // Dismissing it again puts p1990 back under its parent, still without reading the tree.
    edges[edges.length - 1]!.status = 'dismissed';
    await g.update(['p1990']);
    expect(g.stored.get('p1990')?.degree).toBe(10);
    expect(g.mismatches()).toEqual([]);
    expect(g.peopleLoaded).toBeLessThan(20);
  });

  it('lowers a whole subtree when a short cut reaches its root, and raises it back on dismissal', async () => {
    const edges: ContactEdge[] = [
      { from: 'f0', to: 'a', status: 'confirmed', exposureDate: '2022-03-02' },
      { from: 'a', to: 'b', status: 'confirmed', exposureDate: '2022-03-03' },
      { from: 'b', to: 'c', status: 'confirmed', exposureDate: '2022-03-04' },
      { from: 'c', to: 'd', status: 'confirmed', exposureDate: '2022-03-05' },
      { from: 'd', to: 'e', status: 'confirmed', exposureDate: '2022-03-06' },
      // The short cut f0 → c is later than c's exposure to d: d was exposed before c was, so
      // through the short cut c no longer passes its exposure to d (d and e become unreached).
      { from: 'f0', to: 'c', status: 'proposed', exposureDate: '2022-03-07' },
    ];
    const seeds = [{ personId: 'f0', from: '2022-03-01', to: null }];
    const g = new MemoryGraph(edges, seeds, new Map(computeDegrees(seeds, edges)));
    expect(g.stored.get('e')?.degree).toBe(5);
    edges[5]!.status = 'confirmed';
    await g.update(['c']);
    expect(g.stored.get('c')).toEqual({ degree: 1, proposedDegree: 1, exposedOn: '2022-03-07' });
    expect(g.stored.get('d')?.degree).toBeNull();
    expect(g.stored.get('e')?.degree).toBeNull();
    expect(g.mismatches()).toEqual([]);
    edges[5]!.status = 'dismissed';
    await g.update(['c']);
    expect(g.stored.get('e')?.degree).toBe(5);
    expect(g.mismatches()).toEqual([]);
  });
});
