/**
 * What every detector shares: the detector contract, parameter specifications (validated by the
 * rule loader), the fairness guard that limits what a detector may read, and small helpers for
 * times, dates, IP ranges and name comparison.
 *
 * A detector is `(profile, ctx, params) => Evidence[]`: it returns one human-readable item per
 * finding, naming the values it rests on; an empty list means the rule does not fire.
 */
import { BlockList, isIP } from 'node:net';
import { VigilError } from '../../errors.js';
import { DEFAULT_THRESHOLD, compare, type ScreeningIndex } from '../../match/index.js';
import { parseDate } from '../../model/index.js';
import type { LinkAnalysis, LinkKind } from '../links/index.js';
import type { CandidateProfile } from '../profile.js';

/** A listed entity a sanctions detector found, for case files and alerts. */
export interface ListedHit {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  /** The matcher's one-line explanation. */
  summary: string;
  /** What of the candidate's was screened ("name", "employer", "email"...). */
  screened: string;
  /** The value screened. */
  value: string;
}

export interface Evidence {
  /** One sentence naming the values the finding rests on. */
  text: string;
  listed?: ListedHit;
}

export interface SignalContext {
  /** The listed entities (for the sanctions detectors, through `screen`). */
  index?: ScreeningIndex;
  /** Links between candidates (for the shared-with-others and cluster detectors). */
  links?: LinkAnalysis;
  /** Assessment time: the reference for ages when a profile has no events. */
  now: Date;
  /** Matcher score at or above which a listed entity is a hit (default 0.70). */
  threshold?: number;
}

/** What a detector needs besides the profile; without it the rule is skipped, not passed. */
export type ContextNeed = 'index' | 'links';

/**
 * Profile fields a detector may declare. `notes` are for human reviewers only and can never be
 * declared (see FORBIDDEN_PATHS below).
 */
export type ProfileField = Exclude<keyof CandidateProfile, 'notes'>;

// ---------------------------------------------------------------------------------------------
// Parameters

export interface IpRange {
  cidr: string;
  label?: string;
}

export type ParamType = 'number' | 'integer' | 'boolean' | 'string' | 'strings' | 'ranges' | 'linkKinds';

export interface ParamSpec {
  type: ParamType;
  default: unknown;
  min?: number;
  max?: number;
  /** For a 'string' parameter: the values it may take. */
  values?: readonly string[];
  description: string;
}

type TypeOf<T extends ParamType> = T extends 'number' | 'integer'
  ? number
  : T extends 'boolean'
    ? boolean
    : T extends 'string'
      ? string
      : T extends 'strings'
        ? string[]
        : T extends 'ranges'
          ? IpRange[]
          : T extends 'linkKinds'
            ? LinkKind[]
            : never;

export type ParamsOf<S extends Record<string, ParamSpec>> = { [K in keyof S]: TypeOf<S[K]['type']> };

/** The link kinds of `LinkEvidence.kind` (src/hiring/links/types.ts), for validating rule parameters. */
export const LINK_KINDS: readonly LinkKind[] = [
  'email',
  'phone',
  'home_address',
  'shipping_address',
  'payment',
  'wallet',
  'ip',
  'device',
  'resume',
  'document',
  'profile',
  'employer',
];

export interface Detector {
  name: string;
  description: string;
  /** Top-level profile fields the detector reads; reading any other throws (fairness guard). */
  reads: readonly ProfileField[];
  /**
   * How a detector that reads `names` uses them: only ever through the matcher, against the
   * sanctions lists (`screen`) or against the candidate's own other names (`compare`, identity
   * consistency). Required when `reads` includes `names`.
   */
  names?: 'matcher';
  needs: readonly ContextNeed[];
  params: Record<string, ParamSpec>;
  run(profile: CandidateProfile, ctx: SignalContext, params: Record<string, unknown>): Evidence[];
}

