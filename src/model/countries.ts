/**
 * Country names as the lists write them ("Korea, North", "Burma", "Democratic People's Republic of
 * Korea") resolved to ISO 3166-1 alpha-2 codes in lower case, as FollowTheMoney stores countries.
 * Standard English names come from the i18n-iso-countries tables; the spellings that the U.S., UN
 * and UK lists use and those tables lack are listed here.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const LIST_SPELLINGS: Record<string, string> = {
  'korea, north': 'kp',
  'north korea': 'kp',
  "democratic people's republic of korea": 'kp',
  'democratic peoples republic of korea': 'kp',
  'dprk': 'kp',
  'korea, south': 'kr',
  'south korea': 'kr',
  'republic of korea': 'kr',
  'burma': 'mm',
  'syria': 'sy',
  'syrian arab republic': 'sy',
  'laos': 'la',
  "lao people's democratic republic": 'la',
  'macau': 'mo',
  'macao': 'mo',
  'moldova': 'md',
  'republic of moldova': 'md',
  'russia': 'ru',
  'russian federation': 'ru',
  'iran': 'ir',
  'iran (islamic republic of)': 'ir',
  'turkiye': 'tr',
  'türkiye': 'tr',
  'congo, democratic republic of the': 'cd',
  'democratic republic of the congo': 'cd',
  'congo, republic of the': 'cg',
  'republic of the congo': 'cg',
  'bahamas, the': 'bs',
  'gambia, the': 'gm',
  "cote d ivoire": 'ci',
  "cote d'ivoire": 'ci',
  "côte d'ivoire": 'ci',
  'west bank': 'ps',
  'gaza': 'ps',
  'region: gaza': 'ps',
  'palestinian': 'ps',
  'occupied palestinian territory': 'ps',
  'state of palestine': 'ps',
  'venezuela': 've',
  'venezuela (bolivarian republic of)': 've',
  'bolivia': 'bo',
  'tanzania': 'tz',
  'united republic of tanzania': 'tz',
  'vietnam': 'vn',
  'viet nam': 'vn',
  'united kingdom': 'gb',
  'united kingdom of great britain and northern ireland': 'gb',
  'uk': 'gb',
  'united states': 'us',
  'united states of america': 'us',
  'usa': 'us',
  'czechia': 'cz',
  'czech republic': 'cz',
  'kosovo': 'xk',
  'brunei': 'bn',
  'cabo verde': 'cv',
  'cape verde': 'cv',
  'eswatini': 'sz',
  'swaziland': 'sz',
  'micronesia, federated states of': 'fm',
  'north macedonia': 'mk',
  'macedonia': 'mk',
  'the former yugoslav republic of macedonia': 'mk',
  'taiwan': 'tw',
  'hong kong': 'hk',
  'china, hong kong special administrative region': 'hk',
  'crimea': 'ua',
  'region: crimea': 'ua',
  'sudan, south': 'ss',
  'south sudan': 'ss',
  'curacao': 'cw',
  'sint maarten': 'sx',
  'saint kitts and nevis': 'kn',
  'saint vincent and the grenadines': 'vc',
  'saint lucia': 'lc',
  'bosnia-herzegovina': 'ba',
  'bosnia and herzegovina': 'ba',
  'timor-leste': 'tl',
  'east timor': 'tl',
  'holy see': 'va',
  'vatican city': 'va',
  'yemen': 'ye',
  'libya': 'ly',
  'netherlands antilles': 'an',
};

/** ISO 3166-1 alpha-2 code (lower case) for a country name or code, or undefined when unknown. */
export function countryCode(text: string): string | undefined {
  const cleaned = text.trim().replace(/\s+/g, ' ');
  if (cleaned === '') return undefined;
  const lower = cleaned.toLowerCase();
  const listed = LIST_SPELLINGS[lower];
  if (listed) return listed;
  if (/^[a-z]{2}$/i.test(cleaned) && countries.isValid(cleaned.toUpperCase())) return lower;
  if (/^[a-z]{3}$/i.test(cleaned)) {
    const alpha2 = countries.alpha3ToAlpha2(cleaned.toUpperCase());
    if (alpha2) return alpha2.toLowerCase();
  }
  const byName = countries.getAlpha2Code(cleaned, 'en');
  if (byName) return byName.toLowerCase();
  // "Gambia, The" / "Micronesia, Federated States of": try the part before the comma.
  const head = lower.split(',')[0]?.trim();
  if (head && head !== lower) {
    const headCode = LIST_SPELLINGS[head] ?? countries.getAlpha2Code(head, 'en');
    if (headCode) return headCode.toLowerCase();
  }
  return undefined;
}

/** The country as FollowTheMoney stores it: its code where known, else the source text trimmed. */
export function countryValue(text: string): string {
  return countryCode(text) ?? text.trim();
}

/** English name of an ISO code, for display. */
export function countryName(code: string): string | undefined {
  return countries.getName(code.toUpperCase(), 'en') ?? undefined;
}

let countryWords: Set<string> | undefined;

/**
 * Whether a folded word is a one-word country name ("france", "korea", "iran", "syria"), from the
 * same tables as `countryCode`, looked up in a set built once (name matching asks for every word).
 */
export function isCountryWord(word: string): boolean {
  if (!countryWords) {
    countryWords = new Set<string>();
    const add = (name: string) => {
      const folded = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (/^[a-z]+$/.test(folded)) countryWords!.add(folded);
      // "Korea, Republic of" and "Iran, Islamic Republic of" are also known by their first word.
      const head = folded.split(/[,(]/)[0]!.trim();
      if (/^[a-z]+$/.test(head)) countryWords!.add(head);
    };
    for (const names of Object.values(countries.getNames('en', { select: 'all' }))) for (const n of names) add(n);
    for (const name of Object.keys(LIST_SPELLINGS)) add(name);
  }
  return countryWords.has(word);
}
