/**
 * Payment and shipping detectors: payment accounts held in another name, payment details changed
 * often, requests to be paid in crypto or in advance, and equipment shipped somewhere other than
 * the home address.
 */
import type { PaymentDestination, PostalAddress } from '../profile.js';
import { DAY_MS, detector, fmtDay, fmtTime, list, NAME_MIN_SCORE, ownNameScore, timeOf, tokens, type Evidence } from './common.js';

/** Separators between the holders of a joint account: "A and B", "A & B", "A / B", "A + B". */
const JOINT_HOLDERS = /\s+(?:and|und|et|y|e|en|og|och|i)\s+|\s*[&/+;]\s*/i;

function destination(p: PaymentDestination): string {
  return `${p.type.replace(/_/g, ' ')} ${p.value}${p.provider ? ` (${p.provider})` : ''}`;
}

export const paymentHolderMismatch = detector({
  name: 'payment_holder_mismatch',
  description:
    "Payment destinations held in a name that is none of the candidate's names (compared with the matcher's compare()). A joint account (\"A and B\") is the candidate's when one holder is; an account held by a company (a legal form among companyMarkers) is left to the reviewer.",
  reads: ['payments', 'names'],
  names: 'matcher',
  params: {
    minScore: NAME_MIN_SCORE,
    companyMarkers: {
      type: 'strings',
      default: [],
      description: 'Words of a legal form (LLC, Ltd, GmbH...): a holder name containing one is a company, and the rule does not fire on it. Empty: companies count too.',
    },
  },
  run(profile, _ctx, params) {
    const names = list(profile.names);
    if (names.length === 0) return [];
    const markers = params.companyMarkers.map((m) => tokens(m).join(' ')).filter((m) => m !== '');
    const out: Evidence[] = [];
    for (const p of list(profile.payments)) {
      const holder = p.holderName?.trim();
      if (!holder) continue;
      const words = ` ${tokens(holder).join(' ')} `;
      if (markers.some((m) => words.includes(` ${m} `))) continue;
      // Joint accounts: each holder on its own, and the whole.
      const holders = [holder, ...holder.split(JOINT_HOLDERS).map((h) => h.trim()).filter((h) => h !== '')];
      const score = Math.max(...holders.map((h) => ownNameScore(h, names)));
      if (score >= params.minScore) continue;
      out.push({
        text: `payment ${destination(p)} is held in the name "${holder}", which matches none of the candidate's names (best similarity ${score.toFixed(2)}, below ${params.minScore})`,
      });
    }
    return out;
  },
});

export const paymentChanges = detector({
  name: 'payment_changes',
  description: 'Payment details changed often: several destinations given within a short window (by their `since` dates).',
  reads: ['payments'],
  params: {
    minDestinations: { type: 'integer', default: 3, min: 2, description: 'Destinations within the window at which the rule fires.' },
    windowDays: { type: 'integer', default: 90, min: 1, description: 'Window length in days.' },
  },
  run(profile, _ctx, params) {
    const dated = list(profile.payments)
      .map((p) => ({ p, since: timeOf(p.since) }))
      .filter((x): x is { p: PaymentDestination; since: number } => x.since !== undefined)
      .sort((a, b) => a.since - b.since);
    let best: typeof dated = [];
    for (let i = 0; i < dated.length; i++) {
      const inWindow = dated.filter((x) => x.since >= dated[i]!.since && x.since < dated[i]!.since + params.windowDays * DAY_MS);
      if (inWindow.length > best.length) best = inWindow;
    }
    if (best.length < params.minDestinations) return [];
    return [
      {
        text: `${best.length} payment destinations given within ${params.windowDays} days (rule fires at ${params.minDestinations}): ${best.map((x) => `${destination(x.p)} since ${fmtDay(x.since)}`).join('; ')}`,
      },
    ];
  },
});

