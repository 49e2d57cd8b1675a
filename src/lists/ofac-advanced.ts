/**
 * OFAC SDN "advanced" XML (SDN_ADVANCED.XML, also CONS_ADVANCED.XML): the primary U.S. source.
 *
 * The file is ~121 MB and almost every value is an id into `ReferenceValueSets`, so it is read in
 * one streaming pass (saxes) that keeps small records per section and assembles entities at the
 * end, once the sanctions entries (which come last) have been seen:
 *   DateOfIssue        -> publication date
 *   ReferenceValueSets -> lookup tables (feature types, name part types, scripts, countries ...)
 *   Locations          -> addresses and countries, referenced by features
 *   IDRegDocuments     -> passports and other identifiers, keyed by identity
 *   DistinctParties    -> the parties: names (parts typed, per script), features
 *   SanctionsEntries   -> list (SDN / Consolidated / SSI), programs, listing date
 * The XML namespace has changed over the years, so element names are matched without it.
 */
import { basename } from 'node:path';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import {
  EntityBuilder,
  countryValue,
  isoDate,
  walletEntity,
  type Entity,
  type EntityName,
  type NamePartType,
  type PropertyName,
  type Schema,
} from '../model/index.js';
import { ListFormatError } from './errors.js';
import { openListFile } from './source-file.js';
import type { ListAdapter, ParseContext, ParsedList } from './types.js';

/** OFAC's Sanctions List Service, where every OFAC publication format is downloaded from. */
export const OFAC_EXPORTS = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports';
export const OFAC_AUTHORITY = 'Office of Foreign Assets Control';

export const OFAC_ADVANCED_URLS = {
  sdn: `${OFAC_EXPORTS}/SDN_ADVANCED.XML`,
  cons: `${OFAC_EXPORTS}/CONS_ADVANCED.XML`,
};

const AUTHORITY = OFAC_AUTHORITY;

// ---------------------------------------------------------------------------------------------
// Records kept while streaming

interface RefValue {
  text: string;
  attrs: Record<string, string>;
}

interface LocationRecord {
  countryIds: string[];
  parts: { typeId: string; value: string }[];
}

interface IdDocument {
  typeId: string;
  identityId: string;
  countryId: string | undefined;
  number: string;
}

interface NamePartValue {
  groupId: string;
  scriptId: string;
  value: string;
}

interface DocumentedName {
  parts: NamePartValue[];
}

interface AliasRecord {
  aliasTypeId: string;
  primary: boolean;
  lowQuality: boolean;
  names: DocumentedName[];
}

interface IdentityRecord {
  id: string;
  aliases: AliasRecord[];
  groupTypes: Map<string, string>;
}

interface PartialDate {
  year?: number;
  month?: number;
  day?: number;
}

interface DatePeriod {
  startFrom: PartialDate;
  startTo: PartialDate;
  endFrom: PartialDate;
  endTo: PartialDate;
  approximate: boolean;
}

interface FeatureVersion {
  text: string;
  detailReferenceId: string | undefined;
  locationIds: string[];
  period: DatePeriod | undefined;
}

interface FeatureRecord {
  typeId: string;
  versions: FeatureVersion[];
}

interface PartyRecord {
  fixedRef: string;
  profileId: string;
  subTypeId: string;
  identities: IdentityRecord[];
  features: FeatureRecord[];
  comment: string;
}

interface EntryRecord {
  profileId: string;
  listId: string;
  dates: string[];
  programs: string[];
}

// ---------------------------------------------------------------------------------------------
// Mapping tables (by the reference value's text, which is stable across publications)

const SCRIPT_CODES: Record<string, string> = {
  Latin: 'Latn',
  Hebrew: 'Hebr',
  Japanese: 'Jpan',
  Korean: 'Kore',
};

const NAME_PART_TYPES: Record<string, NamePartType> = {
  'Last Name': 'last',
  'First Name': 'first',
  'Middle Name': 'middle',
  'Maiden Name': 'maiden',
  'Aircraft Name': 'aircraft',
  'Entity Name': 'entity',
  'Vessel Name': 'vessel',
  Nickname: 'nickname',
  Patronymic: 'patronymic',
  Matronymic: 'matronymic',
};

