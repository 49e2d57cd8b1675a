/**
 * Cross-candidate link analysis: one operator behind several identities.
 *
 * A graph over all candidates, contractors and employees. Two profiles are joined by an edge when
 * they share an identifier (after normalisation) or near-duplicate resume text; every edge carries
 * its evidence, each piece with a weight in [0, 1] saying how strongly it alone implies one
 * operator, and a human sentence naming the value. Pure code: no I/O, no clock but elapsed time.
 *
 * Files (one per link kind, and the shared parts):
 *
 *   index.ts        the public API: analyzeLinks (the driver: read every profile's identifiers,
 *                   link each kind in turn, assemble), and the re-exports of the files below
 *   types.ts        LinkKind, LinkEvidence, LinkEdge, Cluster, HubValue, LinkOptions, LinkAnalysis;
 *                   LINK_WEIGHTS, HUB_CAPS, OPERATOR_STRENGTH, MERGE_STRENGTH
 *   context.ts      Ctx (the analysis's state) and what every kind uses: a node's employers and
 *                   the office of a group, pair keys, adding evidence, pairs of a group, hubs
 *   groups.ts       value -> holders (Groups, HolderBuckets)
 *   identifiers.ts  a profile's identifiers read into groups and rows (Identifiers); phone tails,
 *                   cheap wallet keys
 *   addresses.ts    home and shipping addresses: households, laptop farms, offices, workspaces
 *   contacts.ts     e-mails and phones: own, payment handle, referee
 *   scoped.ts       "both hold X": payment accounts, wallets, documents, online profiles, devices,
 *                   flagged employers; an agency paying its contractors (payerOf)
 *   ips.ts          IPs within a time window: shared exits, private servers, jump boxes
 *   resumes.ts      near-duplicate and copied resumes (MinHash LSH, exact Jaccard); COPY_BUCKET_CAP
 *   clusters.ts     edges from the evidence, operator clusters and bridges (assemble)
 *   keys.ts         the join keys of one profile (linkKeys, LINK_KEYS_VERSION)
 *
 * Join keys (src/hiring/normalize-ids.ts, reusing src/match/identifiers.ts):
 * - e-mail: the mailbox (+tags dropped for every provider; Gmail dots dropped, googlemail = gmail);
 * - phone: E.164 via the matcher's normalizePhone (libphonenumber-js), national numbers read in the
 *   profile's home or claimed country. Only numbers whose last 7 digits recur across profiles are
 *   parsed: a number with a unique tail cannot join anything;
 * - postal address: normalize-ids.ts postalKey, keyed by house numbers, street and town words and
 *   unit (case, diacritics, scripts, punctuation folded; street types abbreviated in several
 *   languages; every unit form, "Apt 4" = "#4" = "2786-1583 ..." = "104-dong 821-ho", moved last);
 *   the postcode, region ("Colorado" = "CO"), floor and country are not in the key (often left
 *   out or moved) and must agree where both addresses give them;
 * - payment: IBAN compact upper case (whatever the declared type); other bank accounts as letters
 *   and digits, scoped by bank; platform handles lower case, scoped by platform (an unknown bank
 *   or platform joins any, a little weaker); a handle that is an e-mail address or a phone number
 *   joins through the mailbox / E.164 key, so "paid via PayPal x@y" meets a candidate whose own
 *   address is x@y;
 * - wallet: the matcher's chain-aware address key (parseAddress: EVM and bech32 case-folded,
 *   base58 exact), parsed only when the case-folded address recurs;
 * - identity document: type + the matcher's document-number form, issuing countries compatible;
 * - online profile: platform + handle (profile URLs reduced to the handle);
 * - device id: case-folded; placeholders ("unknown", all zeros) ignored;
 * - IP: exact (IPv4 dotted quad, IPv6 RFC 5952, IPv4-mapped as IPv4), and only when the two
 *   profiles logged in from it within `ipWindowHours` (default 24 h) of each other;
 * - resume: MinHash (src/hiring/minhash.ts) over 3-word shingles of the text without the
 *   profile's own name words, numbers, e-mail addresses and links. Signatures read the first 150
 *   kept words; LSH banding (24 bands of 5 for near-duplicates, 40 bands of 3 for copies)
 *   proposes pairs; the exact Jaccard of the whole texts'
 *   shingle sets confirms (>= `resumeThreshold`, default 0.7: a copy with 3% of its words changed
 *   scores about 0.8, two such copies of one text about 0.7, unrelated resumes rarely 0.3). A
 *   resume retold in other words and order (synonyms swapped, bullets, sentences and sections
 *   reordered, a skills list shuffled) scores 0.4-0.7: a pair at Jaccard >= 0.4 that shares 40 or
 *   more distinct 3-word sequences, in one vocabulary (MinHasher.wordSet) and throughout both
 *   texts (MinHasher.coverage), is a copy (0.8); strangers who filled in one public template share
 *   its passages and stock words, not their own.
 *   Resumes under 40 kept words are not compared.
 * References are not a join: two candidates naming one referee is what colleagues do. A referee
 * e-mail or phone that is ANOTHER profile's own contact is medium evidence, strong when the two
 * name employers but none in common (a sock-puppet reference: the referee never worked with the
 * candidate). Employers are not a join either (colleagues), except through the optional
 * `employerRisk` screen (a front company on a sanctions list links everyone who names it, as
 * medium evidence: many workers of one front are one network, not one operator).
 *
 * Weights (LINK_WEIGHTS) and how they combine:
 * - strong, >= OPERATOR_STRENGTH (0.8) alone: a shared payment account or wallet (0.95), identity
 *   document (0.95), mailbox (0.9), device (0.9), online profile (0.9), VoIP number (0.9), other
 *   phone (0.85), near-duplicate resume (0.85; 0.9 when Jaccard >= 0.95; a retold copy 0.8), a shipping address that
 *   3+ strangers ship to (laptop farm, 0.85: living elsewhere, and no employer explaining them)
 *   or that is the home of neither of two (0.8), a
 *   hosting (data-centre) address that at most 3 profiles log in from, within the window (a
 *   private server or jump host, 0.8), or that up to 10 do when most of them use it repeatedly,
 *   none uses another server address with anyone outside the group, and no current employer is
 *   named by most of them (a team's own jump box, 0.8, linking its users' logins up to 30 days
 *   apart);
 * - medium: a laptop shipped to the OTHER's home, or to an office the other works at (0.6), a
 *   shared landline (0.5), a referee contact that is another candidate's own (0.5, explained as a
 *   workplace when the two name an employer in common; 0.8 when they name employers but none in
 *   common: a sock-puppet reference), an IP shared
 *   within the window (0.45; 0.6 when 3+ profiles used it within the window; VPN/proxy/Tor exits
 *   and hosting addresses many use 0.25, mobile carrier NAT 0.2), a home address given by 5+
 *   profiles (0.35), laptops shipped to a workplace (suite, floor, coworking or company name in
 *   the address) by two who name no current employer (0.6; 0.45 where others work);
 * - weak: a home address of 2-4 profiles (a household, 0.15); the shipping address of a shared
 *   current employer's office (0.3), or of a workspace whose members each name a current
 *   employer of their own (a coworking space, 0.25).
 * Innocent explanations. A household (2-4 profiles giving one home) explains a shared phone line
 * (0.35, VoIP 0.6), home IPs (0.2), a joint or family account or wallet (0.6) and a family
 * computer (0.5): shared evidence one household explains is not operator evidence (five or more
 * giving one home are not a household, and nothing of theirs is explained). An office explains a shipping address and IPs shared by
 * colleagues (0.3, 0.2), and a non-mobile number they give once their office address or network
 * shows them to be colleagues (its switchboard, 0.35). A staffing agency or employer of record
 * explains a payment account its contractors share (0.3) when it is their current employer and
 * the account is held in its name (or is at its own platform), see payerOf: a ring paid into a
 * person's account is not explained, whatever employer it names. An office is a current employer (no end
 * date, "present", or ending after `now`) of all of up to three, or of most of more, of the
 * profiles concerned. A former employer explains nothing. (A laptop farm whose members happen to name one current employer is explained away
 * too: recall given up so that colleagues of a common employer are never taken for operators.)
 * An edge's strength is the noisy-OR of its evidence (1 - prod(1 - w)), one piece per distinct
 * (kind, value), and each explanation counted once (its strongest piece): a family's joint
 * account, family computer and home wifi are one household, not three links. So several
 * independent medium links add up (three shared IPs within the window: 0.83), explained ones
 * do not.
 *
 * Hubs. A value held by many profiles (a corporate VPN exit, an office, a placeholder e-mail, a
 * stock resume) says little about any pair and would create n^2 edges. Per kind, a value held by
 * more profiles than HUB_CAPS allows makes no edge and is listed in `hubs` instead: e-mail and
 * phone 25, document and profile 10, device and IP 50, payment and wallet 100, home address 20,
 * shipping address 150 (DOJ laptop farms held dozens of laptops), resume 50 (a group of
 * near-duplicates: confirmed pairs plus over-full LSH buckets). Below the cap, values held by up
 * to 30 profiles give every pair an edge; larger groups give a star (each holder linked to one
 * centre), so a 100-laptop farm costs 99 edges, not 4,950, and is still one cluster.
 *
 * Clusters. Operator-grade edges (strength >= 0.8) are joined first: their connected components
 * are the operator clusters. Weaker edges join only profiles both outside operator clusters
 * (weak-only clusters, `operator: false`, kept so reviewers see them) or both inside when a piece
 * of the edge's evidence is at least MERGE_STRENGTH (0.45; merging two operator clusters: VPN
 * exits shared by two rings do not). A weak edge from an operator cluster to an outsider (an operator's flatmate,
 * a shared café IP) does not pull the outsider in: it is kept as a `bridge` of the cluster and in
 * `edgesOf`. Weak evidence never makes an innocent profile part of an operator cluster, and
 * every cluster is a connected component of its own edges.
 *
 * Output is deterministic: refs sorted (code-unit order), edges by (a, b), evidence by weight,
 * clusters operator first, then by strength, then id `cl-<smallest member ref>`. The work is
 * linear in the identifiers but for the groups of shared values (bounded by the caps); 100,000
 * profiles take a few seconds (bench/links.ts).
 */
