/**
 * Variants of listed (non-Korean) names, the way real customers and counterparties write them:
 * Russian transliteration systems, Arabic and Persian spellings, dropped middle names and
 * patronymics, Spanish second surnames, Chinese given names split or joined, reordering, typos,
 * and for organisations legal-form variants and common abbreviations.
 */
import type { Rng } from './prng.js';
import { applyCase, capitalize, letterCount, normalize, typo, type CaseStyle } from './text.js';

export type Role = 'first' | 'middle' | 'last' | 'patronymic' | 'matronymic' | 'other';

export interface NameToken {
  text: string;
  role: Role;
}

/** Spelling families of given names and name words: each list is one name. */
const ARABIC_FAMILIES: readonly (readonly string[])[] = [
  ['muhammad', 'mohammed', 'mohammad', 'mohamed', 'muhammed', 'mohamad'],
  ['ahmad', 'ahmed'],
  ['mahmud', 'mahmoud'],
  ['hasan', 'hassan'],
  ['husayn', 'hussein', 'hussain', 'husain', 'hossein', 'hosein'],
  ['umar', 'omar'],
  ['uthman', 'othman', 'osman'],
  ['yusuf', 'yousef', 'youssef', 'yusef'],
  ['sulayman', 'suleiman', 'sulaiman', 'soliman'],
  ['ibrahim', 'ebrahim'],
  ['khalid', 'khaled'],
  ['salih', 'saleh'],
  ['said', 'saeed'],
  ['abdallah', 'abdullah', 'abdulla'],
  ['qasim', 'qassem', 'kassem', 'qasem'],
  ['hamid', 'hamed'],
  ['mustafa', 'mostafa', 'moustafa', 'mustapha'],
  ['jamal', 'gamal'],
  ['tariq', 'tarek', 'tareq'],
  ['nasir', 'nasser', 'naser'],
  ['zayd', 'zaid', 'zeid'],
  ['yahya', 'yehia', 'yahia'],
  ['faisal', 'faysal'],
  ['abu', 'abou'],
  ['hamza', 'hamzah'],
  ['usama', 'osama'],
  ['ayman', 'aiman'],
  ['walid', 'waleed'],
  ['rashid', 'rasheed'],
  ['majid', 'majed'],
  ['karim', 'kareem'],
  ['jafar', 'jaafar'],
  ['hashim', 'hashem'],
  ['mansur', 'mansour'],
  ['mahdi', 'mehdi'],
  ['yasin', 'yassin', 'yaseen'],
  ['ismail', 'ismael', 'esmail'],
  ['musa', 'mousa', 'moussa'],
  ['isa', 'issa'],
  ['idris', 'idrees'],
  ['haji', 'hajji'],
  ['sayyid', 'sayed', 'seyed', 'seyyed'],
  ['shaykh', 'sheikh', 'shaikh'],
  ['abd', 'abdel', 'abdul'],
  ['amir', 'ameer'],
  ['nur', 'noor', 'nour'],
  ['reza', 'riza'],
  ['akbar', 'akbar'],
  ['jalil', 'djalil'],
  ['abdulaziz', 'abdelaziz', 'abd al-aziz'],
  ['abdulrahman', 'abdelrahman', 'abd al-rahman', 'abdurrahman'],
  ['abdulkarim', 'abdelkarim', 'abd al-karim'],
  ['abdulhadi', 'abdelhadi', 'abd al-hadi'],
];