const NAME_PART_PROPERTY: Partial<Record<NamePartType, PropertyName>> = {
  first: 'firstName',
  last: 'lastName',
  middle: 'middleName',
  patronymic: 'patronymic',
  matronymic: 'matronymic',
};

/** Feature types whose value goes straight into a property. */
const FEATURE_PROPERTY: Record<string, PropertyName> = {
  'Place of Birth': 'birthPlace',
  'Email Address': 'email',
  Website: 'website',
  'Phone Number': 'phone',
  Title: 'title',
  'SWIFT/BIC': 'swiftBic',
  'Vessel Call Sign': 'callSign',
  'Other Vessel Call Sign': 'callSign',
  'VESSEL TYPE': 'type',
  'Other Vessel Type': 'type',
  'Vessel Owner': 'owner',
  'Aircraft Model': 'model',
  'Aircraft Operator': 'operator',
  'Aircraft Tail Number': 'registrationNumber',
  'Previous Aircraft Tail Number': 'registrationNumber',
  "Aircraft Manufacturer's Serial Number (MSN)": 'idNumber',
  'Aircraft Construction Number (also called L/N or S/N or F/N)': 'idNumber',
  'Aircraft Mode S Transponder Code': 'idNumber',
  'D-U-N-S Number': 'registrationNumber',
  'BIK (RU)': 'registrationNumber',
  'UN/LOCODE': 'idNumber',
  ISIN: 'idNumber',
  'Equity Ticker': 'idNumber',
  'MICEX Code': 'idNumber',
};

/** Feature types holding a country (as a location or as text). */
const FEATURE_COUNTRY: Record<string, PropertyName> = {
  'Nationality Country': 'nationality',
  'Citizenship Country': 'citizenship',
  'Vessel Flag': 'flag',
  'Other Vessel Flag': 'flag',
  'Former Vessel Flag': 'flag',
  'Registration Country': 'jurisdiction',
  'Nationality of Registration': 'jurisdiction',
};

/** Feature types holding a date. */
const FEATURE_DATE: Record<string, PropertyName> = {
  Birthdate: 'birthDate',
  'Vessel Year of Build': 'buildDate',
  'Aircraft Manufacture Date': 'buildDate',
  'Organization Established Date': 'registrationDate',
};

const DCA_PREFIX = 'Digital Currency Address - ';

function idDocumentProperty(typeText: string): PropertyName {
  const t = typeText.toLowerCase();
  if (t.includes('passport')) return 'passportNumber';
  if (t.includes('tax') || t.includes('inn') || t === 'ruc #' || t === 'nit #' || t === 'r.f.c.') return 'taxNumber';
  if (t === 'vessel registration identification') return 'imoNumber';
  if (t === 'mmsi') return 'mmsi';
  if (t.includes('registration') || t.includes('business') || t.includes('company number')) return 'registrationNumber';
  return 'idNumber';
}

// ---------------------------------------------------------------------------------------------
// The streaming reader

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

class AdvancedXmlReader {
  readonly refs = new Map<string, Map<string, RefValue>>();
  readonly locations = new Map<string, LocationRecord>();
  readonly documents = new Map<string, IdDocument[]>();
  /** Receives each party as soon as it is read (its names, features, documents are complete). */
  onParty: (party: PartyRecord) => void = () => {};
  parties = 0;
  readonly entries: EntryRecord[] = [];
  readonly issue: PartialDate = {};
  rootName: string | undefined;
  rootClosed = false;
  relationships = 0;
  readonly seenSections = new Set<string>();