/** Define a detector with typed parameters. */
export function detector<const S extends Record<string, ParamSpec>>(def: {
  name: string;
  description: string;
  reads: readonly ProfileField[];
  names?: 'matcher';
  needs?: readonly ContextNeed[];
  params: S;
  run: (profile: CandidateProfile, ctx: SignalContext, params: ParamsOf<S>) => Evidence[];
}): Detector {
  return {
    name: def.name,
    description: def.description,
    reads: def.reads,
    ...(def.names ? { names: def.names } : {}),
    needs: def.needs ?? [],
    params: def.params,
    run: (profile, ctx, params) => def.run(profile, ctx, params as ParamsOf<S>),
  };
}

// ---------------------------------------------------------------------------------------------
// Fairness guard

/**
 * Paths no detector may ever read: reviewers' notes, and the issuing country of an identity
 * document (a stand-in for nationality: nationality, name origin and ethnicity are never signals).
 */
export const FORBIDDEN_PATHS: ReadonlySet<string> = new Set(['notes', 'documents.country']);
/** Fields every detector may read: the firm's reference (for links and evidence) and the kind. */
const ALWAYS_READABLE: ReadonlySet<string> = new Set(['ref', 'kind']);

/** Every field of CandidateProfile (the type below fails to compile when one is missing). */
const PROFILE_FIELDS = [
  'ref',
  'kind',
  'names',
  'emails',
  'phones',
  'homeAddress',
  'shippingAddresses',
  'claimedLocation',
  'birthDate',
  'appliedAt',
  'documents',
  'employers',
  'education',
  'payments',
  'profiles',
  'references',
  'resumeText',
  'events',
  'notes',
] as const satisfies readonly (keyof CandidateProfile)[];
type MissingField = Exclude<keyof CandidateProfile, (typeof PROFILE_FIELDS)[number]>;
const EXHAUSTIVE: [MissingField] extends [never] ? true : never = true;
void EXHAUSTIVE;

export class FairnessError extends VigilError {
  constructor(detectorName: string, path: string, why: string) {
    super('fairness_violation', `detector ${detectorName} read "${path}": ${why}`);
    this.name = 'FairnessError';
  }
}

/** Per top-level field, its forbidden sub-fields ("documents" -> ["country"]). */
const HIDDEN_SUBFIELDS: ReadonlyMap<string, string[]> = new Map(
  PROFILE_FIELDS.map((field) => [field, [...FORBIDDEN_PATHS].filter((p) => p.startsWith(`${field}.`)).map((p) => p.slice(field.length + 1))]),
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `value` (an object or a list of objects) with the given properties replaced by throwing getters. */
function withoutFields(value: unknown, fields: string[], path: string, detectorName: string): unknown {
  const hide = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    for (const f of fields) {
      delete copy[f];
      Object.defineProperty(copy, f, {
        enumerable: false,
        get: () => {
          throw new FairnessError(detectorName, `${path}.${f}`, 'no signal may rest on it');
        },
      });
    }
    return Object.freeze(copy);
  };
  return Array.isArray(value) ? Object.freeze(value.map(hide)) : hide(value);
}

/** Per detector (name and reads), the frozen prototype whose getters guard a profile view. */
const VIEW_PROTOTYPES = new Map<string, object>();
/** A view's profile, and the copies of fields with hidden sub-fields made for it so far. */
const VIEW_STATE = new WeakMap<object, { source: Record<string, unknown>; copies: Map<string, unknown> }>();

