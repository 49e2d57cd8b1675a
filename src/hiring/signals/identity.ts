/**
 * Identity-consistency detectors: VoIP and freshly issued phone numbers, young online accounts
 * and accounts shown under someone else's name, and identity documents whose name, birth date or
 * validity disagree with the profile.
 *
 * Names are compared only with the candidate's OWN other names, through the matcher's `compare`
 * (transliteration- and spelling-robust; blind to a name's origin). A document's issuing country is
 * never read: nationality is not a signal.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { IdentityDocument } from '../profile.js';
import {
  applicationTime,
  datesAgree,
  daysBetween,
  detector,
  fmtDay,
  isoPrefix,
  list,
  NAME_MIN_SCORE,
  ownNameComparison,
  ownNameScore,
  timeOf,
  tokens,
  type Evidence,
} from './common.js';

/** The line type the numbering plan gives (libphonenumber "max" metadata), if any. */
export function numberingPlanType(number: string, country?: string): { e164: string; type: string | undefined } | undefined {
  const cc = country && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  try {
    const parsed = parsePhoneNumberFromString(number, cc ? { defaultCountry: cc } : undefined);
    if (!parsed) return undefined;
    return { e164: parsed.number, type: parsed.isValid() ? parsed.getType() : undefined };
  } catch {
    return undefined;
  }
}

export const voipPhone = detector({
  name: 'voip_phone',
  description:
    "Phone numbers that are VoIP: the vendor's line type says so, or the numbering plan reserves the range for VoIP (libphonenumber 'max' metadata; many countries' plans do not tell VoIP apart, so a vendor line type is the stronger source).",
  reads: ['phones', 'claimedLocation'],
  params: {
    lineTypes: { type: 'strings', default: ['voip', 'virtual', 'non-fixed voip'], description: 'Vendor line types that count as VoIP (case-insensitive).' },
  },
  run(profile, _ctx, params) {
    const vendorTypes = new Set(params.lineTypes.map((t) => t.trim().toLowerCase()));
    const out: Evidence[] = [];
    for (const phone of list(profile.phones)) {
      if (typeof phone.number !== 'string' || phone.number.trim() === '') continue;
      const plan = numberingPlanType(phone.number, profile.claimedLocation?.country);
      const shown = plan?.e164 ?? phone.number.trim();
      const vendor = phone.lineType?.trim().toLowerCase();
      if (vendor && vendorTypes.has(vendor)) out.push({ text: `phone ${shown} is a ${phone.lineType} line (phone-intelligence line type)` });
      else if (plan?.type === 'VOIP') out.push({ text: `phone ${shown} is in a range the numbering plan reserves for VoIP` });
    }
    return out;
  },
});

export const recentPhone = detector({
  name: 'recent_phone',
  description: 'Phone numbers issued (or first seen) shortly before the application (numbers issued after it are not counted).',
  reads: ['phones', 'events', 'appliedAt'],
  params: {
    maxAgeDays: { type: 'integer', default: 90, min: 0, description: 'A number issued fewer days than this before the application counts.' },
  },
  run(profile, ctx, params) {
    const app = applicationTime(profile, ctx);
    const out: Evidence[] = [];
    for (const phone of list(profile.phones)) {
      const issued = timeOf(phone.issuedAt);
      if (issued === undefined) continue;
      const age = daysBetween(issued, app.at);
      // A number issued after the application was not part of it (a later change is not this flag).
      if (issued > app.at || age >= params.maxAgeDays) continue;
      out.push({ text: `phone ${phone.number} was issued on ${fmtDay(issued)}, ${age} days before ${app.source} (rule fires under ${params.maxAgeDays} days)` });
    }
    return out;
  },
});

export const youngAccounts = detector({
  name: 'young_accounts',
  description: 'Online profiles (GitHub, LinkedIn, freelance platforms...) created shortly before the application (not after it).',
  reads: ['profiles', 'events', 'appliedAt'],
  params: {
    maxAgeDays: { type: 'integer', default: 90, min: 0, description: 'A profile created fewer days than this before the application counts.' },
    platforms: { type: 'strings', default: [], description: 'Only these platforms (case-insensitive); empty: all.' },
  },
  run(profile, ctx, params) {
    const only = new Set(params.platforms.map((p) => p.trim().toLowerCase()));
    const app = applicationTime(profile, ctx);
    const out: Evidence[] = [];
    for (const p of list(profile.profiles)) {
      const created = timeOf(p.createdAt);
      if (created === undefined) continue;
      if (only.size > 0 && !only.has(p.platform?.trim().toLowerCase() ?? '')) continue;
      const age = daysBetween(created, app.at);
      // An account created after the application was not part of it.
      if (created > app.at || age >= params.maxAgeDays) continue;
      out.push({
        text: `${p.platform} account "${p.handle}" was created on ${fmtDay(created)}, ${age} days before ${app.source} (rule fires under ${params.maxAgeDays} days)`,
      });
    }
    return out;
  },
});

