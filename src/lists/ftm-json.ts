/**
 * FollowTheMoney JSON-lines adapter: OpenSanctions `entities.ftm.json` exports, one entity object
 * per line. Parties (Person, Organization, Company, LegalEntity, Vessel, Airplane, CryptoWallet,
 * PublicBody) become canonical entities; Address, Sanction, Identification and Passport records
 * are folded into the parties that they belong to; relationship schemata are counted and skipped.
 * The file is read line by line; records are joined once the whole publication has been read,
 * because FtM exports put linked entities in any order.
 */
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  EntityBuilder,
  countryName,
  entityId,
  isPropertyName,
  scriptOf,
  type Entity,
  type NamePart,
  type NamePartType,
  type PropertyName,
  type Schema,
} from '../model/index.js';
import { ListFormatError } from './errors.js';
import { openListFile } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';

/** Where OpenSanctions publishes the latest FtM export of a dataset (e.g. `eu_fsf`, `us_ofac_sdn`). */
export function openSanctionsUrl(dataset: string): string {
  return `https://data.opensanctions.org/datasets/latest/${dataset}/entities.ftm.json`;
}

/** FtM schemata that are parties (or wallets) in our model, and what they become. */
const PARTY_SCHEMATA = new Map<string, Schema>([
  ['Person', 'Person'],
  ['Organization', 'Organization'],
  ['Company', 'Company'],
  ['LegalEntity', 'LegalEntity'],
  ['PublicBody', 'Organization'],
  ['Vessel', 'Vessel'],
  ['Airplane', 'Aircraft'],
  ['Aircraft', 'Aircraft'],
  ['CryptoWallet', 'CryptoWallet'],
]);

/** FtM property names that our model spells differently. */
const RENAMED = new Map<string, PropertyName>([['notes', 'remarks']]);

/** Properties whose values are ids of other FtM entities: rewritten to our entity ids. */
const LINK_PROPERTIES = new Set<PropertyName>(['holder', 'owner', 'operator']);
const DATE_PROPERTIES = new Set<PropertyName>(['birthDate', 'deathDate', 'listingDate', 'registrationDate', 'buildDate']);
const COUNTRY_PROPERTIES = new Set<PropertyName>(['country', 'nationality', 'citizenship', 'jurisdiction', 'flag']);
/** Parts of an FtM Address, in the order they are written when the address has no `full` form. */
const ADDRESS_PARTS = ['street', 'street2', 'postOfficeBox', 'city', 'postalCode', 'region', 'state'];
/** Facts a wallet takes over from its holder so that a wallet hit explains itself. */
const WALLET_FACTS: PropertyName[] = ['program', 'listingDate', 'authority', 'sourceUrl'];

type Json = Record<string, unknown>;

interface PartyRecord {
  ftmId: string;
  builder: EntityBuilder;
  caption: string | undefined;
  addressRefs: string[];
  links: [PropertyName, string][];
}

interface AddressRecord {
  texts: string[];
  referents: string[];
  used: boolean;
}

