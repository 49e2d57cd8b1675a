/**
 * Indicator rules as data. The built-in rule file (src/hiring/rules.yaml) holds one rule per
 * red flag of the public advisories: id, description, severity, weight, the detector that tests
 * it (src/hiring/signals/index.ts), its parameters, the evidence it needs and the advisory it cites.
 * Users extend it with their own YAML files:
 *
 *   - a rule with a new id is added (every field required, its detector must exist);
 *   - a rule with an existing id may change only `enabled`, `severity`, `weight` and `params`
 *     (params merged key by key), later files winning;
 *   - `enabled: false` disables a rule.
 *
 * Every problem is reported with the file, line, rule id and field, all at once (RulesError).
 *
 * Where the built-in file is found: `tsc` does not copy .yaml files into dist/, so the file is
 * looked up next to this module first (src/ under tsx, or dist/ if a build step copies it), then
 * at `src/hiring/rules.yaml` under the package root (the nearest directory with a package.json
 * above this module: the repository, or the installed package, which ships src/). The YAML file
 * stays the single source of truth: no generated copy can drift from it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { configOf, type Config } from '../config.js';
import { VigilError } from '../errors.js';
import { DETECTORS, LINK_KINDS, parseCidr, type Detector, type IpRange, type ParamSpec } from './signals/index.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Citation {
  /** Title of the public advisory (or other source). */
  source: string;
  /** Issuing agencies. */
  agencies: string[];
  /** Publication date, YYYY-MM-DD. */
  date: string;
  url?: string;
  note?: string;
}

export interface Rule {
  id: string;
  description: string;
  severity: Severity;
  /** 0..1: the rule's contribution to the score (see src/hiring/assess.ts). */
  weight: number;
  /** A detector name from src/hiring/signals/index.ts. */
  detector: string;
  /** The detector's parameters: its defaults, then the rule's, then the overrides'. */
  params: Record<string, unknown>;
  /** The profile fields and context the rule needs ("events.login.ip", "index", "links"). */
  evidence: string[];
  citation: Citation;
  enabled: boolean;
  /** The file that defined the rule. */
  file: string;
  /** Files that changed it, in order. */
  overriddenBy: string[];
}

export interface RuleSet {
  /** The built-in version, plus "+<version or content hash>" per user file. */
  version: string;
  /** Every rule, disabled ones included (with `enabled: false`), built-in ones first. */
  rules: Rule[];
  /** The files read, built-in first. */
  files: string[];
}

export interface RuleIssue {
  file: string;
  line?: number;
  rule?: string;
  field?: string;
  message: string;
}

export class RulesError extends VigilError {
  readonly issues: RuleIssue[];
  constructor(issues: RuleIssue[]) {
    super('invalid_rules', issues.map(formatIssue).join('\n'));
    this.name = 'RulesError';
    this.issues = issues;
  }
}

function formatIssue(i: RuleIssue): string {
  return `${i.file}${i.line !== undefined ? `:${i.line}` : ''}: ${i.rule !== undefined ? `rule "${i.rule}": ` : ''}${i.field !== undefined ? `${i.field}: ` : ''}${i.message}`;
}

/** The built-in rule file: next to this module, else src/hiring/rules.yaml under the package root. */
export function builtinRulesPath(moduleUrl: string = import.meta.url): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  const tried = [join(dir, 'rules.yaml')];
  for (let d = dir, i = 0; i < 8; i++) {
    if (existsSync(join(d, 'package.json'))) {
      tried.push(join(d, 'src', 'hiring', 'rules.yaml'));
      break;
    }
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  const found = tried.find((p) => existsSync(p));
  if (!found) throw new Error(`the built-in rule file was not found (looked for ${tried.join(' and ')})`);
  return found;
}

export interface LoadRulesOptions {
  /** Use this file instead of the built-in rule file. */
  builtin?: string;
}

/** The user's rule files named in VIGIL_HIRING_RULES (comma-separated), for the server and the CLI. */
export function ruleFilesFromEnv(settings: Config | NodeJS.ProcessEnv = process.env): string[] {
  return [...configOf(settings).hiringRules];
}

/** The built-in rules plus the user's files (later files override earlier ones). */
export function loadRules(extraFiles: string[] = [], options: LoadRulesOptions = {}): RuleSet {
  const builtinFile = options.builtin ?? builtinRulesPath();
  const issues: RuleIssue[] = [];
  const rules = new Map<string, Rule>();
  const base = readRuleFile(builtinFile, true, rules, issues);
  const versions = [base ?? '?'];
  for (const file of extraFiles) versions.push(readRuleFile(file, false, rules, issues) ?? '?');
  if (issues.length > 0) throw new RulesError(issues);
  return { version: versions.join('+'), rules: [...rules.values()], files: [builtinFile, ...extraFiles] };
}