export const profileNameMismatch = detector({
  name: 'profile_name_mismatch',
  description:
    "Online profiles shown under another person's name (borrowed or bought accounts), compared with the matcher's compare(). A display name of one word is a nickname, not a name; one shortened to a word and initials (\"Miguel G.\", as freelance platforms show names) counts only when none of its words is the candidate's.",
  reads: ['profiles', 'names'],
  names: 'matcher',
  params: {
    minScore: NAME_MIN_SCORE,
  },
  run(profile, _ctx, params) {
    const names = list(profile.names);
    if (names.length === 0) return [];
    const out: Evidence[] = [];
    for (const p of list(profile.profiles)) {
      const shown = p.displayName?.trim();
      if (!shown) continue;
      const words = tokens(shown);
      if (words.length < 2) continue;
      const { score, aligned } = ownNameComparison(shown, names);
      if (score >= params.minScore) continue;
      const shortened = words.filter((w) => w.length >= 2).length < 2;
      if (shortened && aligned.some((a) => a.how !== 'initial')) continue;
      out.push({
        text: `${p.platform} account "${p.handle}" is shown under the name "${shown}", which matches none of the candidate's names (best similarity ${score.toFixed(2)}, below ${params.minScore})`,
      });
    }
    return out;
  },
});

function docLabel(d: IdentityDocument): string {
  return `${d.type.replace(/_/g, ' ')} ${d.number}`;
}

export const documentNameMismatch = detector({
  name: 'document_name_mismatch',
  description: "Identity documents made out to a name that is none of the candidate's names (compared with the matcher's compare()).",
  reads: ['documents', 'names'],
  names: 'matcher',
  params: {
    minScore: NAME_MIN_SCORE,
  },
  run(profile, _ctx, params) {
    const names = list(profile.names);
    if (names.length === 0) return [];
    const out: Evidence[] = [];
    for (const d of list(profile.documents)) {
      const name = d.name?.trim();
      if (!name) continue;
      const score = ownNameScore(name, names);
      if (score >= params.minScore) continue;
      out.push({
        text: `${docLabel(d)} is made out to "${name}", which matches none of the candidate's names (${names.map((n) => `"${n}"`).join(', ')}; best similarity ${score.toFixed(2)}, below ${params.minScore})`,
      });
    }
    return out;
  },
});

export const documentBirthDateMismatch = detector({
  name: 'document_birthdate_mismatch',
  description: 'Birth dates that disagree between the profile and its identity documents, or between documents.',
  reads: ['documents', 'birthDate'],
  params: {},
  run(profile) {
    const out: Evidence[] = [];
    const claimed = isoPrefix(profile.birthDate);
    const dated = list(profile.documents)
      .map((d) => ({ d, date: isoPrefix(d.birthDate) }))
      .filter((x): x is { d: IdentityDocument; date: string } => x.date !== undefined);
    if (claimed) {
      for (const { d, date } of dated) {
        if (!datesAgree(claimed, date)) out.push({ text: `${docLabel(d)} gives birth date ${date}; the profile says ${claimed}` });
      }
    }
    for (let i = 0; i < dated.length; i++) {
      for (let j = i + 1; j < dated.length; j++) {
        const a = dated[i]!;
        const b = dated[j]!;
        if (claimed && (!datesAgree(claimed, a.date) || !datesAgree(claimed, b.date))) continue; // already reported
        if (!datesAgree(a.date, b.date)) out.push({ text: `${docLabel(a.d)} gives birth date ${a.date}; ${docLabel(b.d)} gives ${b.date}` });
      }
    }
    return out;
  },
});

export const documentDates = detector({
  name: 'document_dates',
  description: 'Identity documents expired before they were presented (the application), issued after they expire, or issued in the future.',
  reads: ['documents', 'events', 'appliedAt'],
  params: {},
  run(profile, ctx) {
    const app = applicationTime(profile, ctx);
    const now = ctx.now.getTime();
    const out: Evidence[] = [];
    for (const d of list(profile.documents)) {
      const issued = timeOf(d.issuedAt);
      const expires = timeOf(d.expiresAt);
      if (expires !== undefined && expires < app.at) out.push({ text: `${docLabel(d)} expired on ${fmtDay(expires)}, before ${app.source}` });
      if (issued !== undefined && expires !== undefined && issued > expires) {
        out.push({ text: `${docLabel(d)} was issued on ${fmtDay(issued)}, after its expiry date ${fmtDay(expires)}` });
      }
      if (issued !== undefined && issued > now) out.push({ text: `${docLabel(d)} has an issue date in the future (${fmtDay(issued)})` });
    }
    return out;
  },
});
