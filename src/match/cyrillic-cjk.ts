/**
 * Korean and Chinese personal names written in Russian Cyrillic, read back into the Latin forms
 * the sanctions lists use.
 *
 * Russian-language documents write Korean names in the Kontsevich system ("Чон Сон Хва") or the
 * way Russian media write them ("Ким Чен Ын", "Чвэ Рён Хэ"), and Chinese names in the Palladius
 * system ("Си Цзиньпин"). A letter-by-letter transliteration of those ("Kim Chen Yn", "Si
 * Tszinpin") is far from what OFAC and the UN write ("Kim Jong Un", "Xi Jinping"), so:
 *  - `koreanFromCyrillic` inverts Kontsevich and the usual media variants into candidate Hangul
 *    syllables and romanizes the candidates with `romanizeHangul` (its `mr` output: the DPRK
 *    McCune-Reischauer style of the lists), so the readings are spelled exactly as the list is.
 *  - `chineseFromCyrillic` inverts the Palladius table, built here from the pinyin syllable
 *    inventory by the system's rules, and returns pinyin without tones.
 *
 * Both are conservative: a name is read only when every word splits into syllables of the system
 * and a family name from a table is where a family name belongs (first or last word for Korean,
 * first word for Chinese). A word that is a common Russian/Ukrainian given name ("Анна", "Роман",
 * "Максим" all split into Korean syllables) makes the name a Russian one: Koryo-saram names such
 * as "Ким Анна" or "Виктор Цой" are therefore NOT read as Korean; the ordinary Cyrillic
 * transliteration already covers them. Given names that are both Russian/Central Asian and Korean
 * ("Мина" 미나, "Ханна" 한나, "Юна" 유나) are not on that list, so "Ким Мина" is read as Korean
 * too: the extra readings cost little. A name can read as both Korean and Chinese ("Ли Мин",
 * "Ван И"); each function answers for its own system and the caller keeps both.
 *
 * Tables are built once when the module loads; a name whose edge words are not family names is
 * rejected after a couple of map look-ups.
 */
import { romanizeHangul } from './korean.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers

const CYRILLIC_WORD = /^[а-щы-яё]+$/; // Russian letters but ъ (a syllable boundary)
const COMBINING = /[\u0300-\u036f]/;

/** Lower case, NFC, ё kept; the parts of a word between hyphens (and Kontsevich's ъ); undefined
 * when the word holds anything but Russian letters, hyphens and apostrophes. */