const RUSSIAN_FAMILIES: readonly (readonly string[])[] = [
  ['aleksandr', 'alexander', 'alexandr', 'aleksander'],
  ['aleksey', 'alexey', 'aleksei', 'alexei'],
  ['yevgeniy', 'evgeny', 'evgeniy', 'yevgeny', 'evgenii'],
  ['dmitriy', 'dmitry', 'dmitrii', 'dmitri'],
  ['yuriy', 'yury', 'yuri', 'iurii'],
  ['sergey', 'sergei'],
  ['andrey', 'andrei'],
  ['nikolay', 'nikolai'],
  ['mikhail', 'mihail'],
  ['vitaliy', 'vitaly', 'vitali'],
  ['vasiliy', 'vasily', 'vasili'],
  ['anatoliy', 'anatoly'],
  ['valeriy', 'valery', 'valeri'],
  ['gennadiy', 'gennady'],
  ['grigoriy', 'grigory'],
  ['georgiy', 'georgy', 'georgii'],
  ['yevgeniya', 'evgeniya', 'evgenia'],
  ['yelena', 'elena'],
  ['yekaterina', 'ekaterina'],
  ['natalya', 'natalia'],
  ['tatyana', 'tatiana'],
  ['maksim', 'maxim'],
  ['fyodor', 'fedor'],
  ['pyotr', 'petr'],
  ['semyon', 'semen'],
  ['artyom', 'artem'],
  ['ilya', 'ilia'],
  ['vyacheslav', 'viacheslav'],
  ['yaroslav', 'iaroslav'],
  ['viktor', 'victor'],
  ['arkadiy', 'arkady'],
  ['konstantin', 'constantin'],
  ['yuliya', 'yulia', 'iuliia'],
  ['kseniya', 'ksenia'],
  ['aleksandra', 'alexandra'],
  ['oleksandr', 'olexandr'],
  ['oleksiy', 'oleksii'],
];

const FAMILY_INDEX = new Map<string, readonly string[]>();
for (const f of [...ARABIC_FAMILIES, ...RUSSIAN_FAMILIES]) for (const s of f) if (!FAMILY_INDEX.has(s)) FAMILY_INDEX.set(s, f);

/** Russian spelling rules (BGN/PCGN vs ICAO vs informal), each a token rewrite. */
const RUSSIAN_RULES: { note: string; apply: (w: string) => string }[] = [
  { note: 'ye/e', apply: (w) => w.replace(/([aeiou])yev/, '$1ev') },
  { note: 'e/ye', apply: (w) => w.replace(/([aeio])ev(?=ich|na|$|a$|oy)/, '$1yev') },
  { note: 'initial ye/e', apply: (w) => w.replace(/^ye(?=[^aeiouy])/, 'e') },
  { note: 'kh/h', apply: (w) => w.replace(/kh/, 'h') },
  { note: 'ay/ai', apply: (w) => w.replace(/ay(?=[^aeiouy]|$)/, 'ai') },
  { note: 'iy/y', apply: (w) => w.replace(/([^aeiou])iy$/, '$1y') },
  { note: 'iy/ii', apply: (w) => w.replace(/([^aeiou])iy$/, '$1ii') },
  { note: 'ya/ia', apply: (w) => w.replace(/([^aeiouy])ya/, '$1ia') },
  { note: 'ks/x', apply: (w) => w.replace(/ks/, 'x') },
  { note: 'yo/e', apply: (w) => w.replace(/([^aeiou])yo/, '$1e') },
  { note: 'yu/iu', apply: (w) => w.replace(/([^aeiouy])yu/, '$1iu') },
];

const PARTICLES = new Set([
  'al', 'el', 'bin', 'ben', 'ibn', 'bint', 'abu', 'abou', 'abd', 'de', 'del', 'la', 'las', 'los', 'y', 'da',
  'dos', 'das', 'do', 'di', 'van', 'von', 'der', 'den', 'le', 'du', 'ould', 'uld', 'haji', 'mr', 'mrs', 'dr',
]);

const PATRONYMIC = /(ovich|evich|yevich|ovna|evna|yevna|ichna|ich)$/;

export function isPatronymic(word: string): boolean {
  return PATRONYMIC.test(word.toLowerCase()) && word.length > 6;
}

export interface PersonContext {
  russian: boolean;
  hispanic: boolean;
  chinese: boolean;
}

export interface Variant {
  text: string;
  changes: string[];
}

function recase(original: string, replacement: string): string {
  if (original === original.toUpperCase()) return replacement.toUpperCase();
  if (original[0] === original[0]!.toUpperCase()) return replacement.split(' ').map(capitalize).join(' ');
  return replacement;
}

