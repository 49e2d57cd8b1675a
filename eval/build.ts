/**
 * Builds Vigil's labelled development set (eval/cases/*.jsonl) from the real official lists.
 *
 *   node --import tsx eval/build.ts [--sources-dir DIR] [--seed N]
 *
 * Reads the publications that `vigil lists update --sources-dir DIR` would import (default
 * ../shared/data/lists, or VIGIL_SOURCES_DIR) with the project's own adapters, and writes:
 * variant queries of DPRK-programme and other listed names, native-script queries, every listed
 * wallet and email (and near misses of them), ordinary names as negatives, and hard labelled name
 * pairs for `vigil compare`; native-script names against the Latin-only record; pairs of names as
 * the lists write them, labelled by record identity (list_pairs, dev/test by entity); and evasion
 * attempts made from OFAC SDN parties (adversarial, dev/test by entity). Deterministic: a seeded
 * PRNG, entities in id order, no clock. Run it once; its output is committed, so that figures stay comparable from one matcher change to the
 * next. See eval/README.md.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATASETS } from '../src/lists/datasets.js';
import { detectFormat } from '../src/lists/formats.js';
import type { Entity, EntityName, NamePart } from '../src/model/index.js';
import { ADVERSARIAL_FILE, LIST_PAIRS_FILE, NATIVE_PAIRS_FILE, PAIR_CATEGORY, SCREEN_CATEGORIES, type Bucket, type PairCase, type Query, type ScreenCase, type Split } from './lib/cases.js';
import { DATE_FORMATS, formatDate, fullwidth, homoglyph, invisible, leet, type Evasion } from './lib/evasion.js';
import { isHangul, kontsevichName } from './lib/kontsevich.js';
import {
  COMMON_GIVEN_SYLLABLES,
  compatibleSurnames,
  compatibleSyllables,
  isKnownKoreanSyllable,
  isKoreanSurname,
  isRomanizedSyllable,
  koreanKey,
  parseKorean,
  randomKoreanSpec,
  sameKoreanName,
  sameKoreanSyllablesAnyOrder,
  segment,
  syllableFamilyOf,
  toHangul,
  writeKorean,
  type KoreanName,
  type KoreanVariantSpec,
} from './lib/korean.js';
import {
  isPatronymic,
  looseTokens,
  orgVariant,
  personTokens,
  personVariant,
  withoutLegalForms,
  type NameToken,
  type OrgOp,
  type PersonContext,
  type PersonOp,
  type Variant,
} from './lib/names.js';
import { ordinaryNames, type OrdinaryName } from './lib/ordinary.js';
import { Rng } from './lib/prng.js';
import { capitalize, editDistance, isLatin, letterCount, normalize, sortedKey, titleCase } from './lib/text.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'eval', 'cases');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SOURCES_DIR = resolve(argValue('--sources-dir') ?? process.env.VIGIL_SOURCES_DIR ?? join(ROOT, '..', 'shared', 'data', 'lists'));
const SEED = Number(argValue('--seed') ?? 20251119);

// ---------------------------------------------------------------------------------------------
// Loading the lists

interface NameRec {
  text: string;
  kind: string;
  parts?: NamePart[];
}

interface Party {
  e: Entity;
  id: string;
  dataset: string;
  person: boolean;
  dprk: boolean;
  latin: NameRec[];
  native: EntityName[];
  years: number[];
}

interface SourceInfo {
  dataset: string;
  files: string[];
  sha256: string[];
  format: string;
  entities: number;
}

async function loadLists(): Promise<{ entities: Entity[]; sources: SourceInfo[] }> {
  const entities: Entity[] = [];
  const sources: SourceInfo[] = [];
  for (const def of DATASETS) {
    const files = def.localFiles(SOURCES_DIR);
    if (!files) {
      console.error(`${def.name}: no publication in ${SOURCES_DIR}; skipped`);
      continue;
    }
    const adapter = await detectFormat(files[0]!);
    const parsed = await adapter.parse(files, { dataset: def.name });
    console.error(`${def.name}: ${parsed.entities.length} entities from ${files.map((f) => basename(f)).join(', ')} (${adapter.title})`);
    entities.push(...parsed.entities);
    sources.push({
      dataset: def.name,
      files: files.map((f) => relative(SOURCES_DIR, f)),
      sha256: files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')),
      format: adapter.format,
      entities: parsed.entities.length,
    });
  }
  return { entities, sources };
}

const NAME_KINDS = new Set(['name', 'alias', 'previousName']);

function latinNames(e: Entity): NameRec[] {
  const out: NameRec[] = [];
  const seen = new Set<string>();
  const push = (r: NameRec) => {
    const k = r.text.trim();
    if (k === '' || seen.has(k)) return;
    seen.add(k);
    out.push({ ...r, text: k.replace(/\s+/g, ' ') });
  };
  if (e.names && e.names.length > 0) {
    // the primary name first, then aliases
    const ordered = [...e.names.filter((n) => n.kind === 'name'), ...e.names.filter((n) => n.kind !== 'name')];
    for (const n of ordered) if (NAME_KINDS.has(n.kind) && n.script === 'Latn' && isLatin(n.full)) push({ text: n.full, kind: n.kind, parts: n.parts });
  }
  for (const v of e.properties.name ?? []) if (isLatin(v)) push({ text: v, kind: 'name' });
  for (const v of e.properties.alias ?? []) if (isLatin(v)) push({ text: v, kind: 'alias' });
  return out;
}

function nativeNames(e: Entity): EntityName[] {
  return (e.names ?? []).filter((n) => NAME_KINDS.has(n.kind) && n.script !== 'Latn' && !isLatin(n.full));
}

function birthYears(e: Entity): number[] {
  return (e.properties.birthDate ?? []).map((d) => Number(d.slice(0, 4))).filter((y) => Number.isInteger(y) && y > 1800);
}

const KP_WORDS = /korea|chosun|choson|pyongyang|lazarus|kimsuky|andariel|bluenoroff/i;

function isDprk(e: Entity): boolean {
  const programs = e.properties.program ?? [];
  if (programs.some((p) => /^DPRK/i.test(p) || p === "Democratic People's Republic of Korea")) return true;
  if ((e.properties.referents ?? []).some((r) => /^KP[ie]\./.test(r))) return true;
  if (programs.some((p) => /^cyber/i.test(p))) {
    const places = [...(e.properties.nationality ?? []), ...(e.properties.citizenship ?? []), ...(e.properties.country ?? [])];
    if (places.includes('kp')) return true;
    if ([...(e.properties.name ?? []), ...(e.properties.alias ?? [])].some((n) => KP_WORDS.test(n))) return true;
  }
  return false;
}

function toParty(e: Entity): Party {
  return {
    e,
    id: e.id,
    dataset: e.datasets[0] ?? e.id.slice(0, e.id.indexOf('-')),
    person: e.schema === 'Person',
    dprk: isDprk(e),
    latin: latinNames(e),
    native: nativeNames(e),
    years: birthYears(e),
  };
}

// ---------------------------------------------------------------------------------------------
// Linking the same party across lists (for `expected`)

function personKey(text: string): string {
  const k = parseKorean(text);
  if (k) return `K:${koreanKey(k)}`;
  return `P:${looseTokens(text).sort().join(' ')}`;
}

function orgKey(text: string): string {
  return `O:${withoutLegalForms(text).sort().join(' ')}`;
}

function partyKeys(p: Party): string[] {
  const keys = new Set<string>();
  for (const n of p.latin) {
    // with and without a parenthesised part: "FOREIGN TRADE BANK (FTB)", "OCEAN MARITIME ... LIMITED (OMM)"
    for (const text of new Set([n.text, n.text.replace(/\s*\([^)]*\)/g, '').trim()])) {
      const k = p.person ? personKey(text) : orgKey(text);
      if (k.length > 4) keys.add(k);
    }
  }
  return [...keys];
}

function yearsCompatible(a: number[], b: number[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((x) => b.some((y) => Math.abs(x - y) <= 1));
}

/**
 * Parties in other lists with the same name (up to romanization, order and legal form) and no
 * conflicting birth year, plus OpenSanctions referents ("ofac-32733"). Undecidable cases (two
 * different "Kim Chol"s, one without a birth date) are linked: a hit on either is a name alert.
 */
function linkParties(parties: Party[]): Map<string, string[]> {
  const index = new Map<string, Party[]>();
  const keysOf = new Map<string, string[]>();
  for (const p of parties) {
    const keys = partyKeys(p);
    keysOf.set(p.id, keys);
    for (const k of keys) {
      const list = index.get(k) ?? [];
      list.push(p);
      index.set(k, list);
    }
  }
  const byId = new Map(parties.map((p) => [p.id, p]));
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (a === b) return;
    (links.get(a) ?? links.set(a, new Set()).get(a)!).add(b);
    (links.get(b) ?? links.set(b, new Set()).get(b)!).add(a);
  };
  for (const p of parties) {
    for (const k of keysOf.get(p.id)!) {
      for (const q of index.get(k) ?? []) {
        if (q.dataset === p.dataset || q.person !== p.person) continue;
        if (p.person && !yearsCompatible(p.years, q.years)) continue;
        link(p.id, q.id);
      }
    }
    for (const r of p.e.properties.referents ?? []) {
      const m = /^ofac-(\d+)$/.exec(r);
      if (m && byId.has(`us_ofac_sdn-${m[1]}`)) link(p.id, `us_ofac_sdn-${m[1]}`);
    }
  }
  const out = new Map<string, string[]>();
  for (const [id, set] of links) out.set(id, [...set].sort());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers for cases

const RU_COUNTRIES = new Set(['ru', 'by', 'ua', 'kz', 'kg', 'uz', 'tj', 'am', 'az', 'ge', 'md', 'tm']);
const HISPANIC_COUNTRIES = new Set(['es', 'mx', 'co', 've', 'ar', 'pe', 'cl', 'ec', 'bo', 'py', 'uy', 'gt', 'hn', 'sv', 'ni', 'cr', 'pa', 'cu', 'do', 'pr']);
const CHINESE_COUNTRIES = new Set(['cn', 'tw', 'hk', 'mo', 'sg']);

