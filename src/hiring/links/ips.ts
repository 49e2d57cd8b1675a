/**
 * IPs within a time window: two profiles logging in from one address within `ipWindowHours`.
 * Weighed by the address's class: residential, a farm of 3+, a mobile carrier's NAT, a shared
 * VPN/proxy/hosting exit, a private server of few, a team's own jump box (ownServer); a
 * household, an office or a shared workspace explains it.
 */
import { addEvidence, currentEmployerCounts, hub, NONE, pairKey, q, sharedEmployer, type Ctx } from './context.js';
import type { HolderBuckets } from './groups.js';
import { HUB_CAPS, LINK_WEIGHTS } from './types.js';

const SHARED_EXIT_KINDS = new Set(['vpn', 'proxy', 'tor', 'relay']);
/** Servers in a data centre: a commercial exit when many use one, a private server when few do. */
const SERVER_KINDS = new Set(['hosting', 'datacenter', 'data_center', 'vps']);
/** A hosting address used by at most this many profiles (in all) is a private server, not an exit. */
const PRIVATE_SERVER_MAX = 3;
/** A hosting address used by more (up to this many) is a jump box when its users are a closed team (ownServer). */
const JUMP_BOX_MAX = 10;
/** Logins through a jump box link its users this far apart (the team's server, not a shared exit's moment). */
const JUMP_BOX_SPAN_MS = 30 * 86_400_000;
const MOBILE_KINDS = new Set(['mobile', 'cellular', 'cgnat']);