export const cryptoPaymentRequest = detector({
  name: 'crypto_payment_request',
  description: 'Requests to be paid in cryptocurrency (payment requests naming a crypto asset), and crypto wallets given as payment destinations.',
  reads: ['events', 'payments'],
  params: {
    keywords: { type: 'strings', default: [], description: 'Words naming crypto assets or rails (whole words, case-insensitive).' },
    includeWallets: { type: 'boolean', default: true, description: 'Whether a crypto wallet among the payment destinations counts as a request.' },
  },
  run(profile, _ctx, params) {
    const words = new Set(params.keywords.flatMap((k) => tokens(k)));
    const out: Evidence[] = [];
    for (const e of list(profile.events)) {
      if (e.type !== 'payment_request') continue;
      const text = `${e.method ?? ''} ${e.note ?? ''}`;
      const found = [...new Set(tokens(text).filter((t) => words.has(t)))];
      if (found.length === 0) continue;
      const at = timeOf(e.at);
      out.push({
        text: `payment request${at !== undefined ? ` on ${fmtTime(at)}` : ''} asks for ${e.method}${e.note ? ` ("${e.note}")` : ''}: mentions ${found.join(', ')}`,
      });
    }
    if (params.includeWallets) {
      for (const p of list(profile.payments)) {
        if (p.type === 'crypto_wallet') out.push({ text: `payment destination is a crypto wallet: ${destination(p)}` });
      }
    }
    return out;
  },
});

export const prepaymentRequests = detector({
  name: 'prepayment_requests',
  description: 'Repeated requests to be paid in advance.',
  reads: ['events'],
  params: {
    keywords: { type: 'strings', default: ['prepayment', 'prepay', 'advance', 'upfront', 'up front', 'deposit'], description: 'Words marking a request for payment in advance.' },
    minRequests: { type: 'integer', default: 2, min: 1, description: 'Requests at which the rule fires.' },
  },
  run(profile, _ctx, params) {
    const requests: string[] = [];
    for (const e of list(profile.events)) {
      if (e.type !== 'payment_request') continue;
      const text = ` ${tokens(`${e.method ?? ''} ${e.note ?? ''}`).join(' ')} `;
      if (!params.keywords.some((k) => text.includes(` ${tokens(k).join(' ')} `))) continue;
      const at = timeOf(e.at);
      requests.push(`${at !== undefined ? fmtTime(at) : 'undated'}: ${e.method}${e.note ? ` ("${e.note}")` : ''}`);
    }
    if (requests.length < params.minRequests) return [];
    return [{ text: `${requests.length} requests for payment in advance (rule fires at ${params.minRequests}): ${requests.join('; ')}` }];
  },
});

// Common abbreviations, so "12 Main Street" and "12 main st." compare equal.
const ADDRESS_WORDS: Record<string, string> = {
  street: 'st',
  avenue: 'ave',
  road: 'rd',
  boulevard: 'blvd',
  drive: 'dr',
  lane: 'ln',
  court: 'ct',
  place: 'pl',
  apartment: 'apt',
  suite: 'ste',
  floor: 'fl',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** An address reduced to comparable tokens (case, punctuation and common abbreviations folded). */
export function addressKey(text: string): string {
  return tokens(text)
    .map((t) => ADDRESS_WORDS[t] ?? t)
    .join(' ');
}

function shown(a: PostalAddress): string {
  return `"${a.text}"${a.country ? ` (${a.country.toUpperCase()})` : ''}`;
}

export const shippingDiffers = detector({
  name: 'shipping_differs',
  description: 'Equipment to be shipped to an address other than the home address (shipping addresses and shipping requests).',
  reads: ['homeAddress', 'shippingAddresses', 'events'],
  params: {},
  run(profile) {
    const home = profile.homeAddress;
    if (!home?.text?.trim()) return [];
    const homeKey = addressKey(home.text);
    const out: Evidence[] = [];
    const seen = new Set<string>();
    for (const a of list(profile.shippingAddresses)) {
      const key = addressKey(a.text ?? '');
      if (key === '' || key === homeKey || seen.has(key)) continue;
      seen.add(key);
      out.push({ text: `shipping address ${shown(a)} differs from the home address ${shown(home)}` });
    }
    for (const e of list(profile.events)) {
      if (e.type !== 'shipping_request' || !e.address?.text) continue;
      const key = addressKey(e.address.text);
      if (key === '' || key === homeKey) continue;
      const at = timeOf(e.at);
      out.push({
        text: `shipping request${at !== undefined ? ` on ${fmtTime(at)}` : ''}${e.item ? ` for ${e.item}` : ''} to ${shown(e.address)}, not the home address ${shown(home)}`,
      });
    }
    return out;
  },
});