function personContext(p: Party, name: NameRec): PersonContext {
  const places = new Set([...(p.e.properties.nationality ?? []), ...(p.e.properties.citizenship ?? []), ...(p.e.properties.country ?? [])]);
  const scripts = new Set(p.native.map((n) => n.script));
  const words = name.text.split(/\s+/);
  const patronymic = words.some((w) => isPatronymic(w));
  // A Korean name written the Russian way ("Zyon Zin Yon") gets no Russian spelling rules.
  const korean = koreanContext(p) && !patronymic;
  return {
    russian: !korean && ([...places].some((c) => RU_COUNTRIES.has(c)) || scripts.has('Cyrl') || patronymic),
    hispanic: [...places].some((c) => HISPANIC_COUNTRIES.has(c)) || (name.parts ?? []).some((x) => x.type === 'matronymic'),
    chinese: [...places].some((c) => CHINESE_COUNTRIES.has(c)) || scripts.has('Hans') || scripts.has('Hant'),
  };
}

function koreanContext(p: Party): boolean {
  if (p.dprk) return true;
  const places = [...(p.e.properties.nationality ?? []), ...(p.e.properties.citizenship ?? []), ...(p.e.properties.country ?? [])];
  return places.includes('kp') || places.includes('kr');
}

/** Normalized names of each party and of the parties linked to it in other lists (set in main). */
const KNOWN_SPELLINGS = new Map<string, Set<string>>();

/**
 * Is the variant text a different string from every listed name of the party and of the same
 * party in the other lists (ignoring case and punctuation)? A "variant" that is verbatim another
 * list's spelling would test nothing.
 */
function isNewSpelling(p: Party, text: string): boolean {
  const n = normalize(text);
  if (n === '') return false;
  return !(KNOWN_SPELLINGS.get(p.id) ?? new Set(p.latin.map((x) => normalize(x.text)))).has(n);
}