/** A Sanction, Identification or Passport: facts to add to the party (or parties) it names. */
interface FactRecord {
  schema: string;
  targets: string[];
  facts: [PropertyName, string[]][];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Typed parts of a person's name when the name is exactly "first [middle...] last" or
 * "last first" for some firstName/lastName value of the same record; else the name as one part.
 */
function personNameParts(full: string, firstNames: string[], lastNames: string[]): NamePart[] {
  const lower = full.toLowerCase();
  const clean = (values: string[]) => values.map((v) => v.replace(/\s+/g, ' ').trim()).filter((v) => v !== '');
  const firsts = clean(firstNames);
  const lasts = clean(lastNames);
  for (const first of firsts) {
    for (const last of lasts) {
      const f = first.toLowerCase();
      const l = last.toLowerCase();
      if (lower.length > f.length + l.length && lower.startsWith(`${f} `) && lower.endsWith(` ${l}`)) {
        const middle = full.slice(f.length + 1, full.length - l.length - 1).trim();
        const parts: NamePart[] = [{ type: 'first', value: full.slice(0, f.length) }];
        if (middle) parts.push({ type: 'middle', value: middle });
        parts.push({ type: 'last', value: full.slice(full.length - l.length) });
        return parts;
      }
      if (lower === `${l} ${f}`) {
        return [
          { type: 'last', value: full.slice(0, l.length) },
          { type: 'first', value: full.slice(l.length + 1) },
        ];
      }
    }
  }
  return [{ type: 'other', value: full }];
}

function namePartType(schema: Schema): NamePartType {
  switch (schema) {
    case 'Vessel':
      return 'vessel';
    case 'Aircraft':
      return 'aircraft';
    case 'Person':
    case 'CryptoWallet':
      return 'other';
    default:
      return 'entity';
  }
}

function normalizeValue(property: PropertyName, value: string, schema: Schema): string {
  const v = value.trim();
  if (DATE_PROPERTIES.has(property)) {
    const m = /^(\d{4}-\d{2}-\d{2})T/.exec(v);
    return m ? m[1]! : v;
  }
  if (COUNTRY_PROPERTIES.has(property) && /^[a-z]{2}(-[a-z0-9]+)?$/i.test(v)) return v.toLowerCase();
  if (property === 'currency' && schema === 'CryptoWallet') return v.toUpperCase();
  return v;
}

/** One parse run: reads any number of files, then joins and builds. */
class FtmReader {
  private readonly dataset: string;
  private readonly parties = new Map<string, PartyRecord>();
  private readonly addresses = new Map<string, AddressRecord>();
  private readonly factRecords: FactRecord[] = [];
  private readonly stats: Record<string, number> = { lines: 0, records: 0 };
  private readonly warnings: string[] = [];
  private readonly unknownProperties = new Map<string, number>();
  private nonTextValues = 0;
  private duplicateIds = 0;
  private emptyAddresses = 0;
  private publishedAt: string | undefined;

  constructor(dataset: string) {
    this.dataset = dataset;
  }

  private count(key: string, n = 1): void {
    this.stats[key] = (this.stats[key] ?? 0) + n;
  }

  /** The FtM id without the `<dataset>-` prefix that OpenSanctions ids sometimes already carry. */
  private sourceId(ftmId: string): string {
    const prefix = `${this.dataset}-`;
    return ftmId.startsWith(prefix) ? ftmId.slice(prefix.length) : ftmId;
  }

  /** Our entity id for an FtM id: `<dataset>-<id>`, the prefix never doubled. */
  private ourId(ftmId: string): string {
    return entityId(this.dataset, this.sourceId(ftmId));
  }

  /** Text values of a property (FtM values are lists of strings; anything else is counted and dropped). */
  private texts(raw: unknown): string[] {
    if (raw === undefined || raw === null) return [];
    if (typeof raw === 'string') return [raw];
    if (!Array.isArray(raw)) {
      this.nonTextValues++;
      return [];
    }
    const out: string[] = [];
    for (const item of raw) {
      if (typeof item === 'string') out.push(item);
      else this.nonTextValues++;
    }
    return out;
  }

  async readFile(file: string, onProgress?: (done: number) => void): Promise<void> {
    const stream = await openListFile(file, onProgress ? (done) => onProgress(done) : undefined);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    let records = 0;
    // A broken line is only reported once we know whether it was the last one (a cut-off file).
    let broken: ListFormatError | undefined;
    try {
      for await (const raw of lines) {
        lineNo++;
        this.count('lines');
        if (broken) throw broken;
        const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (line.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (records === 0 && !line.trimStart().startsWith('{')) {
            throw new ListFormatError(
              file,
              `not a FollowTheMoney JSON-lines file: the line is not a JSON object (${message})`,
              `line ${lineNo}`,
            );
          }
          broken = new ListFormatError(file, `not valid JSON: ${message}`, `line ${lineNo}`);
          continue;
        }
        records++;
        this.record(value, file, lineNo);
      }
    } finally {
      lines.close();
      stream.destroy();
    }
    if (broken) {
      throw new ListFormatError(
        file,
        `${broken.reason} (this is the last line: the file looks cut short; download it again)`,
        broken.location,
      );
    }
    if (records === 0) throw new ListFormatError(file, 'the file holds no FollowTheMoney entities (no JSON lines)');
  }

