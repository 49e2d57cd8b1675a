/**
 * Identifiers for the candidate pool, each valid for its kind: IBANs with correct check digits
 * (and national check digits where the country has simple ones), US routing numbers with their
 * ABA check digit, Mexican CLABEs, crypto addresses with valid checksums (EVM EIP-55, Tron
 * Base58Check, Bitcoin bech32), phone numbers that libphonenumber accepts as mobile numbers of
 * the country, passport numbers in each country's shape, e-mail handles, and IP addresses.
 *
 * IP addresses: each country gets a few fixed /16 blocks per kind (residential, mobile, data
 * centre), placed by a hash of the label outside private, reserved and documentation space, so
 * that one country's IPs look alike across runs and seeds. Residential IPv6 uses the
 * documentation prefix 2001:db8::/32. Nothing here is a real person's number or address except
 * by chance: the blocks are random, not looked up.
 */
import { createHash } from 'node:crypto';
import { bech32 } from 'bech32';
import bs58 from 'bs58';
import examples from 'libphonenumber-js/examples.mobile.json';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { toEip55 } from '../../../src/match/identifiers.js';
import type { Rng } from '../../lib/prng.js';

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => String(rng.int(10))).join('');
const letters = (rng: Rng, n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + rng.int(26))).join('');
const ALNUM = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

function hash32(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// IBAN

function mod97(numeric: string): number {
  let r = 0;
  for (const ch of numeric) r = (r * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return r;
}

function ibanNumeric(s: string): string {
  return [...s.toUpperCase()].map((ch) => (ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch)).join('');
}

/** The IBAN for a country and BBAN, with its two check digits. */
export function ibanFrom(country: string, bban: string): string {
  const check = 98 - mod97(ibanNumeric(`${bban}${country}00`));
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** ISO 13616 check (mod 97 = 1), spaces ignored. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  return mod97(ibanNumeric(s.slice(4) + s.slice(0, 4))) === 1;
}

/** Printed form, groups of four. */
export function ibanPrint(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}

const IBAN_LENGTH: Record<string, number> = { PK: 24, GB: 22, DE: 22, FR: 27, ES: 24, NL: 18, PL: 28, UA: 29, TR: 26, AE: 23, BR: 29, BE: 16, LT: 20 };

const GB_BANKS = ['BARC', 'HBUK', 'LOYD', 'NWBK', 'MONZ', 'SRLG', 'ABBY', 'NAIA'];
const NL_BANKS = ['INGB', 'ABNA', 'RABO', 'BUNQ', 'TRIO', 'KNAB', 'ASNB'];

function frRibKey(bank: string, branch: string, account: string): string {
  const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97);
  return String(key).padStart(2, '0');
}

function esCheck(digitsIn: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < digitsIn.length; i++) sum += Number(digitsIn[i]) * weights[i]!;
  const c = 11 - (sum % 11);
  return c === 11 ? 0 : c === 10 ? 1 : c;
}

/** A random account's IBAN in a country (GB DE FR ES NL PL UA TR AE BR PK, plus BE/LT as used by Wise and Revolut). */
export function randomIban(rng: Rng, country: string, bankCode?: string): string {
  let bban: string;
  switch (country) {
    case 'GB':
      bban = (bankCode ?? rng.pick(GB_BANKS)) + digits(rng, 14);
      break;
    case 'DE':
      bban = (bankCode ?? `${rng.range(1, 8)}${digits(rng, 7)}`) + digits(rng, 10);
      break;
    case 'FR': {
      const bank = bankCode ?? rng.pick(['30004', '30003', '30002', '20041', '10278', '11315', '40618']);
      const branch = digits(rng, 5);
      const account = digits(rng, 11);
      bban = bank + branch + account + frRibKey(bank, branch, account);
      break;
    }
    case 'ES': {
      const bank = bankCode ?? rng.pick(['0049', '0182', '2100', '0081', '0128', '1465', '0073']);
      const branch = digits(rng, 4);
      const account = digits(rng, 10);
      const c1 = esCheck(`00${bank}${branch}`, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]);
      const c2 = esCheck(account, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]);
      bban = `${bank}${branch}${c1}${c2}${account}`;
      break;
    }
    case 'NL':
      bban = (bankCode ?? rng.pick(NL_BANKS)) + digits(rng, 10);
      break;
    case 'PL':
      bban = (bankCode ?? digits(rng, 8)) + digits(rng, 16);
      break;
    case 'UA':
      bban = (bankCode ?? rng.pick(['305299', '322001', '300465', '380805', '334851'])) + digits(rng, 19);
      break;
    case 'TR':
      bban = (bankCode ?? rng.pick(['00010', '00064', '00062', '00046', '00067'])) + '0' + digits(rng, 16);
      break;
    case 'AE':
      bban = (bankCode ?? rng.pick(['026', '035', '030', '033', '024', '086'])) + digits(rng, 16);
      break;
    case 'BR':
      bban = (bankCode ?? digits(rng, 8)) + digits(rng, 5) + digits(rng, 10) + rng.pick(['C', 'P']) + '1';
      break;
    case 'BE': {
      // Wise's EUR accounts are Belgian: bank 967, 7 digits, national check = first 10 digits mod 97.
      const first = (bankCode ?? '967') + digits(rng, 7);
      const r = Number(BigInt(first) % 97n);
      bban = first + String(r === 0 ? 97 : r).padStart(2, '0');
      break;
    }
    case 'LT':
      bban = (bankCode ?? '32500') + digits(rng, 11);
      break;
    case 'PK':
      bban = (bankCode ?? rng.pick(['MEZN', 'HABB', 'UNIL', 'MUCB', 'ABPA', 'ALFH', 'SCBL'])) + digits(rng, 16);
      break;
    default:
      throw new Error(`no IBAN generator for ${country}`);
  }
  const iban = ibanFrom(country, bban);
  if (IBAN_LENGTH[country] !== undefined && iban.length !== IBAN_LENGTH[country]) throw new Error(`IBAN length ${iban.length} for ${country}`);
  return iban;
}

