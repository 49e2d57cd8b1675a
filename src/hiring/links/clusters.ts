/**
 * Edges and clusters: each pair's evidence becomes an edge (one piece per kind and value, a
 * switchboard settled, strength the noisy-OR with each explanation counted once); operator-grade
 * edges make the operator clusters, weaker ones join only like with like or stay bridges.
 */
import { q, type Ctx } from './context.js';
import { LINK_WEIGHTS, MERGE_STRENGTH, OPERATOR_STRENGTH, type Cluster, type LinkAnalysis, type LinkEdge, type LinkEvidence } from './types.js';

/** Noisy-OR of the evidence, each innocent explanation counted once (its strongest piece). */
function strengthOf(evidence: LinkEvidence[]): number {
  let miss = 1;
  let household = 0;
  let office = 0;
  for (const e of evidence) {
    if (e.explained === 'household') household = Math.max(household, e.weight);
    else if (e.explained === 'office') office = Math.max(office, e.weight);
    else miss *= 1 - e.weight;
  }
  return 1 - miss * (1 - household) * (1 - office);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function assemble(ctx: Ctx, t0: number, phaseMs: Record<string, number>): LinkAnalysis {
  const { refs, n } = ctx;
  const keys = [...ctx.ev.keys()].sort((x, y) => x - y);
  const edges: LinkEdge[] = [];
  const ends: [number, number][] = [];
  for (const k of keys) {
    const list = ctx.ev.get(k)!;
    // A switchboard: a number two colleagues give, once their office address or network is shared.
    if (ctx.officeLines.size > 0 && list.some((e) => e.explained === 'office')) {
      for (let x = 0; x < list.length; x++) {
        const employer = ctx.officeLines.get(list[x]!);
        if (employer === undefined) continue;
        list[x] = {
          ...list[x]!,
          weight: Math.min(list[x]!.weight, LINK_WEIGHTS.phoneOffice),
          explained: 'office',
          detail: `${list[x]!.detail}; both name ${q(employer)} as their current employer and share its office (its switchboard)`,
        };
      }
    }
    // One piece per (kind, value): the strongest.
    const best = new Map<string, LinkEvidence>();
    for (const e of list) {
      const id = `${e.kind}\u0000${e.value}`;
      const prev = best.get(id);
      if (!prev || e.weight > prev.weight) best.set(id, e);
    }
    const evidence = [...best.values()].sort((x, y) => y.weight - x.weight || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
    const i = Math.floor(k / n);
    const j = k % n;
    edges.push({ a: refs[i]!, b: refs[j]!, evidence, strength: round3(strengthOf(evidence)) });
    ends.push([i, j]);
  }

  // Union-find: operator-grade edges first; weaker edges join only like with like.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx === ry) return;
    if (rx < ry) parent[ry] = rx;
    else parent[rx] = ry;
  };
  const core = new Uint8Array(n);
  for (let e = 0; e < edges.length; e++) {
    if (edges[e]!.strength < OPERATOR_STRENGTH) continue;
    const [i, j] = ends[e]!;
    union(i, j);
    core[i] = 1;
    core[j] = 1;
  }
  for (let e = 0; e < edges.length; e++) {
    if (edges[e]!.strength >= OPERATOR_STRENGTH) continue;
    const [i, j] = ends[e]!;
    if (core[i] === 0 && core[j] === 0) union(i, j);
    else if (core[i] === 1 && core[j] === 1 && edges[e]!.evidence.some((v) => v.weight >= MERGE_STRENGTH)) union(i, j);
  }

  const byRoot = new Map<number, Cluster>();
  const clusterOfNode = new Map<number, Cluster>();
  const edgesOfNode = new Map<number, LinkEdge[]>();
  const touch = (x: number, edge: LinkEdge): void => {
    const l = edgesOfNode.get(x);
    if (l) l.push(edge);
    else edgesOfNode.set(x, [edge]);
  };
  const clusterFor = (x: number): Cluster => {
    const root = find(x);
    let c = byRoot.get(root);
    if (!c) {
      // Roots are the smallest node of their component (union keeps the smaller), and nodes are in ref order.
      c = { id: `cl-${refs[root]}`, members: [], edges: [], strength: 0, operator: core[root] === 1, bridges: [] };
      byRoot.set(root, c);
    }
    return c;
  };
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    const [i, j] = ends[e]!;
    touch(i, edge);
    touch(j, edge);
    if (find(i) === find(j)) {
      const c = clusterFor(i);
      c.edges.push(edge);
      if (edge.strength > c.strength) c.strength = edge.strength;
    } else {
      // A bridge: listed by whichever ends are in a cluster (settled after all internal edges).
      clusterFor(i).bridges.push(edge);
      clusterFor(j).bridges.push(edge);
    }
  }
  // Clusters exist only for components with internal edges; drop bridge-only singletons.
  const clusters: Cluster[] = [];
  for (const [root, c] of byRoot) {
    if (c.edges.length === 0) {
      byRoot.delete(root);
      continue;
    }
    clusters.push(c);
  }
  for (let x = 0; x < n; x++) {
    const c = byRoot.get(find(x));
    if (c && c.edges.length > 0) {
      c.members.push(refs[x]!);
      clusterOfNode.set(x, c);
    }
  }
  clusters.sort((x, y) => Number(y.operator) - Number(x.operator) || y.strength - x.strength || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));

  const index = new Map<string, number>();
  refs.forEach((r, i) => index.set(r, i));
  const operatorClusters = clusters.filter((c) => c.operator).length;
  return {
    edges,
    clusters,
    clusterOf: (ref) => {
      const i = index.get(ref);
      return i === undefined ? undefined : clusterOfNode.get(i);
    },
    edgesOf: (ref) => {
      const i = index.get(ref);
      return i === undefined ? [] : [...(edgesOfNode.get(i) ?? [])];
    },
    hubs: ctx.hubs.sort((x, y) => y.holders - x.holders || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.value < y.value ? -1 : 1)),
    stats: { profiles: n, edges: edges.length, clusters: clusters.length, operatorClusters, hubs: ctx.hubs.length, ms: Math.round(performance.now() - t0), phaseMs },
  };
}