import { normalizePhone, parseAddress } from '../../match/identifiers.js';
import { maskAccount } from '../normalize-ids.js';
import type { CandidateProfile } from '../profile.js';
import { linkAddresses } from './addresses.js';
import { assemble } from './clusters.js';
import { holdContact, linkContacts } from './contacts.js';
import { employersOf, pairKey, q, type Ctx } from './context.js';
import { Groups, HolderBuckets } from './groups.js';
import { cheapWallet, Identifiers, phoneTail } from './identifiers.js';
import { linkIps } from './ips.js';
import { linkResumes } from './resumes.js';
import { heldBy, holdScoped, linkScoped } from './scoped.js';
import { LINK_WEIGHTS, type LinkAnalysis, type LinkOptions } from './types.js';

export { HUB_CAPS, LINK_WEIGHTS, MERGE_STRENGTH, OPERATOR_STRENGTH, type Cluster, type HubValue, type LinkAnalysis, type LinkEdge, type LinkEvidence, type LinkKind, type LinkOptions } from './types.js';
export { employerKeyOf } from './context.js';
export { COPY_BUCKET_CAP } from './resumes.js';
export { LINK_KEYS_VERSION, linkKeys } from './keys.js';

export function analyzeLinks(profiles: readonly CandidateProfile[], options: LinkOptions = {}): LinkAnalysis {
  const t0 = performance.now();
  const windowMs = (options.ipWindowHours ?? 24) * 3_600_000;
  const threshold = options.resumeThreshold ?? 0.7;
  if (!(windowMs >= 0)) throw new Error(`ipWindowHours must be a number >= 0, not ${options.ipWindowHours}`);
  if (!(threshold > 0 && threshold <= 1)) throw new Error(`resumeThreshold must be in (0, 1], not ${options.resumeThreshold}`);
  const nowMs = options.now ? options.now.getTime() : Infinity;

  // Nodes: distinct refs in sorted order (a profile listed twice is one node).
  const byRef = new Map<string, CandidateProfile[]>();
  for (const p of profiles) {
    if (!p || typeof p.ref !== 'string' || p.ref === '') throw new Error('every profile needs a non-empty ref');
    const list = byRef.get(p.ref);
    if (list) list.push(p);
    else byRef.set(p.ref, [p]);
  }
  const refs = [...byRef.keys()].sort();
  const nodes = refs.map((r) => byRef.get(r)!);
  const n = refs.length;
  const ctx: Ctx = { refs, n, nodes, ev: new Map(), hubs: [], household: new Set(), workspace: new Set(), officeLines: new Map(), employers: new Array(n), flaggedEmployers: new Map(), nowMs, hubKeys: options.hubKeys };

  // The optional front-company screen: every distinct employer name, once.
  if (options.employerRisk) {
    const screened = new Set<string>();
    for (let i = 0; i < n; i++) {
      for (const [key, { name }] of employersOf(ctx, i)) {
        if (screened.has(key)) continue;
        screened.add(key);
        const reason = options.employerRisk(name);
        if (reason) ctx.flaggedEmployers.set(key, reason);
      }
    }
  }

  const phaseMs: Record<string, number> = {};
  let tPhase = performance.now();
  const phase = (name: string): void => {
    const t = performance.now();
    phaseMs[name] = Math.round(t - tPhase);
    tPhase = t;
  };
  linkAddresses(ctx);
  phase('addresses');

  const ids = new Identifiers(n);
  for (let i = 0; i < n; i++) {
    const list = nodes[i]!;
    for (let k = 0; k < list.length; k++) ids.collect(i, list[k]!, nowMs);
  }
  const { emails, ibans, accounts, handles, documents, onlineProfiles, devices, phNode, phRaw, phCountry, phRole, phLine, phProvider, phHolder, wNode, wRaw, wCurrency, wHolder } = ids;

  // Phones: parsed (libphonenumber) only when their last 7 digits recur across profiles.
  const tailFirst = new Map<number, number>();
  const tails: number[] = [];
  for (let r = 0; r < phRaw.length; r++) {
    const t = phoneTail(phRaw[r]!);
    tails.push(t);
    if (t < 0) continue;
    const seen = tailFirst.get(t);
    if (seen === undefined) tailFirst.set(t, phNode[r]!);
    else if (seen !== phNode[r] && seen !== -1) tailFirst.set(t, -1);
  }
  const phones = new Groups(new HolderBuckets(phRaw.length), 1);
  for (let r = 0; r < phRaw.length; r++) {
    if (tails[r]! < 0 || tailFirst.get(tails[r]!) !== -1) continue;
    const raw = phRaw[r]!;
    const key = normalizePhone(raw, phCountry[r]) ?? (phCountry[r] ? normalizePhone(raw) : undefined);
    if (key) holdContact(phones, key, phNode[r]!, phRole[r]!, raw.trim(), phLine[r], phProvider[r], phHolder[r]);
  }
  linkContacts(ctx, 'email', emails);
  linkContacts(ctx, 'phone', phones);

  const W = LINK_WEIGHTS;
  linkScoped(ctx, 'payment', ibans, (key, a, b) => ({ weight: W.payment, detail: `both are paid into IBAN ${maskAccount(key)}${heldBy(a, b)}` }), (key) => `the IBAN ${key}`, 'i');
  linkScoped(
    ctx,
    'payment',
    accounts,
    (key, a, b) => {
      const weight = key.length < 6 ? W.paymentShortAccount : a.scope === '' || b.scope === '' ? W.paymentUnscoped : W.payment;
      const bank = a.extra ?? b.extra;
      return { weight, detail: `both are paid into bank account ${maskAccount(key)}${bank ? ` at ${bank}` : ''}${heldBy(a, b)}` };
    },
    (key) => `the bank account ${key}`,
    'k',
  );
  linkScoped(
    ctx,
    'payment',
    handles,
    (key, a, b) => {
      const provider = a.extra ?? b.extra;
      const weight = a.scope === '' || b.scope === '' ? W.paymentUnscoped : W.payment;
      return { weight, detail: `both are paid to the ${provider ? `${provider} account` : 'payment handle'} ${q(key)}${heldBy(a, b)}` };
    },
    (key) => `the payment handle ${key}`,
    'h',
  );

  // Wallets: the project's chain-aware key (parseAddress), computed only where the case-folded
  // address recurs across profiles (EVM and bech32 keys are case-folded; base58 ones are exact,
  // so equal keys always have equal case-folded forms). TRON's hex form is keyed as its base58
  // address, so it is always parsed.
  const wCheap: string[] = [];
  const wKey: (string | undefined)[] = [];
  const wChain: (string | undefined)[] = [];
  const cheapFirst = new Map<string, number>();
  for (let r = 0; r < wRaw.length; r++) {
    let cheap = cheapWallet(wRaw[r]!);
    let key: string | undefined;
    let chain: string | undefined;
    if (/^(?:0x)?41[0-9a-f]{40}$/.test(cheap)) {
      const info = parseAddress(wRaw[r]!, wCurrency[r]);
      if (info.key) {
        key = info.key;
        chain = info.chain;
        cheap = info.key.toLowerCase();
      }
    }
    wCheap.push(cheap);
    wKey.push(key);
    wChain.push(chain);
    const seen = cheapFirst.get(cheap);
    if (seen === undefined) cheapFirst.set(cheap, wNode[r]!);
    else if (seen !== wNode[r] && seen !== -1) cheapFirst.set(cheap, -1);
  }
  const wallets = new Groups(new HolderBuckets(wRaw.length), 1);
  for (let r = 0; r < wRaw.length; r++) {
    if (cheapFirst.get(wCheap[r]!) !== -1) continue;
    let key = wKey[r];
    let chain = wChain[r];
    if (key === undefined) {
      const info = parseAddress(wRaw[r]!, wCurrency[r]);
      key = info.key || wCheap[r]!;
      chain = info.key ? info.chain : undefined;
    }
    holdScoped(wallets, key, wNode[r]!, '', wHolder[r], chain && chain !== 'unknown' ? chain : undefined);
  }
  linkScoped(
    ctx,
    'wallet',
    wallets,
    (key, a, b) => {
      const chain = a.extra ?? b.extra;
      const shown = key.length > 16 ? `${key.slice(0, 8)}…${key.slice(-6)}` : key;
      return { weight: W.wallet, detail: `both are paid to the ${chain ? `${chain} ` : ''}wallet ${shown}${heldBy(a, b)}` };
    },
    (key) => `the wallet ${key}`,
  );
  linkScoped(
    ctx,
    'document',
    documents,
    (key, a, b) => {
      const sp = key.indexOf(' ');
      const cc = a.scope || b.scope;
      return { weight: W.document, detail: `both present ${key.slice(0, sp).replace(/_/g, ' ')} no. ${key.slice(sp + 1)}${cc ? ` (${cc.toUpperCase()})` : ''}` };
    },
    (key) => `the document ${key}`,
    'd',
  );
  linkScoped(
    ctx,
    'profile',
    onlineProfiles,
    (key, a) => ({ weight: W.profile, detail: `both list the ${a.extra ?? key.slice(0, key.indexOf(':'))} account ${q(key.slice(key.indexOf(':') + 1))}` }),
    (key) => `the online profile ${key}`,
    'o',
  );
  linkScoped(
    ctx,
    'device',
    devices,
    (key, _a, _b, i, j) => {
      const household = ctx.household.has(pairKey(ctx, i, j));
      return {
        ...(household ? { explained: 'household' as const } : {}),
        weight: household ? W.deviceHousehold : W.device,
        detail: `both logged in from the device ${q(key)}` + (household ? '; they give one home address, as a household does (a shared family computer?)' : ''),
      };
    },
    (key) => `the device ${key}`,
  );

  phase('identifiers');
  linkIps(ctx, ids.logins, ids.buckets, windowMs, nowMs);
  phase('ips');
  linkResumes(ctx, threshold);
  phase('resumes');

  // Flagged employers (front companies), only when the caller screens employers.
  if (ctx.flaggedEmployers.size > 0) {
    const groups = new Groups(new HolderBuckets(n), 1);
    const names = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      for (const [key, { name }] of employersOf(ctx, i)) {
        if (!ctx.flaggedEmployers.has(key)) continue;
        holdScoped(groups, key, i, '');
        if (!names.has(key)) names.set(key, name);
      }
    }
    linkScoped(
      ctx,
      'employer',
      groups,
      (key) => ({ weight: W.employerFlagged, detail: `both name ${q(names.get(key) ?? key)} as an employer (${ctx.flaggedEmployers.get(key)})` }),
      (key) => `the flagged employer ${key}`,
    );
  }

  const result = assemble(ctx, t0, phaseMs);
  phase('clusters');
  result.stats.ms = Math.round(performance.now() - t0);
  return result;
}