// ---------------------------------------------------------------------------------------------
// Other bank identifiers

/** An ABA routing number with a valid check digit, stable per bank name. */
export function abaRouting(bank: string): string {
  const h = hash32(`aba:${bank}`);
  const first = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32][h % 24]!;
  const body = String(first).padStart(2, '0') + String(hash32(`aba2:${bank}`) % 1_000_000).padStart(6, '0');
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * w[i]!;
  return body + String((10 - (sum % 10)) % 10);
}

export function abaValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(routing[i]) * w[i]!;
  return sum % 10 === 0;
}

/** Mexican CLABE (18 digits, weights 3 7 1, check digit last). */
export function clabe(rng: Rng): string {
  const body = rng.pick(['012', '014', '072', '002', '021', '638']) + digits(rng, 14);
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (Number(body[i]) * w[i % 3]!) % 10;
  return body + String((10 - (sum % 10)) % 10);
}

/** A domestic account number for countries without IBANs, written as locals write it. */
export function domesticAccount(rng: Rng, country: string, bank: string): string {
  switch (country) {
    case 'US':
      return `${abaRouting(bank)} ${digits(rng, rng.range(10, 12))}`;
    case 'CA':
      return `${digits(rng, 5)}-${rng.pick(['001', '002', '003', '004', '010', '815'])}-${digits(rng, 7)}`;
    case 'JP':
      return `${digits(rng, 3)}-${digits(rng, 7)}`;
    case 'KR':
      return `${digits(rng, 3)}-${digits(rng, 6)}-${digits(rng, 2)}-${digits(rng, 3)}`;
    case 'SG':
      return `${digits(rng, 3)}-${digits(rng, 6)}-${digits(rng, 1)}`;
    case 'IN':
      return `${bank.replace(/[^A-Z]/g, '').slice(0, 4).padEnd(4, 'X')}0${digits(rng, 6)} ${digits(rng, 14)}`;
    case 'MX':
      return clabe(rng);
    case 'AU':
      return `${digits(rng, 3)}-${digits(rng, 3)} ${digits(rng, 8)}`;
    case 'NG':
      return digits(rng, 10);
    case 'CN':
      return `6${rng.pick(['217', '222', '228', '225'])}${digits(rng, 15)}`;
    default:
      return digits(rng, rng.range(10, 14));
  }
}

// ---------------------------------------------------------------------------------------------
// Crypto addresses

