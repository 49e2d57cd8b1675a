/**
 * Sanctions detectors: the person, past employers, payment wallets, e-mail addresses, e-mail
 * domains and phone numbers screened against the listed entities with the matching engine
 * (`screen`). Each hit names the listed entity, its score and the matcher's explanation.
 *
 * Fairness: the person is screened by name, birth date and document numbers only. No country or
 * nationality is put in the query (the matcher would weigh it), so where a name comes from cannot
 * move a result; the name is only ever compared with the lists.
 */
import { normalizeDomain, normalizeEmail, normalizePhone, parseAddress, screen, type MatchQuery, type ScreenResult, type ScreeningIndex } from '../../match/index.js';
import type { CandidateProfile } from '../profile.js';
import { detector, editDistance, list, screenThreshold, tokens, type Evidence, type ParamSpec, type SignalContext } from './common.js';

/**
 * Whether a name hit rests on the name's distinctive words: at least one word outside `generic`
 * is aligned, and every aligned distinctive word matched exactly, or as a sound-alike whose
 * spelling is close (at most `maxDistance` of its letters edited: the romanizations "Kumpungri"
 * and "Geumpungri", not "Redwood" and "Redut"). Misspellings and initials do not count.
 * Identifier hits always count.
 */
export function distinctiveHit(r: ScreenResult, generic: ReadonlySet<string>, maxDistance: number): boolean {
  if (r.explanation.identifiers.length > 0) return true;
  const aligned = (r.explanation.name?.aligned ?? []).filter((a) => !tokens(a.query).every((t) => generic.has(t)));
  return (
    aligned.length > 0 &&
    aligned.every(
      (a) =>
        a.how === 'exact' ||
        (a.how === 'phonetic' && editDistance(a.query.toLowerCase(), a.candidate.toLowerCase()) <= maxDistance * Math.max(a.query.length, a.candidate.length)),
    )
  );
}

/**
 * Screening results per index, by query: two rules read one screening (sanctions.person and
 * sanctions.person_possible), and candidates name the same employers and e-mail domains over and
 * over. Bounded: cleared when full. Results are never mutated by the detectors.
 */
const SCREEN_CACHE_MAX = 20_000;
const screenCache = new WeakMap<ScreeningIndex, Map<string, ScreenResult[]>>();

const cacheKey = (query: MatchQuery, threshold: number) => `${threshold}\u0000${query.schema}\u0000${JSON.stringify(query.properties)}`;

/** The query the employer detector screens an employer name with. */
export function employerQuery(name: string): MatchQuery {
  return { schema: 'Organization', properties: { name: [name.trim()] } };
}

/**
 * Screenings done ahead, elsewhere (a server's worker threads, over the same version of the lists
 * as `index`), put where the detectors find them: each is what `screen(query, { index, threshold })` gives.
 */
export function prefillScreens(index: ScreeningIndex, threshold: number, screened: readonly (readonly [MatchQuery, ScreenResult[]])[]): void {
  let cache = screenCache.get(index);
  if (!cache) screenCache.set(index, (cache = new Map()));
  for (const [query, results] of screened) {
    if (cache.size >= SCREEN_CACHE_MAX) return;
    cache.set(cacheKey(query, threshold), results);
  }
}

function screenCached(index: ScreeningIndex, query: MatchQuery, threshold: number): ScreenResult[] {
  let cache = screenCache.get(index);
  if (!cache) screenCache.set(index, (cache = new Map()));
  const key = cacheKey(query, threshold);
  let results = cache.get(key);
  if (!results) {
    if (cache.size >= SCREEN_CACHE_MAX) cache.clear();
    results = screen(query, { index, threshold });
    cache.set(key, results);
  }
  return results;
}

function hits(
  ctx: SignalContext,
  query: MatchQuery,
  screened: string,
  value: string,
  describe: string,
  accept: (r: ScreenResult) => boolean = () => true,
): Evidence[] {
  if (!ctx.index) return [];
  const out: Evidence[] = [];
  for (const r of screenCached(ctx.index, query, screenThreshold(ctx))) {
    if (!r.match || !accept(r)) continue;
    out.push({
      text: `${describe} matches listed ${r.schema} ${r.id} "${r.caption}" (${r.datasets.join(', ')}; score ${r.score.toFixed(2)}): ${r.explanation.summary}`,
      listed: {
        id: r.id,
        caption: r.caption,
        schema: r.schema,
        datasets: r.datasets,
        score: r.score,
        summary: r.explanation.summary,
        screened,
        value,
      },
    });
  }
  return out;
}