/** Another spelling of this word from the families, or undefined. */
function familyVariant(rng: Rng, word: string, russian: boolean): string | undefined {
  const w = word.toLowerCase();
  const family = FAMILY_INDEX.get(w);
  if (family && (russian || ARABIC_FAMILIES.includes(family))) {
    const options = family.filter((s) => s !== w);
    if (options.length > 0) return recase(word, rng.pick(options));
  }
  if (russian) {
    const rules = rng.shuffle(RUSSIAN_RULES);
    for (const rule of rules) {
      const out = rule.apply(w);
      if (out !== w) return recase(word, out);
    }
  }
  return undefined;
}

/** "al-Hashimi" / "Al Hashimi" / "Alhashimi" / "El-Hashimi" / "Hashimi". */
function articleVariant(rng: Rng, words: string[]): { words: string[]; note: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const joined = /^(al|el)-(.+)$/i.exec(w);
    if (joined) {
      const rest = joined[2]!;
      const article = joined[1]!;
      const options = [
        { words: [rest], note: 'al- dropped' },
        { words: [article + rest.toLowerCase()], note: 'al- joined' },
        { words: [article, rest], note: 'al- spaced' },
        { words: [`${article.toLowerCase() === 'al' ? 'El' : 'Al'}-${rest}`], note: 'al-/el-' },
      ];
      const o = rng.pick(options);
      return { words: [...words.slice(0, i), ...o.words, ...words.slice(i + 1)], note: o.note };
    }
    if (/^(al|el)$/i.test(w) && i + 1 < words.length) {
      const rest = words[i + 1]!;
      const options = [
        { words: [rest], note: 'al dropped' },
        { words: [`${w}-${rest}`], note: 'al- hyphenated' },
        { words: [w + rest.toLowerCase()], note: 'al joined' },
      ];
      const o = rng.pick(options);
      return { words: [...words.slice(0, i), ...o.words, ...words.slice(i + 2)], note: o.note };
    }
  }
  return undefined;
}

/** "Abd al-Rahman" <-> "Abdul Rahman" <-> "Abdulrahman" <-> "Abdel Rahman". */
function abdVariant(rng: Rng, words: string[]): { words: string[]; note: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    let rest: string | undefined;
    let span = 1;
    if ((w === 'abd' || w === 'abdel' || w === 'abdul') && i + 1 < words.length) {
      rest = words[i + 1]!.replace(/^(al|el|ul)-/i, '');
      span = 2;
      if (/^(al|el)$/i.test(words[i + 1]!) && i + 2 < words.length) {
        rest = words[i + 2]!;
        span = 3;
      }
    } else {
      const m = /^abd[-\s]?(?:al|el|ul)-(.+)$/i.exec(words[i]!);
      if (m) rest = m[1];
    }
    if (!rest || rest.length < 3) continue;
    const r = capitalize(rest);
    const abd = words[i]![0] === 'A' && words[i] === words[i]!.toUpperCase() ? 'ABD' : 'Abd';
    const forms = [[`Abdul`, r], [`Abdel`, r], [`Abdul${r.toLowerCase()}`], [abd, `al-${r}`], [`Abd-al-${r}`]];
    const current = words.slice(i, i + span).join(' ').toLowerCase();
    const options = forms.filter((f) => f.join(' ').toLowerCase() !== current);
    const chosen = rng.pick(options);
    return { words: [...words.slice(0, i), ...chosen, ...words.slice(i + span)], note: 'Abd al-/Abdul' };
  }
  return undefined;
}

/** Persian compound given names: "Mohammadreza" <-> "Mohammad Reza", "Gholamreza" <-> "Gholam Reza". */
function compoundVariant(words: string[]): { words: string[]; note: string } | undefined {
  const heads = ['mohammad', 'muhammad', 'gholam', 'ali', 'abol', 'amir'];
  const tails = ['reza', 'ali', 'hossein', 'hassan', 'akbar', 'mehdi', 'javad', 'hadi', 'fazl', 'ghasem'];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    for (const h of heads) {
      for (const t of tails) {
        if (w === h + t) {
          const parts = [recase(words[i]!, h), recase(words[i]!, t)];
          return { words: [...words.slice(0, i), ...parts, ...words.slice(i + 1)], note: 'compound name split' };
        }
        if (w === h && words[i + 1]?.toLowerCase() === t) {
          return { words: [...words.slice(0, i), words[i]! + words[i + 1]!.toLowerCase(), ...words.slice(i + 2)], note: 'compound name joined' };
        }
      }
    }
  }
  return undefined;
}