function fmtHours(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/** 0 residential/unknown, 1 mobile carrier, 2 server (hosting, VPS), 3 shared exit (VPN, proxy, Tor). */
function exitClass(kind: string | undefined): number {
  if (!kind) return 0;
  const k = kind.toLowerCase();
  return SHARED_EXIT_KINDS.has(k) ? 3 : SERVER_KINDS.has(k) ? 2 : MOBILE_KINDS.has(k) ? 1 : 0;
}

/** Login rows read by `Identifiers.collect`: every login with an IP (its hash noted in the buckets). */
export interface Logins {
  ip: string[];
  hash: number[];
  node: number[];
  event: { at: string; ipKind?: string }[];
}

export const IP_SALT = 8;

/** The holders of one shared IP and their login times (none kept beyond the hub cap), its exit class. */
interface IpGroup {
  nodes: Map<number, number[]>;
  holders: number;
  last: number;
  exit: number;
}

/**
 * Whether a hosting address more than PRIVATE_SERVER_MAX profiles use is a server of their own
 * (a jump box one operator's identities work through) rather than a commercial exit labelled
 * hosting or an employer's network. A team works through its box day after day: most of its
 * holders logged in from it more than once (strangers passing through a shared service once
 * each do not). A commercial VPN or proxy is used by many unrelated people, who hop between its
 * exits: some holder then also logs in from another server address that someone outside the
 * group uses; a jump box's team uses it alone, and its other servers (if any) with no one else.
 * An employer's network is used by its staff: no current employer (not a flagged one, nor
 * "self-employed" and the like: GENERIC_EMPLOYERS) may be named by a strict majority of the
 * holders (colleagues among them are explained pair by pair anyway).
 */
function ownServer(ctx: Ctx, ip: string, g: IpGroup, byIp: Map<string, IpGroup>, ipsOf: Map<number, string[]>): boolean {
  const team = g.nodes;
  let regulars = 0;
  for (const ts of team.values()) if (ts.length >= 2) regulars++;
  if (regulars * 2 <= team.size) return false;
  for (const i of team.keys()) {
    for (const other of ipsOf.get(i) ?? NONE) {
      if (other === ip) continue;
      const o = byIp.get(other)!;
      if (o.exit !== 2) continue;
      if (o.holders > HUB_CAPS.ip || ctx.hubKeys?.has(`p:${other}`)) return false;
      for (const h of o.nodes.keys()) if (!team.has(h)) return false;
    }
  }
  const counts = currentEmployerCounts(ctx, team.keys());
  for (const c of counts.values()) if (c >= 2 && c * 2 > team.size) return false;
  return true;
}

export function linkIps(ctx: Ctx, logins: Logins, buckets: HolderBuckets, windowMs: number, nowMs: number): void {
  const W = LINK_WEIGHTS;
  // The logins from shared IPs, with times (parsed only here). Rows are in ascending node order,
  // so a new holder is one unlike the IP's last holder.
  const byIp = new Map<string, IpGroup>();
  // The shared IPs of each profile (whether a team's server is its own: see ownServer).
  const ipsOf = new Map<number, string[]>();
  for (let r = 0; r < logins.ip.length; r++) {
    if (!buckets.mayBeShared(logins.hash[r]!)) continue;
    const ip = logins.ip[r]!;
    const i = logins.node[r]!;
    const e = logins.event[r]!;
    let g = byIp.get(ip);
    if (!g) byIp.set(ip, (g = { nodes: new Map(), holders: 0, last: -1, exit: 0 }));
    g.exit = Math.max(g.exit, exitClass(e.ipKind));
    if (g.last !== i) {
      g.last = i;
      g.holders++;
      const own = ipsOf.get(i);
      if (own) own.push(ip);
      else ipsOf.set(i, [ip]);
    }
    if (g.holders > HUB_CAPS.ip) continue; // a hub: no times needed
    let ts = g.nodes.get(i);
    if (!ts) g.nodes.set(i, (ts = []));
    const t = Date.parse(e.at);
    if (!Number.isNaN(t) && t <= nowMs) ts.push(t);
  }
  for (const [ip, g] of byIp) {
    if (g.holders > HUB_CAPS.ip || ctx.hubKeys?.has(`p:${ip}`)) {
      hub(ctx, 'ip', ip, g.holders, `the IP address ${ip}`);
      continue;
    }
    const nodes = [...g.nodes.keys()].filter((x) => g.nodes.get(x)!.length > 0).sort((x, y) => x - y);
    const times = nodes.map((x) => g.nodes.get(x)!.sort((p, r) => p - r));
    // A hosting address that may be a team's jump box is read over a wider span (see below).
    const maybeBox = g.exit === 2 && g.holders > PRIVATE_SERVER_MAX && g.holders <= JUMP_BOX_MAX;
    const span = maybeBox ? Math.max(windowMs, JUMP_BOX_SPAN_MS) : windowMs;
    let found: [number, number, number, number][] = [];
    const windowed = new Set<number>();
    for (let s = 0; s < nodes.length; s++) {
      for (let t = s + 1; t < nodes.length; t++) {
        // The closest pair of login times (a merge of two sorted lists).
        const A = times[s]!;
        const B = times[t]!;
        let x = 0;
        let y = 0;
        let best = Infinity;
        let ba = 0;
        let bb = 0;
        while (x < A.length && y < B.length) {
          const d = Math.abs(A[x]! - B[y]!);
          if (d < best) {
            best = d;
            ba = A[x]!;
            bb = B[y]!;
          }
          if (A[x]! < B[y]!) x++;
          else y++;
        }
        if (best <= span) found.push([s, t, ba, bb]);
        if (best <= windowMs) windowed.add(s).add(t);
      }
    }
    const m = windowed.size;
    // A server few profiles use (a VPS or jump host of one operator) is strong, and so is one a
    // closed team uses (a jump box); one many use, or whose users also use other customers'
    // servers, is an exit. A jump box is the team's own, rented for months: every member who
    // logs in through it is linked to the others that JUMP_BOX_SPAN_MS allows (one who used it
    // once, on a quiet day, too); elsewhere only logins within the window link.
    const privateServer = g.exit === 2 && g.holders <= PRIVATE_SERVER_MAX;
    const jumpBox = maybeBox && m > 0 && ownServer(ctx, ip, g, byIp, ipsOf);
    if (span > windowMs && !jumpBox) found = found.filter(([, , ta, tb]) => Math.abs(ta - tb) <= windowMs);
    const sharedExit = g.exit === 3 || (g.exit === 2 && !privateServer && !jumpBox);
    for (const [s, t, ta, tb] of found) {
      const i = nodes[s]!;
      const j = nodes[t]!;
      let weight: number = sharedExit ? W.ipSharedExit : g.exit === 1 ? W.ipMobile : privateServer ? W.ipPrivateServer : jumpBox ? W.ipJumpBox : m >= 3 ? W.ipFarm : W.ip;
      const household = ctx.household.has(pairKey(ctx, i, j));
      const employer = household ? undefined : sharedEmployer(ctx, i, j)?.name;
      const workspace = !household && employer === undefined && ctx.workspace.has(pairKey(ctx, i, j));
      if (household || employer !== undefined || workspace) weight = Math.min(weight, W.ipExplained);
      const notes: string[] = [];
      if (m >= 3) notes.push(`${m} profiles logged in from it within ${fmtHours(windowMs)} of one another`);
      if (sharedExit) notes.push(`a ${g.exit === 3 ? 'VPN/proxy' : 'hosting'} exit that strangers share`);
      if (privateServer) notes.push(`a hosting (data-centre) address that only ${g.holders} profiles use: a private server`);
      if (jumpBox) notes.push(`a hosting (data-centre) address that only ${g.holders} profiles use, none of whom logs in from a server anyone else uses, and who name no employer in common: a jump box of their own`);
      if (g.exit === 1) notes.push('a mobile carrier address that strangers share');
      if (household) notes.push('they share a home address');
      if (employer !== undefined) notes.push(`both name ${q(employer)} as an employer (an office network)`);
      if (workspace) notes.push('both work from one shared workspace (its network)');
      addEvidence(ctx, i, j, {
        kind: 'ip',
        value: ip,
        weight,
        ...(household ? { explained: 'household' as const } : employer !== undefined || workspace ? { explained: 'office' as const } : {}),
        detail:
          `both logged in from ${ip} within ${fmtHours(Math.abs(ta - tb))} (${new Date(Math.min(ta, tb)).toISOString()} and ${new Date(Math.max(ta, tb)).toISOString()})` +
          (notes.length ? `; ${notes.join('; ')}` : ''),
      });
    }
  }
}
