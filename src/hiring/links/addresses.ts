/**
 * Addresses, read first: households (2-4 profiles giving one home) explain other shared values.
 * Home and shipping addresses grouped by their postal key and split into places, then weighed:
 * households, crowded homes, laptop farms, offices, shared workspaces, a laptop shipped to
 * another's home.
 */
import { addressBlocks, foldText, postalKey, sameAddressPlace, type AddressBlocks, type PostalKey } from '../normalize-ids.js';
import type { PostalAddress } from '../profile.js';
import { addEvidence, employersOf, forPairs, GENERIC_EMPLOYERS, hub, NONE, officeOf, pairKey, q, type Ctx } from './context.js';
import { Groups, HolderBuckets } from './groups.js';
import { HUB_CAPS, LINK_WEIGHTS } from './types.js';

const HOME = 1;
const SHIP = 2;
/** The holder's text says the address is a workplace (suite, floor, office, coworking or company name). */
const BUSINESS = 4;

/** Laptop farm: this many profiles shipping to one address. */
const FARM_SHIPPERS = 3;
/** Households: a home address given by more profiles than this is "crowded", not a household (a couple, a family of 3-4). */
const HOUSEHOLD_MAX = 4;

interface AddrHold {
  home: boolean;
  ship: boolean;
  business: boolean;
  country: string;
  region: string;
  postcode: string;
  floor: string;
  text: string;
}

/** Block hash -> the first node noting it, or -2 once another node does. */
class BlockTable {
  private readonly first = new Map<number, number>();

  note(hash: number, node: number): void {
    const v = this.first.get(hash);
    if (v === undefined) this.first.set(hash, node);
    else if (v !== node && v !== -2) this.first.set(hash, -2);
  }

  shared(hash: number): boolean {
    return this.first.get(hash) === -2;
  }

  heldByOther(hash: number, node: number): boolean {
    const v = this.first.get(hash);
    return v !== undefined && v !== node;
  }
}

/** Addresses of all profiles, one row each, with their cheap blocks (normalize-ids.ts addressBlocks). */
class AddressRows {
  readonly node: number[] = [];
  readonly addr: PostalAddress[] = [];
  readonly flag: number[] = [];
  /** AddressBlocks.all. */
  readonly all: number[] = [];
  /** Up to two AddressBlocks.withoutPostcode, -1 when none. */
  readonly bare1: number[] = [];
  readonly bare2: number[] = [];
  private lastText = '';
  private lastBlocks: AddressBlocks = { all: 0, withoutPostcode: [] };

  add(node: number, addr: PostalAddress | undefined, flag: number): void {
    if (!addr || typeof addr.text !== 'string') return;
    // A profile's home is often its shipping address too, written alike.
    if (addr.text !== this.lastText) {
      this.lastText = addr.text;
      this.lastBlocks = addressBlocks(addr.text);
    }
    const b = this.lastBlocks;
    this.node.push(node);
    this.addr.push(addr);
    this.flag.push(flag);
    this.all.push(b.all);
    this.bare1.push(b.withoutPostcode[0] ?? -1);
    this.bare2.push(b.withoutPostcode[1] ?? -1);
  }
}