// Pinyin syllables (a permissive grammar), to split "Yonghao" into "Yong Hao" when unambiguous.
const PINYIN_RE = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)(?:$)/;

function pinyinSplit(word: string): string[] | undefined {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/.test(w)) return undefined;
  const found: string[][] = [];
  const walk = (start: number, acc: string[]) => {
    if (found.length > 1) return;
    if (start === w.length) {
      found.push([...acc]);
      return;
    }
    for (let end = start + 1; end <= Math.min(w.length, start + 6); end++) {
      const piece = w.slice(start, end);
      if (PINYIN_RE.test(piece)) {
        acc.push(piece);
        walk(end, acc);
        acc.pop();
      }
    }
  };
  walk(0, []);
  const only = found.length === 1 ? found[0]! : undefined;
  return only && only.length === 2 ? only : undefined;
}

export type PersonOp = 'order' | 'drop-middle' | 'translit' | 'article' | 'abd' | 'compound' | 'typo' | 'pinyin' | 'second-surname';

/** A person name as a list of tokens with roles (roles are 'other' when the source does not say). */
export function personTokens(parts: { type: string; value: string }[] | undefined, full: string): NameToken[] {
  const out: NameToken[] = [];
  if (parts && parts.length > 0 && parts.some((p) => p.type !== 'other')) {
    const order: Role[] = ['first', 'middle', 'last', 'patronymic', 'matronymic', 'other'];
    const typed = parts.map((p) => ({ role: (order.includes(p.type as Role) ? p.type : 'other') as Role, value: p.value }));
    for (const role of order) {
      for (const p of typed.filter((x) => x.role === role)) {
        for (const w of p.value.split(/\s+/).filter((x) => x !== '')) out.push({ text: w, role });
      }
    }
    return out;
  }
  for (const w of full.split(/\s+/).filter((x) => x !== '')) out.push({ text: w, role: 'other' });
  return out;
}

/**
 * A variant of a person's name. `tokens` are in natural (given-first) order when roles are known,
 * else in the source order. Applies one or two operations, then a case style.
 */