  private readonly stack: string[] = [];
  private section = '';
  private text = '';
  // current records
  private location: LocationRecord | undefined;
  private locPartTypeId = '';
  private document: IdDocument | undefined;
  private party: PartyRecord | undefined;
  private identity: IdentityRecord | undefined;
  private alias: AliasRecord | undefined;
  private docName: DocumentedName | undefined;
  private namePart: NamePartValue | undefined;
  private feature: FeatureRecord | undefined;
  private version: FeatureVersion | undefined;
  private datePart: PartialDate | undefined;
  private entry: EntryRecord | undefined;
  private measureTypeId = '';
  private entryDate: PartialDate | undefined;
  private refSet: Map<string, RefValue> | undefined;
  private refId = '';
  private refAttrs: Record<string, string> = {};

  open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const a = tag.attributes;
    const depth = this.stack.length;
    this.stack.push(name);
    this.text = '';
    if (depth === 0) {
      this.rootName = name;
      return;
    }
    if (depth === 1) {
      this.section = name;
      this.seenSections.add(name);
      return;
    }
    switch (this.section) {
      case 'ReferenceValueSets':
        if (depth === 2) {
          this.refSet = new Map();
          this.refs.set(name.replace(/Values$/, ''), this.refSet);
        } else if (depth === 3) {
          this.refId = a.ID ?? '';
          this.refAttrs = a;
        }
        return;
      case 'Locations':
        return this.openLocation(name, a);
      case 'IDRegDocuments':
        if (name === 'IDRegDocument') {
          this.document = {
            typeId: a.IDRegDocTypeID ?? '',
            identityId: a.IdentityID ?? '',
            countryId: a['IssuedBy-CountryID'],
            number: '',
          };
        }
        return;
      case 'DistinctParties':
        return this.openParty(name, a);
      case 'ProfileRelationships':
        if (name === 'ProfileRelationship') this.relationships++;
        return;
      case 'SanctionsEntries':
        return this.openEntry(name, a);
    }
  }

  private openLocation(name: string, a: Record<string, string>): void {
    switch (name) {
      case 'Location':
        this.location = { countryIds: [], parts: [] };
        this.locations.set(a.ID ?? '', this.location);
        break;
      case 'LocationCountry':
        if (a.CountryID) this.location?.countryIds.push(a.CountryID);
        break;
      case 'LocationPart':
        this.locPartTypeId = a.LocPartTypeID ?? '';
        break;
    }
  }

  private openParty(name: string, a: Record<string, string>): void {
    switch (name) {
      case 'DistinctParty':
        this.party = { fixedRef: a.FixedRef ?? '', profileId: '', subTypeId: '', identities: [], features: [], comment: '' };
        this.parties++;
        break;
      case 'Profile':
        if (this.party) {
          this.party.profileId = a.ID ?? '';
          this.party.subTypeId = a.PartySubTypeID ?? '';
        }
        break;
      case 'Identity':
        this.identity = { id: a.ID ?? '', aliases: [], groupTypes: new Map() };
        this.party?.identities.push(this.identity);
        break;
      case 'Alias':
        this.alias = {
          aliasTypeId: a.AliasTypeID ?? '',
          primary: a.Primary === 'true',
          lowQuality: a.LowQuality === 'true',
          names: [],
        };
        this.identity?.aliases.push(this.alias);
        break;
      case 'DocumentedName':
        this.docName = { parts: [] };
        this.alias?.names.push(this.docName);
        break;
      case 'NamePartValue':
        this.namePart = { groupId: a.NamePartGroupID ?? '', scriptId: a.ScriptID ?? '', value: '' };
        break;
      case 'NamePartGroup':
        if (a.ID && a.NamePartTypeID) this.identity?.groupTypes.set(a.ID, a.NamePartTypeID);
        break;
      case 'Feature':
        this.feature = { typeId: a.FeatureTypeID ?? '', versions: [] };
        this.party?.features.push(this.feature);
        break;
      case 'FeatureVersion':
        this.version = { text: '', detailReferenceId: undefined, locationIds: [], period: undefined };
        this.feature?.versions.push(this.version);
        break;
      case 'VersionDetail':
        if (this.version && a.DetailReferenceID) this.version.detailReferenceId = a.DetailReferenceID;
        break;
      case 'VersionLocation':
        if (this.version && a.LocationID) this.version.locationIds.push(a.LocationID);
        break;
      case 'DatePeriod':
        if (this.version) {
          this.version.period = { startFrom: {}, startTo: {}, endFrom: {}, endTo: {}, approximate: false };
        }
        break;
      case 'Start':
      case 'End':
        if (this.version?.period && a.Approximate === 'true') this.version.period.approximate = true;
        break;
      case 'From':
      case 'To': {
        const period = this.version?.period;
        const outer = this.stack[this.stack.length - 2];
        if (period) {
          if (outer === 'Start') this.datePart = name === 'From' ? period.startFrom : period.startTo;
          else if (outer === 'End') this.datePart = name === 'From' ? period.endFrom : period.endTo;
        }
        break;
      }
    }
  }

  private openEntry(name: string, a: Record<string, string>): void {
    switch (name) {
      case 'SanctionsEntry':
        this.entry = { profileId: a.ProfileID ?? '', listId: a.ListID ?? '', dates: [], programs: [] };
        this.entries.push(this.entry);
        break;
      case 'Date':
        this.entryDate = {};
        break;
      case 'SanctionsMeasure':
        this.measureTypeId = a.SanctionsTypeID ?? '';
        break;
    }
  }

  onText(text: string): void {
    this.text += text;
  }

  close(rawName: string): void {
    const name = localName(rawName);
    this.stack.pop();
    const depth = this.stack.length;
    const text = this.text.trim();
    this.text = '';
    if (depth === 0) {
      this.rootClosed = true;
      return;
    }
    if (depth === 1) {
      this.section = '';
      return;
    }
    switch (this.section) {
      case 'DateOfIssue':
        if (name === 'Year') this.issue.year = Number(text);
        else if (name === 'Month') this.issue.month = Number(text);
        else if (name === 'Day') this.issue.day = Number(text);
        return;
      case 'ReferenceValueSets':
        if (depth === 3 && this.refSet) this.refSet.set(this.refId, { text, attrs: this.refAttrs });
        return;
      case 'Locations':
        if (name === 'Value' && this.location && text) this.location.parts.push({ typeId: this.locPartTypeId, value: text });
        else if (name === 'Location') this.location = undefined;
        return;
      case 'IDRegDocuments':
        if (!this.document) return;
        if (name === 'IDRegistrationNo') this.document.number = text;
        else if (name === 'IDRegDocument') {
          const list = this.documents.get(this.document.identityId) ?? [];
          list.push(this.document);
          this.documents.set(this.document.identityId, list);
          this.document = undefined;
        }
        return;
      case 'DistinctParties':
        return this.closeParty(name, text);
      case 'SanctionsEntries':
        return this.closeEntry(name, text);
    }
  }

  private closeParty(name: string, text: string): void {
    switch (name) {
      case 'NamePartValue':
        if (this.namePart) {
          this.namePart.value = text;
          this.docName?.parts.push(this.namePart);
          this.namePart = undefined;
        }
        break;
      case 'VersionDetail':
        if (this.version && text) this.version.text = text;
        break;
      case 'Year':
      case 'Month':
      case 'Day':
        if (this.datePart && text) this.datePart[name === 'Year' ? 'year' : name === 'Month' ? 'month' : 'day'] = Number(text);
        break;
      case 'From':
      case 'To':
        this.datePart = undefined;
        break;
      case 'Comment':
        if (this.party && this.stack[this.stack.length - 1] === 'DistinctParty') this.party.comment = text;
        break;
      case 'DistinctParty':
        if (this.party) this.onParty(this.party);
        this.party = undefined;
        break;
      case 'Identity':
        this.identity = undefined;
        break;
      case 'Feature':
        this.feature = undefined;
        break;
      case 'FeatureVersion':
        this.version = undefined;
        break;
    }
  }

  private closeEntry(name: string, text: string): void {
    if (!this.entry) return;
    switch (name) {
      case 'Year':
      case 'Month':
      case 'Day':
        if (this.entryDate && text) this.entryDate[name === 'Year' ? 'year' : name === 'Month' ? 'month' : 'day'] = Number(text);
        break;
      case 'Date': {
        const d = this.entryDate;
        const iso = d?.year ? isoDate(d.year, d.month, d.day) : undefined;
        if (iso) this.entry.dates.push(iso);
        this.entryDate = undefined;
        break;
      }
      case 'Comment':
        if (this.stack[this.stack.length - 1] === 'SanctionsMeasure' && text) {
          const type = this.refs.get('SanctionsType')?.get(this.measureTypeId)?.text;
          if (type === 'Program') this.entry.programs.push(text);
        }
        break;
      case 'SanctionsEntry':
        this.entry = undefined;
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Assembly of entities from the records

function partialIso(d: PartialDate): string | undefined {
  return d.year ? isoDate(d.year, d.month, d.day) : undefined;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The dates a period stands for, at the precision it really has: one day; a whole month; whole
 * years (OFAC writes "circa 1960" and "1960 to 1962" as periods from 1 January to 31 December).
 */
export function periodDates(p: DatePeriod): string[] {
  const from = p.startFrom.year ? p.startFrom : p.startTo;
  const to = p.endTo.year ? p.endTo : p.endFrom.year ? p.endFrom : from;
  if (!from.year || !to.year) return [];
  const fromIso = partialIso(from);
  const toIso = partialIso(to);
  if (!fromIso || !toIso) return [];
  if (fromIso === toIso) return [fromIso];
  const wholeYears =
    (from.month ?? 1) === 1 && (from.day ?? 1) === 1 && (to.month ?? 12) === 12 && (to.day ?? 31) === 31;
  if (wholeYears && to.year >= from.year && to.year - from.year <= 20) {
    const years: string[] = [];
    for (let y = from.year; y <= to.year; y++) years.push(String(y));
    return years;
  }
  if (
    from.year === to.year &&
    from.month !== undefined &&
    from.month === to.month &&
    (from.day ?? 1) === 1 &&
    (to.day ?? 31) >= lastDayOfMonth(to.year, to.month ?? 12)
  ) {
    return [isoDate(from.year, from.month) ?? fromIso];
  }
  return [fromIso, toIso];
}

class Assembler {
  readonly reader: AdvancedXmlReader;
  private readonly dataset: string;
  private readonly file: string;
  /** Parties assembled as they are read; sanctions entries (at the end of the file) complete them. */
  private readonly assembled: { fixedRef: string; profileId: string; builder: EntityBuilder; wallets: { currency: string; address: string }[] }[] = [];
  private readonly seen = new Set<string>();
  readonly stats: Record<string, number> = {};
  readonly warnings: string[] = [];
  private readonly sourceUrl: string;

  constructor(reader: AdvancedXmlReader, dataset: string, file: string) {
    this.reader = reader;
    this.dataset = dataset;
    this.file = file;
    this.sourceUrl = dataset === 'us_ofac_cons' ? OFAC_ADVANCED_URLS.cons : OFAC_ADVANCED_URLS.sdn;
  }

  private ref(set: string, id: string | undefined): RefValue | undefined {
    return id === undefined ? undefined : this.reader.refs.get(set)?.get(id);
  }

  private count(key: string, n = 1): void {
    this.stats[key] = (this.stats[key] ?? 0) + n;
  }

  private schemaOf(party: PartyRecord): Schema {
    const subType = this.ref('PartySubType', party.subTypeId);
    if (subType?.text === 'Vessel') return 'Vessel';
    if (subType?.text === 'Aircraft') return 'Aircraft';
    const partyType = this.ref('PartyType', subType?.attrs.PartyTypeID)?.text;
    if (partyType === 'Individual') return 'Person';
    if (partyType === 'Entity') return 'Organization';
    throw new ListFormatError(
      this.file,
      `party type "${partyType ?? subType?.text ?? party.subTypeId}" is not one Vigil knows`,
      `DistinctParty FixedRef=${party.fixedRef}`,
    );
  }

  private countryCodeOf(countryId: string | undefined): string | undefined {
    const country = this.ref('Country', countryId);
    if (!country) return undefined;
    return country.attrs.ISO2 ? country.attrs.ISO2.toLowerCase() : countryValue(country.text);
  }

  /** A location as an address line and its country code. */
  private location(id: string): { address: string; country: string | undefined } | undefined {
    const loc = this.reader.locations.get(id);
    if (!loc) return undefined;
    const country = loc.countryIds.map((c) => this.countryCodeOf(c)).find((c) => c !== undefined);
    const countryText = loc.countryIds.map((c) => this.ref('Country', c)?.text).find((t) => t !== undefined);
    const parts = loc.parts.map((p) => p.value);
    // A location that is only a country (as text or as a code) is a country, not an address.
    if (parts.length === 0) return { address: '', country };
    if (parts.length === 1 && country === undefined && countryValue(parts[0]!) !== parts[0]) {
      return { address: '', country: countryValue(parts[0]!) };
    }
    if (countryText && !parts.includes(countryText)) parts.push(countryText);
    return { address: parts.join(', '), country };
  }

  private names(b: EntityBuilder, party: PartyRecord, schema: Schema): void {
    for (const identity of party.identities) {
      for (const alias of identity.aliases) {
        const aliasType = this.ref('AliasType', alias.aliasTypeId)?.text;
        const kind: EntityName['kind'] = alias.primary
          ? 'name'
          : alias.lowQuality
            ? 'weakAlias'
            : aliasType === 'F.K.A.'
              ? 'previousName'
              : 'alias';
        for (const doc of alias.names) {
          const scriptRef = this.ref('Script', doc.parts[0]?.scriptId);
          const scriptCode = scriptRef?.attrs.ScriptCode ?? 'Latn';
          const script = SCRIPT_CODES[scriptCode] ?? scriptCode;
          const parts = doc.parts.map((p) => {
            const typeText = this.ref('NamePartType', identity.groupTypes.get(p.groupId))?.text ?? '';
            return { type: NAME_PART_TYPES[typeText] ?? ('other' as NamePartType), value: p.value };
          });
          b.addName({ full: parts.map((p) => p.value).join(' '), kind, script, parts });
          if (schema === 'Person' && kind !== 'weakAlias') {
            for (const part of parts) {
              const prop = NAME_PART_PROPERTY[part.type];
              if (prop) b.add(prop, part.value);
            }
          }
        }
      }
      for (const doc of this.reader.documents.get(identity.id) ?? []) {
        const typeText = this.ref('IDRegDocType', doc.typeId)?.text ?? 'ID';
        const prop = idDocumentProperty(typeText);
        const number = prop === 'imoNumber' ? doc.number.replace(/^IMO\s*/i, '') : doc.number;
        b.add(prop, number);
      }
    }
  }

  private featureValues(version: FeatureVersion): string[] {
    if (version.text) return [version.text];
    if (version.detailReferenceId) {
      const ref = this.ref('DetailReference', version.detailReferenceId);
      if (ref) return [ref.text];
    }
    return version.locationIds
      .map((id) => {
        const loc = this.location(id);
        return loc?.address || loc?.country || '';
      })
      .filter((v) => v !== '');
  }

  private features(b: EntityBuilder, party: PartyRecord, wallets: { currency: string; address: string }[]): void {
    for (const feature of party.features) {
      const type = this.ref('FeatureType', feature.typeId)?.text ?? `feature ${feature.typeId}`;
      for (const version of feature.versions) {
        if (type.startsWith(DCA_PREFIX)) {
          const currency = type.slice(DCA_PREFIX.length).trim();
          for (const address of this.featureValues(version)) wallets.push({ currency, address });
          continue;
        }
        const dateProp = FEATURE_DATE[type];
        if (dateProp) {
          if (version.period) b.add(dateProp, ...periodDates(version.period));
          else b.add(dateProp, ...this.featureValues(version));
          continue;
        }
        const countryProp = FEATURE_COUNTRY[type];
        if (countryProp) {
          for (const id of version.locationIds) b.add(countryProp, this.location(id)?.country);
          if (version.text) b.add(countryProp, countryValue(version.text));
          if (version.detailReferenceId) {
            const ref = this.ref('DetailReference', version.detailReferenceId);
            if (ref) b.add(countryProp, countryValue(ref.text));
          }
          continue;
        }
        if (type === 'Location') {
          for (const id of version.locationIds) {
            const loc = this.location(id);
            if (!loc) continue;
            if (loc.address) b.add('address', loc.address);
            b.add('country', loc.country);
          }
          continue;
        }
        if (type === 'Gender') {
          for (const v of this.featureValues(version)) b.add('gender', v.toLowerCase());
          continue;
        }
        const prop = FEATURE_PROPERTY[type];
        if (prop) {
          b.add(prop, ...this.featureValues(version));
          continue;
        }
        // Everything else (secondary sanctions risk, directive determinations...) is kept as text.
        const values = this.featureValues(version);
        const label = type.replace(/[\s:-]+$/, '');
        b.add('remarks', ...values.map((v) => `${label}: ${v}`));
        this.count('featuresKeptAsRemarks');
      }
    }
  }

  /**
   * Assemble one party as soon as it is read, so its raw records can be dropped (this keeps the
   * peak memory of a 121 MB file low). The lookup tables, locations and documents it refers to come
   * before the parties in the file (the XSD fixes the order of sections).
   */
  addParty(party: PartyRecord): void {
    const where = `DistinctParty FixedRef=${party.fixedRef}`;
    if (!party.fixedRef) {
      throw new ListFormatError(this.file, 'a DistinctParty has no FixedRef attribute', `party #${this.assembled.length + 1}`);
    }
    if (this.seen.has(party.fixedRef)) throw new ListFormatError(this.file, `FixedRef ${party.fixedRef} appears twice`, where);
    this.seen.add(party.fixedRef);
    const schema = this.schemaOf(party);
    const builder = new EntityBuilder(this.dataset, party.fixedRef, schema);
    this.names(builder, party, schema);
    if (!builder.has('name')) throw new ListFormatError(this.file, 'the party has no primary name', where);
    const wallets: { currency: string; address: string }[] = [];
    this.features(builder, party, wallets);
    builder.add('remarks', party.comment);
    this.assembled.push({ fixedRef: party.fixedRef, profileId: party.profileId, builder, wallets });
    this.count('parties');
    this.count(`schema:${schema}`);
  }

  /** Add the sanctions entries to the assembled parties and build all entities. */
  build(): Entity[] {
    const entriesByProfile = new Map<string, EntryRecord[]>();
    for (const entry of this.reader.entries) {
      const list = entriesByProfile.get(entry.profileId) ?? [];
      list.push(entry);
      entriesByProfile.set(entry.profileId, list);
    }
    const entities: Entity[] = [];
    for (const { fixedRef, profileId, builder: b, wallets } of this.assembled) {
      for (const entry of entriesByProfile.get(profileId) ?? []) {
        b.add('sanctionsList', this.ref('List', entry.listId)?.text);
        b.add('program', ...entry.programs);
        b.add('listingDate', ...entry.dates);
        this.count(`list:${this.ref('List', entry.listId)?.text ?? entry.listId}`);
      }
      b.add('authority', AUTHORITY);
      b.add('sourceUrl', this.sourceUrl);
      b.add('topics', 'sanction');
      entities.push(b.build());
      for (const w of wallets) {
        entities.push(
          walletEntity({
            dataset: this.dataset,
            holderSourceId: fixedRef,
            currency: w.currency,
            address: w.address,
            program: [...b.get('program')],
            listingDate: [...b.get('listingDate')],
            authority: [AUTHORITY],
            sourceUrl: [this.sourceUrl],
          }),
        );
        this.count('wallets');
        this.count(`wallet:${w.currency}`);
      }
    }
    this.assembled.length = 0;
    this.stats.sanctionsEntries = this.reader.entries.length;
    this.stats.relationships = this.reader.relationships;
    // Duplicate wallet ids (the same address listed twice for one party and currency) collapse.
    const unique = new Map<string, Entity>();
    for (const e of entities) if (!unique.has(e.id)) unique.set(e.id, e);
    const duplicates = entities.length - unique.size;
    if (duplicates > 0) this.warnings.push(`${duplicates} repeated wallet address(es) under the same party and currency were merged`);
    return [...unique.values()];
  }
}

// ---------------------------------------------------------------------------------------------

async function readXml(file: string, ctx: ParseContext): Promise<Assembler> {
  const reader = new AdvancedXmlReader();
  const assembler = new Assembler(reader, ctx.dataset, file);
  reader.onParty = (party) => assembler.addParty(party);
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', (tag) => reader.open(tag as SaxesTagPlain));
  parser.on('text', (t) => reader.onText(t));
  parser.on('cdata', (t) => reader.onText(t));
  parser.on('closetag', (tag) => reader.close(tag.name));
  const where = () => `line ${parser.line}, column ${parser.column}`;
  const stream = await openListFile(file, ctx.onProgress);
  stream.setEncoding('utf8');
  let checkedRoot = false;
  try {
    for await (const chunk of stream) {
      parser.write(chunk as string);
      if (!checkedRoot && reader.rootName !== undefined) {
        checkedRoot = true;
        if (reader.rootName !== 'Sanctions') {
          throw new ListFormatError(
            file,
            `not an OFAC advanced XML file: the root element is <${reader.rootName}>, expected <Sanctions>${describeOther(reader.rootName)}`,
            where(),
          );
        }
      }
    }
    parser.close();
  } catch (err) {
    stream.destroy();
    if (err instanceof ListFormatError) throw err;
    const message = (err as Error).message.replace(/^[^:]*:\d+:\d+:\s*/, '');
    throw new ListFormatError(file, `malformed XML: ${message}`, where());
  }
  if (!reader.rootName) throw new ListFormatError(file, 'no XML content found');
  if (!reader.rootClosed) throw new ListFormatError(file, 'the XML ends before </Sanctions>: the file is cut short', where());
  for (const section of ['DateOfIssue', 'ReferenceValueSets', 'DistinctParties', 'SanctionsEntries']) {
    if (!reader.seenSections.has(section)) {
      throw new ListFormatError(file, `the <${section}> section is missing`, where());
    }
  }
  return assembler;
}

function describeOther(root: string): string {
  if (root === 'CONSOLIDATED_LIST') return ' (this looks like the UN Security Council consolidated list)';
  if (root === 'sdnList') return ' (this looks like the classic OFAC SDN.XML, not the advanced format)';
  if (root === 'export') return ' (this looks like the EU Financial Sanctions Files XML)';
  return '';
}

export const ofacAdvancedXml: ListAdapter = {
  format: 'ofac-advanced-xml',
  title: 'OFAC advanced XML (SDN_ADVANCED.XML / CONS_ADVANCED.XML)',

  detect(head: string): boolean {
    return /<(\w+:)?Sanctions[\s>]/.test(head) && /ADVANCED_XML|<(\w+:)?DateOfIssue|<(\w+:)?ReferenceValueSets/.test(head);
  },

  async parse(files: string[], ctx: ParseContext): Promise<ParsedList> {
    if (files.length !== 1) {
      throw new ListFormatError(files.join(', ') || '(none)', `the OFAC advanced XML is one file; ${files.length} were given`);
    }
    const file = files[0]!;
    const assembler = await readXml(file, ctx);
    const entities = assembler.build();
    const reader = assembler.reader;
    if (entities.length === 0) throw new ListFormatError(file, 'the file lists no parties');
    const publishedAt = partialIso(reader.issue);
    if (!publishedAt || publishedAt.length !== 10) {
      throw new ListFormatError(file, 'the <DateOfIssue> is missing or incomplete', basename(file));
    }
    return {
      dataset: ctx.dataset,
      format: 'ofac-advanced-xml',
      publishedAt,
      publishedFrom: 'the <DateOfIssue> of the XML',
      entities,
      stats: assembler.stats,
      warnings: assembler.warnings,
    };
  },
};
