/**
 * Korean personal names in Latin letters: the romanization families of ../shared/docs/domain.md
 * section 3 (McCune-Reischauer as OFAC and the UN write it, without breves and apostrophes; Revised
 * Romanization; common personal spellings), a parser for "Song Kum Hyok" / "YUN HO-JIN" /
 * "Jo Kyongchol", a variant writer, a compatibility test used to keep negatives honest, and a
 * deliberately small Latin-to-Hangul table for the syllables whose name use is unambiguous.
 */
import type { Rng } from './prng.js';
import { capitalize, fold } from './text.js';

/**
 * Family names. The first spelling is the MR form the DPRK lists use; the others are the same
 * family name in RR or in common personal spellings (domain.md section 3).
 */
const SURNAME_FAMILIES: readonly (readonly string[])[] = [
  ['kim', 'gim'],
  ['ri', 'lee', 'yi', 'rhee'],
  ['pak', 'park', 'bak'],
  ['choe', 'choi', 'chwe'],
  ['jong', 'jeong', 'chung', 'jung', 'chong'],
  ['chong', 'jeong', 'chung', 'jung', 'jong'],
  ['ryu', 'yu', 'yoo'],
  ['yu', 'yoo', 'ryu'],
  ['rim', 'lim', 'im'],
  ['im', 'lim', 'rim'],
  ['ko', 'go', 'koh'],
  ['kang', 'gang'],
  ['sin', 'shin'],
  ['yun', 'yoon'],
  ['o', 'oh'],
  ['u', 'woo'],
  ['mun', 'moon'],
  ['jo', 'cho'],
  ['cho', 'jo'],
  ['paek', 'baek', 'paik'],
  ['pyon', 'byeon', 'byun'],
  ['thae', 'tae'],
  ['chon', 'jeon', 'jun'],
  ['jon', 'jeon', 'chon'],
  ['hyon', 'hyeon', 'hyun'],
  ['so', 'seo', 'suh'],
  ['ju', 'joo', 'chu'],
  ['chu', 'joo', 'ju'],
  ['ho', 'heo', 'hur'],
  ['son', 'sohn'],
  ['kwon', 'gwon'],
  ['kwak', 'gwak'],
  ['ryang', 'yang'],
  ['ryom', 'yeom'],
  ['ro', 'roh', 'no', 'noh'],
  ['an', 'ahn'],
  ['pae', 'bae'],
  ['ku', 'koo', 'gu'],
  ['kye', 'gye'],
  ['tong', 'dong'],
  ['jang', 'chang'],
  ['chang', 'jang'],
  ['sim', 'shim'],
  ['kil', 'gil'],
  ['myong', 'myeong'],
  ['pang', 'bang'],
  ['kong', 'gong'],
  ['to', 'do'],
  ['chae'],
  ['cha'],
  ['han'],
  ['hwang'],
  ['hong'],
  ['nam'],
  ['min'],
  ['yang'],
  ['song'],
  ['sok', 'seok'],
  ['wang'],
  ['won'],
  ['chin', 'jin'],
  ['ha'],
  ['ok'],
  ['ma'],
  ['yon', 'yeon'],
  ['ji', 'chi'],
  ['chi', 'ji'],
  ['ra', 'na'],
  ['sung'],
  ['che', 'je'],
];

/**
 * Given-name syllables: MR form first, then RR and common spellings of the same syllable (MR "o"
 * is RR "eo" or "o", MR "u" is RR "eu" or "u"; MR initial k/p/t/ch often RR g/b/d/j).
 */
