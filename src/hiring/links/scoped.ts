/**
 * "Both hold X" groups: payment accounts (IBANs, bank accounts, platform handles), wallets,
 * identity documents, online profiles, devices (and flagged employers), each joined within its
 * scope (bank, platform or issuing country). A household explains a joint account; an agency or
 * employer of record explains the account it pays its contractors through (payerOf).
 */
import { addEvidence, currentEmployerCounts, employerKeyOf, employersOf, forPairs, hub, pairKey, q, type Ctx } from './context.js';
import type { Groups } from './groups.js';
import { HUB_CAPS, LINK_WEIGHTS, type LinkKind } from './types.js';

export interface ScopedHold {
  /** Bank, platform or issuing country: two holds join only when equal or one is ''. */
  scope: string;
  holder?: string;
  /** For the evidence text: the provider, platform or chain as written. */
  extra?: string;
}

export function linkScoped(
  ctx: Ctx,
  kind: LinkKind,
  groups: Groups,
  weigh: (key: string, a: ScopedHold, b: ScopedHold, i: number, j: number) => { weight: number; detail: string; explained?: 'household' | 'office' } | undefined,
  hubWhat: (key: string) => string,
  /** The letter of these values' join keys, for LinkOptions.hubKeys. */
  letter?: string,
): void {
  for (const [key, nodes, merged] of groups.shared()) {
    if (nodes.length > HUB_CAPS[kind] || (letter !== undefined && ctx.hubKeys?.has(`${letter}:${key}`))) {
      hub(ctx, kind, key, nodes.length, hubWhat(key));
      continue;
    }
    const holds: ScopedHold[] = merged.map((m) => ({ scope: m.a ?? '', holder: m.b, extra: m.c }));
    const payer = kind === 'payment' ? payerOf(ctx, nodes, holds) : undefined;
    forPairs(nodes.length, 0, (s, t) => {
      const a = holds[s]!;
      const b = holds[t]!;
      if (a.scope !== '' && b.scope !== '' && a.scope !== b.scope) return;
      const r = weigh(key, a, b, nodes[s]!, nodes[t]!);
      if (!r) return;
      if ((kind === 'payment' || kind === 'wallet') && ctx.household.has(pairKey(ctx, nodes[s]!, nodes[t]!))) {
        r.weight = Math.min(r.weight, LINK_WEIGHTS.paymentHousehold);
        r.detail += '; they give one home address, as a household does (a family account?)';
        r.explained = 'household';
      } else if (payer !== undefined && (payer.staff.has(nodes[s]!) || payer.staff.has(nodes[t]!))) {
        const both = payer.staff.has(nodes[s]!) && payer.staff.has(nodes[t]!);
        r.weight = Math.min(r.weight, both ? LINK_WEIGHTS.paymentEmployer : LINK_WEIGHTS.paymentEmployerOutsider);
        r.detail += both ? payerNote(payer) : outsiderNote(payer, ctx.refs[payer.staff.has(nodes[s]!) ? nodes[t]! : nodes[s]!]!);
        if (both) r.explained = 'office';
      }
      addEvidence(ctx, nodes[s]!, nodes[t]!, { kind, value: key, ...r });
    });
  }
}

/** Legal forms, as words of a folded name ("sp. z o.o." is "sp z o o"; one- and two-letter words are never distinctive anyway). */
const LEGAL_FORM_WORDS = [
  'inc', 'incorporated', 'llc', 'pllc', 'ltd', 'ltda', 'limited', 'corp', 'corporation', 'co', 'company', 'gmbh', 'mbh', 'haftungsbeschrankt', 'ag', 'kg', 'ohg', 'ug',
  'sa', 'sas', 'sasu', 'sarl', 'eurl', 'srl', 'spa', 'sl', 'slu', 'bv', 'nv', 'vof', 'bvba', 'sprl', 'plc', 'pty', 'pvt', 'private', 'llp', 'lp', 'oy', 'oyj', 'ab',
  'as', 'asa', 'aps', 'kk', 'sro', 'spol', 'ooo', 'zao', 'oao', 'pao', 'ao', 'pjsc', 'jsc', 'ojsc', 'cjsc', 'tov', 'fop', 'doo', 'kft', 'zrt', 'sti', 'pte', 'bhd',
  'sdn', 'tbk', 'tnhh', 'fz', 'fze', 'fzco', 'dmcc', 'opc', 'eireli',
];
/**
 * Words that say a name is an organisation's, not a person's: legal forms and the trade words of
 * staffing agencies and employers of record.
 */
const ORGANISATION_WORDS = new Set([
  ...LEGAL_FORM_WORDS, 'group', 'holdings', 'agency', 'staffing', 'solutions', 'services', 'consulting', 'consultancy', 'outsourcing', 'talent', 'workforce',
  'employment', 'eor', 'contractors', 'recruitment', 'recruiting', 'partners', 'technologies', 'technology', 'software', 'systems', 'labs', 'digital', 'payroll',
]);
/** Words of an employer's key that do not tell one employer from another ("Staffing", "Global"...), nor an account of it from another ("payroll", "client account"). */
const TRADE_WORDS = new Set([
  ...ORGANISATION_WORDS, 'global', 'international', 'remote', 'people', 'hr', 'tech', 'the', 'and', 'of', 'client', 'clients', 'account', 'accounts', 'payments', 'payouts', 'pay',
]);
const wordsOf = (key: string): string[] => key.split(' ').filter((w) => w !== '');

