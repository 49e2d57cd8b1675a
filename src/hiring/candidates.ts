/**
 * Candidate profiles in and out of the store: checking a profile (each error names the field, e.g.
 * `payments[1].value`), reading them from JSON lines, a JSON array or a flat CSV, and keeping every
 * version. A bad record is reported with its row and the rest are read; partial profiles are normal.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { AuditEvent } from '../cases/audit.js';
import { CaseError } from '../cases/errors.js';
import { VigilError } from '../errors.js';
import { badBytesMessage, readRecords, RecordsError } from '../io/records.js';
import { TimeSlices } from '../io/turns.js';
import { countryCode } from '../model/index.js';
import { normalizeEmail, parseAddress } from '../match/index.js';
import type { CandidateLinkKeySet, JsonObject, Store, StoredCandidateRow } from '../store/index.js';
import { LINK_KEYS_VERSION, linkKeys } from './links/index.js';
import { CANDIDATE_KINDS, emptyProfile, type ActivityEvent, type CandidateKind, type CandidateProfile, type PostalAddress } from './profile.js';

/** A candidate record that cannot be a profile; the message names the field that is wrong. */
export class CandidateInputError extends VigilError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}

const DATE = /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const MAX_TEXT = 200_000;

type Json = Record<string, unknown>;

function fail(path: string, message: string): never {
  throw new CandidateInputError(`${path}: ${message}`);
}

function str(value: unknown, path: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (opts.required) fail(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' && typeof value !== 'number') fail(path, `must be a string, not ${Array.isArray(value) ? 'a list' : typeof value}`);
  const s = String(value).trim();
  if (s === '' && opts.required) fail(path, 'is required');
  if (s.length > (opts.max ?? 2000)) fail(path, `is ${s.length} characters long; at most ${opts.max ?? 2000} are allowed`);
  return s === '' ? undefined : s;
}

function date(value: unknown, path: string): string | undefined {
  const s = str(value, path);
  if (s === undefined) return undefined;
  if (!DATE.test(s) || Number.isNaN(Date.parse(s.length === 4 ? `${s}-01-01` : s.length === 7 ? `${s}-01` : s))) {
    fail(path, `"${s}" is not an ISO date or date-time (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z)`);
  }
  return s;
}

function country(value: unknown, path: string): string | undefined {
  const s = str(value, path);
  if (s === undefined) return undefined;
  const code = countryCode(s);
  if (!code) fail(path, `"${s}" is not a country (name or ISO code)`);
  return code;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'must be a list');
  return value;
}

function obj(value: unknown, path: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

function address(value: unknown, path: string): PostalAddress | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return { text: str(value, path, { required: true })! };
  const o = obj(value, path);
  const a: PostalAddress = { text: str(o.text, `${path}.text`, { required: true })! };
  const c = country(o.country, `${path}.country`);
  if (c) a.country = c;
  return a;
}

function strings(value: unknown, path: string): string[] {
  const out: string[] = [];
  list(typeof value === 'string' ? [value] : value, path).forEach((v, i) => {
    const s = str(v, `${path}[${i}]`);
    if (s !== undefined && !out.includes(s)) out.push(s);
  });
  return out;
}

function event(value: unknown, path: string): ActivityEvent {
  const o = obj(value, path);
  const at = date(o.at, `${path}.at`) ?? fail(`${path}.at`, 'is required');
  switch (o.type) {
    case 'login': {
      const ip = str(o.ip, `${path}.ip`, { required: true })!;
      if (isIP(ip) === 0) fail(`${path}.ip`, `"${ip}" is not an IPv4 or IPv6 address`);
      const e: ActivityEvent = { type: 'login', at, ip };
      const account = str(o.account, `${path}.account`);
      if (account) e.account = account;
      const c = country(o.ipCountry, `${path}.ipCountry`);
      if (c) e.ipCountry = c;
      const kind = str(o.ipKind, `${path}.ipKind`);
      if (kind) e.ipKind = kind.toLowerCase();
      const tool = str(o.tool, `${path}.tool`);
      if (tool) e.tool = tool;
      const device = str(o.deviceId, `${path}.deviceId`);
      if (device) e.deviceId = device;
      if (o.durationMinutes !== undefined) {
        const d = Number(o.durationMinutes);
        if (!(d >= 0)) fail(`${path}.durationMinutes`, 'must be a number of minutes');
        e.durationMinutes = d;
      }
      return e;
    }
    case 'shipping_request':
      return { type: 'shipping_request', at, address: address(o.address, `${path}.address`) ?? fail(`${path}.address`, 'is required'), ...(o.item ? { item: str(o.item, `${path}.item`) } : {}) };
    case 'payment_request':
      return { type: 'payment_request', at, method: str(o.method, `${path}.method`, { required: true })!, ...(o.note ? { note: str(o.note, `${path}.note`) } : {}) };
    case 'activity':
      return { type: 'activity', at, ...(o.what ? { what: str(o.what, `${path}.what`) } : {}) };
    default:
      fail(`${path}.type`, `must be login, shipping_request, payment_request or activity, not ${JSON.stringify(o.type)}`);
  }
}