function viewPrototype(det: Pick<Detector, 'name' | 'reads'>): object {
  const key = `${det.name}\u0000${[...det.reads].sort().join(',')}`;
  let proto = VIEW_PROTOTYPES.get(key);
  if (proto) return proto;
  const declared = new Set<string>(det.reads);
  proto = {};
  for (const field of PROFILE_FIELDS) {
    const readable = !FORBIDDEN_PATHS.has(field) && (ALWAYS_READABLE.has(field) || declared.has(field));
    const hidden = HIDDEN_SUBFIELDS.get(field) ?? [];
    Object.defineProperty(proto, field, {
      enumerable: true,
      get(this: object): unknown {
        if (!readable) {
          const why = FORBIDDEN_PATHS.has(field) ? 'no signal may rest on it' : 'the field is not among those the detector declares';
          throw new FairnessError(det.name, field, why);
        }
        const state = VIEW_STATE.get(this)!;
        if (hidden.length === 0) return state.source[field];
        if (!state.copies.has(field)) state.copies.set(field, withoutFields(state.source[field], hidden, field, det.name));
        return state.copies.get(field);
      },
    });
  }
  Object.freeze(proto);
  VIEW_PROTOTYPES.set(key, proto);
  return proto;
}

/**
 * A read-only view of `profile` for one detector: reading a top-level field the detector did not
 * declare, or a forbidden path (reviewers' notes, a document's issuing country), throws a
 * FairnessError. The profile is deep-frozen (pass a private copy: the assessor passes a structured
 * clone), so a detector cannot change it either. The guarding getters live on a prototype made
 * once per detector; a view is one small frozen object.
 */
export function guardProfile(profile: CandidateProfile, det: Pick<Detector, 'name' | 'reads'>): CandidateProfile {
  deepFreeze(profile);
  const view = Object.create(viewPrototype(det)) as object;
  VIEW_STATE.set(view, { source: profile as unknown as Record<string, unknown>, copies: new Map() });
  return Object.freeze(view) as CandidateProfile;
}

// ---------------------------------------------------------------------------------------------
// Times and dates

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export { DAY_MS, HOUR_MS };

const parsedTimes = new Map<string, number>();
const PARSED_TIMES_LIMIT = 200_000;

/** Milliseconds since the epoch of an ISO date or date-time; undefined when it is not one (memoised). */
export function timeOf(iso: string | undefined): number | undefined {
  if (typeof iso !== 'string') return undefined;
  let t = parsedTimes.get(iso);
  if (t === undefined) {
    t = iso.trim() === '' ? NaN : Date.parse(iso.trim());
    if (parsedTimes.size >= PARSED_TIMES_LIMIT) parsedTimes.clear();
    parsedTimes.set(iso, t);
  }
  return Number.isFinite(t) ? t : undefined;
}

/** "2026-03-02T04:10Z": minutes precision, UTC. */
export function fmtTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** "2026-03-02". */
export function fmtDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: number, b: number): number {
  return Math.floor((b - a) / DAY_MS);
}

/**
 * When the candidate applied, as far as the profile tells: its `appliedAt`, else the earliest
 * timestamped event, else the assessment time. Ages ("created 12 days before the application")
 * use it.
 */
export function applicationTime(profile: CandidateProfile, ctx: SignalContext): { at: number; source: string } {
  const applied = timeOf(profile.appliedAt);
  if (applied !== undefined) return { at: applied, source: `the application, ${fmtDay(applied)}` };
  let earliest: number | undefined;
  for (const e of list(profile.events)) {
    const t = timeOf(e.at);
    if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
  }
  return earliest !== undefined
    ? { at: earliest, source: `the application, first event ${fmtDay(earliest)}` }
    : { at: ctx.now.getTime(), source: `the assessment, ${fmtDay(ctx.now.getTime())}` };
}

/** An ISO date prefix ("1990", "1990-05", "1990-05-01") or undefined. */
export function isoPrefix(value: string | undefined): string | undefined {
  return typeof value === 'string' ? parseDate(value) : undefined;
}