/**
 * Whether something beyond the name confirms a person hit: an identity-document number the list
 * gives too, or a full birth date that agrees with a listed one. A name alone,
 * however close, is a resemblance: common names are shared by many people, and more so in some
 * naming traditions than in others, so a resemblance asks an analyst and never blocks.
 */
export function corroborated(r: ScreenResult): boolean {
  if (r.explanation.identifiers.length > 0) return true;
  return r.explanation.features.some((f) => f.feature === 'birthDate' && f.contribution >= FULL_DATE_AGREES);
}

/**
 * The birth-date contribution of two full dates (day, month and year) that agree (see the
 * matcher's birthDateFeature). A year alone agreeing does not confirm a name: one person in a few
 * dozen shares a year with a listed namesake, and common names have many namesakes.
 */
const FULL_DATE_AGREES = 0.08;

const CORROBORATION = ['any', 'required', 'absent'] as const;

/** The score band a rule counts hits in: a strong-match rule and its weaker twin split one screening. */
const SCORE_RANGE = {
  minScore: { type: 'number', default: 0, min: 0, max: 1, description: 'Lowest matcher score that counts (hits start at the matcher threshold, 0.70 by default).' },
  belowScore: { type: 'number', default: 1.01, min: 0, max: 1.01, description: 'Hits scoring this much or more do not count (for a rule about weaker, possible matches).' },
} as const satisfies Record<string, ParamSpec>;

function inScoreRange(r: ScreenResult, params: { minScore: number; belowScore: number }): boolean {
  return r.score >= params.minScore && r.score < params.belowScore;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter((v) => v !== ''))];
}