/** Check one profile record; throws a `CandidateInputError` naming the field that is wrong. */
export function parseCandidate(value: unknown, defaults: { kind?: CandidateKind } = {}): CandidateProfile {
  const o = obj(value, 'record');
  const ref = str(o.ref ?? o.id, 'ref', { required: true, max: 200 })!;
  const kind = (str(o.kind, 'kind') ?? defaults.kind ?? 'candidate') as CandidateKind;
  if (!CANDIDATE_KINDS.includes(kind)) fail('kind', `must be one of ${CANDIDATE_KINDS.join(', ')}, not "${kind}"`);
  const p = emptyProfile(ref, kind);
  p.names = strings(o.names ?? o.name, 'names');
  p.emails = strings(o.emails ?? o.email, 'emails');
  p.emails.forEach((e, i) => {
    if (!normalizeEmail(e)) fail(`emails[${i}]`, `"${e}" is not an email address`);
  });
  p.phones = list(typeof o.phones === 'string' ? [o.phones] : o.phones, 'phones').map((v, i) => {
    if (typeof v === 'string') return { number: str(v, `phones[${i}]`, { required: true })! };
    const ph = obj(v, `phones[${i}]`);
    return {
      number: str(ph.number, `phones[${i}].number`, { required: true })!,
      ...(ph.issuedAt ? { issuedAt: date(ph.issuedAt, `phones[${i}].issuedAt`) } : {}),
      ...(ph.lineType ? { lineType: str(ph.lineType, `phones[${i}].lineType`)!.toLowerCase() } : {}),
    };
  });
  const home = address(o.homeAddress, 'homeAddress');
  if (home) p.homeAddress = home;
  p.shippingAddresses = list(o.shippingAddresses, 'shippingAddresses').map((a, i) => address(a, `shippingAddresses[${i}]`)!).filter(Boolean);
  if (o.claimedLocation !== undefined) {
    const c = obj(o.claimedLocation, 'claimedLocation');
    const tz = str(c.timeZone, 'claimedLocation.timeZone');
    if (tz) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
      } catch {
        fail('claimedLocation.timeZone', `"${tz}" is not an IANA time zone (e.g. America/Chicago)`);
      }
    }
    p.claimedLocation = { country: country(c.country, 'claimedLocation.country'), city: str(c.city, 'claimedLocation.city'), timeZone: tz };
  }
  const birth = date(o.birthDate, 'birthDate');
  if (birth) p.birthDate = birth;
  const applied = date(o.appliedAt, 'appliedAt');
  if (applied) p.appliedAt = applied;
  p.documents = list(o.documents, 'documents').map((v, i) => {
    const d = obj(v, `documents[${i}]`);
    const type = str(d.type, `documents[${i}].type`) ?? 'other';
    if (!['passport', 'national_id', 'driver_license', 'residence_permit', 'visa', 'other'].includes(type)) {
      fail(`documents[${i}].type`, `"${type}" is not passport, national_id, driver_license, residence_permit, visa or other`);
    }
    return {
      type: type as CandidateProfile['documents'][number]['type'],
      number: str(d.number, `documents[${i}].number`, { required: true })!,
      country: country(d.country, `documents[${i}].country`),
      name: str(d.name, `documents[${i}].name`),
      birthDate: date(d.birthDate, `documents[${i}].birthDate`),
      issuedAt: date(d.issuedAt, `documents[${i}].issuedAt`),
      expiresAt: date(d.expiresAt, `documents[${i}].expiresAt`),
    };
  });
  p.employers = list(typeof o.employers === 'string' ? [o.employers] : o.employers, 'employers').map((v, i) => {
    if (typeof v === 'string') return { name: str(v, `employers[${i}]`, { required: true })! };
    const e = obj(v, `employers[${i}]`);
    return {
      name: str(e.name, `employers[${i}].name`, { required: true })!,
      country: country(e.country, `employers[${i}].country`),
      from: date(e.from, `employers[${i}].from`),
      to: date(e.to, `employers[${i}].to`),
      role: str(e.role, `employers[${i}].role`),
    };
  });
  p.education = list(o.education, 'education').map((v, i) => {
    const e = obj(v, `education[${i}]`);
    return { school: str(e.school, `education[${i}].school`, { required: true })!, degree: str(e.degree, `education[${i}].degree`), country: country(e.country, `education[${i}].country`), from: date(e.from, `education[${i}].from`), to: date(e.to, `education[${i}].to`) };
  });
  p.payments = list(o.payments, 'payments').map((v, i) => {
    const e = obj(v, `payments[${i}]`);
    const type = str(e.type, `payments[${i}].type`, { required: true })!;
    if (!['bank_account', 'iban', 'payment_platform', 'crypto_wallet'].includes(type)) {
      fail(`payments[${i}].type`, `"${type}" is not bank_account, iban, payment_platform or crypto_wallet`);
    }
    const value = str(e.value, `payments[${i}].value`, { required: true })!;
    const provider = str(e.provider, `payments[${i}].provider`);
    if (type === 'crypto_wallet') {
      const info = parseAddress(value, provider);
      if (!info.valid) fail(`payments[${i}].value`, `"${value}" is not a valid crypto address${info.reason ? `: ${info.reason}` : ''}`);
    }
    return { type: type as CandidateProfile['payments'][number]['type'], value, holderName: str(e.holderName, `payments[${i}].holderName`), provider, since: date(e.since, `payments[${i}].since`) };
  });
  p.profiles = list(o.profiles, 'profiles').map((v, i) => {
    const e = obj(v, `profiles[${i}]`);
    return {
      platform: str(e.platform, `profiles[${i}].platform`, { required: true })!.toLowerCase(),
      handle: str(e.handle, `profiles[${i}].handle`, { required: true })!,
      url: str(e.url, `profiles[${i}].url`),
      createdAt: date(e.createdAt, `profiles[${i}].createdAt`),
      displayName: str(e.displayName, `profiles[${i}].displayName`),
    };
  });
  p.references = list(o.references, 'references').map((v, i) => {
    const e = obj(v, `references[${i}]`);
    return { name: str(e.name, `references[${i}].name`, { required: true })!, email: str(e.email, `references[${i}].email`), phone: str(e.phone, `references[${i}].phone`), company: str(e.company, `references[${i}].company`) };
  });
  const resume = str(o.resumeText, 'resumeText', { max: MAX_TEXT });
  if (resume) p.resumeText = resume;
  p.events = list(o.events, 'events').map((v, i) => event(v, `events[${i}]`));
  p.events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const notes = strings(o.notes, 'notes');
  if (notes.length) p.notes = notes;
  return stripUndefined(p);
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** CSV columns for the flat fields; `;` separates several values in one cell. */
const CSV_COLUMNS: Record<string, (p: Json, v: string[]) => void> = {
  ref: (p, v) => (p.ref = v[0]),
  kind: (p, v) => (p.kind = v[0]),
  name: (p, v) => (p.names = v),
  names: (p, v) => (p.names = v),
  email: (p, v) => (p.emails = v),
  emails: (p, v) => (p.emails = v),
  phone: (p, v) => (p.phones = v),
  phones: (p, v) => (p.phones = v),
  home_address: (p, v) => (p.homeAddress = { ...((p.homeAddress as Json) ?? {}), text: v[0] }),
  home_country: (p, v) => (p.homeAddress = { ...((p.homeAddress as Json) ?? {}), country: v[0] }),
  shipping_address: (p, v) => (p.shippingAddresses = v.map((text) => ({ text }))),
  claimed_country: (p, v) => (p.claimedLocation = { ...((p.claimedLocation as Json) ?? {}), country: v[0] }),
  claimed_city: (p, v) => (p.claimedLocation = { ...((p.claimedLocation as Json) ?? {}), city: v[0] }),
  time_zone: (p, v) => (p.claimedLocation = { ...((p.claimedLocation as Json) ?? {}), timeZone: v[0] }),
  birth_date: (p, v) => (p.birthDate = v[0]),
  applied_at: (p, v) => (p.appliedAt = v[0]),
  employer: (p, v) => (p.employers = v),
  employers: (p, v) => (p.employers = v),
  iban: (p, v) => (p.payments = [...((p.payments as Json[]) ?? []), ...v.map((value) => ({ type: 'iban', value }))]),
  wallet: (p, v) => (p.payments = [...((p.payments as Json[]) ?? []), ...v.map((value) => ({ type: 'crypto_wallet', value }))]),
  github: (p, v) => (p.profiles = [...((p.profiles as Json[]) ?? []), ...v.map((handle) => ({ platform: 'github', handle }))]),
  linkedin: (p, v) => (p.profiles = [...((p.profiles as Json[]) ?? []), ...v.map((handle) => ({ platform: 'linkedin', handle }))]),
  telegram: (p, v) => (p.profiles = [...((p.profiles as Json[]) ?? []), ...v.map((handle) => ({ platform: 'telegram', handle }))]),
  resume_text: (p, v) => (p.resumeText = v.join('; ')),
};