/** Two date prefixes agree when one is a prefix of the other ("1990" and "1990-05-01"). */
export function datesAgree(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

// ---------------------------------------------------------------------------------------------
// IP ranges (node:net BlockList: IPv4 and IPv6)

interface CompiledRange {
  range: IpRange;
  list: BlockList;
  family: 'ipv4' | 'ipv6';
}

/** Parse "203.0.113.0/24" or "2001:db8::/32"; undefined when it is not a CIDR range. */
export function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const m = /^\s*([^/\s]+)\/(\d{1,3})\s*$/.exec(cidr);
  if (!m) return undefined;
  const version = isIP(m[1]!);
  const prefix = Number(m[2]);
  if (version === 4 && prefix <= 32) return { address: m[1]!, prefix, family: 'ipv4' };
  if (version === 6 && prefix <= 128) return { address: m[1]!, prefix, family: 'ipv6' };
  return undefined;
}

const compiledRanges = new WeakMap<readonly IpRange[], CompiledRange[]>();

function compileRanges(ranges: readonly IpRange[]): CompiledRange[] {
  let compiled = compiledRanges.get(ranges);
  if (!compiled) {
    compiled = [];
    for (const range of ranges) {
      const c = parseCidr(range.cidr);
      if (!c) continue;
      const list = new BlockList();
      list.addSubnet(c.address, c.prefix, c.family);
      compiled.push({ range, list, family: c.family });
    }
    compiledRanges.set(ranges, compiled);
  }
  return compiled;
}

/** The first range holding `ip` (IPv4-mapped IPv6 addresses are read as IPv4). */
export function rangeOf(ip: string, ranges: readonly IpRange[]): IpRange | undefined {
  let address = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  for (const c of compileRanges(ranges)) if (c.family === family && c.list.check(address, family)) return c.range;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Names: only ever through the matcher

/**
 * The best matcher score of `name` against the candidate's own names (a Person query against a
 * Person query): transliteration- and spelling-robust, blind to where a name comes from.
 */
/** The parameter of the detectors comparing a name with the candidate's own (`ownNameScore`). */
export const NAME_MIN_SCORE = {
  type: 'number',
  default: 0.7,
  min: 0,
  max: 1,
  description: 'Name-similarity score below which the names differ.',
} as const satisfies ParamSpec;

export function ownNameScore(name: string, names: readonly string[]): number {
  return ownNameComparison(name, names).score;
}

/** As `ownNameScore`, with how the best pair of names aligned, token by token. */
export function ownNameComparison(name: string, names: readonly string[]): { score: number; aligned: { how: string }[] } {
  const own = names.filter((n) => typeof n === 'string' && n.trim() !== '');
  if (own.length === 0 || name.trim() === '') return { score: 1, aligned: [] };
  const c = compare({ schema: 'Person', properties: { name: [name] } }, { schema: 'Person', properties: { name: own } });
  return { score: c.score, aligned: c.explanation.name?.aligned ?? [] };
}

export function screenThreshold(ctx: SignalContext): number {
  return ctx.threshold ?? DEFAULT_THRESHOLD;
}

// ---------------------------------------------------------------------------------------------
// Text

/** Lower-case alphanumeric tokens. */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/**
 * Whether `text` names one of `names`: a name's tokens appear in a row among the text's tokens,
 * or its letters written together equal one to three adjacent tokens joined ("Any Desk" and
 * "AnyDesk"). Matching by whole tokens keeps "RDP" from matching inside "WordPress".
 */
export function findName(text: string, names: readonly string[]): string | undefined {
  const t = tokens(text);
  // Longest names first: "Chrome Remote Desktop" before "Remote Desktop".
  for (const name of [...names].sort((a, b) => tokens(b).length - tokens(a).length || b.length - a.length)) {
    const n = tokens(name);
    if (n.length === 0) continue;
    for (let i = 0; i + n.length <= t.length; i++) if (n.every((x, k) => t[i + k] === x)) return name;
    const joined = n.join('');
    for (let i = 0; i < t.length; i++) {
      let s = '';
      for (let k = i; k < Math.min(t.length, i + 3); k++) {
        s += t[k];
        if (s === joined) return name;
      }
    }
  }
  return undefined;
}

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** `value ?? []` for partial profiles read from JSON. */
export function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

export function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function quote(s: string): string {
  return `"${s}"`;
}