const SYLLABLE_FAMILIES: readonly (readonly string[])[] = [
  ['kum', 'geum', 'keum'],
  ['hyok', 'hyeok', 'hyuk'],
  ['chol', 'cheol', 'chul'],
  ['jong', 'jeong', 'jung', 'chong', 'cheong'],
  ['chong', 'jeong', 'cheong', 'chung', 'jong'],
  ['pyong', 'byeong', 'byung', 'pyeong'],
  ['song', 'seong', 'sung'],
  ['sung', 'seung'],
  ['un', 'eun'],
  ['yong', 'yeong', 'young'],
  ['myong', 'myeong', 'myung'],
  ['sok', 'seok', 'suk'],
  ['kwang', 'gwang'],
  ['kyong', 'gyeong', 'kyung', 'kyeong', 'gyong'],
  ['kil', 'gil'],
  ['tok', 'deok', 'duk'],
  ['thaek', 'taek'],
  ['thae', 'tae'],
  ['tong', 'dong'],
  ['hyon', 'hyeon', 'hyun'],
  ['yon', 'yeon'],
  ['kuk', 'guk', 'gook'],
  ['kun', 'geun'],
  ['kon', 'geon'],
  ['kyu', 'gyu'],
  ['ku', 'gu', 'koo'],
  ['ki', 'gi'],
  ['kap', 'gap'],
  ['kye', 'gye'],
  ['kang', 'gang'],
  ['pong', 'bong'],
  ['pok', 'bok'],
  ['pom', 'beom'],
  ['pu', 'bu'],
  ['pae', 'bae'],
  ['paek', 'baek'],
  ['tae', 'dae'],
  ['tal', 'dal'],
  ['to', 'do'],
  ['chun', 'jun', 'choon'],
  ['chin', 'jin'],
  ['chang', 'jang'],
  ['cho', 'jo'],
  ['chu', 'ju'],
  ['chi', 'ji'],
  ['chae', 'jae'],
  ['chon', 'jeon', 'cheon'],
  ['su', 'soo'],
  ['mun', 'moon'],
  ['hun', 'hoon'],
  ['jun', 'joon'],
  ['sun', 'soon'],
  ['hui', 'hee'],
  ['nyo', 'nyeo'],
  ['ryol', 'ryeol', 'yeol'],
  ['ryong', 'ryeong', 'ryung'],
  ['ryon', 'ryeon'],
  ['hyong', 'hyeong', 'hyung'],
  ['sop', 'seop', 'sub'],
  ['ung', 'eung'],
  ['yu', 'yoo'],
  ['won', 'weon'],
  ['kyom', 'gyeom'],
  ['myon', 'myeon'],
  ['pyol', 'byeol'],
  ['sin', 'shin'],
  ['sik', 'shik'],
  ['so', 'seo'],
  ['sol', 'seol'],
  ['mu', 'moo'],
  ['tu', 'du'],
  ['tuk', 'deuk'],
  ['nung', 'neung'],
  ['hyo'],
];

function familyIndex(families: readonly (readonly string[])[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  // MR keys first, so that a spelling that is the MR key of one family and a popular spelling in
  // another ("sung") resolves to the MR reading when a listed (MR) name is parsed.
  families.forEach((family, i) => {
    const list = index.get(family[0]!) ?? [];
    list.push(i);
    index.set(family[0]!, list);
  });
  families.forEach((family, i) => {
    for (const spelling of family.slice(1)) {
      const list = index.get(spelling) ?? [];
      if (!list.includes(i)) list.push(i);
      index.set(spelling, list);
    }
  });
  return index;
}

const SURNAME_INDEX = familyIndex(SURNAME_FAMILIES);
const SYLLABLE_INDEX = familyIndex(SYLLABLE_FAMILIES);

/** The most frequent family names (about half of all Koreans), in MR and common spellings. */
const COMMON_SURNAMES = new Set(['kim', 'gim', 'ri', 'lee', 'yi', 'pak', 'park', 'choe', 'choi', 'jong', 'jeong', 'kang', 'jo', 'cho', 'yun', 'yoon', 'jang', 'han']);

export function isKoreanSurname(token: string): boolean {
  return SURNAME_INDEX.has(fold(token));
}

/** Every spelling of this family name (the first family it belongs to), the token first. */
function surnameSpellings(token: string): string[] {
  const t = fold(token);
  const families = SURNAME_INDEX.get(t);
  if (!families) return [t];
  return [t, ...SURNAME_FAMILIES[families[0]!]!.filter((s) => s !== t)];
}

function syllableSpellings(syllable: string): string[] {
  const s = fold(syllable);
  const families = SYLLABLE_INDEX.get(s);
  if (!families) return [s];
  return [s, ...SYLLABLE_FAMILIES[families[0]!]!.filter((x) => x !== s)];
}

/** The "other standard" spelling: MR -> RR (family[1]), anything else -> MR (family[0]). */
function otherStandard(syllable: string, families: readonly (readonly string[])[], index: Map<string, number[]>): string {
  const s = fold(syllable);
  const f = index.get(s);
  if (!f) return s;
  const family = families[f[0]!]!;
  return s === family[0] ? (family[1] ?? s) : family[0]!;
}

// A permissive grammar of romanized Korean syllables (MR, RR and personal spellings), used only
// to split joined given names such as "Kyongchol" or "Kumhyok".
const INITIALS = ['', 'k', 'kk', 'g', 'n', 'd', 't', 'tt', 'r', 'rh', 'l', 'm', 'b', 'p', 'pp', 's', 'ss', 'sh', 'j', 'jj', 'ch', 'tch', 'h', 'th', 'kh', 'ph', 'y', 'w'];
const VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'oi', 'yo', 'u', 'wo', 'weo', 'we', 'wi', 'yu', 'eu', 'ui', 'eui', 'i', 'oo', 'ou', 'ee', 'you', 'yoo', 'yi'];
const FINALS = ['', 'k', 'g', 'n', 'l', 'm', 'p', 'b', 'ng', 't'];
const SYLLABLE_RE = new RegExp(
  `^(${INITIALS.filter((x) => x !== '').join('|')})?(${VOWELS.sort((a, b) => b.length - a.length).join('|')})(${FINALS.filter((x) => x !== '').join('|')})?$`,
);