export function enabledRules(set: RuleSet): Rule[] {
  return set.rules.filter((r) => r.enabled);
}

// ---------------------------------------------------------------------------------------------
// Reading one file

const TOP_KEYS = new Set(['version', 'description', 'sources', 'rules']);
const RULE_KEYS = new Set(['id', 'description', 'severity', 'weight', 'detector', 'params', 'evidence', 'citation', 'enabled']);
const OVERRIDABLE = new Set(['id', 'enabled', 'severity', 'weight', 'params']);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface FileCtx {
  file: string;
  doc: Document;
  lines: LineCounter;
  issues: RuleIssue[];
}

function lineAt(ctx: FileCtx, path: (string | number)[]): number | undefined {
  const node = ctx.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.lines.linePos(offset).line;
}

function issue(ctx: FileCtx, path: (string | number)[], rule: string | undefined, field: string | undefined, message: string): void {
  let line: number | undefined;
  for (let n = path.length; n > 0 && line === undefined; n--) line = lineAt(ctx, path.slice(0, n));
  ctx.issues.push({ file: ctx.file, ...(line !== undefined ? { line } : {}), ...(rule !== undefined ? { rule } : {}), ...(field !== undefined ? { field } : {}), message });
}

/** "params.ranges[1].cidr" as a YAML node path: ['params', 'ranges', 1, 'cidr']. */
function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|(?=\[)/)
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read one rule file into `rules`; returns its version label (undefined on a fatal problem). */
function readRuleFile(file: string, builtin: boolean, rules: Map<string, Rule>, issues: RuleIssue[]): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    issues.push({ file, message: `cannot be read: ${(err as Error).message}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: false, uniqueKeys: true });
  const ctx: FileCtx = { file, doc, lines, issues };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      issues.push({ file, line: e.linePos?.[0].line ?? lines.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (!isObject(data) || !isMap(doc.contents)) {
    issues.push({ file, message: 'must be a mapping with `version` and `rules`' });
    return undefined;
  }
  for (const key of Object.keys(data)) if (!TOP_KEYS.has(key)) issue(ctx, [key], undefined, key, `unknown key (expected ${[...TOP_KEYS].join(', ')})`);

  let version: string | undefined;
  if (typeof data.version === 'string' || typeof data.version === 'number') version = String(data.version).trim();
  if (data.version !== undefined && (version === undefined || version === '')) issue(ctx, ['version'], undefined, 'version', 'must be a string');
  if (builtin && version === undefined) issue(ctx, [], undefined, 'version', 'is required in the built-in rule file');
  version ??= `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;

  if (!Array.isArray(data.rules) || !isSeq(doc.get('rules', true))) {
    issue(ctx, ['rules'], undefined, 'rules', 'must be a list of rules');
    return version;
  }
  const inThisFile = new Set<string>();
  data.rules.forEach((raw: unknown, i: number) => {
    const at = ['rules', i];
    if (!isObject(raw)) {
      issue(ctx, at, undefined, undefined, `rules[${i}] must be a mapping`);
      return;
    }
    const id = raw.id;
    if (typeof id !== 'string' || !ID.test(id)) {
      issue(ctx, [...at, 'id'], undefined, `rules[${i}].id`, 'must be a string of letters, digits, ".", "_" or "-"');
      return;
    }
    if (inThisFile.has(id)) {
      issue(ctx, [...at, 'id'], id, 'id', 'is defined twice in this file');
      return;
    }
    inThisFile.add(id);
    for (const key of Object.keys(raw)) if (!RULE_KEYS.has(key)) issue(ctx, [...at, key], id, key, `unknown field (expected ${[...RULE_KEYS].join(', ')})`);
    const existing = rules.get(id);
    if (existing) applyOverride(ctx, at, existing, raw);
    else {
      const rule = newRule(ctx, at, id, raw);
      if (rule) rules.set(id, rule);
    }
  });
  return version;
}

function newRule(ctx: FileCtx, at: (string | number)[], id: string, raw: Record<string, unknown>): Rule | undefined {
  const before = ctx.issues.length;
  const bad = (field: string, message: string) => issue(ctx, [...at, ...fieldPath(field)], id, field, message);
  for (const field of ['description', 'severity', 'weight', 'detector', 'evidence', 'citation']) {
    if (raw[field] === undefined) bad(field, 'is required for a new rule');
  }
  if (raw.description !== undefined && (typeof raw.description !== 'string' || raw.description.trim() === '')) bad('description', 'must be a non-empty string');
  const severity = checkSeverity(raw.severity, (m) => bad('severity', m));
  const weight = checkWeight(raw.weight, (m) => bad('weight', m));
  let detector: Detector | undefined;
  if (raw.detector !== undefined) {
    detector = typeof raw.detector === 'string' ? DETECTORS.get(raw.detector) : undefined;
    if (!detector) bad('detector', `unknown detector ${JSON.stringify(raw.detector)} (known: ${[...DETECTORS.keys()].join(', ')})`);
  }
  const enabled = raw.enabled === undefined ? true : raw.enabled;
  if (typeof enabled !== 'boolean') bad('enabled', 'must be true or false');
  const citation = checkCitation(raw.citation, bad);
  let evidence: string[] | undefined;
  if (raw.evidence !== undefined) {
    if (!Array.isArray(raw.evidence) || raw.evidence.length === 0 || !raw.evidence.every((e) => typeof e === 'string' && e.trim() !== '')) {
      bad('evidence', 'must be a non-empty list of field names');
    } else {
      evidence = raw.evidence as string[];
      if (detector) {
        const known = new Set<string>([...detector.reads, ...detector.needs, 'ref']);
        evidence.forEach((e, k) => {
          const root = e.split('.')[0]!;
          if (!known.has(root)) bad(`evidence[${k}]`, `"${e}" is not something detector ${detector!.name} reads (it reads ${[...known].join(', ')})`);
        });
      }
    }
  }
  let params: Record<string, unknown> | undefined;
  if (detector) params = checkParams(detector, defaults(detector), raw.params, (field, m) => bad(field, m));
  if (ctx.issues.length > before || !detector || !params || !severity || weight === undefined || !citation || !evidence) return undefined;
  return {
    id,
    description: (raw.description as string).trim(),
    severity,
    weight,
    detector: detector.name,
    params,
    evidence,
    citation,
    enabled: enabled as boolean,
    file: ctx.file,
    overriddenBy: [],
  };
}

function applyOverride(ctx: FileCtx, at: (string | number)[], rule: Rule, raw: Record<string, unknown>): void {
  const before = ctx.issues.length;
  const bad = (field: string, message: string) => issue(ctx, [...at, ...fieldPath(field)], rule.id, field, message);
  for (const key of Object.keys(raw)) {
    if (OVERRIDABLE.has(key) || !RULE_KEYS.has(key)) continue;
    const current = (rule as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(raw[key]) !== JSON.stringify(current)) {
      bad(key, `cannot be changed for existing rule "${rule.id}" (from ${rule.file}); only enabled, severity, weight and params can. Add a rule with a new id instead`);
    }
  }
  const severity = raw.severity === undefined ? rule.severity : checkSeverity(raw.severity, (m) => bad('severity', m));
  const weight = raw.weight === undefined ? rule.weight : checkWeight(raw.weight, (m) => bad('weight', m));
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') bad('enabled', 'must be true or false');
  const params = checkParams(DETECTORS.get(rule.detector)!, rule.params, raw.params, (field, m) => bad(field, m));
  if (ctx.issues.length > before || !severity || weight === undefined || !params) return;
  rule.severity = severity;
  rule.weight = weight;
  rule.params = params;
  if (typeof raw.enabled === 'boolean') rule.enabled = raw.enabled;
  rule.overriddenBy.push(ctx.file);
}

function checkSeverity(value: unknown, bad: (m: string) => void): Severity | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  bad(`must be one of ${SEVERITIES.join(', ')}`);
  return undefined;
}