function wordParts(word: string): string[] | undefined {
  let lower = word.toLowerCase();
  if (COMBINING.test(lower)) lower = lower.normalize('NFC'); // е + U+0308 -> ё
  if (lower.includes("'") || lower.includes('’') || lower.includes('ʼ')) lower = lower.replace(/[’'ʼ]/g, '');
  if (CYRILLIC_WORD.test(lower)) return [lower];
  const parts = lower.split(/[-‐‑‒–—ъ]+/).filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  for (const p of parts) if (!CYRILLIC_WORD.test(p)) return undefined;
  return parts;
}

function plainKey(parts: readonly string[]): string {
  return parts.join('').replace(/ё/g, 'е');
}

/**
 * Common Russian and Ukrainian (Russian spelling) given names, ё written е. Many of them split into
 * Korean or Palladius syllables ("Анна" = 안나, "Роман" = 로만, "Иван" = 이왕); a name holding one
 * is read as a Russian name.
 */
const RUSSIAN_GIVEN_NAMES = new Set(
  (
    'александр алексей альберт анатолий андрей антон аркадий арсений артем артур богдан борис вадим ' +
    'валентин валерий василий виктор виталий владимир владислав всеволод вячеслав геннадий георгий ' +
    'герман глеб григорий давид даниил данил данила денис дмитрий евгений егор захар иван игорь илья ' +
    'иосиф кирилл константин лев леонид макар максим марат марк матвей михаил назар никита николай ' +
    'олег павел петр платон роберт родион роман руслан семен сергей станислав степан тарас тимофей ' +
    'тимур федор филипп эдуард эльдар эмиль юрий яков ярослав алина алла алена алиса анастасия ' +
    'ангелина анна антонина валентина валерия вера вероника виктория галина дарья диана ева евгения ' +
    'екатерина елена елизавета жанна зинаида зоя инга инна ирина камила камилла карина кира кристина ' +
    'ксения лариса лидия лилия любовь людмила майя маргарита марина мария милана мила надежда наталья ' +
    'нина оксана олеся ольга полина раиса регина римма роза светлана софия софья таисия тамара ' +
    'татьяна ульяна эльвира эмма юлия яна саша миша паша дима маша таня ваня коля оля аня лена юра ' +
    'тима мира мирон леон рина алан салават ринат ильнур ильдар рустам тагир ахмед амир анвар ' +
    // Central Asian and Caucasian names common among the Koryo-saram's neighbours.
    'дина лола алия лиана мадина сабина тина рита ника лера ада аида лейла нана дана арман ислам ' +
    'ильяс айдар малик салим санжар умида эля зарина лина гуля нигора дилноза малика камола ' +
    'тимурлан батыр асель айгуль айжан мурат нурлан ерлан болат данияр ' +
    // Koryo-saram family names in -гай, which go with Russian given names.
    'огай хегай югай когай магай нигай тягай шегай дюгай'
  ).split(/\s+/),
);

/** Best `limit` items of `items` by ascending score, ties kept in insertion order. */
function best<T>(items: { value: T; score: number }[], limit: number): { value: T; score: number }[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.score - b.item.score || a.i - b.i)
    .slice(0, limit)
    .map((x) => x.item);
}

interface Piece<T> {
  value: T;
  rank: number;
}

/**
 * Every way to cut `text` into syllables found in `table` (at most `maxSyllables`), each syllable
 * with its candidate readings. Words are short, so a plain recursion is enough.
 */
function splitSyllables<T>(
  text: string,
  table: Map<string, Piece<T>[]>,
  maxSyllables: number,
  maxLength: number,
): Piece<T>[][][] {
  const out: Piece<T>[][][] = [];
  const walk = (start: number, acc: Piece<T>[][]): void => {
    if (start === text.length) {
      if (acc.length > 0) out.push(acc.slice());
      return;
    }
    if (acc.length >= maxSyllables) return;
    for (let end = Math.min(text.length, start + maxLength); end > start; end--) {
      const found = table.get(text.slice(start, end));
      if (!found) continue;
      acc.push(found);
      walk(end, acc);
      acc.pop();
    }
  };
  walk(0, []);
  return out;
}

/** Combinations of per-syllable candidates, best first (score = sum of ranks + extra). */
function combine<T>(
  syllables: Piece<T>[][],
  extra: (value: T) => number,
  limit: number,
): { value: T[]; score: number }[] {
  let acc: { value: T[]; score: number }[] = [{ value: [], score: 0 }];
  for (const options of syllables) {
    const next: { value: T[]; score: number }[] = [];
    for (const a of acc) {
      for (const o of options) next.push({ value: [...a.value, o.value], score: a.score + o.rank + extra(o.value) });
    }
    acc = best(next, limit);
  }
  return acc;
}

function addPiece<T>(table: Map<string, Piece<T>[]>, key: string, value: T, rank: number): void {
  let list = table.get(key);
  if (!list) table.set(key, (list = []));
  const seen = list.find((p) => p.value === value);
  if (seen) seen.rank = Math.min(seen.rank, rank);
  else list.push({ value, rank });
}

function sortTable<T>(table: Map<string, Piece<T>[]>): void {
  for (const list of table.values()) list.sort((a, b) => a.rank - b.rank);
}

// ---------------------------------------------------------------------------------------------
// Korean (Kontsevich and Russian media spellings)

const HANGUL_BASE = 0xac00;

// Initial consonants in Unicode jamo order, each with its Cyrillic spellings and a rank (0 =
// Kontsevich, higher = looser media spelling). Voiced г/д/б/дж are Kontsevich's inside a word and
// usual at the start of separately written given-name syllables ("Сон Гым Хёк"), so both rank 0.
const KO_INITIALS: [string, number][][] = [
  [['к', 0], ['г', 0]], // ㄱ
  [['кк', 0]], // ㄲ
  [['н', 0]], // ㄴ
  [['т', 0], ['д', 0]], // ㄷ
  [['тт', 0]], // ㄸ
  [['р', 0], ['л', 1]], // ㄹ (Russian media: "Ли", "Лим")
  [['м', 0]], // ㅁ
  [['п', 0], ['б', 0]], // ㅂ
  [['пп', 0]], // ㅃ
  [['с', 0]], // ㅅ (ш before и: below)
  [['сс', 0]], // ㅆ
  [['', 0]], // ㅇ
  [['чж', 0], ['дж', 0], ['ч', 1]], // ㅈ (media "Чен", "Чон")
  [['чч', 0]], // ㅉ
  [['чх', 0], ['ч', 1]], // ㅊ (media "Чвэ", "Чоль")
  [['кх', 0]], // ㅋ
  [['тх', 0], ['т', 2]], // ㅌ
  [['пх', 0], ['п', 2]], // ㅍ
  [['х', 0]], // ㅎ
];
const KO_IEUNG = 11;
const KO_SIOS = 9;

// Medials in jamo order: spellings after a consonant, and spellings with no initial consonant.
// ㅓ is о in Kontsevich and е/ё in the media ("Чен" 정); ㅕ and ㅛ are ё; ㅚ is ве/вэ (media "Чвэ",
// also э); ё may always be written е (added below).
const KO_MEDIALS: { after: [string, number][]; alone: [string, number][] }[] = [
  { after: [['а', 0]], alone: [['а', 0]] }, // ㅏ
  { after: [['э', 0], ['е', 2]], alone: [['э', 0]] }, // ㅐ
  { after: [['я', 0]], alone: [['я', 0]] }, // ㅑ
  { after: [['я', 1], ['е', 2]], alone: [['я', 1]] }, // ㅒ
  { after: [['о', 0], ['е', 1], ['ё', 1]], alone: [['о', 0]] }, // ㅓ
  { after: [['е', 0], ['э', 0]], alone: [['э', 0], ['е', 1]] }, // ㅔ
  { after: [['ё', 0]], alone: [['ё', 0], ['йо', 1]] }, // ㅕ
  { after: [['е', 0]], alone: [['е', 0], ['йе', 1]] }, // ㅖ
  { after: [['о', 0]], alone: [['о', 0]] }, // ㅗ
  { after: [['ва', 0]], alone: [['ва', 0]] }, // ㅘ
  { after: [['вэ', 0], ['ве', 1]], alone: [['вэ', 0]] }, // ㅙ
  { after: [['ве', 0], ['вэ', 0], ['э', 1]], alone: [['ве', 0], ['вэ', 0]] }, // ㅚ
  { after: [['ё', 0]], alone: [['ё', 0], ['йо', 1]] }, // ㅛ
  { after: [['у', 0]], alone: [['у', 0]] }, // ㅜ
  { after: [['во', 0]], alone: [['во', 0]] }, // ㅝ
  { after: [['ве', 0], ['вэ', 0]], alone: [['ве', 0], ['вэ', 0]] }, // ㅞ
  { after: [['ви', 0]], alone: [['ви', 0]] }, // ㅟ
  { after: [['ю', 0]], alone: [['ю', 0]] }, // ㅠ
  { after: [['ы', 0], ['у', 2]], alone: [['ы', 0]] }, // ㅡ
  { after: [['и', 0], ['ый', 1], ['ы', 1]], alone: [['ый', 0], ['ы', 1], ['и', 1]] }, // ㅢ
  { after: [['и', 0]], alone: [['и', 0]] }, // ㅣ
];
const KO_I = 20;
const KO_UI = 19;
const KO_HIEUH = 18;

// Finals met in names: none, ㄱ, ㄴ, ㄹ, ㅁ, ㅂ, ㅇ. Both ㄴ and ㅇ are written н (Kontsevich), so a
// final н reads both ways; ㄹ is ль (Kontsevich), л or р in the media ("Ким Ир Сен").
const KO_FINALS: [number, [string, number][]][] = [
  [0, [['', 0]]],
  [1, [['к', 0]]],
  [4, [['н', 0.25]]], // ㅇ first: 영 정 성 룡 명 are more frequent in names than 연 전 선 련 민
  [8, [['ль', 0], ['л', 1], ['р', 1]]],
  [16, [['м', 0]]],
  [17, [['п', 0]]],
  [21, [['н', 0], ['нг', 1]]],
];

/**
 * Syllables frequent in Korean personal names (mostly Sino-Korean readings used in DPRK and South
 * Korean names); a candidate syllable outside this set costs more, so "Чон" reads 정/전 before 존.
 */
const KO_NAME_SYLLABLES = new Set(
  (
    '김리이박최정강조윤장림임한오서신권황안송류유전홍고문양량손배백허노로남심하곽성차주우구민진라나지엄채원천방공현변렴염려여' +
    '추도소석선설마길련연위표명기반금옥륙육인맹제모탁국어은편룡용예경봉태승함계시학혁철수일영호희복순춘화향란미숙자애실혜식광세근' +
    '만범섭삼상훈준환휘동두덕득록률무병보부산생숭심애야열엽완왕요욱운웅월을의익작재점종죽중증직찬창첨청초총충취치칠택통파판평' +
    '포풍필해행헌협형효후흥가각간갑개거건걸겸곤관교군귀규균극낙난내녀년념녕농능니다단달담대돈등락람랑래략력렬령례록론뢰료루륜' +
    '률륭린립만말매면목몽묘묵물민밀발번법벽별본북분불붕비빈빙색섬성세속솔술슬습아악알암압앙액앵약억언업역온올옹와왈외욕울웅' +
    '율융음입잠잡적접조존좌준즉지집차착참처척청체촌추축출취층칙침쾌타탄탐탑토투특파패팽편폐포폭표피하한할항허험혁협호혼' +
    '홀홍확환활회획횡효후훈휴흑흠흡희'
  ).split(''),
);

/** Korean family names (Hangul, roughly by frequency) that `romanizeHangul` knows. */
const KO_SURNAMES =
  '김리이박최정강조윤장림임한오서신권황안송성손선류유전홍고문양량배백허노로남심하곽차주우구민진라나지엄채원천방공현변렴염려여추도소석설마길련연위표명기반금옥륙육인맹제모탁국어은편룡용예경봉태승함계시'.split(
    '',
  );
const KO_SURNAME_ORDER = new Map(KO_SURNAMES.map((s, i) => [s, i]));

/** Russian-Korean (Koryo-saram) and other fixed Russian spellings of family names. */
const KO_SURNAME_EXTRA: Record<string, string[]> = {
  цой: ['최'],
  чой: ['최'],
  чве: ['최'],
  чхвэ: ['최'],
  тен: ['정'],
  тён: ['정'],
  тян: ['장'],
  дян: ['장'],
  тё: ['조'],
  ни: ['이'],
  шин: ['신'],
  шим: ['심'],
  пай: ['배'],
  хе: ['허'],
};

const KO_MAX_PIECE = 6;
const koSyllables = new Map<string, Piece<string>[]>();
const koSurnames = new Map<string, Piece<string>[]>();

function withE(spelling: string, rank: number, emit: (s: string, r: number) => void): void {
  emit(spelling, rank);
  if (spelling.includes('ё')) emit(spelling.replace(/ё/g, 'е'), rank + 1);
}

(function buildKorean(): void {
  const surnameSet = new Set(KO_SURNAMES);
  for (let ini = 0; ini < KO_INITIALS.length; ini++) {
    for (let med = 0; med < KO_MEDIALS.length; med++) {
      const medial = KO_MEDIALS[med]!;
      for (const [fin, finals] of KO_FINALS) {
        const hangul = String.fromCharCode(HANGUL_BASE + (ini * 21 + med) * 28 + fin);
        const initials: [string, number][] = [...KO_INITIALS[ini]!];
        if (ini === KO_SIOS && med === KO_I) initials.push(['ш', 1]); // "Шин" 신
        for (const [i, ri] of initials) {
          for (const [m, rm0] of ini === KO_IEUNG ? medial.alone : medial.after) {
            // ㅢ after a consonant is spoken и; in names that is nearly always 희 ("Чвэ Сон Хи").
            const rm = med === KO_UI && ini !== KO_IEUNG && ini !== KO_HIEUH && m === 'и' ? 3 : rm0;
            for (const [f, rf] of finals) {
              withE(i + m + f, ri + rm + rf, (s, r) => {
                addPiece(koSyllables, s, hangul, r);
                if (surnameSet.has(hangul)) addPiece(koSurnames, s, hangul, r);
              });
            }
          }
        }
      }
    }
  }
  for (const [cyr, hanguls] of Object.entries(KO_SURNAME_EXTRA)) {
    withE(cyr, 0, (s, r) => {
      for (const h of hanguls) {
        addPiece(koSurnames, s, h, r);
        // A few of these ("Ни", "Шин") are also plain syllables of given names.
        addPiece(koSyllables, s, h, r + 1);
      }
    });
  }
  sortTable(koSyllables);
  for (const list of koSurnames.values()) {
    list.sort((a, b) => a.rank - b.rank || KO_SURNAME_ORDER.get(a.value)! - KO_SURNAME_ORDER.get(b.value)!);
  }
})();

const KO_MAX_READINGS = 4;
const KO_MAX_HANGUL = 10;
/** Extra cost of a candidate syllable that is rare in names. */
const KO_RARE_SYLLABLE = 2;
/** Candidates scoring more than this above a word's best are dropped (noise, not readings). */
const KO_MARGIN = 2.5;

/** Candidate Hangul spellings of one given-name word, best first, or undefined. */
function koreanGivenWord(parts: string[]): { value: string; score: number }[] | undefined {
  let acc: { value: string; score: number }[] = [{ value: '', score: 0 }];
  let syllableCount = 0;
  for (const part of parts) {
    const splits = splitSyllables(part, koSyllables, 2, KO_MAX_PIECE);
    if (splits.length === 0) return undefined;
    const options: { value: string; score: number }[] = [];
    for (const split of splits) {
      for (const c of combine(split, (h) => (KO_NAME_SYLLABLES.has(h) ? 0 : KO_RARE_SYLLABLE), KO_MAX_HANGUL)) {
        // When a word cuts two ways, the cut with fewer syllables goes first.
        options.push({ value: c.value.join(''), score: c.score + (split.length - 1) * 0.5 });
      }
    }
    const next: { value: string; score: number }[] = [];
    for (const a of acc) for (const o of options) next.push({ value: a.value + o.value, score: a.score + o.score });
    acc = best(next, KO_MAX_HANGUL);
    syllableCount += Math.min(...splits.map((s) => s.length));
  }
  // A Korean given name has one or two syllables (three at most, in separate words).
  if (syllableCount > 3 || acc.every((a) => a.value.length > 3)) return undefined;
  return acc.filter((a) => a.score <= acc[0]!.score + KO_MARGIN);
}

/**
 * Per word of a Cyrillic name that reads as a Korean name, its Latin readings in the DPRK
 * McCune-Reischauer style of romanizeHangul's `mr` (lower case, e.g. [["kim"],["jong","jon","je"],
 * ["un"]]), most likely first, at most 4 per word; undefined when the name does not read as Korean.
 */
export function koreanFromCyrillic(words: readonly string[]): string[][] | undefined {
  if (words.length < 2 || words.length > 4) return undefined;
  // The family name is the first word (Korean order) or, failing that, the last: two map look-ups
  // reject most other names before any splitting.
  const parts: (string[] | undefined)[] = words.map(() => undefined);
  const lookup = (i: number): Piece<string>[] | undefined => {
    const p = (parts[i] ??= wordParts(words[i]!));
    return p && (koSurnames.get(p.join('')) ?? koSurnames.get(plainKey(p)));
  };
  // When both edge words can be family names ("Ён Чхоль Ким": 용 is one too), the first wins
  // unless only the last is one of the five most frequent (김 이/리 박 최).
  const first = lookup(0);
  const last = lookup(words.length - 1);
  if (!first && !last) return undefined;
  const major = (p: Piece<string>[] | undefined): boolean => p !== undefined && KO_SURNAME_ORDER.get(p[0]!.value)! < 5;
  const surnameIndex = !first || (major(last) && !major(first)) ? words.length - 1 : 0;
  const surnames = (surnameIndex === 0 ? first : last)!;
  // Given-name words, in order; any common Russian given name makes it a Russian name.
  const givenIndexes = words.map((_, i) => i).filter((i) => i !== surnameIndex);
  for (const i of givenIndexes) {
    const p = (parts[i] ??= wordParts(words[i]!));
    // No Korean syllable is spelt with ф, з, ц or щ outside the fixed family-name forms.
    if (!p || RUSSIAN_GIVEN_NAMES.has(plainKey(p)) || p.some((x) => /[фзцщ]/.test(x))) return undefined;
  }
  const candidates: { value: string; score: number }[][] = [];
  candidates[surnameIndex] = surnames
    .filter((s) => s.rank <= surnames[0]!.rank + KO_MARGIN)
    .map((s) => ({ value: s.value, score: s.rank }));
  let givenSyllables = 0;
  for (const i of givenIndexes) {
    const c = koreanGivenWord(parts[i]!);
    if (!c) return undefined;
    candidates[i] = c;
    givenSyllables += c[0]!.value.length;
  }
  if (givenSyllables < 1 || givenSyllables > 3) return undefined;

  // Romanize with the other words at their best candidate, family name first as romanizeHangul
  // expects, and cut the result back into the input words.
  const order = [surnameIndex, ...givenIndexes];
  const top = candidates.map((c) => c[0]!.value);
  const readings: string[][] = words.map(() => []);
  for (let w = 0; w < words.length; w++) {
    for (const cand of candidates[w]!) {
      if (readings[w]!.length >= KO_MAX_READINGS) break;
      const hangul = order.map((i) => (i === w ? cand.value : top[i]!));
      const mr = romanizeHangul(hangul.join(' ')).mr.toLowerCase().split(' ');
      const lengths = hangul.map((h, k) => (k === 0 ? 1 : h.length));
      let pieces: string[];
      if (mr.length === lengths.reduce((a, b) => a + b, 0)) {
        pieces = [];
        let at = 0;
        for (const n of lengths) {
          pieces.push(mr.slice(at, at + n).join(''));
          at += n;
        }
      } else if (mr.length === hangul.length) pieces = mr;
      else continue;
      const reading = pieces[order.indexOf(w)]!;
      if (reading !== '' && !readings[w]!.includes(reading)) readings[w]!.push(reading);
    }
    if (readings[w]!.length === 0) return undefined;
  }
  return readings;
}

// ---------------------------------------------------------------------------------------------
// Chinese (Palladius)

/** The pinyin syllable inventory, by initial (ü written v). */
const PINYIN: Record<string, string> = {
  '': 'a o e ai ei ao ou an en ang eng er yi ya ye yao you yan yin yang ying yong wu wa wo wai wei wan wen wang weng yu yue yuan yun',
  b: 'ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu',
  p: 'pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu',
  m: 'ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu',
  f: 'fa fo fei fou fan fen fang feng fu',
  d: 'da de dai dei dao dou dan den dang deng dong di die diao diu dian ding du duo dui duan dun',
  t: 'ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun',
  n: 'na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nv nve',
  l: 'la le lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun lv lve',
  g: 'ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang',
  k: 'ka ke kai kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang',
  h: 'ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang',
  j: 'ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun',
  q: 'qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun',
  x: 'xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun',
  zh: 'zhi zha zhe zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang',
  ch: 'chi cha che chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang',
  sh: 'shi sha she shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang',
  r: 'ri re rao rou ran ren rang reng rong ru ruo rui ruan run',
  z: 'zi za ze zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun',
  c: 'ci ca ce cai cao cou can cen cang ceng cong cu cuo cui cuan cun',
  s: 'si sa se sai sao sou san sen sang seng song su suo sui suan sun',
};

const PALLADIUS_INITIAL: Record<string, string> = {
  b: 'б', p: 'п', m: 'м', f: 'ф', d: 'д', t: 'т', n: 'н', l: 'л', g: 'г', k: 'к', h: 'х',
  j: 'цз', q: 'ц', x: 'с', zh: 'чж', ch: 'ч', sh: 'ш', r: 'ж', z: 'цз', c: 'ц', s: 'с',
};

/** Finals after a consonant (ü finals after n, l, j, q, x are handled below). */
const PALLADIUS_FINAL: Record<string, string> = {
  a: 'а', o: 'о', e: 'э', ai: 'ай', ei: 'эй', ao: 'ао', ou: 'оу', an: 'ань', en: 'энь', ang: 'ан',
  eng: 'эн', ong: 'ун', i: 'и', ia: 'я', iao: 'яо', ie: 'е', iu: 'ю', ian: 'янь', in: 'инь',
  iang: 'ян', ing: 'ин', iong: 'юн', u: 'у', ua: 'уа', uo: 'о', uai: 'уай', ui: 'уй', uan: 'уань',
  un: 'унь', uang: 'уан', v: 'юй', ve: 'юэ',
};

/** Syllables without an initial consonant (the y- and w- spellings, and a, e, o...). */
const PALLADIUS_ZERO: Record<string, string> = {
  a: 'а', o: 'о', e: 'э', ai: 'ай', ei: 'эй', ao: 'ао', ou: 'оу', an: 'ань', en: 'энь', ang: 'ан',
  eng: 'эн', er: 'эр', yi: 'и', ya: 'я', ye: 'е', yao: 'яо', you: 'ю', yan: 'янь', yin: 'инь',
  yang: 'ян', ying: 'ин', yong: 'юн', wu: 'у', wa: 'ва', wo: 'во', wai: 'вай', wei: 'вэй', wan: 'вань',
  wen: 'вэнь', wang: 'ван', weng: 'вэн', yu: 'юй', yue: 'юэ', yuan: 'юань', yun: 'юнь',
};

/** Palladius spelling of a pinyin syllable (ü written v). */
export function palladius(pinyin: string): string {
  if (Object.hasOwn(PALLADIUS_ZERO, pinyin)) return PALLADIUS_ZERO[pinyin]!;
  const initial = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/.exec(pinyin)![1]!;
  const final = pinyin.slice(initial.length);
  if (pinyin === 'hui') return 'хуэй'; // the one irregular syllable of the system
  if (initial === 'j' || initial === 'q' || initial === 'x') {
    // After j, q, x the u of pinyin is ü.
    if (final === 'u') return PALLADIUS_INITIAL[initial] + 'юй';
    if (final === 'ue') return PALLADIUS_INITIAL[initial] + 'юэ';
    if (final === 'uan') return PALLADIUS_INITIAL[initial] + 'юань';
    if (final === 'un') return PALLADIUS_INITIAL[initial] + 'юнь';
  }
  if (final === 'i' && (initial === 'z' || initial === 'c' || initial === 's')) return PALLADIUS_INITIAL[initial] + 'ы';
  return PALLADIUS_INITIAL[initial]! + PALLADIUS_FINAL[final]!;
}

/** Chinese family names in pinyin, roughly by frequency (ü written v). */
const ZH_SURNAMES = (
  'li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie ' +
  'song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ' +
  'ding ren shen yao jin fang jia xia fu bai cui lv tan qian shi xi kong mao qin yan hou shao meng ' +
  'long wan duan lei qiu gu dai mo wen kang jiao yin gong hao xing niu yi zou hua qi geng tao fan ' +
  'pang lai qiao bao liao chang yue zhuang shang ni nie ou mei an gan ning zhai chai rao xiang ji shu ' +
  'qu guan bian miao zuo ling lian pu mu che sang ai bi tong ru hong ke tu gou xin zhen jing lang ' +
  'zhan ge rong'
).split(' ');
const ZH_COMPOUND_SURNAMES = ['ouyang', 'sima', 'zhuge', 'shangguan', 'situ', 'dongfang', 'huangfu', 'xiahou'];
const ZH_SURNAME_ORDER = new Map([...ZH_SURNAMES, ...ZH_COMPOUND_SURNAMES].map((s, i) => [s, i]));

/** Media spellings of family names that the general variants rank second: "Чен" is Chen before Cheng. */
const ZH_SURNAME_FIRST: Record<string, string> = { чен: 'chen', шен: 'shen', жен: 'ren', ден: 'deng', фен: 'feng', пен: 'peng' };

const zhSyllables = new Map<string, Piece<string>[]>();
const zhCompoundSurnames = new Map<string, string>();
const ZH_PINYIN_SET = new Set(Object.values(PINYIN).flatMap((list) => list.split(' ')));
const ZH_MAX_PIECE = 6;

/**
 * A joined romanized word cut into pinyin syllables ("dongming" -> dong, ming), longest syllable
 * first, or undefined when it is not pinyin. Pinyin starts no syllable inside a word with a, o or e
 * (it would write an apostrophe: Xi'an), so "mariana" is not read as ma-ri-a-na.
 */
export function pinyinSyllables(word: string): string[] | undefined {
  const cached = PINYIN_CUTS.get(word);
  if (cached !== undefined) return cached === null ? undefined : cached;
  const cut = cutPinyin(word);
  if (PINYIN_CUTS.size >= 50_000) PINYIN_CUTS.clear();
  PINYIN_CUTS.set(word, cut ?? null);
  return cut;
}

/** Memo of pinyinSyllables (pure; bounded). */
const PINYIN_CUTS = new Map<string, string[] | null>();

function cutPinyin(word: string): string[] | undefined {
  const out: string[] = [];
  const cut = (from: number): boolean => {
    if (from === word.length) return true;
    const first = word.charCodeAt(from);
    if (from > 0 && (first === 97 || first === 101 || first === 111)) return false;
    for (let len = Math.min(ZH_MAX_SYLLABLE, word.length - from); len >= 1; len--) {
      const piece = word.slice(from, from + len);
      if (!ZH_PINYIN_SET.has(piece)) continue;
      out.push(piece);
      if (cut(from + len)) return true;
      out.pop();
    }
    return false;
  };
  return cut(0) ? out : undefined;
}
const ZH_MAX_SYLLABLE = 6;

/** Output form of a pinyin syllable: ü (v) as u, as the lists write it (Lu, Nu). */
function pinyinOut(p: string): string {
  return p.replace(/v/g, 'u');
}

(function buildChinese(): void {
  for (const list of Object.values(PINYIN)) {
    for (const py of list.split(' ')) {
      const cyr = palladius(py);
      // Variants: the soft sign dropped ("Цзинпин"), э written е after a consonant ("Чен", "Ден"),
      // and uo written уо.
      const forms = new Map<string, number>([[cyr, 0]]);
      const add = (s: string, r: number): void => {
        if ((forms.get(s) ?? Infinity) > r) forms.set(s, r);
      };
      if (py.endsWith('uo')) add(cyr.replace(/о$/, 'уо'), 1);
      for (const [s, r] of [...forms]) {
        if (/э/.test(s) && !/^э/.test(s)) add(s.replace(/э/g, 'е'), r + 1);
      }
      for (const [s, r] of [...forms]) if (s.endsWith('нь')) add(s.slice(0, -1), r + 1);
      for (const [s, r] of forms) addPiece(zhSyllables, s, py, r);
    }
  }
  sortTable(zhSyllables);
  for (const name of ZH_COMPOUND_SURNAMES) {
    // Split the pinyin into its two syllables by trying each cut against the inventory.
    for (let cut = 1; cut < name.length; cut++) {
      const a = name.slice(0, cut);
      const b = name.slice(cut);
      if (!ZH_PINYIN_SET.has(a) || !ZH_PINYIN_SET.has(b)) continue;
      const cyr = palladius(a) + palladius(b);
      zhCompoundSurnames.set(cyr, name);
      zhCompoundSurnames.set(cyr.replace(/ь/g, ''), name);
    }
  }
})();

const ZH_MAX_READINGS = 4;
const NOT_PALLADIUS = /[щё]|(?:^|[^ц])з/;
const ZH_SURNAME_SET = new Set(ZH_SURNAMES);

function chineseSurname(parts: string[]): string[] | undefined {
  const key = parts.join('');
  const first = ZH_SURNAME_FIRST[key.replace(/ё/g, 'е')];
  const found: { value: string; score: number }[] = [];
  if (first) found.push({ value: first, score: -1 });
  for (const p of zhSyllables.get(key) ?? []) {
    if (ZH_SURNAME_SET.has(p.value)) found.push({ value: p.value, score: p.rank + ZH_SURNAME_ORDER.get(p.value)! / 1000 });
  }
  const compound = zhCompoundSurnames.get(key);
  if (compound) found.push({ value: compound, score: 0 });
  if (found.length === 0) return undefined;
  const out: string[] = [];
  for (const f of best(found, 8)) {
    const r = pinyinOut(f.value);
    if (!out.includes(r) && out.length < ZH_MAX_READINGS) out.push(r);
  }
  return out;
}

/** Pinyin readings of one given-name word (hyphenated parts joined) and its syllable count. */
function chineseGivenWord(parts: string[]): { readings: string[]; syllables: number } | undefined {
  let acc: { value: string; score: number }[] = [{ value: '', score: 0 }];
  let syllables = 0;
  for (const part of parts) {
    const splits = splitSyllables(part, zhSyllables, 3, ZH_MAX_PIECE);
    if (splits.length === 0) return undefined;
    const options: { value: string; score: number }[] = [];
    for (const split of splits) {
      for (const c of combine(split, () => 0, 8)) {
        options.push({ value: c.value.map(pinyinOut).join(''), score: c.score + (split.length - 1) * 0.25 });
      }
    }
    const next: { value: string; score: number }[] = [];
    for (const a of acc) for (const o of options) next.push({ value: a.value + o.value, score: a.score + o.score });
    acc = best(next, 12);
    syllables += Math.min(...splits.map((s) => s.length));
  }
  const readings: string[] = [];
  for (const a of acc) if (!readings.includes(a.value) && readings.length < ZH_MAX_READINGS) readings.push(a.value);
  return { readings, syllables };
}

/**
 * Per word of a Cyrillic name that reads as Chinese (Palladius), its pinyin readings without tones,
 * syllables of one word joined (lower case, e.g. [["xi"],["jinping"]]); undefined when it does not
 * read as Chinese.
 */
export function chineseFromCyrillic(words: readonly string[]): string[][] | undefined {
  if (words.length < 2 || words.length > 4) return undefined;
  const first = wordParts(words[0]!);
  const surname = first && chineseSurname(first);
  if (!surname) return undefined;
  const parts: string[][] = [first];
  for (const w of words.slice(1)) {
    const p = wordParts(w);
    if (!p) return undefined;
    parts.push(p);
  }
  const out: string[][] = [surname];
  let syllables = 0;
  for (let i = 1; i < parts.length; i++) {
    // Palladius has no щ or ё, and з only in цз.
    if (RUSSIAN_GIVEN_NAMES.has(plainKey(parts[i]!)) || parts[i]!.some((x) => NOT_PALLADIUS.test(x))) return undefined;
    const given = chineseGivenWord(parts[i]!);
    if (!given) return undefined;
    syllables += given.syllables;
    out.push(given.readings);
  }
  // A Chinese given name has one or two syllables (three in rare cases).
  if (syllables < 1 || syllables > 3) return undefined;
  return out;
}