// Syllables seen in Korean names and place words beyond the families above.
const EXTRA_SYLLABLES = (
  'a ae an ap am ba bo bu da de ga gak gam gap gu gum ha hae haeng hak ham han hang hap he hi ho hoe hong hu hua ' +
  'hwa hwal hwang hyang hyeop i ja jae jak jam je ji jik jo jok ju jung kae kam kap ke ko koe kok kol kom kong ku ' +
  'kum kwa kwan kye ma mae man mang mi mil mo mok mol myo na nae nak nam nang ne ni no nok nu nyong o ok on ong pa ' +
  'pal pan pang pi pil po pyo ra rak ram rang re ri rim rin ro rok ron rong ru rul rung rye ryo ryu sa sae saeng sal ' +
  'sam san sang se sek si sik sil sim sin so sok son song su sul sum sun sung ta tae tan tang te tok ton tong u ul um ' +
  'un ung wan wang wi wol won ya yak yang ye yo yong yu yuk yul yun dok hung phyong byol il in chil bun ran gol byon tung ban dan'
).split(' ');
const KNOWN_SYLLABLES = new Set<string>([...SYLLABLE_FAMILIES.flat(), ...SURNAME_FAMILIES.flat(), ...EXTRA_SYLLABLES]);

/** A syllable that occurs in Korean names or words (not just one the grammar allows). */
export function isKnownKoreanSyllable(s: string): boolean {
  return KNOWN_SYLLABLES.has(s);
}

export function isRomanizedSyllable(s: string): boolean {
  return s.length <= 6 && SYLLABLE_RE.test(s);
}

/**
 * Split a joined romanized word into syllables, when there is one shortest way to do it:
 * "kumhyok" -> [kum, hyok]; "daesong" -> [dae, song] (not da-e-song); "yongwon" (yong-won or
 * yon-gwon) -> undefined.
 */
export function segment(word: string): string[] | undefined {
  const w = fold(word);
  if (!/^[a-z]+$/.test(w)) return undefined;
  const results: string[][] = [];
  const walk = (start: number, acc: string[]) => {
    if (results.length > 200) return;
    if (start === w.length) {
      results.push([...acc]);
      return;
    }
    for (let end = start + 1; end <= Math.min(w.length, start + 6); end++) {
      const piece = w.slice(start, end);
      if (isRomanizedSyllable(piece)) {
        acc.push(piece);
        walk(end, acc);
        acc.pop();
      }
    }
  };
  walk(0, []);
  if (results.length === 0 || results.length > 200) return undefined;
  const shortest = Math.min(...results.map((r) => r.length));
  const best = results.filter((r) => r.length === shortest);
  return best.length === 1 ? best[0] : undefined;
}