const DROP_PROPS = new Set(['sourceUrl', 'authority', 'topics', 'remarks', 'sanctionsList', 'listingDate', 'referents']);
const NAME_PROPS = new Set(['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'lastName', 'middleName', 'patronymic', 'matronymic']);

/** A listed entity as a compare candidate: its schema and properties (list bookkeeping dropped). */
function asRecord(e: Entity, latinOnly = false): Query {
  const properties: Record<string, string[]> = {};
  for (const [k, values] of Object.entries(e.properties)) {
    if (DROP_PROPS.has(k) || !values) continue;
    const kept = latinOnly && NAME_PROPS.has(k) ? values.filter((v) => isLatin(v)) : values;
    if (kept.length > 0) properties[k] = [...kept];
  }
  return { schema: e.schema, properties };
}

function koreanVariantText(rng: Rng, p: Party, k: KoreanName, spec?: KoreanVariantSpec): Variant | undefined {
  for (let attempt = 0; attempt < 12; attempt++) {
    const s = spec ?? randomKoreanSpec(rng);
    const v = writeKorean(rng, k, s);
    if (isNewSpelling(p, v.text) && v.changes.length > 0) return { text: v.text, changes: v.changes };
  }
  return undefined;
}

/** A variant of one of the party's names; persons with Korean names get romanization variants. */
function nameVariant(rng: Rng, p: Party, opts: { forcePerson?: PersonOp[]; forceOrg?: OrgOp[]; name?: NameRec } = {}): (Variant & { source: NameRec }) | undefined {
  const names = p.latin.filter((n) => n.kind !== 'weakAlias');
  if (names.length === 0) return undefined;
  for (let attempt = 0; attempt < 8; attempt++) {
    const source = opts.name ?? (rng.chance(0.65) || names.length === 1 ? names[0]! : rng.pick(names.slice(1)));
    let v: Variant | undefined;
    if (p.person) {
      const k = koreanContext(p) && !opts.forcePerson ? parseKorean(source.text) : undefined;
      if (k) v = koreanVariantText(rng, p, k);
      else {
        const tokens: NameToken[] = personTokens(source.parts, source.text);
        // A Korean-looking name the parser could not settle ("IL PAK CHUN"): no dropped words and
        // no typos, which could remove or change a syllable and so make another person's name.
        // DPRK-list names that are not parsed as Korean are still mostly Korean (or Chinese):
        // dropping a word there drops a syllable, so only Russian patronymics are dropped.
        const ctx = personContext(p, source);
        const exclude = new Set<PersonOp>();
        if (looksKorean(source.text)) ['drop-middle', 'typo'].forEach((o) => exclude.add(o as PersonOp));
        if (koreanContext(p) && !ctx.russian) exclude.add('drop-middle');
        if (koreanContext(p) && letterCount(source.text) < 15) exclude.add('typo');
        v = personVariant(rng, tokens, ctx, opts.forcePerson, [...exclude]);
        if (v && !v.changes.includes('family name first')) {
          const natural = tokens.map((t) => t.text).join(' ');
          if (normalize(natural) !== normalize(source.text)) v = { ...v, changes: ['given name first', ...v.changes] };
        }
      }
    } else {
      // Korean words are re-romanized only in North Korean organisations' names, not in the
      // Chinese, Russian... companies of the DPRK programmes ("Dandong", "Jinhou").
      const countries = p.e.properties.country ?? [];
      const northKorean = p.dprk && (countries.includes('kp') || p.latin.some((n) => KP_WORDS.test(n.text)));
      v = orgVariant(rng, source.text, { romanize: northKorean ? romanizeOrgWord : undefined }, opts.forceOrg);
    }
    if (v && isNewSpelling(p, v.text)) return { ...v, source };
  }
  return undefined;
}

/** Every word romanized Korean and at least one a Korean family name. */
function looksKorean(text: string): boolean {
  const words = normalize(text.replace(/'/g, '')).split(' ');
  return words.some((w) => isKoreanSurname(w)) && words.every((w) => isRomanizedSyllable(w) || segment(w) !== undefined);
}

// English (and transliterated Russian) words of organisation names that look like romanized
// Korean syllables but are not: never rewritten as Korean.
const NOT_KOREAN = new Set(
  (
    'korea korean general marine bank trading corporation company limited ministry people joint venture academy energy union ' +
    'industry industrial national international machinery military maritime mining natural office center centre studio army ' +
    'external central defense defence technical commercial computer bridge animation north east south west united insurance global ' +
    'banking second strategic cooperation reconnaissance investment land ocean senat propaganda agitation guidance overseas first ' +
    'electronics sciences institute atomic space force democratic republic agency asia administration economic freight expo european ' +
    'automation rocket leader green pine resources organization project companies art exploration forces sun metal holdings command ' +
    'crude world pro gain logistics network internet falcon eastern research royal operation chemical division unit sea crew hill ' +
    'public trust services materials unity beijing design college camp golden new progress support fortuna machine tool complex ' +
    'equipment science finance munitions aerospace chemicals private food bright gold grand victory air prison farming labor planning ' +
    'affairs mineral transatlantic partners projects architectural agricultural gorgeous brilliance transportation transport economy ' +
    'cooperative petroleum electronic glory oriental treasure liberty patriot neptun bella bogatyr partizan sevastopol singapore good ' +
    'siblings lucky calm exchange cultural media april children film scientific education city breeze port fine white tiger arts ' +
    'border guard everlasting empire holding three line one point congo political surveillance signal intelligence team information ' +
    'consulting engineering partnership pioneer real estate settlement systems nuclear petrel regent care exhibition administrative ' +
    'supplies third floor plant solid tools shipping ship management technology development department group the of and for ' +
    'bureau hong kong commission maritime moon sun star dalian beijing dandong shenyang shanghai china hongkong jade'
  ).split(' '),
);

/** Another romanization of a Korean word in an organisation name ("Daesong" -> "Taesong", "Myongdok" -> "Myeongdeok"). */
function romanizeOrgWord(rng: Rng, word: string): string | undefined {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/i.test(word) || NOT_KOREAN.has(w) || w.length < 4) return undefined;
  const syllables = isRomanizedSyllable(w) ? [w] : segment(w);
  if (!syllables || syllables.length > 4 || !syllables.every(isKnownKoreanSyllable)) return undefined;
  let changed = false;
  const initial = (x: string) => /^(tch|ch|kk|tt|pp|ss|jj|th|kh|ph|sh|[kgntdrlmbpsjhwy])?/.exec(x)![0];
  const out = syllables.map((s, i) => {
    // Inside a word only the vowel spelling changes ("Myongdok" -> "Myeongdeok"): a medial
    // consonant is written the same in MR and RR after a vowel or nasal ("Taedong"/"Daedong").
    const family = syllableFamilyOf(s).filter((x, k) => k === 0 || i === 0 || initial(x) === initial(s));
    if (family.length > 1 && rng.chance(0.7)) {
      changed = true;
      return rng.pick(family.slice(1));
    }
    return s;
  });
  if (!changed) return undefined;
  const joined = out.join('');
  return word === word.toUpperCase() ? joined.toUpperCase() : capitalize(joined);
}

function withBirthDate(rng: Rng, p: Party, properties: Record<string, string[]>, changes: string[], rate: number): void {
  const dob = p.e.properties.birthDate?.[0];
  if (!dob || !rng.chance(rate)) return;
  if (dob.length > 4 && rng.chance(0.5)) {
    properties.birthDate = [dob];
    changes.push('with birth date');
  } else {
    properties.birthDate = [dob.slice(0, 4)];
    changes.push('with birth year');
  }
}

function querySchema(rng: Rng, p: Party): string {
  if (p.person) return 'Person';
  if (p.e.schema !== 'Organization' && p.e.schema !== 'Company') return p.e.schema;
  const r = rng.next();
  return r < 0.7 ? p.e.schema : r < 0.85 ? 'Company' : 'LegalEntity';
}

// ---------------------------------------------------------------------------------------------
// Screen categories

type Draft = Omit<ScreenCase, 'id' | 'category'>;

function variantCases(rng: Rng, p: Party, expected: string[], count: number): Draft[] {
  const out: Draft[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; out.length < count && attempt < count * 6; attempt++) {
    const v = nameVariant(rng, p);
    if (!v) break;
    const key = normalize(v.text);
    if (seen.has(key)) continue;
    seen.add(key);
    const properties: Record<string, string[]> = { name: [v.text] };
    const changes = [...v.changes];
    if (p.person) withBirthDate(rng, p, properties, changes, 0.3);
    const schema = querySchema(rng, p);
    if (schema !== p.e.schema) changes.push(`schema ${schema}`);
    const from = v.source.kind === 'name' ? '' : ` (from ${v.source.kind} "${v.source.text}")`;
    out.push({ schema, properties, expected, note: changes.join('; ') + from });
  }
  return out;
}

function dprkVariants(rng: Rng, parties: Party[], expectedOf: (p: Party) => string[]): Draft[] {
  const out: Draft[] = [];
  for (const p of parties) {
    if (!p.dprk || (p.e.schema !== 'Person' && p.e.schema !== 'Organization' && p.e.schema !== 'Company')) continue;
    out.push(...variantCases(rng.fork(p.id), p, expectedOf(p), p.person ? 3 : 2));
  }
  return out;
}

function listedVariants(rng: Rng, parties: Party[], expectedOf: (p: Party) => string[]): Draft[] {
  const quotas: { dataset: string; person: boolean; n: number }[] = [
    { dataset: 'us_ofac_sdn', person: true, n: 150 },
    { dataset: 'us_ofac_sdn', person: false, n: 90 },
    { dataset: 'un_sc_sanctions', person: true, n: 45 },
    { dataset: 'un_sc_sanctions', person: false, n: 20 },
    { dataset: 'gb_fcdo_sanctions', person: true, n: 60 },
    { dataset: 'gb_fcdo_sanctions', person: false, n: 25 },
    { dataset: 'us_ofac_cons', person: false, n: 10 },
  ];
  const out: Draft[] = [];
  for (const q of quotas) {
    const pool = rng.shuffle(
      parties.filter((p) => !p.dprk && p.dataset === q.dataset && p.person === q.person && (p.e.schema === 'Person' || p.e.schema === 'Organization' || p.e.schema === 'Company')),
    );
    let taken = 0;
    for (const p of pool) {
      if (taken >= q.n) break;
      const cases = variantCases(rng.fork(p.id), p, expectedOf(p), 2);
      if (cases.length === 0) continue;
      out.push(...cases);
      taken++;
    }
  }
  return out;
}

const RARE_SCRIPTS = new Set(['Kore', 'Hang', 'Hani', 'Jpan', 'Hans', 'Hant', 'Grek', 'Hebr', 'Armn', 'Geor', 'Kana', 'Thai']);

/**
 * native_script measures transliteration. A documented native-script name of a listed person finds
 * itself verbatim in a screen, which measures nothing; so each is compared (`vigil compare`)
 * against the person's record with every non-Latin name removed. Organisations are left out: their
 * native names are translations ("金三角银行" / "Golden Triangle Bank"). The screen cases keep only
 * queries that are not a listed name: Hangul written from the MR romanization of DPRK persons that
 * the lists give only in Latin letters.
 */
function nativeScript(rng: Rng, parties: Party[], expectedOf: (p: Party) => string[]): { cases: Draft[]; pairs: PairDraft[]; hangulCheck: Record<string, number> } {
  const out: Draft[] = [];
  const pairs: PairDraft[] = [];
  const documented: { p: Party; n: EntityName }[] = [];
  for (const p of parties) {
    if (!p.person || p.latin.length === 0) continue;
    const byScript = new Map<string, EntityName>();
    for (const n of p.native) if (!byScript.has(n.script)) byScript.set(n.script, n);
    for (const n of byScript.values()) documented.push({ p, n });
  }
  const rare = documented.filter((d) => RARE_SCRIPTS.has(d.n.script));
  const cyrl = rng.sample(documented.filter((d) => d.n.script === 'Cyrl'), 250);
  const arab = rng.sample(documented.filter((d) => d.n.script === 'Arab'), 250);
  const chosen = [...rare, ...cyrl, ...arab].sort((a, b) => (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : a.n.script.localeCompare(b.n.script)));
  for (const { p, n } of chosen) {
    const r = rng.fork(`${p.id}/${n.script}`);
    let text = n.full.trim();
    let note = `documented ${n.script} name, verbatim`;
    if ((n.script === 'Kore' || n.script === 'Hang') && /\s/.test(text) && r.chance(0.6)) {
      text = text.replace(/\s+/g, '');
      note = `documented ${n.script} name, written without spaces`;
    } else if (['Hans', 'Hant', 'Hani', 'Jpan'].includes(n.script) && /\s/.test(text) && r.chance(0.4)) {
      text = text.replace(/\s+/g, '');
      note = `documented ${n.script} name, written without spaces`;
    } else if (n.script === 'Cyrl' && p.person && n.parts.some((x) => x.type === 'last') && n.parts.some((x) => x.type === 'first') && r.chance(0.4)) {
      const order = ['first', 'middle', 'patronymic', 'last'];
      const natural = [...n.parts].filter((x) => order.includes(x.type)).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
      const t = natural.map((x) => x.value).join(' ');
      if (t !== text) {
        text = t;
        note = 'documented Cyrl name, given name first';
      }
    } else if (n.script === 'Cyrl' && r.chance(0.25)) {
      const t = text === text.toUpperCase() ? titleCase(text.toLowerCase()) : text.toUpperCase();
      if (t !== text) {
        text = t;
        note = 'documented Cyrl name, case changed';
      }
    }
    pairs.push({ query: { schema: 'Person', properties: { name: [text] } }, candidate: asRecord(p.e, true), label: true, kind: n.script, note: `${note}; vs the record of ${p.id} with its non-Latin names removed` });
  }
  // The hard direction: Hangul written from the MR romanization of DPRK names the list gives only
  // in Latin letters, with a table of syllables whose Hangul is unambiguous in names. The table is
  // checked against the names OFAC does give in Hangul.
  const hangulCheck = { agree: 0, disagree: 0, notCovered: 0, generated: 0 };
  for (const p of parties) {
    const hangul = p.native.find((n) => n.script === 'Kore' || n.script === 'Hang');
    if (!hangul || !p.person) continue;
    const k = p.latin[0] && parseKorean(p.latin[0].text);
    const h = k ? toHangul(k) : undefined;
    if (!h) hangulCheck.notCovered++;
    else if (h.family + h.given === hangul.full.replace(/\s+/g, '')) hangulCheck.agree++;
    else hangulCheck.disagree++;
  }
  for (const p of parties) {
    if (!p.dprk || !p.person || p.native.some((n) => n.script === 'Kore' || n.script === 'Hang')) continue;
    const source = p.latin[0];
    const k = source ? parseKorean(source.text) : undefined;
    const h = k ? toHangul(k) : undefined;
    if (!h || !source) continue;
    const r = rng.fork(`hangul/${p.id}`);
    const text = r.chance(0.7) ? h.family + h.given : `${h.family} ${h.given}`;
    out.push({ schema: 'Person', properties: { name: [text] }, expected: expectedOf(p), note: `generated Hangul from the MR name "${source.text}" (the list has no Hangul for it)` });
    hangulCheck.generated++;
  }
  return { cases: out, pairs, hangulCheck };
}

// Crypto addresses -----------------------------------------------------------------------------

type AddressClass = 'evm' | 'bech32' | 'cashaddr' | 'base58' | 'hex';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const HEX = '0123456789abcdef';

function addressClass(a: string): AddressClass {
  if (/^0x[0-9a-f]{40}$/i.test(a)) return 'evm';
  if (/^(bc1|ltc1|bnb1|tb1)[02-9ac-hj-np-z]+$/.test(a)) return 'bech32';
  if (/^[qp][02-9ac-hj-np-z]{41}$/.test(a)) return 'cashaddr';
  if (/^[0-9a-f]{64}$/i.test(a)) return 'hex';
  return 'base58';
}

/** The form an address is compared in: case-insensitive formats lower-cased. */
function addressKey(a: string): string {
  const c = addressClass(a);
  return c === 'base58' ? a : a.toLowerCase();
}

const URI_SCHEMES: Record<string, string> = { XBT: 'bitcoin', ETH: 'ethereum', LTC: 'litecoin', BCH: 'bitcoincash', USDC: 'ethereum', ETC: 'ethereum' };

function walletCases(rng: Rng, wallets: Entity[]): { positives: Draft[]; nearMisses: Draft[] } {
  const holders = new Map<string, { holders: Set<string>; currencies: Set<string> }>();
  for (const w of wallets) {
    const address = w.properties.publicKey?.[0];
    if (!address) continue;
    const entry = holders.get(address) ?? { holders: new Set(), currencies: new Set() };
    for (const h of w.properties.holder ?? []) entry.holders.add(h);
    for (const c of w.properties.currency ?? []) entry.currencies.add(c);
    holders.set(address, entry);
  }
  const addresses = [...holders.keys()].sort();
  const listedKeys = new Set(addresses.map(addressKey));
  const positives: Draft[] = [];
  addresses.forEach((address, i) => {
    const { holders: hs, currencies } = holders.get(address)!;
    const cls = addressClass(address);
    const currency = [...currencies].sort()[0]!;
    const forms: { text: string; note: string }[] = [{ text: address, note: 'verbatim' }];
    const scheme = cls === 'evm' ? 'ethereum' : URI_SCHEMES[currency];
    if (scheme) forms.push({ text: `${scheme}:${address}`, note: `URI ${scheme}:` });
    forms.push({ text: `  ${address} `, note: 'surrounding spaces' });
    if (cls === 'evm') {
      forms.push({ text: address.toLowerCase(), note: 'EVM all lower case' });
      forms.push({ text: `0x${address.slice(2).toUpperCase()}`, note: 'EVM hex upper case' });
    }
    if (cls === 'bech32' || cls === 'cashaddr') forms.push({ text: address.toUpperCase(), note: `${cls} upper case` });
    const form = forms[i % forms.length]!;
    positives.push({
      schema: 'CryptoWallet',
      properties: { publicKey: [form.text] },
      expected: [...hs].sort(),
      note: `${currency} ${cls} address, ${form.note}`,
    });
  });
  const nearMisses: Draft[] = [];
  for (const address of rng.sample(addresses, 300).sort()) {
    const r = rng.fork(address);
    const cls = addressClass(address);
    const currency = [...holders.get(address)!.currencies].sort()[0]!;
    const kinds: ('changed' | 'dropped' | 'case')[] = ['changed', 'dropped'];
    if (cls === 'base58') kinds.push('case');
    for (const kind of kinds) {
      const miss = nearMiss(r, address, cls, kind);
      if (!miss || listedKeys.has(addressKey(miss)) || addressKey(miss) === addressKey(address)) continue;
      nearMisses.push({ schema: 'CryptoWallet', properties: { publicKey: [miss] }, expected: [], note: `${currency} ${cls} address with one character ${kind === 'case' ? "letter's case flipped" : kind}; listed: ${address}` });
    }
  }
  return { positives, nearMisses };
}

function nearMiss(rng: Rng, address: string, cls: AddressClass, kind: 'changed' | 'dropped' | 'case'): string | undefined {
  const start = cls === 'evm' ? 2 : cls === 'bech32' ? address.indexOf('1') + 1 : cls === 'cashaddr' ? 1 : 2;
  const positions = [...Array(address.length).keys()].filter((i) => i >= start);
  if (kind === 'dropped') {
    const i = rng.pick(positions);
    return address.slice(0, i) + address.slice(i + 1);
  }
  if (kind === 'changed') {
    const alphabet = cls === 'evm' || cls === 'hex' ? HEX : cls === 'bech32' || cls === 'cashaddr' ? BECH32 : BASE58;
    const i = rng.pick(positions);
    const current = address[i]!;
    const options = [...alphabet].filter((c) => c.toLowerCase() !== current.toLowerCase());
    let c = rng.pick(options);
    if (cls === 'evm' && current !== current.toLowerCase()) c = c.toUpperCase();
    return address.slice(0, i) + c + address.slice(i + 1);
  }
  const flippable = positions.filter((i) => {
    const ch = address[i]!;
    const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    return flipped !== ch && BASE58.includes(flipped);
  });
  if (flippable.length === 0) return undefined;
  const i = rng.pick(flippable);
  const ch = address[i]!;
  return address.slice(0, i) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + address.slice(i + 1);
}

// Emails ---------------------------------------------------------------------------------------

function emailCases(rng: Rng, parties: Party[]): { positives: Draft[]; nearMisses: Draft[] } {
  const holders = new Map<string, { text: string; holders: Set<string> }>();
  for (const p of parties) {
    for (const email of p.e.properties.email ?? []) {
      const e = email.trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) continue;
      const key = e.toLowerCase();
      const entry = holders.get(key) ?? { text: e, holders: new Set<string>() };
      entry.holders.add(p.id);
      holders.set(key, entry);
    }
  }
  const keys = [...holders.keys()].sort();
  const positives: Draft[] = [];
  keys.forEach((key, i) => {
    const { text, holders: hs } = holders.get(key)!;
    const [local, domain] = text.split('@') as [string, string];
    const forms = [
      { text, note: 'verbatim' },
      { text: text.toUpperCase(), note: 'upper case' },
      { text: `${capitalize(local)}@${capitalize(domain)}`, note: 'capitalised' },
      { text: ` ${text}  `, note: 'surrounding spaces' },
      { text: `${local.toUpperCase()}@${domain}`, note: 'local part upper case' },
    ];
    const form = forms[i % forms.length]!;
    positives.push({ schema: 'LegalEntity', properties: { email: [form.text] }, expected: [...hs].sort(), note: `listed email, ${form.note}` });
  });
  const nearMisses: Draft[] = [];
  for (const key of keys) {
    const r = rng.fork(key);
    const at = key.indexOf('@');
    const lastDot = key.lastIndexOf('.');
    for (let attempt = 0; attempt < 10; attempt++) {
      // a letter or digit of the local part, or of the domain before its top-level part
      const positions = [...Array(key.length).keys()].filter((i) => (i < at || (i > at && i < lastDot)) && /[a-z0-9]/.test(key[i]!));
      const i = r.pick(positions);
      const current = key[i]!;
      const alphabet = /[0-9]/.test(current) ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz';
      const c = r.pick([...alphabet].filter((x) => x !== current));
      const miss = key.slice(0, i) + c + key.slice(i + 1);
      if (holders.has(miss)) continue;
      nearMisses.push({ schema: 'LegalEntity', properties: { email: [miss] }, expected: [], note: `one character changed (${i < at ? 'local part' : 'domain'}); listed: ${key}` });
      break;
    }
  }
  return { positives, nearMisses };
}

// Ordinary names (negatives) ---------------------------------------------------------------------

interface ListedIndex {
  exact: Set<string>;
  sortedLoose: Set<string>;
  korean: KoreanName[];
  /** loose token lists of listed person names, by token */
  personByToken: Map<string, string[][]>;
  orgByToken: Map<string, string[][]>;
}

function listedIndex(parties: Party[]): ListedIndex {
  const idx: ListedIndex = { exact: new Set(), sortedLoose: new Set(), korean: [], personByToken: new Map(), orgByToken: new Map() };
  for (const p of parties) {
    const all = [...p.latin.map((n) => n.text), ...(p.e.properties.weakAlias ?? [])];
    for (const text of all) {
      idx.exact.add(normalize(text));
      if (p.person) {
        const loose = looseTokens(text);
        idx.sortedLoose.add([...loose].sort().join(' '));
        for (const t of new Set(loose)) (idx.personByToken.get(t) ?? idx.personByToken.set(t, []).get(t)!).push(loose);
        const k = parseKorean(text);
        if (k) idx.korean.push(k);
      } else {
        const words = withoutLegalForms(text);
        idx.sortedLoose.add([...words].sort().join(' '));
        for (const t of new Set(words)) (idx.orgByToken.get(t) ?? idx.orgByToken.set(t, []).get(t)!).push(words);
      }
    }
  }
  return idx;
}

/** Every word of `a` pairs with a distinct word of `b` at edit distance <= 1 (<= 2 for words of 8+ letters). */
function nearlySameWords(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const used = new Set<number>();
  for (const w of a) {
    const j = b.findIndex((x, k) => !used.has(k) && (x === w || editDistance(x, w) <= (Math.min(x.length, w.length) >= 8 ? 2 : 1)));
    if (j < 0) return false;
    used.add(j);
  }
  return true;
}

/** Why this ordinary name is too close to a listed name to serve as a negative, or undefined. */
function collision(n: OrdinaryName, idx: ListedIndex): string | undefined {
  if (idx.exact.has(normalize(n.text))) return 'equals a listed name';
  if (n.schema === 'Person') {
    if (n.korean || parseKorean(n.text)) {
      const k: KoreanName = n.korean
        ? { surname: n.korean.surname, given: n.korean.given.flatMap((g) => segment(g) ?? [g]), opaque: new Set(), givenFirst: false }
        : parseKorean(n.text)!;
      if (idx.korean.some((l) => sameKoreanSyllablesAnyOrder(k, l))) return 'same Korean name as a listed one up to romanization';
      // A Korean name one syllable away from a listed one is another person's name (domain.md
      // section 3): such near names stay in the set as the hardest negatives.
      if (n.korean) return idx.sortedLoose.has([...looseTokens(n.text)].sort().join(' ')) ? 'same words as a listed name' : undefined;
    }
    const loose = looseTokens(n.text);
    if (idx.sortedLoose.has([...loose].sort().join(' '))) return 'same words as a listed name';
    const candidates = new Set<string[]>();
    for (const t of loose) for (const l of idx.personByToken.get(t) ?? []) candidates.add(l);
    for (const l of candidates) {
      const set = new Set(l);
      if (loose.length >= 2 && loose.every((t) => set.has(t)) && l.length <= loose.length + 1) return 'contained in a listed name';
      if (nearlySameWords(loose, l)) return 'nearly the same words as a listed name';
    }
    return undefined;
  }
  const words = withoutLegalForms(n.text);
  if (idx.sortedLoose.has([...words].sort().join(' '))) return 'same words as a listed name';
  const candidates = new Set<string[]>();
  for (const t of words) for (const l of idx.orgByToken.get(t) ?? []) candidates.add(l);
  for (const l of candidates) {
    const set = new Set(l);
    if (words.every((t) => set.has(t)) && l.length <= words.length + 1) return 'contained in a listed name';
    if (nearlySameWords(words, l)) return 'nearly the same words as a listed name';
  }
  return undefined;
}

function ordinaryCases(rng: Rng, parties: Party[]): { cases: Draft[]; dropped: Record<string, number>; droppedExamples: string[] } {
  const idx = listedIndex(parties);
  const names = ordinaryNames(rng, 75, 90, 320);
  const dropped: Record<string, number> = {};
  const droppedExamples: string[] = [];
  const cases: Draft[] = [];
  for (const n of names) {
    const why = collision(n, idx);
    if (why) {
      dropped[why] = (dropped[why] ?? 0) + 1;
      if (droppedExamples.length < 40) droppedExamples.push(`${n.text} (${why})`);
      continue;
    }
    const properties: Record<string, string[]> = { name: [n.text] };
    const r = rng.fork(n.text);
    let note = `ordinary ${n.origin} name`;
    if (n.schema === 'Person' && r.chance(0.4)) {
      const year = r.range(1950, 2004);
      properties.birthDate = [r.chance(0.5) ? String(year) : `${year}-${String(r.range(1, 12)).padStart(2, '0')}-${String(r.range(1, 28)).padStart(2, '0')}`];
      note += ', with birth date';
    }
    cases.push({ schema: n.schema, properties, expected: [], note });
  }
  return { cases, dropped, droppedExamples };
}

// ---------------------------------------------------------------------------------------------
// Hard pairs for `compare`

type PairDraft = Omit<PairCase, 'id' | 'category'>;

function hardPairs(rng: Rng, parties: Party[], linked: Map<string, string[]>): PairDraft[] {
  const out: PairDraft[] = [];
  const persons = parties.filter((p) => p.person && p.latin.length > 0);
  const koreanPersons = persons
    .filter((p) => p.dprk)
    .map((p) => ({ p, k: parseKorean(p.latin[0]!.text) }))
    .filter((x): x is { p: Party; k: KoreanName } => x.k !== undefined);
  const add = (kind: string, label: boolean, query: Query, candidate: Party | Query, note: string, latinOnly = false) => {
    const cand = 'e' in candidate ? asRecord(candidate.e, latinOnly) : candidate;
    out.push({ query, candidate: cand, label, kind, note });
  };
  const take = <T>(label: string, items: T[], n: number) => rng.fork(label).sample(items, n);

  // TRUE: Korean romanization variants (RR, surname spelling, order, joined given names).
  for (const { p, k } of take('kr_rom', koreanPersons, 80)) {
    const r = rng.fork(`kr_rom/${p.id}`);
    const spec: KoreanVariantSpec = { ...randomKoreanSpec(r), syllables: r.pick(['other-standard', 'popular'] as const) };
    const v = koreanVariantText(r, p, k, spec);
    if (!v || !v.changes.some((c) => c.includes('syllable') || c.startsWith('surname'))) continue;
    add('kr_romanization', true, { schema: 'Person', properties: { name: [v.text] } }, p, `same person: ${v.changes.join('; ')} (listed "${p.latin[0]!.text}")`);
  }
  // TRUE: partial birth date compatible with the listed one.
  for (const p of take('partial_dob', persons.filter((x) => (x.e.properties.birthDate ?? []).some((d) => d.length === 10)), 30)) {
    const r = rng.fork(`partial_dob/${p.id}`);
    const v = nameVariant(r, p);
    const dob = p.e.properties.birthDate!.find((d) => d.length === 10)!;
    const partial = r.chance(0.6) ? dob.slice(0, 4) : dob.slice(0, 7);
    const text = v?.text ?? p.latin[0]!.text;
    add('partial_dob', true, { schema: 'Person', properties: { name: [text], birthDate: [partial] } }, p, `same person, birth date given as ${partial} (listed ${dob})${v ? `; ${v.changes.join('; ')}` : ''}`);
  }
  // TRUE: a documented native-script name against the record stripped to its Latin names. Persons
  // only: an organisation's native name is usually a translation ("金三角银行" / "Golden Triangle
  // Bank"), which no transliteration can bridge.
  const withNative = parties.filter((p) => p.person && p.native.length > 0 && p.latin.length > 0);
  const nativeBy = (scripts: string[], n: number, label: string) =>
    take(label, withNative.filter((p) => p.native.some((x) => scripts.includes(x.script))), n).forEach((p) => {
      const name = p.native.find((x) => scripts.includes(x.script))!;
      add('script', true, { schema: p.e.schema, properties: { name: [name.full] } }, p, `same person: documented ${name.script} name vs the record's Latin names`, true);
    });
  nativeBy(['Cyrl'], 12, 'script_cyrl');
  nativeBy(['Arab'], 8, 'script_arab');
  nativeBy(['Hans', 'Hant', 'Hani'], 6, 'script_han');
  nativeBy(['Kore', 'Hang'], 6, 'script_kore');
  for (const { p, k } of take('script_gen', koreanPersons.filter(({ p }) => !p.native.length), 40)) {
    const h = toHangul(k);
    if (!h || out.filter((x) => x.kind === 'script_generated').length >= 10) continue;
    add('script_generated', true, { schema: 'Person', properties: { name: [h.family + h.given] } }, p, `same person: Hangul written from the MR name "${p.latin[0]!.text}"`);
  }
  // TRUE: Russian patronymic dropped (with a transliteration change now and then).
  const russians = persons.filter((p) => p.latin.some((n) => (n.parts ?? []).some((x) => x.type === 'middle' && isPatronymic(x.value))));
  for (const p of take('patronymic', russians, 30)) {
    const r = rng.fork(`patronymic/${p.id}`);
    const name = p.latin.find((n) => (n.parts ?? []).some((x) => x.type === 'middle' && isPatronymic(x.value)))!;
    const ops: PersonOp[] = r.chance(0.5) ? ['drop-middle', 'translit'] : ['drop-middle'];
    const v = nameVariant(r, p, { forcePerson: ops, name });
    if (!v) continue;
    add('patronymic', true, { schema: 'Person', properties: { name: [v.text] } }, p, `same person: ${v.changes.join('; ')} (listed "${name.text}")`);
  }
  // TRUE: transliteration families (Russian and Arabic spellings, Abd al-, al-).
  const translitPool = persons.filter((p) => !p.dprk);
  let translit = 0;
  for (const p of rng.fork('translit').shuffle(translitPool)) {
    if (translit >= 40) break;
    const r = rng.fork(`translit/${p.id}`);
    const v = nameVariant(r, p, { forcePerson: [r.pick(['translit', 'translit', 'abd', 'article'] as const)] });
    if (!v) continue;
    add('transliteration', true, { schema: 'Person', properties: { name: [v.text] } }, p, `same person: ${v.changes.join('; ')} (listed "${v.source.text}")`);
    translit++;
  }
  // TRUE: one typing error in a long name.
  let typos = 0;
  for (const p of rng.fork('typo').shuffle(parties.filter((x) => x.latin.length > 0 && !x.dprk && (x.person || x.e.schema === 'Organization')))) {
    if (typos >= 30) break;
    const r = rng.fork(`typo/${p.id}`);
    const v = nameVariant(r, p, p.person ? { forcePerson: ['typo'] } : { forceOrg: ['typo'] });
    if (!v) continue;
    add('typo', true, { schema: p.e.schema, properties: { name: [v.text] } }, p, `same party: ${v.changes.join('; ')} (listed "${v.source.text}")`);
    typos++;
  }
  // TRUE: legal-form variants of organisations.
  let forms = 0;
  for (const p of rng.fork('legal').shuffle(parties.filter((x) => x.e.schema === 'Organization' && x.latin.length > 0))) {
    if (forms >= 30) break;
    const r = rng.fork(`legal/${p.id}`);
    const v = nameVariant(r, p, { forceOrg: [r.chance(0.7) ? 'legal-form' : 'legal-form-dropped'] });
    if (!v) continue;
    add('legal_form', true, { schema: r.chance(0.5) ? 'Company' : 'Organization', properties: { name: [v.text] } }, p, `same organisation: ${v.changes.join('; ')} (listed "${v.source.text}")`);
    forms++;
  }
  // TRUE: word order of non-Korean names.
  let orders = 0;
  for (const p of rng.fork('order').shuffle(persons.filter((x) => !x.dprk && x.latin[0]!.text.split(' ').length >= 2))) {
    if (orders >= 10) break;
    const v = nameVariant(rng.fork(`order/${p.id}`), p, { forcePerson: ['order'] });
    if (!v) continue;
    add('order', true, { schema: 'Person', properties: { name: [v.text] } }, p, `same person: ${v.changes.join('; ')} (listed "${v.source.text}")`);
    orders++;
  }

  // FALSE: Korean names one given-name syllable apart (Kim Jong Un / Kim Jong Il).
  let oneSyllable = 0;
  for (const { p, k } of rng.fork('kr_syl').shuffle(koreanPersons)) {
    if (oneSyllable >= 60) break;
    const r = rng.fork(`kr_syl/${p.id}`);
    const positions = k.given.map((_, i) => i).filter((i) => !k.opaque.has(i));
    if (positions.length === 0) continue;
    const i = r.pick(positions);
    const replacement = r.pick(COMMON_GIVEN_SYLLABLES.filter((s) => !compatibleSyllables(s, k.given[i]!) && !k.given.some((g) => compatibleSyllables(g, s))));
    const other: KoreanName = { ...k, given: k.given.map((g, j) => (j === i ? replacement : g)) };
    if (p.latin.some((n) => {
      const pk = parseKorean(n.text);
      return pk !== undefined && sameKoreanName(pk, other);
    })) continue;
    const spec: KoreanVariantSpec = { syllables: 'keep', surname: 'keep', format: r.pick(['spaced', 'hyphen', 'hyphen-caps'] as const), order: k.givenFirst ? 'given-first' : 'family-first', caseStyle: 'title' };
    const text = writeKorean(r, other, spec).text;
    add('kr_one_syllable', false, { schema: 'Person', properties: { name: [text] } }, p, `different person: given-name syllable "${capitalize(k.given[i]!)}" -> "${capitalize(replacement)}" (listed "${p.latin[0]!.text}")`);
    oneSyllable++;
  }
  // FALSE: same given name, different family name.
  const SURNAMES = ['kim', 'ri', 'pak', 'choe', 'jong', 'kang', 'jo', 'yun', 'jang', 'han', 'rim', 'sin', 'o', 'so', 'hwang', 'an', 'song', 'ryu', 'hong', 'jon', 'ko', 'mun', 'yang', 'paek', 'nam'];
  let surnameSwaps = 0;
  for (const { p, k } of rng.fork('kr_sur').shuffle(koreanPersons)) {
    if (surnameSwaps >= 20) break;
    const r = rng.fork(`kr_sur/${p.id}`);
    const surname = r.pick(SURNAMES.filter((s) => !compatibleSurnames(s, k.surname)));
    const other: KoreanName = { ...k, surname };
    const text = writeKorean(r, other, { syllables: 'keep', surname: 'keep', format: 'spaced', order: k.givenFirst ? 'given-first' : 'family-first', caseStyle: 'title' }).text;
    add('kr_other_surname', false, { schema: 'Person', properties: { name: [text] } }, p, `different person: family name ${capitalize(k.surname)} -> ${capitalize(surname)} (listed "${p.latin[0]!.text}")`);
    surnameSwaps++;
  }
  // FALSE: the two given-name syllables in the other order (철수 vs 수철: another name).
  let swaps = 0;
  for (const { p, k } of rng.fork('kr_swap').shuffle(koreanPersons)) {
    if (swaps >= 10) break;
    if (k.given.length !== 2 || k.opaque.size > 0 || compatibleSyllables(k.given[0]!, k.given[1]!)) continue;
    const other: KoreanName = { ...k, given: [k.given[1]!, k.given[0]!] };
    if (p.latin.some((n) => {
      const pk = parseKorean(n.text);
      return pk !== undefined && sameKoreanName(pk, other);
    })) continue;
    const text = writeKorean(rng, other, { syllables: 'keep', surname: 'keep', format: 'spaced', order: 'family-first', caseStyle: 'title' }).text;
    add('kr_syllable_order', false, { schema: 'Person', properties: { name: [text] } }, p, `different person: given-name syllables in the other order, a different Korean name (listed "${p.latin[0]!.text}")`);
    swaps++;
  }
  // FALSE: same name, birth dates far apart; father and son 25 years apart.
  const dated = persons.filter((p) => (p.e.properties.birthDate ?? []).some((d) => d.length === 10) && p.years.length > 0);
  for (const [kind, n, label] of [['dob_far', 40, 'dob_far'], ['father_son', 20, 'father_son']] as const) {
    for (const p of take(label, dated, n)) {
      const r = rng.fork(`${label}/${p.id}`);
      const dob = p.e.properties.birthDate!.find((d) => d.length === 10)!;
      const year = Number(dob.slice(0, 4));
      const shift = kind === 'father_son' ? (r.chance(0.5) ? 25 : -25) : r.pick([-1, 1]) * r.range(15, 35);
      const qYear = year + shift;
      if (p.years.some((y) => Math.abs(y - qYear) < 15) || qYear > 2010) continue;
      const qDob = r.chance(0.5) ? `${qYear}${dob.slice(4)}` : String(qYear);
      const name = r.chance(0.5) ? p.latin[0]!.text : titleCase(p.latin[0]!.text.toLowerCase());
      const why = kind === 'father_son' ? `father/son: same name, born ${Math.abs(shift)} years apart` : `same name, born ${Math.abs(shift)} years apart`;
      add(kind, false, { schema: 'Person', properties: { name: [name], birthDate: [qDob] } }, p, `different person: ${why} (query ${qDob}, listed ${p.e.properties.birthDate!.join(', ')})`);
    }
  }
  // FALSE: different organisations sharing common words ("Korea ... Trading Corporation").
  const orgs = parties.filter((p) => !p.person && (p.e.schema === 'Organization' || p.e.schema === 'Company') && p.latin.length > 0);
  const orgWords = new Map<string, string[]>(orgs.map((p) => [p.id, withoutLegalForms(p.latin[0]!.text)]));
  const orgByWord = new Map<string, Party[]>();
  for (const p of orgs) for (const w of new Set(orgWords.get(p.id)!)) (orgByWord.get(w) ?? orgByWord.set(w, []).get(w)!).push(p);
  let shared = 0;
  const usedPairs = new Set<string>();
  for (const a of rng.fork('org_shared').shuffle(orgs.filter((p) => p.dprk).concat(rng.fork('org_shared2').sample(orgs.filter((p) => !p.dprk), 200)))) {
    if (shared >= 50) break;
    const wa = orgWords.get(a.id)!;
    if (wa.length < 2) continue;
    const candidates = new Set<Party>();
    for (const w of wa) for (const b of orgByWord.get(w) ?? []) if (b !== a) candidates.add(b);
    const good = [...candidates].filter((b) => {
      const wb = orgWords.get(b.id)!;
      const common = wa.filter((w) => wb.includes(w) && !FUNCTION_WORDS.has(w));
      const onlyA = wa.filter((w) => !wb.includes(w));
      const onlyB = wb.filter((w) => !wa.includes(w));
      if (common.length < 2 || onlyA.length === 0 || onlyB.length === 0) return false;
      if ((linked.get(a.id) ?? []).includes(b.id)) return false;
      // the distinctive words must really differ (not "Daesong" vs "Taesong")
      if (onlyA.some((x) => onlyB.some((y) => editDistance(x, y) <= 2 || sameRomanizedWord(x, y)))) return false;
      // no name of one is (a loose form of) a name of the other
      const keysA = new Set(a.latin.map((n) => orgKey(n.text)));
      return !b.latin.some((n) => keysA.has(orgKey(n.text)));
    });
    if (good.length === 0) continue;
    const b = rng.fork(`org_shared/${a.id}`).pick(good);
    const pairKey = [a.id, b.id].sort().join('|');
    if (usedPairs.has(pairKey)) continue;
    usedPairs.add(pairKey);
    const common = orgWords.get(a.id)!.filter((w) => orgWords.get(b.id)!.includes(w) && !FUNCTION_WORDS.has(w));
    add('org_shared_words', false, { schema: a.e.schema, properties: { name: [a.latin[0]!.text] } }, b, `different organisations sharing ${common.map((w) => `"${w}"`).join(', ')}: ${a.id} vs ${b.id}`);
    shared++;
  }
  // FALSE: a person and a vessel of the same name.
  const vessels = parties.filter((p) => p.e.schema === 'Vessel' && p.latin.length > 0 && /^[A-Za-z]+( [A-Za-z]+){1,3}$/.test(p.latin[0]!.text));
  for (const v of take('vessel', vessels.filter((p) => p.dprk).concat(vessels.filter((p) => !p.dprk).slice(0, 60)), 12)) {
    add('person_vs_vessel', false, { schema: 'Person', properties: { name: [titleCase(v.latin[0]!.text.toLowerCase())] } }, v, `a person named like the vessel ${v.id}`);
  }
  for (const p of take('vessel_rev', koreanPersons.map((x) => x.p), 8)) {
    add('person_vs_vessel', false, { schema: 'Vessel', properties: { name: [p.latin[0]!.text.toUpperCase()] } }, p, `a vessel named like the person ${p.id}`);
  }
  // FALSE: same first names, another family name (non-Korean).
  const LASTS: Record<string, string[]> = {
    russian: ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Sokolov', 'Lebedev', 'Kozlov', 'Novikov', 'Morozov', 'Volkov', 'Solovyov', 'Vinogradov'],
    arabic: ['Haddad', 'Khoury', 'Nasser', 'Mansour', 'Hamdan', 'Darwish', 'Barakat', 'Najjar', 'Awad', 'Hijazi', 'Tamimi', 'Shami'],
    other: ['Garcia', 'Martinez', 'Lopez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz'],
  };
  let otherLast = 0;
  for (const p of rng.fork('other_last').shuffle(persons.filter((x) => !x.dprk))) {
    if (otherLast >= 30) break;
    const name = p.latin.find((n) => (n.parts ?? []).some((x) => x.type === 'last') && (n.parts ?? []).some((x) => x.type === 'first'));
    if (!name) continue;
    const last = name.parts!.filter((x) => x.type === 'last').map((x) => x.value).join(' ');
    const first = name.parts!.filter((x) => x.type === 'first' || x.type === 'middle').map((x) => x.value).join(' ');
    if (first.split(/\s+/).length < 2) continue; // two given names in common: a harder negative
    // An Arabic chain of names ("Abu Bakr ibn Muhammad ibn 'Ali") with another nisba may still be
    // the same man: no clean label, so left out.
    if (/\b(ibn|bin|bint|ben|abu|abou|abd|al|el)\b/i.test(first)) continue;
    const ctx = personContext(p, name);
    const pool = ctx.russian ? LASTS.russian! : /^(al|el)[- ]|^[A-Z][a-z]+i$/i.test(last) || /muham|ahmad|ali\b/i.test(first) ? LASTS.arabic! : LASTS.other!;
    const r = rng.fork(`other_last/${p.id}`);
    const replacement = r.pick(pool.filter((x) => editDistance(x.toLowerCase(), last.toLowerCase()) > 3 && !normalize(last).split(' ').includes(x.toLowerCase())));
    const femaleRussian = ctx.russian && /a$/i.test(last) && !/ya$/i.test(last);
    const newLast = femaleRussian ? `${replacement}a` : replacement;
    const text = r.chance(0.5) ? `${first} ${newLast}` : `${newLast.toUpperCase()} ${first}`;
    if (p.latin.some((n) => normalize(n.text) === normalize(text))) continue;
    add('other_family_name', false, { schema: 'Person', properties: { name: [text] } }, p, `different person: same given names, family name ${newLast} instead of ${last}`);
    otherLast++;
  }
  return out;
}

const FUNCTION_WORDS = new Set(['and', 'of', 'the', 'for', 'de', 'la', 'del', 'y', 'und', 'et', 'in', 'on', 'at']);

/** Two words of organisation names that are the same Korean word in two romanizations? */
function sameRomanizedWord(a: string, b: string): boolean {
  const sa = isRomanizedSyllable(a) ? [a] : segment(a);
  const sb = isRomanizedSyllable(b) ? [b] : segment(b);
  if (!sa || !sb || sa.length !== sb.length) return false;
  return sa.every((s, i) => compatibleSyllables(s, sb[i]!));
}

// ---------------------------------------------------------------------------------------------
// Identity across lists, buckets and the dev/test split (list_pairs, adversarial)

const ARAB_COUNTRIES = new Set(['ir', 'iq', 'sy', 'lb', 'ye', 'sa', 'ae', 'af', 'pk', 'ps', 'jo', 'eg', 'ly', 'sd', 'so', 'kw', 'qa', 'bh', 'om', 'dz', 'tn', 'ma', 'mr']);
const ARABIC_WORDS = /(^|[\s-])(al|el|bin|ibn|bint|abu|abd|abdul|abdel|muhammad|mohammad|mohammed|muhammed|ahmad|ahmed|hassan|hasan|husayn|hussein|hossein|ali|reza)([\s-]|$)/i;

/** The name origin a party's names come from (for per-bucket figures). */
function bucketOf(p: Party): Bucket {
  const places = new Set([...(p.e.properties.nationality ?? []), ...(p.e.properties.citizenship ?? []), ...(p.e.properties.country ?? []), ...(p.e.properties.flag ?? [])]);
  const scripts = new Set(p.native.map((n) => n.script));
  if (p.dprk || places.has('kp') || places.has('kr') || scripts.has('Kore') || scripts.has('Hang')) return 'dprk_korean';
  if ([...places].some((c) => CHINESE_COUNTRIES.has(c)) || scripts.has('Hans') || scripts.has('Hant') || scripts.has('Hani')) return 'chinese';
  if ([...places].some((c) => RU_COUNTRIES.has(c)) || scripts.has('Cyrl') || p.latin.some((n) => n.text.split(/\s+/).some((w) => isPatronymic(w)))) return 'russian_cis';
  if ([...places].some((c) => ARAB_COUNTRIES.has(c)) || scripts.has('Arab') || p.latin.some((n) => ARABIC_WORDS.test(n.text))) return 'arabic_persian';
  return 'western_other';
}

type PartyKind = 'person' | 'org' | 'vessel' | 'other';
function partyKind(p: Party): PartyKind {
  if (p.person) return 'person';
  if (p.e.schema === 'Vessel') return 'vessel';
  if (p.e.schema === 'Organization' || p.e.schema === 'Company' || p.e.schema === 'LegalEntity') return 'org';
  return 'other';
}

const ID_PROPS = ['passportNumber', 'idNumber', 'taxNumber', 'registrationNumber', 'imoNumber'] as const;

/** A party's identifying numbers, normalised (upper case, letters and digits only; "IMO" prefix dropped). */
function identifiers(p: Party): { key: string; imo: boolean }[] {
  const out: { key: string; imo: boolean }[] = [];
  for (const prop of ID_PROPS) {
    for (const v of p.e.properties[prop] ?? []) {
      let k = v.toUpperCase().replace(/[^A-Z0-9]/g, '');
      if (prop === 'imoNumber') k = k.replace(/^IMO/, '');
      if (k.length < 6 || !/\d/.test(k) || /^0+$/.test(k)) continue;
      out.push({ key: prop === 'imoNumber' ? `IMO:${k}` : `ID:${k}`, imo: prop === 'imoNumber' });
    }
  }
  return out;
}

interface IdentityLinks {
  /** cross-list pairs of the same party, linked by a shared number */
  pairs: { a: Party; b: Party; imo: boolean; key: string }[];
  /** union-find root (the smallest id) of each party's identity cluster */
  root: (id: string) => string;
}

/**
 * The same party in two lists: same kind of party, different datasets, a shared identifying
 * number that no more than 4 parties carry (a number many records share is not an identity), and
 * for persons no conflicting birth year.
 */
function identityLinks(parties: Party[]): IdentityLinks {
  const byKey = new Map<string, Party[]>();
  for (const p of parties) {
    if (partyKind(p) === 'other') continue;
    for (const { key } of identifiers(p)) {
      const list = byKey.get(key) ?? [];
      if (!list.includes(p)) list.push(p);
      byKey.set(key, list);
    }
  }
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let r = id;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    if (ra < rb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const pairs: IdentityLinks['pairs'] = [];
  const seen = new Set<string>();
  for (const [key, list] of [...byKey].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (list.length < 2 || list.length > 4) continue;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i]!, list[j]!].sort((x, y) => (x.id < y.id ? -1 : 1)) as [Party, Party];
        if (a.dataset === b.dataset || partyKind(a) !== partyKind(b)) continue;
        if (a.person && !yearsCompatible(a.years, b.years)) continue;
        union(a.id, b.id);
        const k = `${a.id}|${b.id}`;
        if (seen.has(k)) continue;
        seen.add(k);
        pairs.push({ a, b, imo: key.startsWith('IMO:'), key });
      }
    }
  }
  return { pairs, root: find };
}