export function personVariant(rng: Rng, tokens: NameToken[], ctx: PersonContext, forceOps?: PersonOp[], exclude: readonly PersonOp[] = []): Variant | undefined {
  let words = tokens.map((t) => t.text);
  let roles = tokens.map((t) => t.role);
  const known = roles.some((r) => r !== 'other');
  const changes: string[] = [];
  const applicable: PersonOp[] = [];
  if (words.length >= 2) applicable.push('order');
  const middleIdx = middleIndex(words, roles, ctx);
  if (middleIdx !== undefined) applicable.push('drop-middle');
  if (words.some((w) => familyVariant(rng.fork(w), w, ctx.russian) !== undefined)) applicable.push('translit');
  if (words.some((w) => /^(al|el)(-|$)/i.test(w))) applicable.push('article');
  if (abdVariant(rng.fork('probe'), words)) applicable.push('abd');
  if (compoundVariant(words)) applicable.push('compound');
  if (letterCount(words.join('')) >= 12 && words.some((w) => w.length >= 5 && !PARTICLES.has(w.toLowerCase()))) applicable.push('typo');
  if (ctx.chinese && words.some((w, i) => roles[i] !== 'last' && pinyinSplit(w))) applicable.push('pinyin');
  if (ctx.hispanic && (roles.includes('matronymic') || secondSurnameIndex(words, roles) !== undefined)) applicable.push('second-surname');
  for (const o of exclude) if (applicable.includes(o)) applicable.splice(applicable.indexOf(o), 1);
  if (applicable.length === 0) return undefined;

  let ops: PersonOp[];
  if (forceOps) {
    ops = forceOps.filter((o) => applicable.includes(o));
    if (ops.length === 0) return undefined;
  } else {
    // Prefer the transformations that test transliteration knowledge; typos stay rarer.
    const weighted = applicable.flatMap((o) => (o === 'translit' || o === 'abd' || o === 'article' ? [o, o, o] : o === 'typo' ? [o] : [o, o]));
    const first = rng.pick(weighted);
    ops = [first];
    // At most one word removed per variant: "Carlos LIMON" is no longer "Carlos Mario LIMON VAZQUEZ".
    const removal = (o: PersonOp) => o === 'drop-middle' || o === 'second-surname';
    if (rng.chance(0.45)) {
      const rest = applicable.filter((o) => o !== first && o !== 'typo' && !(removal(o) && removal(first)));
      if (rest.length > 0) ops.push(rng.pick(rest));
    }
  }
  for (const op of ops) {
    switch (op) {
      case 'drop-middle': {
        const i = middleIndex(words, roles, ctx);
        if (i === undefined) break;
        changes.push(isPatronymic(words[i]!) ? 'patronymic dropped' : 'middle name dropped');
        words = words.filter((_, j) => j !== i);
        roles = roles.filter((_, j) => j !== i);
        break;
      }
      case 'second-surname': {
        const i = roles.indexOf('matronymic') >= 0 ? roles.indexOf('matronymic') : secondSurnameIndex(words, roles);
        if (i === undefined || i < 0) break;
        changes.push('second surname dropped');
        words = words.filter((_, j) => j !== i);
        roles = roles.filter((_, j) => j !== i);
        break;
      }
      case 'translit': {
        const candidates = words.map((w, i) => ({ i, v: familyVariant(rng, w, ctx.russian) })).filter((x) => x.v !== undefined);
        if (candidates.length === 0) break;
        const n = candidates.length > 1 && rng.chance(0.4) ? 2 : 1;
        for (const c of rng.sample(candidates, n)) words[c.i] = c.v!;
        changes.push(ctx.russian ? 'Russian transliteration' : 'spelling variant');
        break;
      }
      case 'article': {
        const r = articleVariant(rng, words);
        if (!r) break;
        words = r.words;
        roles = words.map(() => 'other');
        changes.push(r.note);
        break;
      }
      case 'abd': {
        const r = abdVariant(rng, words);
        if (!r) break;
        words = r.words;
        roles = words.map(() => 'other');
        changes.push(r.note);
        break;
      }
      case 'compound': {
        const r = compoundVariant(words);
        if (!r) break;
        words = r.words;
        roles = words.map(() => 'other');
        changes.push(r.note);
        break;
      }
      case 'pinyin': {
        const i = words.findIndex((w, j) => roles[j] !== 'last' && pinyinSplit(w));
        if (i < 0) break;
        const parts = pinyinSplit(words[i]!)!;
        const hyphen = rng.chance(0.5);
        const replacement = hyphen ? [capitalize(parts.join('-'))] : parts.map(capitalize);
        words = [...words.slice(0, i), ...replacement, ...words.slice(i + 1)];
        roles = [...roles.slice(0, i), ...replacement.map(() => roles[i]!), ...roles.slice(i + 1)];
        changes.push(hyphen ? 'pinyin given name hyphenated' : 'pinyin given name split');
        break;
      }
      case 'typo': {
        const candidates = words.map((w, i) => ({ w, i })).filter((x) => x.w.length >= 5 && !PARTICLES.has(x.w.toLowerCase()));
        if (candidates.length === 0) break;
        const c = rng.pick(candidates);
        const t = typo(rng, c.w);
        words[c.i] = t.word;
        changes.push(`typo (${t.kind})`);
        break;
      }
      case 'order': {
        if (words.length < 2) break;
        if (known && roles.includes('last')) {
          // natural order -> family name first ("ASATRYAN Gayk Vanushevich")
          const lastIdx = roles.map((r, i) => (r === 'last' ? i : -1)).filter((i) => i >= 0);
          const lastWords = lastIdx.map((i) => words[i]!);
          const restWords = words.filter((_, i) => !lastIdx.includes(i));
          const restRoles = roles.filter((_, i) => !lastIdx.includes(i));
          words = [...lastWords.map((w) => (rng.chance(0.5) ? w.toUpperCase() : w)), ...restWords];
          roles = [...lastIdx.map(() => 'last' as Role), ...restRoles];
          changes.push('family name first');
        } else if (rng.chance(0.5) && !isPatronymic(words[words.length - 1]!)) {
          words = [words[words.length - 1]!, ...words.slice(0, -1)];
          roles = [roles[roles.length - 1]!, ...roles.slice(0, -1)];
          changes.push('last word moved first');
        } else {
          words = [...words.slice(1), words[0]!];
          roles = [...roles.slice(1), roles[0]!];
          changes.push('first word moved last');
        }
        break;
      }
    }
  }
  if (changes.length === 0) return undefined;
  const style: CaseStyle = rng.pick(['asis', 'asis', 'title', 'upper', 'lower']);
  let text = words.join(' ');
  if (style !== 'asis') {
    const before = text;
    text = applyCase(text, style);
    if (text !== before) changes.push(`${style} case`);
  }
  return { text, changes };
}

