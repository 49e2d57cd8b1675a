/**
 * Which addresses a webhook may be sent to: the rules against server-side request forgery.
 *
 * Whoever can register a webhook chooses where Vigil sends signed POSTs from inside its network.
 * So a target must be a public address: loopback, unspecified, private, link-local (with the cloud
 * metadata address 169.254.169.254), carrier-grade NAT, multicast, broadcast and reserved ranges are
 * refused, in IPv4 and IPv6, and so are the IPv6 forms that carry such an IPv4 address (mapped
 * `::ffff:127.0.0.1`, compatible `::127.0.0.1`, translated `::ffff:0:127.0.0.1`, NAT64
 * `64:ff9b::127.0.0.1`); 6to4 and Teredo tunnel addresses are refused whole, and so is any IPv6
 * address outside global unicast (2000::/3). The metadata services' host names are refused by name.
 *
 * The ranges are tables of CIDRs checked with Node's `net.BlockList` (which also matches an
 * IPv4-mapped IPv6 address against an IPv4 range); the embedded IPv4 forms are the same tables
 * written under the IPv6 prefixes (the address parser reads `64:ff9b::127.0.0.0`).
 *
 * An on-premises receiver is let through by an allow-list (VIGIL_WEBHOOK_ALLOW): CIDRs or single
 * addresses (any address in them is accepted) and host names (`hooks.corp.example`, or
 * `*.corp.example` for the names under it: the name is accepted whatever it resolves to).
 *
 * Pure: no DNS, no network. Resolution and the check on every connection are in webhooks.ts.
 */
import { BlockList, isIP } from 'node:net';

/** Why an address is not a webhook target. */
export type RefusedClass =
  | 'metadata'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'tunnel';

/** How a message names each class ("127.0.0.1, a loopback address"). */
export const REFUSED_CLASS_TEXT: Record<RefusedClass, string> = {
  metadata: 'a cloud metadata service address',
  loopback: 'a loopback address',
  unspecified: 'an unspecified address',
  private: 'a private address',
  'link-local': 'a link-local address',
  'carrier-grade NAT': 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved (not publicly routable) address',
  tunnel: 'a 6to4 or Teredo tunnel address',
};