/** dev or test, from a hash of an entity id (the root of its identity cluster): about half each. */
function splitOf(id: string): Split {
  return createHash('sha256').update(`vigil-eval-split/${id}`).digest()[0]! < 128 ? 'dev' : 'test';
}

/** Folded words of a name, for "do the two names share a word". */
function nameWords(text: string): Set<string> {
  return new Set(normalize(text.replace(/[-']/g, ' ')).split(' ').filter((w) => w.length >= 2));
}

function shareWord(a: string, b: string): boolean {
  const wa = nameWords(a);
  for (const w of nameWords(b)) if (wa.has(w)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// list_pairs: labelled pairs made of names exactly as the lists write them

type ListPairDraft = Omit<PairCase, 'id' | 'category' | 'split'> & { bucket: Bucket; anchor: string };

function nameQuery(schema: string, text: string): Query {
  return { schema, properties: { name: [text] } };
}

function listPairs(rng: Rng, parties: Party[], identity: IdentityLinks, linked: Map<string, string[]>): { pairs: PairCase[]; stats: Record<string, number> } {
  const drafts: ListPairDraft[] = [];
  const primary = (p: Party) => p.latin.find((n) => n.kind === 'name') ?? p.latin[0];
  // A negative whose two names are the same words (two different "MOHAMMAD Haji Baz") cannot be
  // told apart by names alone, and the pairs are names only: such pairs are left out.
  const add = (d: ListPairDraft) => {
    if (!d.label && sortedKey(d.query.properties.name![0]!) === sortedKey(d.candidate.properties.name![0]!)) return;
    drafts.push(d);
  };

  // TRUE: one party as two lists write it (primary names), linked by a number.
  for (const { a, b, imo, key } of identity.pairs) {
    const na = primary(a);
    const nb = primary(b);
    if (!na || !nb || normalize(na.text) === normalize(nb.text)) continue;
    const kind = !shareWord(na.text, nb.text) ? 'pos_xlist_unrelated' : imo ? 'pos_xlist_imo' : 'pos_xlist_id';
    add({
      query: nameQuery(a.e.schema, na.text),
      candidate: nameQuery(b.e.schema, nb.text),
      label: true,
      kind,
      bucket: bucketOf(a.dprk ? a : b.dprk ? b : a),
      anchor: identity.root(a.id),
      note: `same party: ${a.id} vs ${b.id}, shared ${key.replace(/^(IMO|ID):/, (m) => (m === 'IMO:' ? 'IMO ' : 'number '))}`,
    });
  }
  // TRUE: a record's primary name vs its strong aliases, former names and (persons) native names.
  for (const p of parties) {
    const kindOf = partyKind(p);
    if (kindOf === 'other') continue;
    const main = primary(p);
    if (!main || main.kind !== 'name') continue;
    const r = rng.fork(`alias/${p.id}`);
    const aliases = r.sample(p.latin.filter((n) => n !== main && normalize(n.text) !== normalize(main.text)), 2);
    for (const n of aliases) {
      const base = n.kind === 'previousName' ? 'pos_former_name' : 'pos_alias';
      add({
        query: nameQuery(p.e.schema, main.text),
        candidate: nameQuery(p.e.schema, n.text),
        label: true,
        kind: shareWord(main.text, n.text) ? base : `${base}_unrelated`,
        bucket: bucketOf(p),
        anchor: identity.root(p.id),
        note: `same record ${p.id}: primary name vs ${n.kind === 'previousName' ? 'former name' : 'strong alias'}`,
      });
    }
    if (p.person) {
      const native = p.native.find((n) => n.kind === 'name') ?? p.native[0];
      if (native) {
        add({
          query: nameQuery('Person', main.text),
          candidate: nameQuery('Person', native.full.trim()),
          label: true,
          kind: 'pos_native_script',
          bucket: bucketOf(p),
          anchor: identity.root(p.id),
          note: `same record ${p.id}: primary name vs its ${native.script} name`,
        });
      }
    }
  }

  const related = (a: Party, b: Party) => identity.root(a.id) === identity.root(b.id) || (linked.get(a.id) ?? []).includes(b.id);

  // FALSE: persons with the same family name and a shared or similar given name, born 2+ years apart.
  const bySurname = new Map<string, { p: Party; given: string[]; text: string }[]>();
  for (const p of parties) {
    if (!p.person || p.years.length === 0) continue;
    const main = primary(p);
    if (!main) continue;
    let family: string | undefined;
    let given: string[] = [];
    const last = (main.parts ?? []).filter((x) => x.type === 'last').map((x) => x.value);
    if (last.length > 0) {
      family = normalize(last.join(' '));
      given = (main.parts ?? []).filter((x) => x.type === 'first' || x.type === 'middle').flatMap((x) => normalize(x.value).split(' '));
    } else {
      const k = parseKorean(main.text);
      if (k) {
        family = `k:${k.surname.toLowerCase()}`;
        given = k.given.map((s) => s.toLowerCase());
      }
    }
    if (!family || given.length === 0 || family.length < 2) continue;
    (bySurname.get(family) ?? bySurname.set(family, []).get(family)!).push({ p, given: given.filter((g) => g.length >= 2), text: main.text });
  }
  for (const [family, group] of [...bySurname].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    let taken = 0;
    for (let i = 0; i < group.length && taken < 4; i++) {
      for (let j = i + 1; j < group.length && taken < 4; j++) {
        const x = group[i]!;
        const y = group[j]!;
        if (x.p.id === y.p.id || related(x.p, y.p)) continue;
        if (!x.p.years.every((a) => y.p.years.every((b) => Math.abs(a - b) >= 2))) continue;
        if (normalize(x.text) === normalize(y.text) && x.p.dataset !== y.p.dataset) continue; // maybe one person, two dates
        const shared = x.given.find((g) => y.given.some((h) => g === h || (g.length >= 5 && editDistance(g, h) === 1)));
        if (!shared) continue;
        add({
          query: nameQuery('Person', x.text),
          candidate: nameQuery('Person', y.text),
          label: false,
          kind: 'neg_person_similar',
          bucket: bucketOf(x.p.dprk ? x.p : y.p.dprk ? y.p : x.p),
          anchor: identity.root(x.p.id) < identity.root(y.p.id) ? identity.root(x.p.id) : identity.root(y.p.id),
          note: `different persons ${x.p.id} (born ${x.p.years.join('/')}) vs ${y.p.id} (born ${y.p.years.join('/')}); family name "${family.replace(/^k:/, '')}", given name part "${shared}"`,
        });
        taken++;
      }
    }
  }
  // FALSE: organisations of one list whose names differ by one distinctive word.
  const orgSlots = new Map<string, { p: Party; words: string[]; text: string; at: number }[]>();
  for (const p of parties) {
    if (partyKind(p) !== 'org') continue;
    const main = primary(p);
    if (!main) continue;
    const words = withoutLegalForms(main.text);
    if (words.length < 2 || words.length > 8) continue;
    words.forEach((_, at) => {
      const key = `${p.dataset}|${words.map((w, k) => (k === at ? '*' : w)).join(' ')}`;
      (orgSlots.get(key) ?? orgSlots.set(key, []).get(key)!).push({ p, words, text: main.text, at });
    });
  }
  const orgSeen = new Set<string>();
  for (const [, group] of [...orgSlots].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (group.length < 2 || group.length > 6) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const x = group[i]!;
        const y = group[j]!;
        const wx = x.words[x.at]!;
        const wy = y.words[y.at]!;
        const key = [x.p.id, y.p.id].sort().join('|');
        if (x.p.id === y.p.id || orgSeen.has(key) || related(x.p, y.p)) continue;
        if (wx.length < 3 || wy.length < 3 || FUNCTION_WORDS.has(wx) || FUNCTION_WORDS.has(wy)) continue;
        if (editDistance(wx, wy) <= 2 || sameRomanizedWord(wx, wy)) continue;
        orgSeen.add(key);
        add({
          query: nameQuery(x.p.e.schema, x.text),
          candidate: nameQuery(y.p.e.schema, y.text),
          label: false,
          kind: 'neg_org_one_word',
          bucket: bucketOf(x.p.dprk ? x.p : y.p.dprk ? y.p : x.p),
          anchor: identity.root(x.p.id) < identity.root(y.p.id) ? identity.root(x.p.id) : identity.root(y.p.id),
          note: `different organisations ${x.p.id} vs ${y.p.id} (one list); the names differ only by "${wx}" vs "${wy}"`,
        });
      }
    }
  }
  // FALSE: vessels with nearly the same name and different IMO numbers.
  const vessels = parties.filter((p) => p.e.schema === 'Vessel' && (p.e.properties.imoNumber ?? []).length > 0 && primary(p));
  const imoOf = (p: Party) => new Set(identifiers(p).filter((x) => x.imo).map((x) => x.key));
  const byFirst = new Map<string, Party[]>();
  for (const p of vessels) {
    const first = normalize(primary(p)!.text).split(' ')[0]!;
    if (first.length >= 3) (byFirst.get(first) ?? byFirst.set(first, []).get(first)!).push(p);
  }
  for (const [, group] of [...byFirst].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    let taken = 0;
    for (let i = 0; i < group.length && taken < 3; i++) {
      for (let j = i + 1; j < group.length && taken < 3; j++) {
        const x = group[i]!;
        const y = group[j]!;
        const ix = imoOf(x);
        if ([...imoOf(y)].some((k) => ix.has(k)) || ix.size === 0 || imoOf(y).size === 0 || related(x, y)) continue;
        const tx = primary(x)!.text;
        const ty = primary(y)!.text;
        if (normalize(tx) === normalize(ty) || editDistance(normalize(tx), normalize(ty)) > 3) continue;
        add({
          query: nameQuery('Vessel', tx),
          candidate: nameQuery('Vessel', ty),
          label: false,
          kind: 'neg_vessel_similar',
          bucket: bucketOf(x.dprk ? x : y.dprk ? y : x),
          anchor: identity.root(x.id) < identity.root(y.id) ? identity.root(x.id) : identity.root(y.id),
          note: `different vessels ${x.id} vs ${y.id}: IMO ${[...ix].join('/').replace(/IMO:/g, '')} vs ${[...imoOf(y)].join('/').replace(/IMO:/g, '')}`,
        });
        taken++;
      }
    }
  }

  // Cap each bucket x kind (a random, seeded sample), so that no one group swamps the figures.
  const CAP = 150;
  const groups = new Map<string, ListPairDraft[]>();
  for (const d of drafts) (groups.get(`${d.bucket}/${d.kind}`) ?? groups.set(`${d.bucket}/${d.kind}`, []).get(`${d.bucket}/${d.kind}`)!).push(d);
  const kept: ListPairDraft[] = [];
  const stats: Record<string, number> = {};
  for (const [g, ds] of [...groups].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const chosen = ds.length > CAP ? rng.fork(`cap/${g}`).sample(ds, CAP) : ds;
    stats[g] = chosen.length;
    kept.push(...chosen);
  }
  const pairs = kept.map((d, i) => ({
    id: String(i + 1).padStart(5, '0'),
    query: d.query,
    candidate: d.candidate,
    label: d.label,
    category: 'list_pairs',
    kind: d.kind,
    bucket: d.bucket,
    split: splitOf(d.anchor),
    note: d.note,
  }));
  return { pairs, stats };
}

// ---------------------------------------------------------------------------------------------
// adversarial: the evasion classes of issue 12, made from OFAC SDN parties

function adversarialCases(rng: Rng, parties: Party[], expectedOf: (p: Party) => string[], identity: IdentityLinks): ScreenCase[] {
  const sdn = parties.filter((p) => p.dataset === 'us_ofac_sdn' && (partyKind(p) === 'person' || partyKind(p) === 'org') && p.latin[0]?.kind === 'name');
  const out: (Omit<ScreenCase, 'id'> & { bucket: string })[] = [];
  const push = (p: Party, bucket: string, properties: Record<string, string[]>, note: string) =>
    out.push({ schema: p.e.schema, properties, expected: expectedOf(p), category: 'adversarial', note, bucket, split: splitOf(identity.root(p.id)) });
  // DPRK programmes over-represented: half of each bucket from them.
  const pool = (label: string, eligible: (p: Party) => boolean, dprkN: number, otherN: number) => {
    const r = rng.fork(label);
    return [...r.sample(sdn.filter((p) => p.dprk && eligible(p)), dprkN), ...r.sample(sdn.filter((p) => !p.dprk && eligible(p)), otherN)].sort((a, b) => (a.id < b.id ? -1 : 1));
  };
  const transforms: [string, (r: Rng, text: string) => Evasion | undefined][] = [
    ['homoglyph', homoglyph],
    ['invisible', invisible],
    ['leet', leet],
    ['fullwidth', (_r, t) => fullwidth(t)],
  ];
  for (const [bucket, fn] of transforms) {
    for (const p of pool(bucket, (x) => letterCount(x.latin[0]!.text) >= 6, 100, 100)) {
      const source = p.latin[0]!.text;
      const v = fn(rng.fork(`${bucket}/${p.id}`), source);
      if (v) push(p, bucket, { name: [v.text] }, `${v.change} (listed "${source}")`);
    }
  }
  let f = 0;
  for (const p of pool('dob_format', (x) => x.person && (x.e.properties.birthDate ?? []).some((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), 80, 120)) {
    const iso = p.e.properties.birthDate!.find((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))!;
    const format = DATE_FORMATS[f++ % DATE_FORMATS.length]!;
    push(p, 'dob_format', { name: [p.latin[0]!.text], birthDate: [formatDate(iso, format)] }, `exact primary name, birth date ${iso} written ${format}`);
  }
  for (const p of sdn) {
    if (!p.person) continue;
    const hangul = p.native.find((n) => n.script === 'Kore' || n.script === 'Hang');
    if (!hangul || !isHangul(hangul.full.trim())) continue;
    const spaced = kontsevichName(hangul.full.trim());
    const joined = kontsevichName(hangul.full.trim(), { joined: true });
    if (spaced) push(p, 'kontsevich', { name: [spaced] }, `Kontsevich Cyrillic of the listed Hangul ${hangul.full.trim()}, syllables spaced`);
    if (joined && joined !== spaced) push(p, 'kontsevich', { name: [joined] }, `Kontsevich Cyrillic of the listed Hangul ${hangul.full.trim()}, given name joined`);
  }
  const width = String(out.length).length;
  return out.map((c, i) => ({ id: String(i + 1).padStart(Math.max(4, width), '0'), ...c }));
}

// ---------------------------------------------------------------------------------------------

function writeJsonl(file: string, rows: object[]): number {
  writeFileSync(join(OUT_DIR, file), rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
  return rows.length;
}

function finish(category: string, drafts: Draft[]): ScreenCase[] {
  const width = String(drafts.length).length;
  return drafts.map((d, i) => ({
    id: String(i + 1).padStart(Math.max(4, width), '0'),
    schema: d.schema,
    properties: d.properties,
    expected: d.expected,
    category,
    note: d.note,
  }));
}

async function main(): Promise<void> {
  const started = Date.now();
  const { entities, sources } = await loadLists();
  entities.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const wallets = entities.filter((e) => e.schema === 'CryptoWallet');
  const parties = entities.filter((e) => e.schema !== 'CryptoWallet').map(toParty);
  const byId = new Map(parties.map((p) => [p.id, p]));
  const linked = linkParties(parties);
  const expectedOf = (p: Party) => [p.id, ...(linked.get(p.id) ?? [])];
  for (const p of parties) {
    const spellings = new Set<string>();
    for (const id of expectedOf(p)) for (const n of byId.get(id)?.latin ?? []) spellings.add(normalize(n.text));
    KNOWN_SPELLINGS.set(p.id, spellings);
  }
  const rng = new Rng(SEED);
  mkdirSync(OUT_DIR, { recursive: true });

  const counts: Record<string, number> = {};
  const dprk = finish('dprk_variants', dprkVariants(rng.fork('dprk'), parties, expectedOf));
  counts.dprk_variants = writeJsonl('dprk_variants.jsonl', dprk);
  const listed = finish('listed_variants', listedVariants(rng.fork('listed'), parties, expectedOf));
  counts.listed_variants = writeJsonl('listed_variants.jsonl', listed);
  const native = nativeScript(rng.fork('native'), parties, expectedOf);
  counts.native_script = writeJsonl('native_script.jsonl', finish('native_script', native.cases));
  counts.native_script_pairs = writeJsonl(
    NATIVE_PAIRS_FILE,
    native.pairs.map((d, i) => ({ id: String(i + 1).padStart(4, '0'), query: d.query, candidate: d.candidate, label: d.label, category: 'native_script', kind: d.kind, note: d.note })),
  );
  const w = walletCases(rng.fork('wallets'), wallets);
  counts.wallets = writeJsonl('wallets.jsonl', finish('wallets', w.positives));
  counts.wallet_near_miss = writeJsonl('wallet_near_miss.jsonl', finish('wallet_near_miss', w.nearMisses));
  const em = emailCases(rng.fork('emails'), parties);
  counts.emails = writeJsonl('emails.jsonl', finish('emails', em.positives));
  counts.email_near_miss = writeJsonl('email_near_miss.jsonl', finish('email_near_miss', em.nearMisses));
  const ordinary = ordinaryCases(rng.fork('ordinary'), parties);
  counts.ordinary_names = writeJsonl('ordinary_names.jsonl', finish('ordinary_names', ordinary.cases));
  const pairDrafts = hardPairs(rng.fork('pairs'), parties, linked);
  const pairs: PairCase[] = pairDrafts.map((d, i) => ({
    id: String(i + 1).padStart(4, '0'),
    query: d.query,
    candidate: d.candidate,
    label: d.label,
    category: 'hard_pairs',
    kind: d.kind,
    note: d.note,
  }));
  counts.hard_pairs = writeJsonl(PAIR_CATEGORY.file, pairs);
  const identity = identityLinks(parties);
  const lp = listPairs(rng.fork('list_pairs'), parties, identity, linked);
  counts.list_pairs = writeJsonl(LIST_PAIRS_FILE, lp.pairs);
  const adversarial = adversarialCases(rng.fork('adversarial'), parties, expectedOf, identity);
  counts.adversarial = writeJsonl(ADVERSARIAL_FILE, adversarial);
  const splitCounts = (rows: { split?: Split; bucket?: string; kind?: string; label?: boolean }[], by: (r: { bucket?: string; kind?: string }) => string) => {
    const o: Record<string, { dev: number; test: number }> = {};
    for (const r of rows) (o[by(r)] ??= { dev: 0, test: 0 })[r.split ?? 'dev']++;
    return o;
  };

  const pairKinds: Record<string, { true: number; false: number }> = {};
  for (const p of pairs) {
    const k = (pairKinds[p.kind] ??= { true: 0, false: 0 });
    k[p.label ? 'true' : 'false']++;
  }
  const manifest = {
    description: 'Vigil labelled development set; built by eval/build.ts, see eval/README.md',
    seed: SEED,
    sources,
    counts,
    screenCategories: SCREEN_CATEGORIES.map((c) => c.name),
    linkedParties: [...linked.keys()].length,
    dprkParties: parties.filter((p) => p.dprk).length,
    nativeScript: { hangulTableCheck: native.hangulCheck },
    ordinaryNames: { kept: ordinary.cases.length, dropped: ordinary.dropped, droppedExamples: ordinary.droppedExamples },
    hardPairs: pairKinds,
    nativeScriptPairs: Object.fromEntries([...new Set(native.pairs.map((d) => d.kind))].sort().map((k) => [k, native.pairs.filter((d) => d.kind === k).length])),
    listPairs: {
      identityLinks: identity.pairs.length,
      byBucketAndKind: splitCounts(lp.pairs, (r) => `${r.bucket}/${r.kind}`),
    },
    adversarial: splitCounts(adversarial, (r) => r.bucket ?? ''),
  };
  writeFileSync(join(OUT_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.error(JSON.stringify({ counts, hangulCheck: native.hangulCheck, dropped: ordinary.dropped, pairKinds }, null, 2));
  console.error(`built in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(process.cwd(), OUT_DIR)}`);
}

await main();