function checkWeight(value: unknown, bad: (m: string) => void): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1) return value;
  bad('must be a number from 0 to 1');
  return undefined;
}

function checkCitation(value: unknown, bad: (field: string, m: string) => void): Citation | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    bad('citation', 'must be a mapping with source, agencies, date and optionally url, note');
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!['source', 'agencies', 'date', 'url', 'note'].includes(key)) {
      bad(`citation.${key}`, 'unknown field (expected source, agencies, date, url, note)');
      ok = false;
    }
  }
  if (typeof value.source !== 'string' || value.source.trim() === '') {
    bad('citation.source', 'must name the advisory or other public source');
    ok = false;
  }
  const agencies = typeof value.agencies === 'string' ? [value.agencies] : value.agencies;
  if (!Array.isArray(agencies) || agencies.length === 0 || !agencies.every((a) => typeof a === 'string' && a.trim() !== '')) {
    bad('citation.agencies', 'must list the issuing agencies');
    ok = false;
  }
  if (typeof value.date !== 'string' || !DATE.test(value.date) || Number.isNaN(Date.parse(value.date))) {
    bad('citation.date', 'must be a date YYYY-MM-DD');
    ok = false;
  }
  if (value.url !== undefined && (typeof value.url !== 'string' || !/^https?:\/\/\S+$/.test(value.url))) {
    bad('citation.url', 'must be an http(s) URL');
    ok = false;
  }
  if (value.note !== undefined && typeof value.note !== 'string') {
    bad('citation.note', 'must be a string');
    ok = false;
  }
  if (!ok) return undefined;
  return {
    source: (value.source as string).trim(),
    agencies: (agencies as string[]).map((a) => a.trim()),
    date: value.date as string,
    ...(value.url !== undefined ? { url: value.url as string } : {}),
    ...(value.note !== undefined ? { note: (value.note as string).trim() } : {}),
  };
}