export type CandidateRow = { row: number; profile: CandidateProfile } | { row: number; error: string };

/** A flat CSV row as a profile record: each known column's cell split at ";" (a repeated column: the last one). */
function csvProfile(columns: string[], cells: string[]): Json {
  const byColumn: Record<string, string> = {};
  columns.forEach((column, i) => {
    if (i < cells.length) byColumn[column] = cells[i]!;
  });
  const p: Json = {};
  for (const [col, cell] of Object.entries(byColumn)) {
    const values = cell.split(';').map((v) => v.trim()).filter(Boolean);
    if (values.length) CSV_COLUMNS[col]!(p, values);
  }
  return p;
}

/**
 * Stream the profiles of a file, one row at a time (read by `readRecords`, src/io/records.ts):
 * JSON lines, a JSON array, or CSV with a header of the flat fields. A bad record is an error row
 * naming its row and reading goes on. Throws a CandidateInputError for a file that is not UTF-8 (as
 * a whole: it would import its ASCII rows and reject the others), an unknown CSV column, broken CSV
 * quoting or JSON array structure, or a record longer than MAX_RECORD_BYTES.
 */
export async function* readCandidates(path: string, options: { format?: 'jsonl' | 'json' | 'csv'; kind?: CandidateKind } = {}): AsyncGenerator<CandidateRow> {
  let columns: string[] = [];
  const onHeader = (cells: string[]): void => {
    columns = cells.map((h) => h.trim().toLowerCase());
    const unknown = [...new Set(columns.filter((c) => !CSV_COLUMNS[c]))];
    if (unknown.length) throw new CandidateInputError(`${path}: unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')} (known: ${Object.keys(CSV_COLUMNS).join(', ')}; use JSON lines for nested data such as events)`);
  };
  const records = readRecords(path, { format: options.format, recordNoun: 'profiles', onHeader });
  try {
    for await (const record of records) {
      if ('error' in record) {
        if (record.badBytes) throw new CandidateInputError(badBytesMessage(path, record.badBytes));
        yield { row: record.row, error: `${record.where}: ${record.error}` };
        continue;
      }
      let row: CandidateRow;
      try {
        row = { row: record.row, profile: parseCandidate('cells' in record ? csvProfile(columns, record.cells) : record.value, options) };
      } catch (err) {
        row = { row: record.row, error: `${record.where}: ${(err as Error).message}` };
      }
      yield row;
    }
  } catch (err) {
    if (err instanceof RecordsError) throw new CandidateInputError(err.message);
    throw err;
  }
}