function middleIndex(words: string[], roles: Role[], ctx: PersonContext): number | undefined {
  if (words.length < 3) return undefined;
  const middle = roles.indexOf('middle');
  if (middle >= 0 && !PARTICLES.has(words[middle]!.toLowerCase())) return middle;
  const patronymic = words.findIndex((w) => isPatronymic(w));
  if (patronymic >= 0 && (ctx.russian || roles[patronymic] !== 'last')) return patronymic;
  if (roles.some((r) => r !== 'other')) return undefined;
  // Unknown roles: a word inside the name that is not a particle nor next to one.
  const inner = words
    .map((w, i) => ({ w, i }))
    .filter((x) => x.i > 0 && x.i < words.length - 1 && !PARTICLES.has(x.w.toLowerCase()) && !PARTICLES.has(words[x.i - 1]!.toLowerCase()));
  return inner.length > 0 ? inner[0]!.i : undefined;
}

function secondSurnameIndex(words: string[], roles: Role[]): number | undefined {
  const lastIdx = roles.map((r, i) => (r === 'last' ? i : -1)).filter((i) => i >= 0);
  if (lastIdx.length === 2 && !PARTICLES.has(words[lastIdx[1]!]!.toLowerCase())) return lastIdx[1];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Organisations

/** Legal-form families: every member names the same legal form. */
const LEGAL_FORMS: readonly (readonly string[])[] = [
  ['Limited Liability Company', 'LLC', 'L.L.C.', 'OOO', 'Limited Liability Co.'],
  ['Co., Ltd.', 'Company Limited', 'Co. Ltd', 'Co Ltd', 'Company Ltd.'],
  ['Public Joint Stock Company', 'PJSC', 'PAO'],
  ['Open Joint Stock Company', 'OJSC', 'OAO'],
  ['Closed Joint Stock Company', 'CJSC', 'ZAO'],
  ['Joint Stock Company', 'JSC', 'AO'],
  ['Pte. Ltd.', 'Pte Ltd', 'Private Limited'],
  ['Sdn. Bhd.', 'Sdn Bhd'],
  ['S.A. de C.V.', 'SA de CV'],
  ['Limited Liability Partnership', 'LLP'],
  ['Public Limited Company', 'PLC'],
  ['Corporation', 'Corp.', 'Corp'],
  ['Incorporated', 'Inc.', 'Inc'],
  ['Company', 'Co.', 'Co'],
  ['Limited', 'Ltd.', 'Ltd'],
  ['S.A.', 'SA', 'Sociedad Anonima'],
  ['GmbH', 'G.m.b.H.'],
  ['FZE', 'F.Z.E.'],
  ['FZCO', 'FZ-CO'],
  ['Joint Venture', 'JV'],
];

const ABBREVIATIONS: readonly (readonly string[])[] = [
  ['Shipping', 'Shpg'],
  ['Trading', 'Trdg'],
  ['International', 'Intl'],
  ['Management', 'Mgmt'],
  ['Manufacturing', 'Mfg'],
  ['Brothers', 'Bros'],
  ['and', '&'],
];

const formTokens = (form: string) => normalize(form.replace(/[.,]/g, ' ')).split(' ');

interface FormHit {
  start: number;
  length: number;
  family: readonly string[];
  member: string;
}

/** The legal form in a token list (longest match, anywhere), if any. */
function findLegalForm(words: string[]): FormHit | undefined {
  const norm = words.map((w) => normalize(w.replace(/[.,]/g, ' ')));
  let best: FormHit | undefined;
  for (const family of LEGAL_FORMS) {
    for (const member of family) {
      const ft = formTokens(member);
      for (let s = 0; s + ft.length <= norm.length; s++) {
        if (ft.every((t, k) => norm[s + k] === t) && (!best || ft.length > best.length)) {
          // only at the start or the end of the name: "Co" inside "Co Operative" is no legal form
          if (s !== 0 && s + ft.length !== norm.length) continue;
          best = { start: s, length: ft.length, family, member };
        }
      }
    }
  }
  return best;
}

export type OrgOp = 'legal-form' | 'legal-form-dropped' | 'abbreviation' | 'typo' | 'parenthesis' | 'korean' | 'the';

export interface OrgOptions {
  /** Rewrites a word into another romanization (Korean words of DPRK organisation names), or undefined. */
  romanize?: (rng: Rng, word: string) => string | undefined;
}

export function orgVariant(rng: Rng, name: string, opts: OrgOptions = {}, forceOps?: OrgOp[]): Variant | undefined {
  let words = name.replace(/\s+/g, ' ').trim().split(' ');
  const changes: string[] = [];
  const applicable: OrgOp[] = [];
  const form = findLegalForm(words);
  if (form) {
    applicable.push('legal-form');
    if (words.length - form.length >= 2) applicable.push('legal-form-dropped');
  }
  if (words.some((w) => ABBREVIATIONS.some((f) => f.some((m) => m.toLowerCase() === w.toLowerCase())))) applicable.push('abbreviation');
  if (letterCount(name) >= 15 && words.some((w) => w.length >= 6)) applicable.push('typo');
  if (/\([^)]*\)/.test(name) && name.replace(/\([^)]*\)/g, '').trim().split(/\s+/).length >= 2) applicable.push('parenthesis');
  if (opts.romanize && words.some((w) => opts.romanize!(rng.fork(w), w) !== undefined)) applicable.push('korean');
  if (/^the\s/i.test(name) && words.length >= 3) applicable.push('the');
  if (applicable.length === 0) return undefined;
  let ops: OrgOp[];
  if (forceOps) {
    ops = forceOps.filter((o) => applicable.includes(o));
    if (ops.length === 0) return undefined;
  } else {
    // Romanization of Korean words and legal forms first; typos and abbreviations ("Shpg") rarer.
    const weight: Record<OrgOp, number> = { korean: 4, 'legal-form': 3, 'legal-form-dropped': 2, parenthesis: 2, the: 2, abbreviation: 1, typo: 1 };
    const weighted = applicable.flatMap((o) => Array<OrgOp>(weight[o]).fill(o));
    const first = rng.pick(weighted);
    ops = [first];
    if (rng.chance(0.4)) {
      const rest = applicable.filter((o) => o !== first && o !== 'typo' && !(first.startsWith('legal') && o.startsWith('legal')));
      if (rest.length > 0) ops.push(rng.pick(rest));
    }
  }
  for (const op of ops) {
    switch (op) {
      case 'legal-form': {
        const hit = findLegalForm(words);
        if (!hit) break;
        const currentTokens = formTokens(hit.member).join(' ');
        const others = hit.family.filter((m) => formTokens(m).join(' ') !== currentTokens);
        const replacement = others.length > 0 ? rng.pick(others) : rng.pick(hit.family.filter((m) => m !== hit.member).concat(hit.member));
        const upper = words.slice(hit.start, hit.start + hit.length).join(' ') === words.slice(hit.start, hit.start + hit.length).join(' ').toUpperCase() && /[A-Z]/.test(name);
        const rep = (upper && rng.chance(0.5) ? replacement.toUpperCase() : replacement).split(' ');
        const rest = [...words.slice(0, hit.start), ...words.slice(hit.start + hit.length)];
        // LLC-type forms move between the front and the back ("OOO Asatryan" / "Asatryan LLC").
        const movable = hit.family[0] === 'Limited Liability Company' || hit.family[0]!.includes('Joint Stock');
        if (movable && rng.chance(0.5)) {
          words = hit.start === 0 ? [...rest, ...rep] : [...rep, ...rest];
          changes.push(`legal form ${replacement}, moved`);
        } else {
          words = [...words.slice(0, hit.start), ...rep, ...words.slice(hit.start + hit.length)];
          changes.push(`legal form ${replacement}`);
        }
        // "Co., Ltd." after a word keeps its comma: "Xyz Co., Ltd."
        break;
      }
      case 'legal-form-dropped': {
        const hit = findLegalForm(words);
        if (!hit || words.length - hit.length < 2) break;
        words = [...words.slice(0, hit.start), ...words.slice(hit.start + hit.length)];
        changes.push('legal form dropped');
        break;
      }
      case 'abbreviation': {
        const idx = words.map((w, i) => ({ w, i })).filter((x) => ABBREVIATIONS.some((f) => f.some((m) => m.toLowerCase() === x.w.toLowerCase())));
        if (idx.length === 0) break;
        const c = rng.pick(idx);
        const family = ABBREVIATIONS.find((f) => f.some((m) => m.toLowerCase() === c.w.toLowerCase()))!;
        const other = family.find((m) => m.toLowerCase() !== c.w.toLowerCase())!;
        words[c.i] = c.w === c.w.toUpperCase() && c.w !== '&' ? other.toUpperCase() : other;
        changes.push(`${c.w} -> ${other}`);
        break;
      }
      case 'typo': {
        const idx = words.map((w, i) => ({ w, i })).filter((x) => x.w.length >= 6);
        if (idx.length === 0) break;
        const c = rng.pick(idx);
        const t = typo(rng, c.w);
        words[c.i] = t.word;
        changes.push(`typo (${t.kind})`);
        break;
      }
      case 'parenthesis': {
        words = words.join(' ').replace(/\s*\([^)]*\)/g, '').trim().split(' ');
        changes.push('parenthesised part dropped');
        break;
      }
      case 'korean': {
        const idx = words.map((w, i) => ({ i, v: opts.romanize!(rng, w) })).filter((x) => x.v !== undefined);
        if (idx.length === 0) break;
        for (const c of rng.sample(idx, idx.length > 1 && rng.chance(0.5) ? 2 : 1)) words[c.i] = c.v!;
        changes.push('Korean word romanized differently');
        break;
      }
      case 'the': {
        words = words.slice(1);
        changes.push('"The" dropped');
        break;
      }
    }
  }
  if (changes.length === 0) return undefined;
  let text = words.join(' ').replace(/\s+,/g, ',');
  const style: CaseStyle = rng.pick(['asis', 'asis', 'title', 'upper']);
  if (style !== 'asis') {
    const before = text;
    text = applyCase(text, style);
    if (text !== before) changes.push(`${style} case`);
  }
  return { text, changes };
}

const EXPANSIONS = new Map(ABBREVIATIONS.filter((f) => f[0] !== 'and').map((f) => [f[1]!.toLowerCase(), f[0]!.toLowerCase()]));

/** Name words with legal forms removed and abbreviations expanded (for comparing organisation names loosely). */
export function withoutLegalForms(name: string): string[] {
  let words = name
    .replace(/&/g, ' and ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .map((w) => EXPANSIONS.get(w.toLowerCase().replace(/\.$/, '')) ?? w);
  for (let k = 0; k < 3; k++) {
    const hit = findLegalForm(words);
    if (!hit || words.length - hit.length < 1) break;
    words = [...words.slice(0, hit.start), ...words.slice(hit.start + hit.length)];
  }
  return normalize(words.join(' ')).split(' ').filter((w) => w !== '');
}

/** A loose, order-insensitive key for a person name: spelling families folded to one form. */
export function looseTokens(name: string): string[] {
  return normalize(name.replace(/\b(al|el)-/gi, ''))
    .split(' ')
    .filter((w) => w !== '' && !PARTICLES.has(w))
    .map((w) => FAMILY_INDEX.get(w)?.[0] ?? w);
}