/**
 * Whether a holder or provider name names an employer (given by its key): the same key, the key
 * followed by more words ("... - client account"), or every distinctive word of the employer's
 * name, those that are no trade word or legal form and longer than two letters ("Brightwave
 * payroll" for "Brightwave Staffing Ltd", "BridgeWorks payroll" for "BridgeWorks EOR TOV").
 */
function namesEmployer(text: string | undefined, employer: string): boolean {
  if (typeof text !== 'string') return false;
  const key = employerKeyOf(text);
  if (key === '') return false;
  if (key === employer || key.startsWith(`${employer} `)) return true;
  const distinctive = wordsOf(employer).filter((w) => w.length > 2 && !TRADE_WORDS.has(w));
  if (distinctive.length === 0) return false;
  const words = new Set(wordsOf(key));
  return distinctive.every((w) => words.has(w));
}

/**
 * The employer that explains a shared payment account: a staffing agency or an employer of record
 * paying its contractors through its own account. Such contractors give one account, held in
 * the agency's name, and name the agency as their current employer. So the explanation needs
 * all of: an employer (not a flagged one) that is current for all of up to three, or a strict
 * majority of more, of the account's holders; a name that is an organisation's (a legal form or
 * a trade word: "Staffing", "Solutions", "EOR"...); and the account held in that name (so say at
 * least two, and most, of the holder names given) or, when no holder name is given, at its own
 * platform (the provider names it). A ring paid into a person's account (a facilitator's, or one of its identities')
 * stays unexplained whatever employer its members name, and so does one naming a flagged
 * employer (a front company). Returns the employer's name, its staff among the holders, and
 * whether the holder name (rather than the provider) named it.
 */
export function payerOf(ctx: Ctx, nodes: number[], holds: { holder?: string; extra?: string; provider?: string }[]): { name: string; staff: Set<number>; byHolder: boolean } | undefined {
  // The holder name each holder gives (one per profile), and the providers.
  const holders = holds.map((h) => h.holder?.trim()).filter((x): x is string => !!x);
  const providers = [...new Set(holds.map((h) => (h.provider ?? h.extra)?.trim()).filter((x): x is string => !!x))];
  if (holders.length === 0 && providers.length === 0) return undefined;
  const counts = currentEmployerCounts(ctx, nodes);
  const S = nodes.length;
  let best: { key: string; count: number; byHolder: boolean; staff: number[] } | undefined;
  for (const [key, c] of counts) {
    if (c < 2 || (S <= 3 ? c < S : c * 2 <= S)) continue;
    // Held in its name: so say most of those who give a holder name (one may give a relative's,
    // or mistype it), and at least two.
    const naming = holders.filter((h) => namesEmployer(h, key)).length;
    const byHolder = naming >= 2 && naming * 2 > holders.length;
    if (!byHolder && !(holders.length === 0 && providers.some((p) => namesEmployer(p, key)))) continue;
    const staff = nodes.filter((x) => employersOf(ctx, x).get(key)?.current);
    const name = employersOf(ctx, staff[0]!).get(key)!.name;
    if (!wordsOf(name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')).some((w) => ORGANISATION_WORDS.has(w))) continue;
    if (best === undefined || c > best.count || (c === best.count && key < best.key)) best = { key, count: c, byHolder, staff };
  }
  if (best === undefined) return undefined;
  return { name: employersOf(ctx, best.staff[0]!).get(best.key)!.name, staff: new Set(best.staff), byHolder: best.byHolder };
}

export function payerNote(payer: { name: string; byHolder: boolean }): string {
  return `; both name ${q(payer.name)} as their current employer, and the account is ${payer.byHolder ? 'held in its name' : 'at its own platform'}: an agency or employer of record paying its contractors`;
}

/**
 * One who is paid into an agency's account without naming the agency as a current employer: a
 * contractor who names the client instead, or one who left; medium evidence, and none that the
 * agency's contractors are one operator.
 */
export function outsiderNote(payer: { name: string; byHolder: boolean }, outsider: string): string {
  return `; the account is ${payer.byHolder ? 'held in the name of' : 'at the platform of'} ${q(payer.name)}, the current employer of most who give it, which ${outsider} does not name as a current employer`;
}

export function holdScoped(groups: Groups, key: string, node: number, scope: string, holder?: string, extra?: string): void {
  groups.add(key, node, 0, scope, holder, extra);
}

export function heldBy(a: ScopedHold, b: ScopedHold): string {
  const names = [...new Set([a.holder, b.holder].filter((x): x is string => !!x && x.trim() !== ''))];
  return names.length ? ` (held by ${names.map(q).join(' / ')})` : '';
}
