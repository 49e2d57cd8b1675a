/**
 * Detectors over the link analysis (src/hiring/links/): something of this candidate's shared
 * with other candidates (payment accounts, wallets, shipping addresses, IPs, devices, resumes...),
 * and membership in a cluster the analysis judges to be run by one operator.
 */
import type { LinkEdge } from '../links/index.js';
import { detector, type Evidence } from './common.js';

const KIND_LABELS: Record<string, string> = {
  email: 'e-mail',
  phone: 'phone',
  home_address: 'home address',
  shipping_address: 'shipping address',
  payment: 'payment account',
  wallet: 'wallet',
  ip: 'IP address',
  device: 'device',
  resume: 'resume',
  document: 'identity document',
  profile: 'online profile',
  employer: 'employer',
};

/** This candidate's edges among `edges`, each with the other end, by the other end's ref. */
export function edgesOf(edges: readonly LinkEdge[], ref: string): { other: string; edge: LinkEdge }[] {
  const out: { other: string; edge: LinkEdge }[] = [];
  for (const edge of edges) {
    if (edge.a === ref && edge.b !== ref) out.push({ other: edge.b, edge });
    else if (edge.b === ref && edge.a !== ref) out.push({ other: edge.a, edge });
  }
  return out.sort((x, y) => (x.other < y.other ? -1 : x.other > y.other ? 1 : 0));
}

export const sharedLinks = detector({
  name: 'shared_links',
  description: 'Something of the candidate\'s (of the link kinds given) shared with other candidates, from the link analysis.',
  reads: [],
  needs: ['links'],
  params: {
    kinds: { type: 'linkKinds', default: [], description: 'Link kinds that count (email, phone, home_address, shipping_address, payment, wallet, ip, device, resume, document, profile).' },
    minWeight: {
      type: 'number',
      default: 0,
      min: 0,
      max: 1,
      description:
        "Lowest link-evidence weight that counts: the link analysis lowers the weight of what innocent explanations cover (a household's shared home IP, an office's shipping address).",
    },
    minOthers: { type: 'integer', default: 1, min: 1, description: 'Fewest other candidates sharing at which the rule fires.' },
    countExplained: {
      type: 'boolean',
      default: false,
      description: "Whether evidence an innocent explanation covers counts (a couple's joint account, a household's phone line, colleagues' office address).",
    },
  },
  run(profile, ctx, params) {
    if (!ctx.links) return [];
    const kinds = new Set<string>(params.kinds);
    const out: Evidence[] = [];
    const others = new Set<string>();
    for (const { other, edge } of edgesOf(ctx.links.edgesOf(profile.ref), profile.ref)) {
      for (const ev of edge.evidence) {
        if (!kinds.has(ev.kind) || ev.weight < params.minWeight || (ev.explained && !params.countExplained)) continue;
        others.add(other);
        out.push({
          text: `${KIND_LABELS[ev.kind] ?? ev.kind} ${ev.value} shared with ${other}${ev.detail ? `: ${ev.detail}` : ''} (link weight ${ev.weight.toFixed(2)})`,
        });
      }
    }
    return others.size >= params.minOthers ? out : [];
  },
});

export const operatorCluster = detector({
  name: 'operator_cluster',
  description: 'The candidate belongs to a cluster of linked candidates that the link analysis judges to be run by one operator.',
  reads: [],
  needs: ['links'],
  params: {},
  run(profile, ctx) {
    const cluster = ctx.links?.clusterOf(profile.ref);
    if (!cluster || !cluster.operator || cluster.members.length < 2) return [];
    const mine = edgesOf(cluster.edges, profile.ref);
    const counts = new Map<string, number>();
    for (const { edge } of mine) for (const ev of edge.evidence) counts.set(ev.kind, (counts.get(ev.kind) ?? 0) + 1);
    const kinds = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, n]) => `${KIND_LABELS[k] ?? k} x${n}`)
      .join(', ');
    const members = [...cluster.members].sort();
    return [
      {
        text: `member of cluster ${cluster.id}, judged to be run by one operator: ${members.length} candidates (${members.join(', ')}), link strength ${cluster.strength.toFixed(2)}${kinds ? `; this candidate's links: ${kinds}` : ''}`,
      },
    ];
  },
});