  private record(value: unknown, file: string, lineNo: number): void {
    const where = `line ${lineNo}`;
    if (!isObject(value)) throw new ListFormatError(file, `expected a JSON object, found ${describeJson(value)}`, where);
    const { id, schema } = value;
    if (typeof id !== 'string' || id.trim() === '') {
      throw new ListFormatError(file, 'a JSON object without "id": not a FollowTheMoney entity', where);
    }
    if (typeof schema !== 'string' || schema.trim() === '') {
      throw new ListFormatError(file, 'a JSON object without "schema": not a FollowTheMoney entity', where);
    }
    const properties = value.properties ?? {};
    if (!isObject(properties)) {
      throw new ListFormatError(file, `"properties" is ${describeJson(properties)}, not an object`, where);
    }
    this.count('records');
    this.notePublished(value.last_change ?? value.last_seen);
    const ftmId = id.trim();
    const party = PARTY_SCHEMATA.get(schema);
    if (party) this.party(ftmId, party, value, properties);
    else if (schema === 'Address') this.address(ftmId, value, properties);
    else if (schema === 'Sanction') this.sanction(properties);
    else if (schema === 'Identification' || schema === 'Passport') this.identification(schema, properties);
    else this.count(`skipped:${schema}`);
  }

  private notePublished(stamp: unknown): void {
    if (typeof stamp !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(stamp)) {
      return;
    }
    const iso = stamp.replace(' ', 'T');
    if (this.publishedAt === undefined || iso > this.publishedAt) this.publishedAt = iso;
  }

  private party(ftmId: string, schema: Schema, value: Json, properties: Json): void {
    let record = this.parties.get(ftmId);
    if (record) {
      this.duplicateIds++;
    } else {
      const caption = typeof value.caption === 'string' && value.caption.trim() !== '' ? value.caption.trim() : undefined;
      record = { ftmId, builder: new EntityBuilder(this.dataset, this.sourceId(ftmId), schema), caption, addressRefs: [], links: [] };
      this.parties.set(ftmId, record);
    }
    const b = record.builder;
    const firstNames = this.texts(properties.firstName);
    const lastNames = this.texts(properties.lastName);
    for (const name of this.texts(properties.name)) {
      const full = name.replace(/\s+/g, ' ').trim();
      if (full === '') continue;
      const parts =
        schema === 'Person' ? personNameParts(full, firstNames, lastNames) : [{ type: namePartType(schema), value: full }];
      b.addName({ full, kind: 'name', script: scriptOf(full), parts });
    }
    for (const [key, raw] of Object.entries(properties)) {
      if (key === 'name') continue;
      if (key === 'addressEntity') {
        record.addressRefs.push(...this.texts(raw).map((v) => v.trim()));
        continue;
      }
      const property = RENAMED.get(key) ?? key;
      if (!isPropertyName(property)) {
        this.unknownProperties.set(key, (this.unknownProperties.get(key) ?? 0) + 1);
        continue;
      }
      const values = this.texts(raw);
      if (LINK_PROPERTIES.has(property)) {
        for (const v of values) if (v.trim() !== '') record.links.push([property, v.trim()]);
        continue;
      }
      b.add(property, ...values.map((v) => normalizeValue(property, v, schema)));
    }
    b.add('referents', ...this.texts(value.referents));
  }

  private address(ftmId: string, value: Json, properties: Json): void {
    const texts = this.texts(properties.full).filter((t) => t.trim() !== '');
    if (texts.length === 0) {
      const pieces = ADDRESS_PARTS.map((key) => this.texts(properties[key]).join(' ').trim());
      for (const code of this.texts(properties.country)) {
        pieces.push(/^[a-z]{2}$/i.test(code.trim()) ? (countryName(code.trim()) ?? code) : code);
      }
      const composed = pieces.filter((p) => p.trim() !== '').join(', ');
      if (composed !== '') texts.push(composed);
    }
    if (texts.length === 0) this.emptyAddresses++;
    const existing = this.addresses.get(ftmId);
    if (existing) {
      this.duplicateIds++;
      existing.texts.push(...texts);
      return;
    }
    this.addresses.set(ftmId, { texts, referents: this.texts(value.referents), used: false });
  }

