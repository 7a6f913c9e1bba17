/**
 * The chain graph as the web app sees it, and its preparation for drawing: node indexes, edge
 * index arrays and a style class per node (pure; no DOM).
 */
import { layoutChain, type ChainLayout } from './chainLayout.ts';

/** A person in the chain: a case (F0 or closed) or a contact. */
export interface ChainNode {
  /** Person ID. */
  id: string;
  /** Display name (as the server presents it). */
  label: string;
  /** The person's case, when they have one. */
  caseId: string | null;
  /** F-degree over confirmed edges (0 = F0); null when not reached by confirmed edges. */
  degree: number | null;
  /** F-degree counting proposed edges too; null when unreachable. */
  proposedDegree: number | null;
  /** Epidemiological status key (`f0`, `monitoring`, `cleared`, …). */
  status: string;
}

/** An exposure edge from the person who exposed to the exposed person. */
export interface ChainEdge {
  from: string;
  to: string;
  status: 'confirmed' | 'proposed';
}

export interface ChainGraphData {
  nodes: ChainNode[];
  edges: ChainEdge[];
}

/** Style classes, in drawing order (closed first, F0 last so cases stay on top). */
export const NODE_CLASSES = ['closed', 'proposed', 'f3', 'f2', 'f1', 'f0'] as const;
export type NodeClass = (typeof NODE_CLASSES)[number];

/** Colours chosen to stay distinct for common colour-vision deficiencies, plus shape and fill cues. */
export const NODE_COLOURS: Record<NodeClass, string> = {
  f0: '#c0392b',
  f1: '#e67e22',
  f2: '#d4ac0d',
  f3: '#2e86c1',
  proposed: '#7d3c98',
  closed: '#95a5a6',
};

/** Statuses drawn grey: the person is no longer part of an active chain. */
const CLOSED = /cleared|recovered|released|discarded|died|closed|negative/u;

/** The style class of a node. */
export function nodeClass(n: ChainNode): NodeClass {
  if (CLOSED.test(n.status)) return 'closed';
  if (n.degree === null) return n.proposedDegree === null ? 'closed' : 'proposed';
  if (n.degree === 0) return 'f0';
  if (n.degree === 1) return 'f1';
  if (n.degree === 2) return 'f2';
  return 'f3';
}

/** The graph turned into index arrays, with its layout. */
export interface PreparedChain {
  data: ChainGraphData;
  indexOf: Map<string, number>;
  cls: Uint8Array;
  isCase: Uint8Array;
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeConfirmed: Uint8Array;
  layout: ChainLayout;
}

/** Index the graph and lay it out (edges to unknown people are dropped). */
export function prepareChain(data: ChainGraphData): PreparedChain {
  const n = data.nodes.length;
  const indexOf = new Map<string, number>();
  const cls = new Uint8Array(n);
  const isCase = new Uint8Array(n);
  data.nodes.forEach((node, i) => {
    indexOf.set(node.id, i);
    cls[i] = NODE_CLASSES.indexOf(nodeClass(node));
    isCase[i] = node.caseId !== null || node.degree === 0 ? 1 : 0;
  });
  const from: number[] = [];
  const to: number[] = [];
  const confirmed: number[] = [];
  for (const e of data.edges) {
    const a = indexOf.get(e.from);
    const b = indexOf.get(e.to);
    if (a === undefined || b === undefined) continue;
    from.push(a);
    to.push(b);
    confirmed.push(e.status === 'confirmed' ? 1 : 0);
  }
  const edgeFrom = Int32Array.from(from);
  const edgeTo = Int32Array.from(to);
  const layout = layoutChain(
    data.nodes,
    from.map((f, i) => ({ from: f, to: to[i]! })),
  );
  return { data, indexOf, cls, isCase, edgeFrom, edgeTo, edgeConfirmed: Uint8Array.from(confirmed), layout };
}

/** Counts of one cluster for the text alternative. */
export interface ClusterSummary {
  index: number;
  size: number;
  cases: number;
  confirmedContacts: number;
  proposedContacts: number;
  roots: ChainNode[];
  members: number[];
}

/** Clusters with their counts, largest first (ties keep layout order). */
export function summariseClusters(p: PreparedChain): ClusterSummary[] {
  const out = p.layout.components.map((c, index) => {
    let cases = 0;
    let confirmedContacts = 0;
    let proposedContacts = 0;
    for (const v of c.nodes) {
      const node = p.data.nodes[v]!;
      if (node.degree === 0) cases++;
      else if (node.degree !== null) confirmedContacts++;
      else if (node.proposedDegree !== null) proposedContacts++;
    }
    return {
      index,
      size: c.nodes.length,
      cases,
      confirmedContacts,
      proposedContacts,
      roots: c.roots.map((r) => p.data.nodes[r]!),
      members: c.nodes,
    };
  });
  return out.sort((a, b) => b.size - a.size || a.index - b.index);
}