export interface StoredCandidate {
  id: number;
  ref: string;
  kind: CandidateKind;
  version: number;
  profile: CandidateProfile;
  createdAt: string;
  updatedAt: string;
}

/** Profile fields that are always lists (see emptyProfile). */
const PROFILE_LISTS = ['names', 'emails', 'phones', 'shippingAddresses', 'documents', 'employers', 'education', 'payments', 'profiles', 'references', 'events'] as const;

/**
 * A stored profile (a JSON object, decoded by the candidates' repository), checked for its shape:
 * a reference, a kind and its lists. Its content was checked by `parseCandidate` when it was
 * written, so it is not checked again on every read (link analysis reads the whole pool).
 */
export function storedProfile(value: JsonObject, what: string): CandidateProfile {
  if (typeof value.ref !== 'string' || value.ref === '') throw new Error(`${what} has no reference`);
  if (!CANDIDATE_KINDS.includes(value.kind as CandidateKind)) throw new Error(`${what} has no kind (one of ${CANDIDATE_KINDS.join(', ')})`);
  for (const field of PROFILE_LISTS) if (!Array.isArray(value[field])) throw new Error(`${what}: ${field} is not a list`);
  return value as unknown as CandidateProfile;
}

function toStored(row: StoredCandidateRow<CandidateProfile>): StoredCandidate {
  if (row.profile.ref !== row.ref) throw new Error(`candidate ${row.id}: its stored profile is of "${row.profile.ref}", not "${row.ref}"`);
  if (row.profile.kind !== row.kind) throw new Error(`candidate ${row.id}: its stored profile is a ${row.profile.kind}, its row a ${row.kind}`);
  return { id: row.id, ref: row.ref, kind: row.profile.kind, version: row.version, profile: row.profile, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** Create or update profiles by reference (every version kept); audited. */
export async function upsertCandidates(store: Store, profiles: CandidateProfile[], actor: string): Promise<{ ref: string; id: number; version: number; outcome: 'created' | 'updated' | 'unchanged' }[]> {
  const out: { ref: string; id: number; version: number; outcome: 'created' | 'updated' | 'unchanged' }[] = [];
  // A batch is one transaction; the event loop gets its turn every slice, inside a batch too (a
  // SQLite transaction's queries hold the thread; other queries wait for the connection meanwhile).
  const slices = new TimeSlices();
  for (let start = 0; start < profiles.length; start += 500) {
    if (start > 0) await slices.turn();
    const batch = new Map(profiles.slice(start, start + 500).map((p) => [p.ref, p]));
    const done = await store.transaction(async (tx) => {
      const now = new Date().toISOString();
      const existing = new Map((await tx.candidates.statesByRef([...batch.keys()])).map((r) => [r.ref, r]));
      const audit: AuditEvent[] = [];
      const results: typeof out = [];
      // The join keys of the link graph are written with the profile (assessing one candidate reads them).
      const keyed: CandidateLinkKeySet[] = [];
      for (const profile of batch.values()) {
        await slices.due();
        const data = JSON.stringify(profile);
        const hash = createHash('sha256').update(data).digest('hex');
        const row = existing.get(profile.ref);
        if (row && row.hash === hash && row.deletedAt === null) {
          results.push({ ref: profile.ref, id: row.id, version: row.version, outcome: 'unchanged' });
          continue;
        }
        let id: number;
        let version: number;
        if (row) {
          id = row.id;
          version = row.version + 1;
          await tx.candidates.update(id, { kind: profile.kind, data, hash }, version, now);
        } else {
          version = 1;
          id = await tx.candidates.insert(profile.ref, { kind: profile.kind, data, hash }, now);
        }
        await tx.candidates.addVersion({ candidateId: id, version, hash, data, at: now });
        keyed.push({ candidateId: id, version, keys: linkKeys(profile) });
        results.push({ ref: profile.ref, id, version, outcome: row ? 'updated' : 'created' });
        audit.push({ actor, action: row ? 'candidate.update' : 'candidate.create', subject: `candidate:${profile.ref}`, details: { id, version, hash } });
      }
      await tx.candidates.writeLinkKeys(keyed, LINK_KEYS_VERSION);
      await tx.audit.append(audit);
      return results;
    });
    out.push(...done);
  }
  return out;
}

export async function getCandidate(store: Store, ref: string): Promise<StoredCandidate> {
  const row = await store.repos.candidates.byRef(ref, storedProfile);
  if (!row) throw new CaseError('not_found', `no candidate "${ref}"`);
  return toStored(row);
}

export async function listCandidates(store: Store, options: { after?: number; limit?: number } = {}): Promise<StoredCandidate[]> {
  return (await store.repos.candidates.list(storedProfile, options)).map(toStored);
}

/** Live candidates by id (those not found are left out). */
export async function candidatesById(store: Store, ids: readonly number[]): Promise<StoredCandidate[]> {
  return (await store.repos.candidates.byIds(ids, storedProfile)).map(toStored);
}

/**
 * Derive and store the join keys of every candidate whose stored keys are missing (profiles stored
 * before the link graph was) or out of date (another key derivation); the number brought up to date.
 * Profiles written by `upsertCandidates` are keyed as they are written, so this is normally nothing.
 */
export async function syncLinkKeys(store: Store, onProgress?: (done: number) => void): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await store.repos.candidates.withStaleLinkKeys(LINK_KEYS_VERSION, 500, storedProfile);
    if (rows.length === 0) return done;
    const keyed = rows.map((r) => ({ candidateId: r.id, version: r.version, keys: linkKeys(r.profile) }));
    await store.transaction((tx) => tx.candidates.writeLinkKeys(keyed, LINK_KEYS_VERSION));
    done += rows.length;
    onProgress?.(done);
  }
}