  private sanction(properties: Json): void {
    const t = (key: string) => this.texts(properties[key]);
    this.factRecords.push({
      schema: 'Sanction',
      targets: t('entity'),
      facts: [
        ['program', [...t('program'), ...t('programId')]],
        ['listingDate', [...t('listingDate'), ...t('startDate')].map((d) => normalizeValue('listingDate', d, 'Person'))],
        ['authority', t('authority')],
        ['sourceUrl', t('sourceUrl')],
        ['remarks', t('reason')],
      ],
    });
  }

  private identification(schema: string, properties: Json): void {
    const numbers = this.texts(properties.number);
    const type = this.texts(properties.type).join(' ');
    const property: PropertyName = schema === 'Passport' || /passport/i.test(type) ? 'passportNumber' : 'idNumber';
    this.factRecords.push({ schema, targets: this.texts(properties.holder), facts: [[property, numbers]] });
  }

  /**
   * FtM ids another record names, resolved to the id of a record in this file: directly, or
   * through the `referents` (ids of source records merged into a canonical entity).
   */
  private referentIndex(refs: Set<string>): Map<string, string> {
    const index = new Map<string, string>();
    if (refs.size === 0) return index;
    for (const [id, party] of this.parties) {
      for (const ref of party.builder.get('referents')) if (refs.has(ref) && !index.has(ref)) index.set(ref, id);
    }
    for (const [id, address] of this.addresses) {
      for (const ref of address.referents) if (refs.has(ref) && !index.has(ref)) index.set(ref, id);
    }
    return index;
  }