export function linkAddresses(ctx: Ctx): void {
  // Every address that may be another profile's is read (normalize-ids.ts postalKey) and grouped
  // by its key: house numbers, street and town words, unit. Postcode, region, floor and country
  // are not part of the key (one spelling gives them, another leaves them out or moves them); a
  // group whose holders disagree on them is split into places (sameAddressPlace).
  const rows = new AddressRows();
  for (let i = 0; i < ctx.n; i++) {
    const list = ctx.nodes[i]!;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!;
      rows.add(i, p.homeAddress, HOME);
      const ships = p.shippingAddresses ?? NONE;
      for (let x = 0; x < ships.length; x++) rows.add(i, ships[x], SHIP);
      const events = p.events ?? NONE;
      for (let x = 0; x < events.length; x++) {
        const e = events[x];
        if (e?.type === 'shipping_request') rows.add(i, e.address, SHIP);
      }
    }
  }
  // Which rows to read: those whose digits (postcode included) recur on another profile's, and
  // those whose digits without the postcode are all the digits of another profile's address
  // (one spelling leaves the postcode out), and that address. Addresses sharing a key always
  // meet so; most others are never read.
  const count = rows.node.length;
  const blocks = new BlockTable();
  for (let r = 0; r < count; r++) blocks.note(rows.all[r]!, rows.node[r]!);
  const read = new Uint8Array(count);
  const wanted = new Set<number>();
  for (let r = 0; r < count; r++) {
    if (blocks.shared(rows.all[r]!)) read[r] = 1;
    for (let x = 0; x < 2; x++) {
      const h = x === 0 ? rows.bare1[r]! : rows.bare2[r]!;
      if (h < 0 || !blocks.heldByOther(h, rows.node[r]!)) continue;
      read[r] = 1;
      wanted.add(h);
    }
  }
  if (wanted.size > 0) for (let r = 0; r < count; r++) if (wanted.has(rows.all[r]!)) read[r] = 1;
  const groups = new Groups(new HolderBuckets(count), 1);
  let lastText = '';
  let lastCountry: string | undefined;
  let pk: PostalKey | undefined;
  for (let r = 0; r < count; r++) {
    if (!read[r]) continue;
    const addr = rows.addr[r]!;
    if (addr.text !== lastText || addr.country !== lastCountry) {
      lastText = addr.text;
      lastCountry = addr.country;
      pk = postalKey(addr.text, addr.country);
    }
    if (pk) groups.add(pk.key, rows.node[r]!, rows.flag[r]! | (pk.business ? BUSINESS : 0), pk.country, addr.text.trim(), pk.region || pk.postcode || pk.floor ? `${pk.region}|${pk.postcode}|${pk.floor}` : undefined);
  }
  // Pairs are weighed after all groups are read: households (both give the address as home) are
  // known first, since they explain shared phones, devices and IPs.
  const pairs: [number, number, number, string, AddrHold, AddrHold, ShipContext][] = [];
  for (const [key, groupNodes, merged] of groups.shared()) {
    const groupHolds: AddrHold[] = merged.map((m) => {
      const [region = '', postcode = '', floor = ''] = (m.c ?? '').split('|');
      return { home: (m.flags & HOME) !== 0, ship: (m.flags & SHIP) !== 0, business: (m.flags & BUSINESS) !== 0, country: m.a ?? '', region, postcode, floor, text: m.b ?? key };
    });
    for (const place of splitPlaces(groupHolds)) {
      const nodes = place.members.map((x) => groupNodes[x]!);
      const holds = place.members.map((x) => groupHolds[x]!);
      const shipperNodes = nodes.filter((_, x) => holds[x]!.ship);
      const shippers = shipperNodes.length;
      const residents = holds.filter((h) => h.home).length;
      const cap = shippers === 0 ? HUB_CAPS.home_address : HUB_CAPS.shipping_address;
      if (nodes.length > cap) {
        hub(ctx, shippers === 0 ? 'home_address' : 'shipping_address', key, nodes.length, `the address ${q(holds[0]!.text)}`);
        continue;
      }
      const sc = shipContext(ctx, nodes, holds, shipperNodes, residents);
      const center = Math.max(0, holds.findIndex((h) => h.ship && !h.home));
      // One value for the address on every edge: the key, with the region, postcode and country its holders give.
      const { region, postcode, country } = place.attrs;
      const details = [region.toUpperCase(), postcode.toUpperCase()].filter((x) => x !== '').join(' ');
      const value = `${key}${details ? `, ${details}` : ''}${country ? `, ${country.toUpperCase()}` : ''}`;
      forPairs(nodes.length, center, (s, t) => {
        pairs.push([nodes[s]!, nodes[t]!, residents, value, holds[s]!, holds[t]!, sc]);
      });
    }
  }
  for (const [i, j, residents, , a, b] of pairs) {
    if (a.home && b.home && residents <= HOUSEHOLD_MAX) ctx.household.add(pairKey(ctx, i, j));
  }
  const W = LINK_WEIGHTS;
  for (const [i, j, residents, value, a, b, sc] of pairs) {
    const cc = a.country || b.country;
    const where = `${q(a.text)}${cc ? ` (${cc.toUpperCase()})` : ''}`;
    if (!a.ship && !b.ship) {
      const crowded = residents > HOUSEHOLD_MAX;
      addEvidence(ctx, i, j, {
        kind: 'home_address',
        value,
        weight: crowded ? W.homeCrowded : W.homeShared,
        ...(crowded ? {} : { explained: 'household' as const }),
        detail: crowded
          ? `both give ${where} as their home address, as do ${residents} profiles in all (more than a household)`
          : `both give ${where} as their home address (a household: spouses, a family or flatmates share one)`,
      });
      continue;
    }
    const { weight, detail, explained } = shippingWeight(ctx, i, j, a, b, where, sc);
    // Members of one workspace (each naming a current employer of their own) share its network too.
    if (explained === 'office' && sc.members.has(i) && sc.members.has(j)) ctx.workspace.add(pairKey(ctx, i, j));
    addEvidence(ctx, i, j, explained ? { kind: 'shipping_address', value, weight, detail, explained } : { kind: 'shipping_address', value, weight, detail });
  }
}