/** The refused IPv4 ranges, by class (checked in this order: the first match names the class). */
const V4: [RefusedClass, string[]][] = [
  ['metadata', ['169.254.169.254/32', '100.100.100.200/32']],
  ['unspecified', ['0.0.0.0/8']],
  ['loopback', ['127.0.0.0/8']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['link-local', ['169.254.0.0/16']],
  ['carrier-grade NAT', ['100.64.0.0/10']],
  ['multicast', ['224.0.0.0/4']],
  ['broadcast', ['255.255.255.255/32']],
  [
    'reserved',
    [
      '192.0.0.0/24', // IETF protocol assignments
      '192.0.2.0/24', // documentation (TEST-NET-1)
      '192.88.99.0/24', // 6to4 relay anycast
      '198.18.0.0/15', // benchmarking
      '198.51.100.0/24', // documentation (TEST-NET-2)
      '203.0.113.0/24', // documentation (TEST-NET-3)
      '240.0.0.0/4', // future use
    ],
  ],
];

/** IPv6 prefixes under which an IPv4 address is carried (mapped ::ffff:0:0/96 is matched by BlockList itself). */
const V4_CARRIERS = ['::', '::ffff:0:', '64:ff9b::'];

/** The refused IPv6 ranges of their own, by class. */
const V6: [RefusedClass, string[]][] = [
  ['metadata', ['fd00:ec2::254/128']],
  ['unspecified', ['::/128']],
  ['loopback', ['::1/128']],
  ['private', ['fc00::/7', 'fec0::/10']],
  ['link-local', ['fe80::/10']],
  ['multicast', ['ff00::/8']],
  ['tunnel', ['2002::/16', '2001::/32']],
  ['reserved', ['2001:db8::/32', '100::/64', '64:ff9b:1::/48', '2001:10::/28', '2001:20::/28']],
];

function subnet(cidr: string): { network: string; prefix: number } {
  const [network, prefix] = cidr.split('/') as [string, string];
  return { network, prefix: Number(prefix) };
}

/**
 * One BlockList per class and table, in the order they are checked: the IPv6 ranges of their own
 * first (so that `::1` is loopback, not the IPv4-compatible form of 0.0.0.1), then the IPv4 ranges
 * with their forms under each IPv6 carrier prefix.
 */
const RULES: { kind: RefusedClass; list: BlockList }[] = [
  ...V6.map(([kind, cidrs]) => {
    const list = new BlockList();
    for (const { network, prefix } of cidrs.map(subnet)) list.addSubnet(network, prefix, 'ipv6');
    return { kind, list };
  }),
  ...V4.map(([kind, cidrs]) => {
    const list = new BlockList();
    for (const { network, prefix } of cidrs.map(subnet)) {
      list.addSubnet(network, prefix, 'ipv4');
      for (const carrier of V4_CARRIERS) list.addSubnet(`${carrier}${network}`, 96 + prefix, 'ipv6');
    }
    return { kind, list };
  }),
];

/** IPv6 addresses that may be public: global unicast, and the carriers of a (checked) public IPv4 address. */
const V6_PUBLIC = new BlockList();
V6_PUBLIC.addSubnet('2000::', 3, 'ipv6');
V6_PUBLIC.addSubnet('::ffff:0:0', 96, 'ipv6');
V6_PUBLIC.addSubnet('64:ff9b::', 96, 'ipv6');

/** Host names of cloud metadata services, refused by name whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** An IP address without its IPv6 zone (`fe80::1%eth0`), or undefined when it is not one. */
function plainAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  return version === 0 ? undefined : { address: bare, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Why `address` may not be a webhook target, or undefined when it is a public address. Throws when it is not an IP address. */
export function refusedAddressClass(address: string): RefusedClass | undefined {
  const ip = plainAddress(address);
  if (ip === undefined) throw new TypeError(`"${address}" is not an IP address`);
  // A zone (fe80::1%eth0) is only ever given to a link-local address.
  if (ip.family === 'ipv6' && ip.address !== address.replace(/^\[(.*)\]$/, '$1')) return 'link-local';
  for (const { kind, list } of RULES) if (list.check(ip.address, ip.family)) return kind;
  if (ip.family === 'ipv6' && !V6_PUBLIC.check(ip.address, 'ipv6')) return 'reserved';
  return undefined;
}

/** A host name in lower case without a final dot (`Hooks.Example.COM.` -> `hooks.example.com`). */
export function normalHostName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** True when a host name is a cloud metadata service's. */
export function isMetadataName(name: string): boolean {
  return METADATA_NAMES.has(normalHostName(name));
}

// ---- the allow-list ----

/** VIGIL_WEBHOOK_ALLOW, parsed: the addresses and host names let through despite the rules. */
export interface TargetAllowList {
  /** The entries as given (for messages). */
  readonly entries: readonly string[];
  /** True when `address` is in one of the allowed CIDRs or is an allowed address. */
  allowsAddress(address: string): boolean;
  /** True when `host` (a name, not an address) is allowed by name. */
  allowsName(host: string): boolean;
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function isHostName(name: string): boolean {
  return name.length <= 253 && name.split('.').every((label) => HOST_LABEL.test(label));
}

/**
 * The allow-list of these entries: CIDRs (`10.20.0.0/16`, `fd00:1::/64`), single addresses, host
 * names, or `*.` and a domain for every name under it. Throws an Error naming the entry that is
 * none of these.
 */
export function parseAllowList(entries: readonly string[]): TargetAllowList {
  const addresses = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const [base, prefixText, ...rest] = entry.split('/');
    const ip = plainAddress(base ?? '');
    if (ip !== undefined) {
      const max = ip.family === 'ipv4' ? 32 : 128;
      if (rest.length > 0 || (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max))) {
        throw new Error(`"${entry}" is not a CIDR: the prefix length after "/" must be a whole number from 0 to ${max}`);
      }
      addresses.addSubnet(ip.address, prefixText === undefined ? max : Number(prefixText), ip.family);
      continue;
    }
    const name = normalHostName(entry);
    if (name.startsWith('*.') && isHostName(name.slice(2))) suffixes.push(name.slice(1));
    else if (isHostName(name)) names.add(name);
    else throw new Error(`"${entry}" is neither an IP address, a CIDR (10.0.0.0/8), a host name (hooks.corp.example) nor "*." and a domain (*.corp.example)`);
  }
  return {
    entries: entries.map((e) => e.trim()),
    allowsAddress(address) {
      const ip = plainAddress(address);
      return ip !== undefined && addresses.check(ip.address, ip.family);
    },
    allowsName(host) {
      const name = normalHostName(host);
      return names.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
    },
  };
}

/** No exceptions: every rule applies. */
export const NOTHING_ALLOWED: TargetAllowList = parseAllowList([]);

// ---- the verdict on a target ----

/** A target refused: which address (or name) and why. */
export interface RefusedTarget {
  /** The refused address, or the host name when the name itself is refused. */
  address: string;
  kind: RefusedClass;
}

/**
 * The verdict on a host and the addresses it resolved to (for an IP literal, itself): undefined
 * when every address may be sent to, else the first one refused. A name on the allow-list is let
 * through whatever it resolved to; otherwise each address must be public or in an allowed CIDR.
 */
export function refusedTarget(host: string, addresses: readonly string[], allow: TargetAllowList = NOTHING_ALLOWED): RefusedTarget | undefined {
  const literal = plainAddress(host);
  if (literal === undefined) {
    if (allow.allowsName(host)) return undefined;
    if (isMetadataName(host)) return { address: normalHostName(host), kind: 'metadata' };
  }
  for (const address of addresses) {
    if (allow.allowsAddress(address)) continue;
    const kind = refusedAddressClass(address);
    if (kind !== undefined) return { address: plainAddress(address)?.address ?? address, kind };
  }
  return undefined;
}

/** The URL's host as a name or a bare IP address (`[::1]` -> `::1`). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