  finish(): ParsedList {
    // Which references are not ids of records in the file: look them up among the referents.
    const indirect = new Set<string>();
    for (const party of this.parties.values()) {
      for (const ref of party.addressRefs) if (!this.addresses.has(ref)) indirect.add(ref);
      for (const [, ref] of party.links) if (!this.parties.has(ref)) indirect.add(ref);
    }
    for (const fact of this.factRecords) for (const ref of fact.targets) if (!this.parties.has(ref)) indirect.add(ref);
    const index = this.referentIndex(indirect);
    const resolve = (ref: string) => index.get(ref) ?? ref;

    let unresolvedAddresses = 0;
    const unresolvedExamples: string[] = [];
    for (const party of this.parties.values()) {
      for (const ref of party.addressRefs) {
        const address = this.addresses.get(resolve(ref));
        if (!address) {
          unresolvedAddresses++;
          if (unresolvedExamples.length < 3) unresolvedExamples.push(ref);
          continue;
        }
        address.used = true;
        party.builder.add('address', ...address.texts);
      }
    }
    for (const address of this.addresses.values()) this.count(address.used ? 'merged:Address' : 'unreferenced:Address');

    const orphanFacts = new Map<string, number>();
    for (const fact of this.factRecords) {
      const targets = fact.targets.map((ref) => this.parties.get(resolve(ref.trim()))).filter((p) => p !== undefined);
      if (targets.length === 0) {
        orphanFacts.set(fact.schema, (orphanFacts.get(fact.schema) ?? 0) + 1);
        continue;
      }
      this.count(`merged:${fact.schema}`);
      for (const target of targets) for (const [property, values] of fact.facts) target.builder.add(property, ...values);
    }

    for (const party of this.parties.values()) {
      for (const [property, ref] of party.links) {
        party.builder.add(property, this.ourId(resolve(ref)));
      }
    }
    // Wallets carry their holder's sanctions facts, as the wallets of the OFAC adapters do.
    const byOurId = new Map<string, PartyRecord>();
    for (const party of this.parties.values()) byOurId.set(party.builder.id, party);
    for (const party of this.parties.values()) {
      const wallet = party.builder;
      if (wallet.schema !== 'CryptoWallet') continue;
      for (const holderId of wallet.get('holder')) {
        const holder = byOurId.get(holderId);
        if (!holder) continue;
        for (const property of WALLET_FACTS) {
          if (!wallet.has(property)) wallet.add(property, ...holder.builder.get(property));
        }
      }
    }

    // Build, letting go of each builder as its entity is made (large exports are large).
    byOurId.clear();
    this.addresses.clear();
    this.factRecords.length = 0;
    const entities: Entity[] = [];
    for (const [ftmId, party] of this.parties) {
      const entity = party.builder.build();
      if (entity.schema !== 'CryptoWallet' && party.caption) entity.caption = party.caption;
      entities.push(entity);
      this.count(entity.schema);
      this.parties.delete(ftmId);
    }
    this.stats.entities = entities.length;

    if (unresolvedAddresses > 0) {
      this.warnings.push(
        `${plural(unresolvedAddresses, 'addressEntity reference names', 'addressEntity references name')} no Address in the file (e.g. ${unresolvedExamples.join(', ')}); those addresses are missing`,
      );
    }
    const unreferenced = this.stats['unreferenced:Address'] ?? 0;
    if (unreferenced > 0) this.warnings.push(`${plural(unreferenced, 'Address entity is', 'Address entities are')} referenced by no party: not imported`);
    for (const [schema, n] of orphanFacts) {
      this.warnings.push(`${plural(n, `${schema} entity names`, `${schema} entities name`)} no party in the file: not imported`);
    }
    for (const [name, n] of [...this.unknownProperties].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      this.warnings.push(`property "${name}" is not part of the Vigil model: dropped from ${plural(n, 'entity', 'entities')}`);
    }
    if (this.nonTextValues > 0) this.warnings.push(`${plural(this.nonTextValues, 'property value was', 'property values were')} not text: dropped`);
    if (this.duplicateIds > 0) this.warnings.push(`${plural(this.duplicateIds, 'entity id appears', 'entity ids appear')} more than once: their records were merged`);
    if (this.emptyAddresses > 0) this.warnings.push(`${plural(this.emptyAddresses, 'Address entity has', 'Address entities have')} no text`);

    return {
      dataset: this.dataset,
      format: 'ftm-json',
      publishedAt: this.publishedAt,
      publishedFrom: this.publishedAt ? 'the newest last_change (or last_seen) of its entities' : undefined,
      entities,
      stats: this.stats,
      warnings: this.warnings,
    };
  }
}

/** Does the first non-empty line of `head` look like an FtM entity object? */
function looksLikeFtm(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = (end === -1 ? text.slice(start) : text.slice(start, end)).trim();
    if (line === '') {
      if (end === -1) return false;
      start = end + 1;
      continue;
    }
    if (!line.startsWith('{')) return false;
    try {
      const value: unknown = JSON.parse(line);
      return isObject(value) && 'schema' in value && 'properties' in value;
    } catch {
      // A complete line that does not parse is not ours; a line cut by the end of `head` may be.
      if (end !== -1) return false;
      return /"schema"\s*:/.test(line) && /"properties"\s*:/.test(line);
    }
  }
  return false;
}

export const ftmJson: ListAdapter = {
  format: 'ftm-json',
  title: 'FollowTheMoney entities (JSON lines, OpenSanctions exports)',

  detect(head: string): boolean {
    return looksLikeFtm(head);
  },

  async parse(files: string[], ctx: ParseContext): Promise<ParsedList> {
    const reader = new FtmReader(ctx.dataset);
    const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
    const total = sizes.reduce((a, b) => a + b, 0);
    let offset = 0;
    for (const [i, file] of files.entries()) {
      const base = offset;
      const onProgress = ctx.onProgress;
      await reader.readFile(file, onProgress ? (done) => onProgress(base + done, total) : undefined);
      offset += sizes[i] ?? 0;
    }
    return reader.finish();
  },
};