export interface KoreanName {
  surname: string;
  /** Given-name syllables, lower case. A joined word that cannot be split is kept as one unit. */
  given: string[];
  /** Units that could not be split (no syllable variants for them). */
  opaque: Set<number>;
  /** The source wrote the given name first ("CHOL NAM KIM", as the UK list often does). */
  givenFirst: boolean;
  /**
   * Both ends of the name are family names ("MUN SAN SON"): which one is the family name is a
   * guess, so variants keep the words apart and in the source order.
   */
  ambiguous?: boolean;
}

function parseGiven(words: string[]): { given: string[]; opaque: Set<number> } | undefined {
  const given: string[] = [];
  const opaque = new Set<number>();
  for (const word of words) {
    for (const piece of word.split('-')) {
      if (piece === '') continue;
      if (!/^[a-z]+$/.test(piece)) return undefined;
      if (isRomanizedSyllable(piece)) {
        given.push(piece);
        continue;
      }
      const parts = segment(piece);
      if (parts) given.push(...parts);
      else {
        if (!/^[a-z]{2,8}$/.test(piece)) return undefined;
        opaque.add(given.length);
        given.push(piece);
      }
    }
  }
  if (given.length < 1 || given.length > 3) return undefined;
  if (opaque.size === given.length) return undefined;
  return { given, opaque };
}

/**
 * "Song Kum Hyok", "YUN HO-JIN", "Jo Kyongchol", "Kim Geum-cheol", "Ch'oe So'k-min" (MR apostrophes
 * dropped), or given name first with the family name last ("CHOL NAM KIM"): one to three
 * given-name syllables. Undefined when no end of the name is a known Korean family name or the
 * rest is not romanized Korean.
 */