function randomBytes(rng: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

export function evmAddress(rng: Rng): string {
  return toEip55(`0x${randomBytes(rng, 20).toString('hex')}`)!;
}

export function tronAddress(rng: Rng): string {
  const payload = Buffer.concat([Buffer.from([0x41]), randomBytes(rng, 20)]);
  const check = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  return bs58.encode(Buffer.concat([payload, check]));
}

export function bitcoinAddress(rng: Rng): string {
  return bech32.encode('bc', [0, ...bech32.toWords(randomBytes(rng, 20))]);
}

/** A wallet and the provider label (chain / currency) a candidate would give. */
export function wallet(rng: Rng): { value: string; provider: string } {
  const r = rng.next();
  if (r < 0.45) return { value: evmAddress(rng), provider: rng.pick(['USDC (Ethereum)', 'ETH', 'USDT (ERC-20)', 'USDC (Base)', 'USDC (Arbitrum)']) };
  if (r < 0.8) return { value: tronAddress(rng), provider: 'USDT (TRC-20)' };
  return { value: bitcoinAddress(rng), provider: 'BTC' };
}

// ---------------------------------------------------------------------------------------------
// Phones

/** Area codes by US/CA city, so numbers look local. */
const NANP_AREA: Record<string, string[]> = {
  'New York': ['212', '646', '917', '332'],
  Brooklyn: ['718', '347', '929'],
  Austin: ['512', '737'],
  Dallas: ['214', '469', '972'],
  Seattle: ['206', '425'],
  'San Francisco': ['415', '628'],
  'San Diego': ['619', '858'],
  Chicago: ['312', '773', '872'],
  Denver: ['303', '720'],
  Atlanta: ['404', '678', '470'],
  Boston: ['617', '857'],
  Phoenix: ['602', '480'],
  Miami: ['305', '786'],
  Nashville: ['615', '629'],
  Raleigh: ['919', '984'],
  Columbus: ['614', '380'],
  Portland: ['503', '971'],
  Minneapolis: ['612', '952'],
  Toronto: ['416', '647', '437'],
  Vancouver: ['604', '778'],
  Montreal: ['514', '438'],
  Calgary: ['403', '587'],
  Ottawa: ['613', '343'],
};

/** A number libphonenumber accepts as a valid (mobile or fixed-or-mobile) number of the country, in E.164. */
export function phoneNumber(rng: Rng, country: string, city?: string): string {
  const cc = country as CountryCode;
  const example = getExampleNumber(cc, examples);
  if (!example) throw new Error(`no example number for ${country}`);
  const national = example.nationalNumber as string;
  for (let attempt = 0; attempt < 500; attempt++) {
    let candidate: string;
    if ((country === 'US' || country === 'CA') && city && NANP_AREA[city]) {
      candidate = rng.pick(NANP_AREA[city]!) + String(rng.range(2, 9)) + digits(rng, 2) + digits(rng, 4);
      if (/^\d{3}555/.test(candidate)) continue;
    } else if (country === 'KR') {
      candidate = `10${digits(rng, 8)}`; // 010-xxxx-xxxx
    } else {
      // Keep 1, then 2, then 3 leading digits of the example (the mobile range), the rest random.
      const keep = Math.min(1 + Math.floor(attempt / 120), national.length - 5);
      candidate = national.slice(0, keep) + digits(rng, national.length - keep);
    }
    const p = parsePhoneNumberFromString(`+${example.countryCallingCode}${candidate}`);
    if (p && p.isValid() && p.country === cc) {
      const t = p.getType();
      if (t === 'MOBILE' || t === 'FIXED_LINE_OR_MOBILE') return p.number;
    }
  }
  throw new Error(`could not make a valid ${country} phone number`);
}

/** Valid for the country (any type), with libphonenumber's full metadata. */
export function phoneValidFor(number: string, country: string): boolean {
  const p = parsePhoneNumberFromString(number);
  return !!p && p.isValid() && p.number === number && (p.country === country || (p.countryCallingCode === '1' && (country === 'US' || country === 'CA')));
}

// ---------------------------------------------------------------------------------------------
// Documents

const PASSPORT_SHAPE: Record<string, string> = {
  US: 'DDDDDDDDD', GB: 'DDDDDDDDD', CA: 'LLDDDDDD', DE: 'CAAAAAAAA', FR: 'DDLLDDDDD', ES: 'LLLDDDDDD', NL: 'LLAAAAAAD', PL: 'LLDDDDDDD', UA: 'LLDDDDDD', JP: 'LLDDDDDDD', KR: 'MDDDDDDDD', SG: 'KDDDDDDDL', IN: 'LDDDDDDD', VN: 'LDDDDDDD', ID: 'LDDDDDDD', NG: 'ADDDDDDDD', BR: 'LLDDDDDD', MX: 'GDDDDDDDD', TR: 'UDDDDDDDD', AE: 'DDDDDDDDD', AU: 'LDDDDDDD', CN: 'EDDDDDDDD', PK: 'LLDDDDDDD', PH: 'LDDDDDDDL',
};

export function passportNumber(rng: Rng, country: string): string {
  const shape = PASSPORT_SHAPE[country] ?? 'LLDDDDDDD';
  let out = '';
  for (const ch of shape) {
    if (ch === 'D') out += digits(rng, 1);
    else if (ch === 'L') out += letters(rng, 1);
    else if (ch === 'A') out += ALNUM[rng.int(ALNUM.length)];
    else out += ch;
  }
  return out;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function nationalId(rng: Rng, country: string): { type: 'national_id' | 'driver_license'; number: string } {
  switch (country) {
    case 'ES': {
      const n = rng.range(10_000_000, 79_999_999);
      return { type: 'national_id', number: `${n}${DNI_LETTERS[n % 23]}` };
    }
    case 'US':
      return { type: 'driver_license', number: rng.chance(0.5) ? `${letters(rng, 1)}${digits(rng, 3)}-${digits(rng, 4)}-${digits(rng, 4)}` : digits(rng, rng.range(8, 9)) };
    case 'GB':
      return { type: 'driver_license', number: `${letters(rng, 5)}${digits(rng, 6)}${letters(rng, 2)}${digits(rng, 1)}${letters(rng, 2)}` };
    case 'DE':
      return { type: 'national_id', number: `L${Array.from({ length: 8 }, () => ALNUM[rng.int(ALNUM.length)]).join('')}` };
    case 'KR':
      return { type: 'driver_license', number: `${rng.range(11, 28)}-${digits(rng, 2)}-${digits(rng, 6)}-${digits(rng, 2)}` };
    case 'IN':
      return { type: 'national_id', number: `${rng.range(2, 9)}${digits(rng, 3)} ${digits(rng, 4)} ${digits(rng, 4)}` };
    case 'PL':
      return { type: 'national_id', number: `${letters(rng, 3)}${digits(rng, 6)}` };
    case 'PK':
      // CNIC: 5-7-1 digits.
      return { type: 'national_id', number: `${rng.range(10000, 61101)}-${digits(rng, 7)}-${rng.range(1, 9)}` };
    default:
      return { type: 'national_id', number: `${letters(rng, 2)}${digits(rng, 7)}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Gmail: dots and +tags reach the same mailbox

/** Another spelling of the same Gmail mailbox: dots moved, a +tag, sometimes capitals or googlemail.com. */
export function gmailVariant(rng: Rng, local: string): string {
  const bare = local.replace(/\./g, '');
  let out = '';
  for (let i = 0; i < bare.length; i++) {
    out += bare[i];
    if (i > 0 && i < bare.length - 1 && rng.chance(0.18)) out += '.';
  }
  if (out === local) out = `${bare.slice(0, 1)}.${bare.slice(1)}`;
  if (rng.chance(0.6)) out += `+${rng.pick(['jobs', 'work', 'upwork', 'apply', 'dev', 'hr', '1', '2024', 'remote'])}`;
  if (rng.chance(0.15)) out = out[0]!.toUpperCase() + out.slice(1);
  return `${out}@${rng.chance(0.15) ? 'googlemail.com' : 'gmail.com'}`;
}

/** Canonical Gmail mailbox (what Google delivers to). */
export function gmailCanonical(email: string): string | undefined {
  const m = /^([^@]+)@(gmail\.com|googlemail\.com)$/i.exec(email.trim());
  if (!m) return undefined;
  return `${m[1]!.toLowerCase().split('+')[0]!.replace(/\./g, '')}@gmail.com`;
}

// ---------------------------------------------------------------------------------------------
// IP addresses

const RESERVED_FIRST = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203]);

function block(label: string): [number, number] {
  let h = hash32(label);
  for (;;) {
    const a = 1 + (h % 222);
    const b = (h >>> 8) & 0xff;
    if (!RESERVED_FIRST.has(a)) return [a, b];
    h = hash32(`${label}#${h}`);
  }
}

export type IpKind = 'residential' | 'mobile' | 'hosting' | 'vpn' | 'business';

/** Hands out IPv4 addresses from per-country blocks, never the same one twice unless asked to share. */
export class IpSpace {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A fresh address of a kind in a country. `business` and `vpn` exits live in data-centre blocks. */
  fresh(country: string, kind: IpKind): string {
    const blocks = kind === 'residential' ? 4 : kind === 'mobile' ? 2 : 3;
    const prefix = kind === 'residential' ? 'res' : kind === 'mobile' ? 'mob' : kind === 'business' ? 'biz' : 'dc';
    for (let attempt = 0; attempt < 1000; attempt++) {
      const [a, b] = block(`${prefix}:${country}:${this.rng.int(blocks)}`);
      const ip = `${a}.${b}.${this.rng.range(0, 255)}.${this.rng.range(1, 254)}`;
      if (this.used.has(ip)) continue;
      this.used.add(ip);
      return ip;
    }
    throw new Error('IP space exhausted');
  }

  /** A fresh residential IPv6 address (documentation prefix 2001:db8::/32). */
  freshV6(): string {
    for (;;) {
      const g = () => this.rng.int(0x10000).toString(16);
      const ip = `2001:db8:${g()}:${g()}::${g()}`;
      if (this.used.has(ip)) continue;
      this.used.add(ip);
      return ip;
    }
  }
}

/** Which blocks an IPv4 address would come from (for the pool's self-check). */
export function blockOf(ip: string): string {
  return ip.split('.').slice(0, 2).join('.');
}
