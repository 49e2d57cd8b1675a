/**
 * Join keys of one profile (the stored link graph): the values through which `analyzeLinks` can
 * join it to another, so that one candidate's part of the graph can be read from storage.
 */
import { parseAddress } from '../../match/identifiers.js';
import { bandKey, dropSet, MinHasher, wordHashes } from '../minhash.js';
import { addressBlockKey } from '../normalize-ids.js';
import type { CandidateProfile, PostalAddress } from '../profile.js';
import { employerKeyOf, NONE } from './context.js';
import type { Groups } from './groups.js';
import { cheapWallet, Identifiers, phoneTail } from './identifiers.js';
import { MIN_RESUME_WORDS, PARTIAL_BANDS, PARTIAL_ROWS, RESUME_BANDS, RESUME_ROWS, RESUME_WINDOW } from './resumes.js';

/**
 * Changes whenever `linkKeys` would give other keys for some profile: stored keys derived by
 * another version are derived again before they are read.
 */
export const LINK_KEYS_VERSION = 2;

/**
 * The values through which `analyzeLinks` can join this profile to another, each as
 * `<kind letter>:<value>`: two profiles can share an edge only if they share one of these keys.
 * They are the analysis's own blocking keys, computed from this profile alone:
 *
 *   m: mailbox (own e-mails, referee e-mails, payment handles that are e-mail addresses)
 *   t: the last 7 digits of a phone number (own, referee's, payment handle): numbers are
 *      compared only where these recur, and one number always has one tail
 *   a: a hash of an address's key (home, shipping, shipping requests; normalize-ids.ts
 *      postalKey: house numbers, street and town words, unit, without postcode, region and
 *      country): two spellings of one address have one key
 *   i: IBAN; k: other bank account; h: platform handle (the scope, bank or platform, is not part
 *      of the key: holders of one value in different scopes are still read together)
 *   w: wallet, case-folded (the chain-aware key is computed where this recurs)
 *   d: identity document (type and number); o: online profile (platform:handle)
 *   v: device id (every login's, whatever its date); p: login IP
 *   r<band>: LSH band of the resume's MinHash signature (24 bands of 5 rows); s<band>: the
 *      copy bands (40 of 3); the buckets `lshPairs` proposes pairs from
 *   e: employer key (joins only when a screen flags the employer as a front company)
 *
 * The weight of a link is not in the keys: it depends on everyone who holds the value (a hub, a
 * household, an office), so it is computed when the holders are read together.
 */
export function linkKeys(profile: CandidateProfile): string[] {
  const out = new Set<string>();
  const ids = new Identifiers(1);
  ids.collect(0, profile, Infinity);
  const exact: [string, Groups][] = [
    ['m', ids.emails],
    ['i', ids.ibans],
    ['k', ids.accounts],
    ['h', ids.handles],
    ['d', ids.documents],
    ['o', ids.onlineProfiles],
    ['v', ids.devices],
  ];
  for (const [letter, groups] of exact) for (const v of groups.values()) out.add(`${letter}:${v}`);
  for (const raw of ids.phRaw) {
    const t = phoneTail(raw);
    if (t >= 0) out.add(`t:${t}`);
  }
  for (let r = 0; r < ids.wRaw.length; r++) {
    let cheap = cheapWallet(ids.wRaw[r]!);
    if (/^(?:0x)?41[0-9a-f]{40}$/.test(cheap)) {
      const info = parseAddress(ids.wRaw[r]!, ids.wCurrency[r]);
      if (info.key) cheap = info.key.toLowerCase();
    }
    out.add(`w:${cheap}`);
  }
  for (const ip of ids.logins.ip) out.add(`p:${ip}`);
  const block = (addr: PostalAddress | undefined): void => {
    if (!addr || typeof addr.text !== 'string') return;
    const b = addressBlockKey(addr.text, addr.country);
    if (b !== undefined) out.add(`a:${b}`);
  };
  block(profile.homeAddress);
  for (const a of profile.shippingAddresses ?? NONE) block(a);
  for (const e of profile.events ?? NONE) if (e?.type === 'shipping_request') block(e.address);
  for (const e of profile.employers ?? NONE) {
    if (typeof e?.name !== 'string') continue;
    const key = employerKeyOf(e.name);
    if (key !== '') out.add(`e:${key}`);
  }
  // Resumes, as linkResumes reads them: the longest text, the name words left out.
  const text = profile.resumeText;
  if (typeof text === 'string' && text.length >= MIN_RESUME_WORDS * 3) {
    const hasher = new MinHasher({ shingle: 3, bins: RESUME_BANDS * RESUME_ROWS });
    const names: number[] = [];
    for (const n of profile.names ?? NONE) if (typeof n === 'string') wordHashes(n, names);
    const sig = new Uint32Array(hasher.bins);
    const words = hasher.sign(text, dropSet(names), sig, 0, RESUME_WINDOW);
    if (words >= MIN_RESUME_WORDS) {
      for (let b = 0; b < RESUME_BANDS; b++) out.add(`r${b}:${bandKey(sig, 0, b, RESUME_ROWS)}`);
      for (let b = 0; b < PARTIAL_BANDS; b++) out.add(`s${b}:${bandKey(sig, 0, b, PARTIAL_ROWS)}`);
    }
  }
  return [...out].sort();
}
