/**
 * A fast, deterministic layout of a transmission-chain graph (pure: no DOM, no I/O).
 *
 * Every connected component is laid out as a radial tree grown by breadth-first search from its
 * roots (the F0s no other F0 exposed; else the lowest degree; else the first node), each
 * subtree given an angle proportional to its leaves, each depth on its own ring. The components
 * are then packed in rows (largest first). Cost: O(nodes + edges + components · log components),
 * so 25,000 nodes lay out in tens of milliseconds; no force simulation.
 */

/** What the layout needs of a node: its confirmed and proposed F-degree (null = none). */
export interface LayoutNode {
  degree: number | null;
  proposedDegree: number | null;
}

/** An edge between two node indexes (direction does not matter for the layout). */
export interface LayoutEdge {
  from: number;
  to: number;
}

/** One connected component: a cluster of the chain. */
export interface LayoutComponent {
  /** Node indexes, in breadth-first order from the roots. */
  nodes: number[];
  /** Root node indexes (the F0s the component grew from). */
  roots: number[];
  /** Centre and radius in layout units. */
  cx: number;
  cy: number;
  r: number;
}

export interface ChainLayout {
  /** Node positions in layout units (index = node index). */
  x: Float64Array;
  y: Float64Array;
  /** Component index of each node. */
  component: Int32Array;
  /** Components, largest first. */
  components: LayoutComponent[];
  /** Bounding box of everything. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Distance kept between neighbouring nodes on a ring, and between rings, in layout units. */
export const NODE_SPACING = 14;
const RING_GAP = 40;
const COMPONENT_MARGIN = 24;

/** Compressed adjacency (undirected): neighbours of i are adj[start[i] .. start[i+1]). */
function adjacency(count: number, edges: readonly LayoutEdge[]): { start: Int32Array; adj: Int32Array } {
  const start = new Int32Array(count + 1);
  for (const e of edges) {
    if (e.from === e.to) continue;
    start[e.from + 1]! += 1;
    start[e.to + 1]! += 1;
  }
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const adj = new Int32Array(start[count]!);
  for (const e of edges) {
    if (e.from === e.to) continue;
    adj[fill[e.from]!++] = e.to;
    adj[fill[e.to]!++] = e.from;
  }
  return { start, adj };
}

/** Rank for choosing roots: confirmed F0 first, then lower degrees, proposed after confirmed. */
function rootRank(n: LayoutNode): number {
  if (n.degree !== null) return n.degree;
  if (n.proposedDegree !== null) return 1000 + n.proposedDegree;
  return 1_000_000;
}

interface RadialResult {
  /** Positions relative to the component centre. */
  px: Float64Array;
  py: Float64Array;
  radius: number;
}

/**
 * Radial tree of one component. `order` is the BFS order (roots first), `parent` the BFS parent
 * (-1 for roots), `depth` the BFS depth (roots 0). Positions are indexed like `order`.
 */
function radial(order: Int32Array, parent: Int32Array, depth: Int32Array, slot: Int32Array): RadialResult {
  const n = order.length;
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  if (n === 1) return { px, py, radius: NODE_SPACING };
  // Several roots hang from a virtual centre: shift every depth by one.
  let rootCount = 0;
  while (rootCount < n && parent[order[rootCount]!] === -1) rootCount++;
  const shift = rootCount > 1 ? 1 : 0;
  // Leaves below each node (a node without children counts 1), bottom-up in reverse BFS order.
  const leaves = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    if (leaves[k] === 0) leaves[k] = 1;
    const p = parent[order[k]!]!;
    if (p !== -1) leaves[slot[p]!]! += leaves[k]!;
  }
  let total = 0;
  for (let k = 0; k < rootCount; k++) total += leaves[k]!;
  // Angular span of each node, top-down: children share their parent's span by leaves.
  const from = new Float64Array(n);
  const span = new Float64Array(n);
  const cursor = new Float64Array(n);
  let acc = 0;
  for (let k = 0; k < rootCount; k++) {
    from[k] = acc;
    span[k] = (2 * Math.PI * leaves[k]!) / total;
    acc += span[k]!;
  }
  for (let k = 0; k < n; k++) cursor[k] = from[k]!;
  for (let k = rootCount; k < n; k++) {
    const p = slot[parent[order[k]!]!]!;
    from[k] = cursor[p]!;
    span[k] = (span[p]! * leaves[k]!) / leaves[p]!;
    cursor[p]! += span[k]!;
    cursor[k] = from[k]!;
  }
  // Ring radii: far enough for the ring's node count and for its narrowest span.
  let maxDepth = 0;
  for (let k = 0; k < n; k++) maxDepth = Math.max(maxDepth, depth[order[k]!]! + shift);
  const perDepth = new Float64Array(maxDepth + 1);
  const minSpan = new Float64Array(maxDepth + 1).fill(2 * Math.PI);
  for (let k = 0; k < n; k++) {
    const d = depth[order[k]!]! + shift;
    perDepth[d]! += 1;
    minSpan[d] = Math.min(minSpan[d]!, span[k]!);
  }
  const ring = new Float64Array(maxDepth + 1);
  const cap = (total * NODE_SPACING) / (2 * Math.PI);
  for (let d = 1; d <= maxDepth; d++) {
    const byCount = (perDepth[d]! * NODE_SPACING) / (2 * Math.PI);
    const bySpan = Math.min(NODE_SPACING / minSpan[d]!, cap);
    ring[d] = Math.max(ring[d - 1]! + RING_GAP, byCount, bySpan);
  }
  for (let k = 0; k < n; k++) {
    const d = depth[order[k]!]! + shift;
    if (d === 0) continue;
    const angle = from[k]! + span[k]! / 2;
    px[k] = ring[d]! * Math.cos(angle);
    py[k] = ring[d]! * Math.sin(angle);
  }
  return { px, py, radius: ring[maxDepth]! + NODE_SPACING };
}