export const sanctionsPerson = detector({
  name: 'sanctions_person',
  description: 'The candidate screened as a Person by every name (current and earlier), birth date and identity-document numbers.',
  reads: ['names', 'birthDate', 'documents'],
  names: 'matcher',
  needs: ['index'],
  params: {
    ...SCORE_RANGE,
    corroboration: {
      type: 'string',
      default: 'any',
      values: CORROBORATION,
      description:
        "'required': only hits that a document number or a full birth date agreeing confirms; 'absent': only hits without (the name alone, or with only the birth year agreeing); 'any': both.",
    },
  },
  run(profile: CandidateProfile, ctx, params) {
    const names = unique(list(profile.names));
    const docs = list(profile.documents).filter((d) => typeof d.number === 'string' && d.number.trim() !== '');
    const passports = unique(docs.filter((d) => d.type === 'passport').map((d) => d.number));
    const ids = unique(docs.filter((d) => d.type !== 'passport').map((d) => d.number));
    if (names.length === 0 && passports.length === 0 && ids.length === 0) return [];
    const properties: Record<string, string[]> = { name: names };
    if (profile.birthDate) properties.birthDate = [profile.birthDate];
    if (passports.length > 0) properties.passportNumber = passports;
    if (ids.length > 0) properties.idNumber = ids;
    const described = [
      names.length > 0 ? `name${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}` : undefined,
      profile.birthDate ? `born ${profile.birthDate}` : undefined,
      passports.length + ids.length > 0 ? `document${passports.length + ids.length > 1 ? 's' : ''} ${[...passports, ...ids].join(', ')}` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join(', ');
    const confirmed = params.corroboration === 'required' ? true : params.corroboration === 'absent' ? false : undefined;
    const inRange = (r: ScreenResult) => inScoreRange(r, params) && (confirmed === undefined || corroborated(r) === confirmed);
    return hits(ctx, { schema: 'Person', properties }, 'person', names[0] ?? passports[0] ?? ids[0]!, `the candidate (${described})`, inRange);
  },
});

export const sanctionsEmployer = detector({
  name: 'sanctions_employer',
  description: 'Every past or present employer screened as an Organization (front companies are listed as such).',
  reads: ['employers'],
  needs: ['index'],
  params: {
    strictNames: {
      type: 'boolean',
      default: true,
      description:
        'Count a name hit only when it rests on the distinctive words of the name, each matched exactly or as a close romanization variant: "Globant" (one letter from the listed "Globanty"), "Fjord Consulting" ("Fort Consulting") or "Redwood Security" ("Redut Security") is not a hit. false: every matcher hit counts.',
    },
    genericWords: {
      type: 'strings',
      default: [],
      description: 'Words that do not tell one company from another (consulting, software, technology...).',
    },
    maxSoundAlikeDistance: {
      type: 'number',
      default: 0.35,
      min: 0,
      max: 1,
      description: 'For strictNames: a sound-alike word counts when at most this share of its letters differ.',
    },
    ...SCORE_RANGE,
  },
  run(profile, ctx, params) {
    const generic = new Set(params.genericWords.flatMap((w) => tokens(w)));
    const inRange = (r: ScreenResult) => inScoreRange(r, params);
    const accept = params.strictNames ? (r: ScreenResult) => inRange(r) && distinctiveHit(r, generic, params.maxSoundAlikeDistance) : inRange;
    const out: Evidence[] = [];
    for (const name of unique(list(profile.employers).map((e) => e.name ?? ''))) {
      out.push(...hits(ctx, employerQuery(name), 'employer', name, `employer "${name}"`, accept));
    }
    return out;
  },
});

export const sanctionsWallet = detector({
  name: 'sanctions_wallet',
  description: 'Crypto wallets among the payment destinations screened by exact address (publicKey).',
  reads: ['payments'],
  needs: ['index'],
  params: {},
  run(profile, ctx) {
    const out: Evidence[] = [];
    const seen = new Set<string>();
    for (const p of list(profile.payments)) {
      const value = p.value?.trim() ?? '';
      if (value === '' || seen.has(value)) continue;
      // Any destination that parses as a crypto address counts, whatever type it was given.
      if (p.type !== 'crypto_wallet' && parseAddress(value).key === undefined) continue;
      seen.add(value);
      const properties: Record<string, string[]> = { publicKey: [value] };
      out.push(...hits(ctx, { schema: 'CryptoWallet', properties }, 'wallet', value, `payment wallet ${value}${p.provider ? ` (${p.provider})` : ''}`));
    }
    return out;
  },
});

export const sanctionsEmail = detector({
  name: 'sanctions_email',
  description: "The candidate's e-mail addresses screened by exact address.",
  reads: ['emails'],
  needs: ['index'],
  params: {},
  run(profile, ctx) {
    const out: Evidence[] = [];
    for (const email of unique(list(profile.emails))) {
      if (!normalizeEmail(email)) continue;
      out.push(...hits(ctx, { schema: 'LegalEntity', properties: { email: [email] } }, 'email', email, `e-mail ${email}`));
    }
    return out;
  },
});

export const sanctionsDomain = detector({
  name: 'sanctions_domain',
  description: "The domains of the candidate's e-mail addresses screened against listed websites (public webmail domains skipped).",
  reads: ['emails'],
  needs: ['index'],
  params: {
    ignoreDomains: { type: 'strings', default: [], description: 'Domains never screened (public webmail).' },
  },
  run(profile, ctx, params) {
    const ignore = new Set(params.ignoreDomains.map((d) => normalizeDomain(d) ?? d.toLowerCase()));
    const domains = new Set<string>();
    for (const email of list(profile.emails)) {
      const normalized = normalizeEmail(email);
      if (!normalized) continue;
      const domain = normalizeDomain(normalized.slice(normalized.lastIndexOf('@') + 1));
      if (domain && !ignore.has(domain)) domains.add(domain);
    }
    const out: Evidence[] = [];
    for (const domain of domains) {
      out.push(...hits(ctx, { schema: 'LegalEntity', properties: { website: [domain] } }, 'domain', domain, `e-mail domain ${domain}`));
    }
    return out;
  },
});

export const sanctionsPhone = detector({
  name: 'sanctions_phone',
  description: "The candidate's phone numbers screened by exact number (E.164; local numbers read in the claimed country).",
  reads: ['phones', 'claimedLocation'],
  needs: ['index'],
  params: {},
  run(profile, ctx) {
    const out: Evidence[] = [];
    const seen = new Set<string>();
    for (const phone of list(profile.phones)) {
      const e164 = normalizePhone(phone.number ?? '', profile.claimedLocation?.country);
      if (!e164 || seen.has(e164)) continue;
      seen.add(e164);
      out.push(...hits(ctx, { schema: 'LegalEntity', properties: { phone: [e164] } }, 'phone', e164, `phone ${e164}`));
    }
    return out;
  },
});