function defaults(detector: Detector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(detector.params)) out[name] = structuredClone(spec.default);
  return out;
}

/** `base` with `raw`'s parameters validated and merged in; undefined when any is wrong. */
function checkParams(
  detector: Detector,
  base: Record<string, unknown>,
  raw: unknown,
  bad: (field: string, m: string) => void,
): Record<string, unknown> | undefined {
  const out = { ...base };
  if (raw === undefined || raw === null) return out;
  if (!isObject(raw)) {
    bad('params', 'must be a mapping of parameter names to values');
    return undefined;
  }
  let ok = true;
  const known = Object.keys(detector.params);
  for (const [name, value] of Object.entries(raw)) {
    const spec = detector.params[name];
    if (!spec) {
      bad(`params.${name}`, `unknown parameter for detector ${detector.name} (${known.length > 0 ? `known: ${known.join(', ')}` : 'it takes none'})`);
      ok = false;
      continue;
    }
    const checked = checkParam(spec, value, `params.${name}`, bad);
    if (checked === undefined) ok = false;
    else out[name] = checked;
  }
  return ok ? out : undefined;
}

function checkParam(spec: ParamSpec, value: unknown, field: string, bad: (field: string, m: string) => void): unknown {
  const range = () => {
    const parts = [spec.min !== undefined ? `>= ${spec.min}` : '', spec.max !== undefined ? `<= ${spec.max}` : ''].filter((p) => p !== '');
    return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
  };
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.type === 'number' || Number.isInteger(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      if (ok) return value;
      bad(field, `must be ${spec.type === 'integer' ? 'an integer' : 'a number'}${range()}`);
      return undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      bad(field, 'must be true or false');
      return undefined;
    case 'string':
      if (typeof value === 'string' && (spec.values === undefined || spec.values.includes(value))) return value;
      bad(field, spec.values ? `must be one of ${spec.values.join(', ')}` : 'must be a string');
      return undefined;
    case 'strings':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) return value.map((v: string) => v.trim());
      bad(field, 'must be a list of non-empty strings');
      return undefined;
    case 'linkKinds': {
      if (!Array.isArray(value)) {
        bad(field, `must be a list of link kinds (${LINK_KINDS.join(', ')})`);
        return undefined;
      }
      let ok = true;
      value.forEach((v, k) => {
        if (!(LINK_KINDS as readonly unknown[]).includes(v)) {
          bad(`${field}[${k}]`, `${JSON.stringify(v)} is not a link kind (${LINK_KINDS.join(', ')})`);
          ok = false;
        }
      });
      return ok ? [...value] : undefined;
    }
    case 'ranges': {
      if (!Array.isArray(value)) {
        bad(field, 'must be a list of CIDR ranges ("203.0.113.0/24" or {cidr, label})');
        return undefined;
      }
      const out: IpRange[] = [];
      let ok = true;
      value.forEach((v, k) => {
        const cidr = typeof v === 'string' ? v.trim().split(/\s+/)[0] : isObject(v) ? v.cidr : undefined;
        const label = typeof v === 'string' ? v.trim().split(/\s+/).slice(1).join(' ') : isObject(v) ? v.label : undefined;
        if (typeof cidr !== 'string' || !parseCidr(cidr)) {
          bad(`${field}[${k}]`, `${JSON.stringify(cidr ?? v)} is not an IPv4 or IPv6 CIDR range`);
          ok = false;
          return;
        }
        if (isObject(v) && Object.keys(v).some((key) => key !== 'cidr' && key !== 'label')) {
          bad(`${field}[${k}]`, 'a range has only cidr and label');
          ok = false;
          return;
        }
        if (label !== undefined && typeof label !== 'string') {
          bad(`${field}[${k}].label`, 'must be a string');
          ok = false;
          return;
        }
        out.push(label ? { cidr, label } : { cidr });
      });
      return ok ? out : undefined;
    }
  }
}