/**
 * Lay out a chain graph. Deterministic: the same nodes and edges in the same order give the same
 * positions. Edges referring to unknown indexes are ignored.
 */
export function layoutChain(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): ChainLayout {
  const count = nodes.length;
  const valid = edges.filter((e) => e.from >= 0 && e.to >= 0 && e.from < count && e.to < count);
  const { start, adj } = adjacency(count, valid);
  const component = new Int32Array(count).fill(-1);
  const parent = new Int32Array(count).fill(-1);
  const depth = new Int32Array(count);
  const slot = new Int32Array(count);
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const rank = nodes.map(rootRank);
  // exposed[v] = 1 when an edge reaches v from a node ranked at least as well (v is not a source).
  const exposed = new Uint8Array(count);
  for (const e of valid) if (e.from !== e.to && rank[e.from]! <= rank[e.to]!) exposed[e.to] = 1;
  const found: { nodes: number[]; roots: number[]; radial: RadialResult }[] = [];
  const members: number[] = [];
  const queue = new Int32Array(count);
  const placed = new Uint8Array(count);

  for (let seed = 0; seed < count; seed++) {
    if (component[seed] !== -1) continue;
    // 1. Collect the component (plain BFS) and find its best rank.
    const id = found.length;
    members.length = 0;
    component[seed] = id;
    members.push(seed);
    for (let h = 0; h < members.length; h++) {
      const v = members[h]!;
      for (let a = start[v]!; a < start[v + 1]!; a++) {
        const w = adj[a]!;
        if (component[w] === -1) {
          component[w] = id;
          members.push(w);
        }
      }
    }
    let best = Infinity;
    for (const v of members) best = Math.min(best, rank[v]!);
    // 2. Multi-source BFS from the roots: nodes of the best rank that nobody of that rank exposed
    //    (the first cases of a chain; later cases hang below the case that exposed them).
    const candidates = members.filter((v) => rank[v] === best).sort((a, b) => a - b);
    const sources = candidates.filter((v) => exposed[v] === 0);
    const limitedRoots = best === 1_000_000 || sources.length === 0 ? candidates.slice(0, 1) : sources;
    let tail = 0;
    for (const r of limitedRoots) {
      placed[r] = 1;
      parent[r] = -1;
      depth[r] = 0;
      slot[r] = tail;
      queue[tail++] = r;
    }
    for (let h = 0; h < tail; h++) {
      const v = queue[h]!;
      for (let a = start[v]!; a < start[v + 1]!; a++) {
        const w = adj[a]!;
        if (placed[w] === 1) continue;
        placed[w] = 1;
        parent[w] = v;
        depth[w] = depth[v]! + 1;
        slot[w] = tail;
        queue[tail++] = w;
      }
    }
    const order = queue.slice(0, tail);
    found.push({ nodes: Array.from(order), roots: limitedRoots, radial: radial(order, parent, depth, slot) });
  }

  // 3. Pack components in rows, largest first (ties: first seen first).
  const sorted = found
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) => b.c.radial.radius - a.c.radial.radius || b.c.nodes.length - a.c.nodes.length || a.i - b.i,
    );
  let area = 0;
  let widest = 0;
  for (const { c } of sorted) {
    const d = 2 * (c.radial.radius + COMPONENT_MARGIN);
    area += d * d;
    widest = Math.max(widest, d);
  }
  const rowWidth = Math.max(widest, Math.sqrt(area) * 1.2);
  let cursorX = 0;
  let cursorY = 0;
  let rowHeight = 0;
  const components: LayoutComponent[] = [];
  const renumber = new Int32Array(found.length);
  for (const { c, i } of sorted) {
    const d = 2 * (c.radial.radius + COMPONENT_MARGIN);
    if (cursorX > 0 && cursorX + d > rowWidth) {
      cursorX = 0;
      cursorY += rowHeight;
      rowHeight = 0;
    }
    const cx = cursorX + d / 2;
    const cy = cursorY + d / 2;
    cursorX += d;
    rowHeight = Math.max(rowHeight, d);
    renumber[i] = components.length;
    components.push({ nodes: c.nodes, roots: c.roots, cx, cy, r: c.radial.radius });
    for (let k = 0; k < c.nodes.length; k++) {
      const v = c.nodes[k]!;
      x[v] = cx + c.radial.px[k]!;
      y[v] = cy + c.radial.py[k]!;
    }
  }
  for (let v = 0; v < count; v++) component[v] = renumber[component[v]!]!;
  return {
    x,
    y,
    component,
    components,
    bounds: { minX: 0, minY: 0, maxX: Math.max(rowWidth, cursorX), maxY: cursorY + rowHeight },
  };
}