type PlaceAttrs = Pick<AddrHold, 'country' | 'region' | 'postcode' | 'floor'>;

/**
 * The places behind one address key: holders whose countries, regions, postcodes and floors
 * agree where both give them ("12 High St, London" in SE1 and in N1 are two places). Holders
 * are placed most specific first; one that fits several places (it gives no postcode) joins the
 * one giving the same details, else stays alone. Places of one holder are dropped.
 */
function splitPlaces(holds: AddrHold[]): { members: number[]; attrs: PlaceAttrs }[] {
  const detail = (h: PlaceAttrs): number => (h.country ? 1 : 0) + (h.region ? 1 : 0) + (h.postcode ? 1 : 0) + (h.floor ? 1 : 0);
  const order = holds.map((_, x) => x).sort((x, y) => detail(holds[y]!) - detail(holds[x]!) || x - y);
  const places: { members: number[]; attrs: PlaceAttrs }[] = [];
  for (const x of order) {
    const h = holds[x]!;
    const fits = places.filter((p) => sameAddressPlace(p.attrs, h));
    const place = fits.length === 1 ? fits[0] : fits.find((p) => p.attrs.country === h.country && p.attrs.region === h.region && p.attrs.postcode === h.postcode && p.attrs.floor === h.floor);
    if (!place) {
      places.push({ members: [x], attrs: { country: h.country, region: h.region, postcode: h.postcode, floor: h.floor } });
      continue;
    }
    place.members.push(x);
    const at = place.attrs;
    at.country ||= h.country;
    at.region ||= h.region;
    at.postcode = h.postcode.length > at.postcode.length ? h.postcode : at.postcode;
    at.floor ||= h.floor;
  }
  return places.filter((p) => p.members.length >= 2).map((p) => ({ members: p.members.sort((x, y) => x - y), attrs: p.attrs }));
}

interface ShipContext {
  /** Profiles shipping equipment to the address. */
  shippers: number;
  /**
   * Shippers nothing explains: not staff of the address's office, not a member of its workspace,
   * and not living there (a household; but everyone giving a crowded "home" counts).
   */
  strangers: number;
  /** A laptop farm: 3+ strangers, unless the address is a workplace where other shippers work. */
  farm: boolean;
  /** A current employer of most shippers: the address is probably its office. */
  office: { name: string; staff: Set<number> } | undefined;
  /** The address reads as a workplace: a suite, a floor, an office, a coworking space's or a company's name (not a mail drop). */
  business: boolean;
  /**
   * With no common employer: shippers working there, with the employer that explains them. At a
   * workplace, each who names a current employer (a coworking space's members, each with their own);
   * anywhere, one whose current employer the address itself names ("Globex Corp, 5th Floor, ...").
   */
  members: Map<number, string>;
  /** More profiles give the address as their home than a household has. */
  crowded: boolean;
}

function shipContext(ctx: Ctx, nodes: number[], holds: AddrHold[], shipperNodes: number[], residents: number): ShipContext {
  const shippers = shipperNodes.length;
  const crowded = residents > HOUSEHOLD_MAX;
  const office = shippers >= 2 ? officeOf(ctx, shipperNodes) : undefined;
  const business = holds.some((h) => h.business);
  const members = new Map<number, string>();
  if (!office && shippers >= 2) {
    let lines: string[] | undefined;
    for (const x of shipperNodes) {
      for (const [key, e] of employersOf(ctx, x)) {
        if (!e.current || ctx.flaggedEmployers.has(key) || GENERIC_EMPLOYERS.has(key)) continue;
        // A line of the address without a number naming the employer ("Globex Corp, 5th Floor, ...").
        lines ??= holds.flatMap((h) => foldText(h.text).split(/[,;\n]/).filter((l) => !/\d/.test(l)).map((l) => ` ${l.replace(/[^a-z0-9]+/g, ' ').trim()} `));
        if (business || (key.length >= 4 && lines.some((l) => l.includes(` ${key} `)))) {
          members.set(x, e.name);
          break;
        }
      }
    }
  }
  let strangers = 0;
  for (let x = 0; x < nodes.length; x++) {
    const h = holds[x]!;
    if (h.ship && !office?.staff.has(nodes[x]!) && !members.has(nodes[x]!) && !(h.home && !crowded)) strangers++;
  }
  const farm = strangers >= FARM_SHIPPERS && !(business && members.size > 0);
  return { shippers, strangers, farm, office, business, members, crowded };
}