export function parseKorean(name: string): KoreanName | undefined {
  const words = fold(name)
    .replace(/'/g, '')
    .replace(/[.,]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length < 2 || words.length > 4) return undefined;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  // Both ends can be family names ("TO CHUN PAK" is Pak To Chun): a hyphenated first word, or a
  // very common family name last after a rarer one first, says the given name comes first.
  const givenFirstHint =
    isKoreanSurname(last) &&
    (first.includes('-') || (COMMON_SURNAMES.has(last) && !COMMON_SURNAMES.has(first)));
  const ambiguous = words.length >= 3 && isKoreanSurname(first) && isKoreanSurname(last) && !first.includes('-') && !last.includes('-');
  if (isKoreanSurname(first) && !givenFirstHint) {
    const g = parseGiven(words.slice(1));
    if (g) return { surname: first, ...g, givenFirst: false, ambiguous };
  }
  if (isKoreanSurname(last) && !last.includes('-')) {
    const g = parseGiven(words.slice(0, -1));
    if (g) return { surname: last, ...g, givenFirst: true, ambiguous };
  }
  return undefined;
}

export type SyllableMode = 'keep' | 'other-standard' | 'popular' | 'mixed';
export type GivenFormat = 'spaced' | 'hyphen' | 'hyphen-caps' | 'joined';
export type NameOrder = 'family-first' | 'given-first';
export type KoreanCase = 'title' | 'upper' | 'lower' | 'family-upper';

export interface KoreanVariantSpec {
  syllables: SyllableMode;
  surname: 'keep' | 'variant';
  format: GivenFormat;
  order: NameOrder;
  caseStyle: KoreanCase;
}

/** Write a parsed Korean name with the requested romanization, given-name format, order and case. */
export function writeKorean(rng: Rng, name: KoreanName, requested: KoreanVariantSpec): { text: string; changes: string[] } {
  const changes: string[] = [];
  const spec: KoreanVariantSpec = name.ambiguous
    ? { ...requested, format: 'spaced', order: name.givenFirst ? 'given-first' : 'family-first' }
    : requested;
  const given = name.given.map((syl, i) => {
    if (name.opaque.has(i)) return syl;
    switch (spec.syllables) {
      case 'keep':
        return syl;
      case 'other-standard':
        return otherStandard(syl, SYLLABLE_FAMILIES, SYLLABLE_INDEX);
      case 'popular': {
        const options = syllableSpellings(syl).slice(1);
        return options.length > 0 ? rng.pick(options) : syl;
      }
      case 'mixed': {
        const options = syllableSpellings(syl).slice(1);
        return options.length > 0 && rng.chance(0.5) ? rng.pick(options) : syl;
      }
    }
  });
  if (given.some((g, i) => g !== name.given[i])) {
    changes.push(spec.syllables === 'other-standard' ? 'MR<->RR syllables' : 'syllable spelling variants');
  }
  let surname = name.surname;
  if (spec.surname === 'variant') {
    const options = surnameSpellings(name.surname).slice(1);
    if (options.length > 0) {
      surname = rng.pick(options);
      changes.push(`surname ${capitalize(surname)}`);
    }
  }
  let givenText: string;
  switch (spec.format) {
    case 'spaced':
      givenText = given.map(capitalize).join(' ');
      break;
    case 'hyphen':
      givenText = capitalize(given.join('-'));
      break;
    case 'hyphen-caps':
      givenText = given.map(capitalize).join('-');
      break;
    case 'joined':
      givenText = capitalize(given.join(''));
      break;
  }
  if (given.length > 1) changes.push(`given name ${spec.format === 'hyphen-caps' ? 'hyphen' : spec.format}`);
  let family = capitalize(surname);
  if (spec.caseStyle === 'family-upper') family = family.toUpperCase();
  let text = spec.order === 'family-first' ? `${family} ${givenText}` : `${givenText} ${family}`;
  if ((spec.order === 'given-first') !== name.givenFirst) {
    changes.push(spec.order === 'given-first' ? 'given name first' : 'family name first');
  }
  if (spec.caseStyle === 'upper') text = text.toUpperCase();
  if (spec.caseStyle === 'lower') text = text.toLowerCase();
  if (spec.caseStyle !== 'title') changes.push(`${spec.caseStyle} case`);
  return { text, changes };
}

/** A random variant spec, weighted towards the transformations that matter (romanization). */
export function randomKoreanSpec(rng: Rng): KoreanVariantSpec {
  return {
    syllables: rng.pick(['keep', 'other-standard', 'other-standard', 'popular', 'mixed'] as const),
    surname: rng.chance(0.45) ? 'variant' : 'keep',
    format: rng.pick(['spaced', 'hyphen', 'hyphen-caps', 'joined'] as const),
    order: rng.chance(0.3) ? 'given-first' : 'family-first',
    caseStyle: rng.pick(['title', 'title', 'upper', 'lower', 'family-upper'] as const),
  };
}

function familiesOf(index: Map<string, number[]>, s: string): string[] {
  const f = index.get(s);
  return f ? f.map((i) => `#${i}`) : [`=${s}`];
}

/** Could these two romanized syllables be the same Hangul syllable (same spelling family)? */
export function compatibleSyllables(a: string, b: string): boolean {
  if (a === b) return true;
  const fa = familiesOf(SYLLABLE_INDEX, a);
  return familiesOf(SYLLABLE_INDEX, b).some((x) => fa.includes(x));
}

export function compatibleSurnames(a: string, b: string): boolean {
  if (a === b) return true;
  const fa = familiesOf(SURNAME_INDEX, a);
  return familiesOf(SURNAME_INDEX, b).some((x) => fa.includes(x));
}

/** Same Korean name up to romanization (every syllable, in order)? */
export function sameKoreanName(a: KoreanName, b: KoreanName): boolean {
  const ga = a.given.join('');
  const gb = b.given.join('');
  if (!compatibleSurnames(a.surname, b.surname)) return false;
  if (a.given.length === b.given.length && a.given.every((s, i) => compatibleSyllables(s, b.given[i]!))) return true;
  return ga === gb;
}

/** Same syllables in any order (used to keep negatives clear of listed names, conservatively). */
export function sameKoreanSyllablesAnyOrder(a: KoreanName, b: KoreanName): boolean {
  if (sameKoreanName(a, b)) return true;
  if (a.given.length !== 2 || b.given.length !== 2) return false;
  const swapped: KoreanName = { ...b, given: [b.given[1]!, b.given[0]!] };
  return sameKoreanName(a, swapped);
}

/** Spelling family members of a syllable, for building truly different syllables. */
export function syllableFamilyOf(s: string): string[] {
  return syllableSpellings(s);
}

/** Syllables commonly found in DPRK given names (MR), for substitutions in hard negative pairs. */
export const COMMON_GIVEN_SYLLABLES = [
  'chol', 'il', 'su', 'nam', 'ho', 'man', 'sang', 'kwang', 'myong', 'hyok', 'jin', 'min', 'hun', 'hak',
  'sik', 'hwan', 'hwa', 'ryong', 'kil', 'sok', 'kyong', 'hui', 'ok', 'sam', 'se', 'won', 'kuk', 'tong',
  'ha', 'sun', 'chan', 'in', 'mu', 'hong', 'bok', 'un', 'yong', 'song', 'jong', 'chun', 'pyong', 'kum',
];

// Latin -> Hangul, only for spellings whose use in names is (nearly) unambiguous. MR without
// breves and apostrophes is lossy ("Yong" is 용 or 영, "Un" is 운 or 은, "Chun" is 춘 or 준), so
// those spellings are left out and a name containing one gets no Hangul form.
const HANGUL_SURNAME: Record<string, string> = {
  kim: '김', pak: '박', choe: '최', kang: '강', han: '한', hwang: '황', yun: '윤', hong: '홍', paek: '백',
  ri: '리', jang: '장', mun: '문', sin: '신', kwon: '권', ryu: '류', hyon: '현', cha: '차', yang: '양',
  kwak: '곽', nam: '남', an: '안', ko: '고', pae: '배', song: '송', jon: '전', jo: '조', chae: '채',
  min: '민', pyon: '변', thae: '태', ryom: '렴', o: '오', yu: '유', rim: '림', im: '임', jong: '정',
  ju: '주', son: '손', sim: '심', kye: '계', pang: '방', kil: '길', ho: '허', so: '서', u: '우',
  myong: '명',
};
const HANGUL_GIVEN: Record<string, string> = {
  kum: '금', hyok: '혁', chol: '철', il: '일', nam: '남', man: '만', sang: '상', kwang: '광', myong: '명',
  hyon: '현', su: '수', jin: '진', min: '민', hun: '훈', hak: '학', sik: '식', hwan: '환', hwa: '화',
  ryong: '룡', ho: '호', kil: '길', gil: '길', sok: '석', kyong: '경', hui: '희', ok: '옥', sam: '삼',
  se: '세', bok: '복', pok: '복', won: '원', hae: '해', kuk: '국', tong: '동', ha: '하', sun: '순',
  chan: '찬', in: '인', mu: '무', hong: '홍', nyo: '녀', ryol: '렬', hyong: '형', bong: '봉', pong: '봉',
  kyu: '규', sop: '섭', thaek: '택', uk: '욱', tok: '덕', song: '성', yu: '유', pu: '부', bu: '부',
  chil: '칠', hyo: '효', san: '산', ki: '기', gi: '기', kap: '갑',
};

/** The Hangul form of a parsed name, when every part is in the unambiguous tables; else undefined. */
export function toHangul(name: KoreanName): { family: string; given: string } | undefined {
  const family = HANGUL_SURNAME[name.surname];
  if (!family || name.opaque.size > 0) return undefined;
  const given = name.given.map((g) => HANGUL_GIVEN[g]);
  if (given.some((g) => g === undefined)) return undefined;
  return { family, given: given.join('') };
}

/** A canonical key: family name and syllables mapped to their spelling family (for linking lists). */
export function koreanKey(name: KoreanName): string {
  const fam = (index: Map<string, number[]>, s: string, tag: string) => {
    const f = index.get(s);
    return f ? `${tag}${f[0]}` : s;
  };
  return `${fam(SURNAME_INDEX, name.surname, 's')}|${name.given.map((g) => fam(SYLLABLE_INDEX, g, 'g')).join('-')}`;
}