/** A uniform grid over node positions: finds the node nearest a point in O(1) on average. */
export class PointIndex {
  private readonly cells = new Map<number, number[]>();
  private readonly cols: number;

  constructor(
    private readonly layout: ChainLayout,
    private readonly cell = NODE_SPACING * 2,
  ) {
    this.cols = Math.max(1, Math.ceil((layout.bounds.maxX - layout.bounds.minX) / cell) + 1);
    for (let i = 0; i < layout.x.length; i++) {
      const key = this.key(layout.x[i]!, layout.y[i]!);
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private key(px: number, py: number): number {
    const cx = Math.floor((px - this.layout.bounds.minX) / this.cell);
    const cy = Math.floor((py - this.layout.bounds.minY) / this.cell);
    return cy * this.cols + cx;
  }

  /** The node nearest (px, py) within `maxDistance` layout units, or -1. */
  nearest(px: number, py: number, maxDistance: number): number {
    const reach = Math.ceil(maxDistance / this.cell);
    const cx = Math.floor((px - this.layout.bounds.minX) / this.cell);
    const cy = Math.floor((py - this.layout.bounds.minY) / this.cell);
    let best = -1;
    let bestD = maxDistance * maxDistance;
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        if (cx + dx < 0 || cx + dx >= this.cols) continue;
        for (const i of this.cells.get((cy + dy) * this.cols + cx + dx) ?? []) {
          const d = (this.layout.x[i]! - px) ** 2 + (this.layout.y[i]! - py) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