/** The weight of two profiles sharing an address that at least one of them ships equipment to. */
function shippingWeight(ctx: Ctx, i: number, j: number, a: AddrHold, b: AddrHold, where: string, sc: ShipContext): { weight: number; detail: string; explained?: 'household' | 'office' } {
  const W = LINK_WEIGHTS;
  const ri = ctx.refs[i]!;
  const rj = ctx.refs[j]!;
  const { farm } = sc;
  const farmNote = farm ? `; ${sc.strangers} profiles ship there (laptop-farm pattern)` : '';
  if (a.home && b.home) {
    if (farm && sc.crowded && a.ship && b.ship) return { weight: W.shippingFarmResidents, detail: `both give ${where} as home and have laptops shipped there${farmNote}` };
    return { weight: W.homeShared, detail: `both give ${where} as their home address, and equipment is shipped there (a household)`, explained: 'household' };
  }
  const aStaff = sc.office?.staff.has(i) ?? false;
  const bStaff = sc.office?.staff.has(j) ?? false;
  if (sc.office && aStaff && bStaff) {
    return {
      weight: W.shippingOffice,
      detail: `both have equipment shipped to ${where}; both name ${q(sc.office.name)} as their current employer, as most who ship there do: probably its office`,
      explained: 'office',
    };
  }
  if (sc.office && (aStaff || bStaff) && !(aStaff ? b : a).home) {
    const [staff, outsider] = aStaff ? [ri, rj] : [rj, ri];
    return { weight: W.shippingOthersHome, detail: `${outsider} has equipment shipped to ${where}, probably the office of ${q(sc.office.name)} where ${staff} works, an employer ${outsider} does not name` };
  }
  const aWork = sc.members.get(i);
  const bWork = sc.members.get(j);
  const workplace = sc.business ? 'a workplace (the address names a suite, a floor, an office or a coworking space)' : 'the office its text names';
  if (aWork !== undefined && bWork !== undefined) {
    return {
      weight: W.shippingCoworking,
      detail: `both have equipment shipped to ${where}, ${workplace}, and each names a current employer of their own (${q(aWork)}, ${q(bWork)}): a shared workspace, not a laptop farm`,
      explained: 'office',
    };
  }
  if ((aWork ?? bWork) !== undefined && !(aWork !== undefined ? b : a).home) {
    const [member, employer, outsider] = aWork !== undefined ? [ri, aWork, rj] : [rj, bWork!, ri];
    return { weight: W.shippingCoworkingOutsider, detail: `${outsider} has equipment shipped to ${where}, ${workplace} where ${member} works for ${q(employer)}; ${outsider} names no current employer there` };
  }
  if (a.ship && b.ship) {
    if (!a.home && !b.home) {
      if (farm) return { weight: W.shippingFarm, detail: `both have laptops shipped to ${where}, the home of neither${farmNote}` };
      if (sc.business) {
        return {
          weight: sc.members.size > 0 ? W.shippingCoworkingOutsider : W.shippingBusiness,
          detail: `both have laptops shipped to ${where}, ${workplace}, and neither names a current employer there`,
        };
      }
      return { weight: W.shippingNeitherHome, detail: `both have laptops shipped to ${where}, which is the home address of neither` };
    }
    const [resident, other] = a.home ? [ri, rj] : [rj, ri];
    return { weight: farm ? W.shippingFarm : W.shippingOthersHome, detail: `both have laptops shipped to ${where}, the home of ${resident} and not of ${other}${farmNote}` };
  }
  const [shipper, shipperHold, other] = a.ship ? [ri, a, rj] : [rj, b, ri];
  if (shipperHold.home) return { weight: W.homeShared, detail: `both give ${where} as their home address, and equipment is shipped there (a household)`, explained: 'household' };
  return { weight: farm ? W.shippingFarmOthersHome : W.shippingOthersHome, detail: `${shipper} has laptops shipped to ${where}, which is the home address of ${other}${farmNote}` };
}
