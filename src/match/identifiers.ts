/**
 * Exact identifiers: the half of Vigil's matcher where one equal key is decisive on its own.
 *
 * Crypto addresses, e-mail addresses, phone numbers, document/registration numbers and web domains
 * are reduced to a canonical exact-match key. Nothing here is fuzzy: two values share a key only
 * when they denote the same identifier (the same address bytes, the same mailbox, the same E.164
 * number...). Pure code, no I/O, no global caches.
 *
 * Crypto address keys follow docs/domain.md section 4:
 * - EVM `0x` + 40 hex: key = lower case. Mixed case is an EIP-55 checksum and is verified.
 * - bech32 / bech32m (`bc1`, `ltc1`, `bnb1`, ...) and BCH cashaddr: key = lower case (case is not
 *   part of these encodings, but one string must be all-lower or all-upper); checksum verified.
 * - base58 formats (Base58Check legacy BTC/LTC/DOGE/DASH/ZEC/BTG/XVG/TRON, Ripple, Solana, Monero)
 *   are case-sensitive: key = the address exactly as written.
 *
 * `parseAddress(x).key` vs `addressKey(x)` -- the decision the matcher relies on:
 * - `key` is set whenever the characters spell an address of a recognised encoding (right alphabet,
 *   right length, a known version/prefix), EVEN WHEN ITS CHECKSUM OR CASE RULE FAILS. The only
 *   failures that still carry a key are a checksum mismatch (Base58Check, bech32, cashaddr, EIP-55,
 *   Monero) and a case violation (mixed case in bech32/cashaddr). Such a key still names exactly
 *   the characters/bytes that were written, so an address listed with a typo can be matched
 *   exactly as listed; and because base58 keys are the string itself and hex/bech32 keys are the
 *   bytes, a changed, dropped or added character never yields another address's key.
 * - `valid` tells the truth (format AND checksum), with `reason` when false.
 * - `addressKey` is the strict form: the key only when `valid` (well-formed, and the checksum
 *   passed or the format has none). Use it to accept user input; index listed values and look up
 *   query values with `parseAddress(x).key`, and surface `valid === false` on a hit.
 * The key never depends on the `currency` argument; the currency only breaks ties where one format
 * serves several chains (a version-0 Base58Check is BTC, BCH or BSV) and adds a `note` when it
 * contradicts the format.
 */
import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bech32, bech32m } from 'bech32';
import bs58 from 'bs58';
import { createRequire } from 'node:module';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';

export type Chain =
  | 'evm'
  | 'bitcoin'
  | 'litecoin'
  | 'bitcoin-cash'
  | 'dogecoin'
  | 'dash'
  | 'zcash'
  | 'bitcoin-gold'
  | 'verge'
  | 'tron'
  | 'solana'
  | 'monero'
  | 'ripple'
  | 'unknown';

/** The encoding an address was recognised in (finer than `chain`). */
export type AddressFormat =
  | 'evm'
  | 'hex32'
  | 'segwit'
  | 'bech32'
  | 'cashaddr'
  | 'base58check'
  | 'ripple'
  | 'solana'
  | 'monero'
  | 'tron-hex';

export interface AddressInfo {
  /** As given. */
  input: string;
  /** The exact-match key; '' when the input is not recognisably an address at all. */
  key: string;
  /** Inferred from the format (USDT/USDC exist on several chains). */
  chain: Chain;
  /** Format and checksum OK. */
  valid: boolean;
  checksum: 'valid' | 'invalid' | 'none';
  /** When !valid: a sentence naming what is wrong. */
  reason?: string;
  /** The recognised encoding, when there is one. */
  format?: AddressFormat;
  /** A finer network label where `chain` cannot say it: 'testnet', 'BNB Beacon Chain', 'zcash sapling'... */
  network?: string;
  /** Remarks that do not affect validity: the currency contradicts the format, a payment URI's token contract... */
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Cleaning shared by all identifiers

/** Invisible characters that String.prototype.trim does not remove (it does remove NBSP & co). */
const INVISIBLE = /[\u200B-\u200D\u2060\u00AD\uFEFF]/g;

function clean(raw: string): string {
  return raw.replace(INVISIBLE, '').trim();
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x21 && code <= 0x7e ? `'${ch}'` : `'${ch}' (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

// ---------------------------------------------------------------------------------------------
// Address parsing

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(?:\/\/)?/;
const CASHADDR_PREFIXES = new Set(['bitcoincash', 'bchtest', 'bchreg']);

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const RIPPLE58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';


/** Ripple-alphabet character -> the Bitcoin-alphabet character of the same digit value. */
const RIPPLE_TO_BITCOIN: Record<string, string> = Object.fromEntries(
  [...RIPPLE58].map((ch, i) => [ch, BASE58[i]!]),
);

/** Base58Check version byte (25-byte payloads) -> chain, with a label when not mainnet. */
const VERSION_CHAIN = new Map<number, { chain: Chain; network?: string }>([
  [0x00, { chain: 'bitcoin' }],
  [0x05, { chain: 'bitcoin' }],
  [0x6f, { chain: 'bitcoin', network: 'testnet' }],
  [0xc4, { chain: 'bitcoin', network: 'testnet' }],
  [0x30, { chain: 'litecoin' }],
  [0x32, { chain: 'litecoin' }],
  [0x1e, { chain: 'dogecoin' }], // also Verge: the currency decides
  [0x16, { chain: 'dogecoin' }],
  [0x4c, { chain: 'dash' }],
  [0x10, { chain: 'dash' }],
  [0x26, { chain: 'bitcoin-gold' }],
  [0x17, { chain: 'bitcoin-gold' }],
  [0x21, { chain: 'verge' }],
  [0x41, { chain: 'tron' }],
]);

/** Zcash transparent addresses carry a two-byte version (26-byte payloads). */
const ZCASH_VERSIONS = new Map<number, string | undefined>([
  [0x1cb8, undefined], // t1 P2PKH
  [0x1cbd, undefined], // t3 P2SH
  [0x1d25, 'testnet'], // tm
  [0x1cba, 'testnet'], // t2
]);

/** bech32 human-readable parts Vigil knows. `segwit` ones carry a witness version and program. */
const BECH32_HRPS = new Map<string, { chain: Chain; segwit: boolean; network?: string }>([
  ['bc', { chain: 'bitcoin', segwit: true }],
  ['tb', { chain: 'bitcoin', segwit: true, network: 'testnet' }],
  ['bcrt', { chain: 'bitcoin', segwit: true, network: 'regtest' }],
  ['ltc', { chain: 'litecoin', segwit: true }],
  ['tltc', { chain: 'litecoin', segwit: true, network: 'testnet' }],
  ['bnb', { chain: 'unknown', segwit: false, network: 'BNB Beacon Chain' }],
  ['tbnb', { chain: 'unknown', segwit: false, network: 'BNB Beacon Chain testnet' }],
  ['zs', { chain: 'zcash', segwit: false, network: 'zcash sapling' }],
  ['ztestsapling', { chain: 'zcash', segwit: false, network: 'zcash sapling testnet' }],
]);

/** Monero network bytes (first decoded byte). */
const MONERO_NETS = new Map<number, { integrated: boolean; network?: string }>([
  [18, { integrated: false }],
  [42, { integrated: false, network: 'subaddress' }],
  [19, { integrated: true, network: 'integrated' }],
  [53, { integrated: false, network: 'testnet' }],
  [63, { integrated: false, network: 'testnet subaddress' }],
  [54, { integrated: true, network: 'testnet integrated' }],
  [24, { integrated: false, network: 'stagenet' }],
  [36, { integrated: false, network: 'stagenet subaddress' }],
  [25, { integrated: true, network: 'stagenet integrated' }],
]);

/** Which chains a currency code may legitimately be on (for the `note`, never for the key). */
const CURRENCY_CHAINS: Record<string, Chain[]> = {
  XBT: ['bitcoin'],
  BTC: ['bitcoin'],
  ETH: ['evm'],
  ETC: ['evm'],
  ARB: ['evm'],
  BSC: ['evm'],
  BNB: ['evm', 'unknown'],
  USDT: ['evm', 'tron', 'solana', 'bitcoin', 'unknown'],
  USDC: ['evm', 'tron', 'solana', 'unknown'],
  TRX: ['tron'],
  LTC: ['litecoin'],
  XMR: ['monero'],
  BCH: ['bitcoin-cash'],
  BSV: ['bitcoin-cash'],
  ZEC: ['zcash'],
  DASH: ['dash'],
  BTG: ['bitcoin-gold'],
  XVG: ['verge'],
  DOGE: ['dogecoin'],
  XRP: ['ripple'],
  SOL: ['solana'],
};

type Draft = Omit<AddressInfo, 'input'>;

function notAddress(reason: string): Draft {
  return { key: '', chain: 'unknown', valid: false, checksum: 'none', reason };
}

/** Parse one crypto address. Never throws. `currency` (XBT, ETH, USDT...) only breaks format ties. */
export function parseAddress(raw: string, currency?: string): AddressInfo {
  const cur = currency?.trim().toUpperCase() || undefined;
  const draft = parseDraft(typeof raw === 'string' ? raw : '', cur);
  const info: AddressInfo = { input: raw, ...draft };
  if (cur && info.key !== '') {
    const allowed = CURRENCY_CHAINS[cur];
    if (allowed && !allowed.includes(info.chain)) {
      const what = info.format === 'hex32' ? '64 hex digits (a key, a transaction hash or an Aptos/Sui-style address)' : `a ${info.chain} address`;
      const mismatch = `listed as ${cur} but the format is ${what}`;
      info.note = info.note ? `${info.note}; ${mismatch}` : mismatch;
    }
  }
  return info;
}

/** The key when the address is well-formed and its checksum (if it has one) passes; else undefined. */
export function addressKey(raw: string, currency?: string): string | undefined {
  const info = parseAddress(raw, currency);
  return info.valid && info.key !== '' ? info.key : undefined;
}

function parseDraft(raw: string, cur: string | undefined): Draft {
  let s = clean(raw);
  if (s === '') return notAddress('empty value');
  let scheme: string | undefined;
  const m = SCHEME.exec(s);
  if (m) {
    scheme = m[1]!.toLowerCase();
    s = s.slice(m[0].length);
    if (scheme === 'ethereum' && /^pay-/i.test(s)) s = s.slice(4);
  }
  let note: string | undefined;
  const cut = s.search(/[?@/#]/);
  if (cut >= 0) {
    const rest = s.slice(cut);
    s = s.slice(0, cut);
    // EIP-681 token transfer: "ethereum:<token contract>@1/transfer?address=<recipient>&uint256=..."
    // pays the recipient, not the contract.
    if (scheme === 'ethereum') {
      const t = /^(?:@[^/?]*)?\/transfer\?(?:.*&)?address=([^&#]+)/i.exec(rest);
      if (t) {
        note = `EIP-681 token transfer: the recipient is screened, the token contract was ${s}`;
        s = decodeURIComponentSafe(t[1]!);
      }
    }
  }
  s = s.trim();
  if (s === '') return notAddress('no address after the URI scheme');
  const bad = /[^\x21-\x7e]/.exec(s);
  if (bad) {
    return notAddress(/\s/.test(bad[0]) ? 'contains whitespace inside the address' : `contains a character no address uses: ${describeChar(bad[0])}`);
  }
  const d = dispatch(s, scheme, cur);
  if (note) d.note = note;
  return d;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function dispatch(s: string, scheme: string | undefined, cur: string | undefined): Draft {
  const c0 = s.charCodeAt(0);
  // 0x... hex
  if (c0 === 0x30 && (s[1] === 'x' || s[1] === 'X')) return parseHex(s);
  if (s.length === 64 && /^[0-9a-fA-F]{64}$/.test(s)) return hex32(s);
  if (s.length === 42 && /^41[0-9a-fA-F]{40}$/.test(s)) return tronHex(s);
  if (s.length === 40 && /^[0-9a-fA-F]{40}$/.test(s)) return notAddress('40 hex digits without 0x: an EVM address is written with its 0x prefix');
  // cashaddr, with its prefix, or bare: 42 (or 61) characters starting q/p. No base58 format has
  // that shape (a 42-character Solana address starts with '1').
  const cashPrefix = scheme && CASHADDR_PREFIXES.has(scheme) ? scheme : undefined;
  if (/^[qpQP]/.test(s) && (cashPrefix || ((s.length === 42 || s.length === 61) && /^[a-z0-9]+$/i.test(s)))) {
    return parseCashaddr(s, cashPrefix ?? 'bitcoincash');
  }
  // bech32 with a known human-readable part, or any hrp when the checksum holds
  const sep = s.lastIndexOf('1');
  if (sep > 0) {
    const hrp = s.slice(0, sep).toLowerCase();
    const known = BECH32_HRPS.get(hrp);
    if (known) {
      const r = parseBech32(s, sep, hrp, known);
      // Mixed case that is not a good bech32 string may be base58 that happens to start "bc1".
      if (caseOf(s) !== 'mixed' || r.checksum === 'valid') return r;
      const b = parseBase58Family(s, cur);
      return b.key !== '' ? b : r;
    }
    if (s.length - sep - 1 >= 6 && s.length <= 90 && /^[a-z]+$/i.test(hrp)) {
      const r = parseGenericBech32(s);
      if (r) return r;
    }
  }
  return parseBase58Family(s, cur);
}

function parseBase58Family(s: string, cur: string | undefined): Draft {
  const c0 = s.charCodeAt(0);
  const badChar = /[^1-9A-HJ-NP-Za-km-z]/.exec(s);
  if (badChar) {
    if (c0 === 0x54 /* T */ && s.length !== 34) return notAddress(`length ${s.length} is not a Tron address length (34)`);
    return notAddress(`not base58: contains ${describeChar(badChar[0])}`);
  }
  if ((c0 === 0x34 || c0 === 0x38) /* 4 or 8 */ && (s.length === 95 || s.length === 106)) return parseMonero(s);
  if (c0 === 0x72 /* r */ && s.length >= 25 && s.length <= 35) return parseRipple(s);
  return parseBase58(s, cur);
}

// --- hex ------------------------------------------------------------------------------------------

function parseHex(s: string): Draft {
  const hex = s.slice(2);
  const badChar = /[^0-9a-fA-F]/.exec(hex);
  if (badChar) return notAddress(`not hexadecimal: contains ${describeChar(badChar[0])}`);
  if (hex.length === 64) return hex32(hex);
  if (hex.length === 42 && hex.startsWith('41')) return tronHex(hex);
  if (hex.length !== 40) return notAddress(`${hex.length} hex digits after 0x: an EVM address has 40`);
  const lower = hex.toLowerCase();
  const key = `0x${lower}`;
  const upper = hex.toUpperCase();
  if (hex === lower || hex === upper) return { key, chain: 'evm', valid: true, checksum: 'none', format: 'evm' };
  if (eip55Hex(lower) === hex) return { key, chain: 'evm', valid: true, checksum: 'valid', format: 'evm' };
  return { key, chain: 'evm', valid: false, checksum: 'invalid', format: 'evm', reason: 'EIP-55 checksum does not match (mixed-case EVM address with wrong letter case)' };
}

/** The EIP-55 mixed-case form of 40 lower-case hex digits (no 0x). */
function eip55Hex(lower: string): string {
  const hash = keccak_256(Buffer.from(lower, 'latin1'));
  let out = '';
  for (let i = 0; i < 40; i++) {
    const ch = lower[i]!;
    if (ch >= 'a') {
      const nibble = (hash[i >> 1]! >> (i & 1 ? 0 : 4)) & 0x0f;
      out += nibble >= 8 ? ch.toUpperCase() : ch;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The EIP-55 checksummed form of an EVM address (any case in), or undefined if it is not 0x + 40 hex. */
export function toEip55(address: string): string | undefined {
  const s = clean(address);
  if (!/^0x[0-9a-fA-F]{40}$/i.test(s)) return undefined;
  return `0x${eip55Hex(s.slice(2).toLowerCase())}`;
}

function hex32(hex: string): Draft {
  return { key: hex.toLowerCase(), chain: 'unknown', valid: true, checksum: 'none', format: 'hex32' };
}

/** TRON's hex form (41 + 20 bytes): keyed as its canonical base58 T-address so both forms match. */
function tronHex(hex: string): Draft {
  const payload = Buffer.from(hex, 'hex');
  const full = Buffer.concat([payload, doubleSha256(payload).subarray(0, 4)]);
  return { key: bs58.encode(full), chain: 'tron', valid: true, checksum: 'none', format: 'tron-hex' };
}

// --- base58 ---------------------------------------------------------------------------------------

function doubleSha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

function base58CheckOk(bytes: Uint8Array): boolean {
  const n = bytes.length - 4;
  const h = doubleSha256(bytes.subarray(0, n));
  return h[0] === bytes[n] && h[1] === bytes[n + 1] && h[2] === bytes[n + 2] && h[3] === bytes[n + 3];
}

function parseBase58(s: string, cur: string | undefined): Draft {
  const bytes = bs58.decodeUnsafe(s);
  if (!bytes) return notAddress('not base58');
  if (bytes.length === 25) {
    const version = bytes[0]!;
    const known = VERSION_CHAIN.get(version);
    const ok = base58CheckOk(bytes);
    if (!known) {
      if (ok) return { key: s, chain: 'unknown', valid: true, checksum: 'valid', format: 'base58check' };
      if (s.startsWith('T')) {
        return notAddress(s.length !== 34 ? `length ${s.length} is not a Tron address length (34)` : `not a Tron address: version byte 0x${hex2(version)} (Tron uses 0x41) and the checksum does not match`);
      }
      return notAddress(`Base58Check version byte 0x${hex2(version)} is no known address type, and the checksum does not match`);
    }
    let chain = known.chain;
    if ((version === 0x00 || version === 0x05) && (cur === 'BCH' || cur === 'BSV')) chain = 'bitcoin-cash';
    else if (version === 0x05 && cur === 'LTC') chain = 'litecoin';
    else if (version === 0x1e && cur === 'XVG') chain = 'verge';
    const d: Draft = { key: s, chain, valid: ok, checksum: ok ? 'valid' : 'invalid', format: 'base58check' };
    if (known.network) d.network = known.network;
    if (!ok) d.reason = 'Base58Check checksum does not match (a mistyped or altered address)';
    return d;
  }
  if (bytes.length === 26) {
    const version = (bytes[0]! << 8) | bytes[1]!;
    if (ZCASH_VERSIONS.has(version)) {
      const ok = base58CheckOk(bytes);
      const d: Draft = { key: s, chain: 'zcash', valid: ok, checksum: ok ? 'valid' : 'invalid', format: 'base58check' };
      const network = ZCASH_VERSIONS.get(version);
      if (network) d.network = network;
      if (!ok) d.reason = 'Base58Check checksum does not match (a mistyped or altered address)';
      return d;
    }
  }
  if (bytes.length === 32 && s.length >= 32 && s.length <= 44) {
    return { key: s, chain: 'solana', valid: true, checksum: 'none', format: 'solana' };
  }
  if (s.startsWith('T') && s.length !== 34) return notAddress(`length ${s.length} is not a Tron address length (34)`);
  if (/^[13]/.test(s) && (s.length < 26 || s.length > 35)) return notAddress(`length ${s.length} is not a Bitcoin legacy address length (26 to 35)`);
  return notAddress(`base58 decodes to ${bytes.length} bytes: no address format has that length (Base58Check has 25, Zcash t-addresses 26, Solana 32)`);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function parseRipple(s: string): Draft {
  let translated = '';
  for (const ch of s) {
    const t = RIPPLE_TO_BITCOIN[ch];
    if (t === undefined) return notAddress(`not Ripple base58: contains ${describeChar(ch)}`);
    translated += t;
  }
  const bytes = bs58.decodeUnsafe(translated);
  if (!bytes || bytes.length !== 25 || bytes[0] !== 0x00) {
    return notAddress(`not an XRP classic address: it decodes to ${bytes?.length ?? 0} bytes${bytes && bytes.length > 0 ? ` with version 0x${hex2(bytes[0]!)}` : ''} (expected 25 bytes, version 0x00)`);
  }
  const ok = base58CheckOk(bytes);
  const d: Draft = { key: s, chain: 'ripple', valid: ok, checksum: ok ? 'valid' : 'invalid', format: 'ripple' };
  if (!ok) d.reason = 'XRP address checksum does not match (a mistyped or altered address)';
  return d;
}

/** Monero base58: 8-byte blocks encoded as 11 characters; a last partial block has these sizes. */
const MONERO_BLOCK_CHARS = [0, 2, 3, 5, 6, 7, 9, 10, 11];

function moneroDecode(s: string): Uint8Array | undefined {
  const fullBlocks = Math.floor(s.length / 11);
  const lastBytes = MONERO_BLOCK_CHARS.indexOf(s.length % 11);
  if (lastBytes < 0) return undefined;
  const out = new Uint8Array(fullBlocks * 8 + lastBytes);
  for (let b = 0; b * 11 < s.length; b++) {
    const chunk = s.slice(b * 11, b * 11 + 11);
    const size = b < fullBlocks ? 8 : lastBytes;
    let value = 0n;
    for (const ch of chunk) value = value * 58n + BigInt(BASE58.indexOf(ch));
    if (value >> BigInt(size * 8) !== 0n) return undefined;
    for (let i = size - 1; i >= 0; i--) {
      out[b * 8 + i] = Number(value & 0xffn);
      value >>= 8n;
    }
  }
  return out;
}

function parseMonero(s: string): Draft {
  const bytes = moneroDecode(s);
  if (!bytes) return notAddress('not Monero base58: a block decodes past its size');
  const net = MONERO_NETS.get(bytes[0]!);
  if (!net) return notAddress(`Monero network byte ${bytes[0]} is unknown`);
  const expected = net.integrated ? 77 : 69;
  if (bytes.length !== expected) {
    return notAddress(`length ${s.length} does not fit Monero network byte ${bytes[0]} (${net.integrated ? 'integrated: 106' : 'standard: 95'} characters)`);
  }
  const hash = keccak_256(bytes.subarray(0, expected - 4));
  const ok = hash[0] === bytes[expected - 4] && hash[1] === bytes[expected - 3] && hash[2] === bytes[expected - 2] && hash[3] === bytes[expected - 1];
  const d: Draft = { key: s, chain: 'monero', valid: ok, checksum: ok ? 'valid' : 'invalid', format: 'monero' };
  if (net.network) d.network = net.network;
  if (!ok) d.reason = 'Monero checksum (Keccak-256) does not match (a mistyped or altered address)';
  return d;
}

// --- bech32 / bech32m -----------------------------------------------------------------------------

function caseOf(s: string): 'lower' | 'upper' | 'mixed' {
  const lower = s.toLowerCase();
  if (s === lower) return 'lower';
  if (s === s.toUpperCase()) return 'upper';
  return 'mixed';
}

function parseBech32(s: string, sep: number, hrp: string, known: { chain: Chain; segwit: boolean; network?: string }): Draft {
  const lower = s.toLowerCase();
  const data = lower.slice(sep + 1);
  const base: Pick<Draft, 'chain' | 'network'> = { chain: known.chain };
  if (known.network) base.network = known.network;
  const badChar = /[^qpzry9x8gf2tvdw0s3jn54khce6mua7l]/.exec(data);
  if (badChar) return { ...notAddress(`not bech32: contains ${describeChar(s[sep + 1 + badChar.index]!)}`), ...base };
  if (data.length < 6) return { ...notAddress('bech32 data part is shorter than its 6-character checksum'), ...base };
  if (s.length > 90) return { ...notAddress(`length ${s.length} is over the bech32 limit of 90`), ...base };
  const mixed = caseOf(s) === 'mixed';
  const asBech32 = bech32.decodeUnsafe(lower, 90);
  const asBech32m = asBech32 ? undefined : bech32m.decodeUnsafe(lower, 90);
  const words = (asBech32 ?? asBech32m)?.words;
  const format: AddressFormat = known.segwit ? 'segwit' : 'bech32';
  const keyed = { key: lower, ...base, format };
  const caseNote = mixed ? 'mixed case in a bech32 address, and its ' : '';
  if (!words) {
    if (known.segwit) {
      // Say which variant was expected: the first data character is the witness version.
      const v = BECH32_CHARSET.indexOf(data[0]!);
      const variant = v === 0 ? 'bech32' : 'bech32m';
      return { ...keyed, valid: false, checksum: 'invalid', reason: `${caseNote}${variant} checksum invalid (witness version ${v})` };
    }
    return { ...keyed, valid: false, checksum: 'invalid', reason: `${caseNote}bech32 checksum invalid` };
  }
  // The checksum is good; now the structure.
  let structure: string | undefined;
  if (known.segwit) {
    const version = words[0]!;
    const program = bech32.fromWordsUnsafe(words.slice(1));
    if (version > 0 && asBech32) {
      return { ...keyed, valid: false, checksum: 'invalid', reason: `${caseNote}bech32 checksum invalid: witness version ${version} must use bech32m` };
    }
    if (version === 0 && !asBech32) {
      return { ...keyed, valid: false, checksum: 'invalid', reason: `${caseNote}bech32m checksum invalid: witness version 0 must use bech32` };
    }
    if (version > 16) structure = `witness version ${version} does not exist (0 to 16)`;
    else if (!program) structure = 'witness program has invalid padding';
    else if (program.length < 2 || program.length > 40) structure = `witness program of ${program.length} bytes (2 to 40 allowed)`;
    else if (version === 0 && program.length !== 20 && program.length !== 32) structure = `witness version 0 program of ${program.length} bytes (20 or 32 allowed)`;
  } else {
    if (!asBech32) return { ...keyed, valid: false, checksum: 'invalid', reason: `${caseNote}bech32 checksum invalid (this format uses bech32, not bech32m)` };
    const payload = bech32.fromWordsUnsafe(words);
    if (!payload) structure = 'bech32 payload has invalid padding';
    else if (hrp === 'bnb' || hrp === 'tbnb') {
      if (payload.length !== 20) structure = `BNB Beacon Chain address of ${payload.length} bytes (20 expected)`;
    } else if (payload.length !== 43) structure = `Zcash sapling address of ${payload.length} bytes (43 expected)`;
  }
  if (structure) return { ...notAddress(structure), ...base, format };
  if (mixed) return { ...keyed, valid: false, checksum: 'valid', reason: 'mixed case in a bech32 address (it must be all lower or all upper case)' };
  return { ...keyed, valid: true, checksum: 'valid' };
}

/** A bech32 string with an hrp Vigil has no table entry for: accepted only when its checksum holds. */
function parseGenericBech32(s: string): Draft | undefined {
  const lower = s.toLowerCase();
  const decoded = bech32.decodeUnsafe(lower, 90) ?? bech32m.decodeUnsafe(lower, 90);
  if (!decoded) return undefined;
  if (caseOf(s) === 'mixed') {
    return { key: lower, chain: 'unknown', valid: false, checksum: 'valid', format: 'bech32', network: `bech32 prefix ${decoded.prefix}`, reason: 'mixed case in a bech32 address (it must be all lower or all upper case)' };
  }
  return { key: lower, chain: 'unknown', valid: true, checksum: 'valid', format: 'bech32', network: `bech32 prefix ${decoded.prefix}` };
}

// --- cashaddr (Bitcoin Cash) ----------------------------------------------------------------------

/** cashaddr's 40-bit BCH polymod, carried in two numbers (high 8 bits, low 32 bits). */
const CASH_GEN_HI = [0x98, 0x79, 0xf3, 0xae, 0x1e];
const CASH_GEN_LO = [0xf2bc8e61, 0xb76d99e2, 0x3e5fb3c4, 0x2eabe2a8, 0x4f43e470];

function cashaddrChecksumOk(prefix: string, values: number[]): boolean {
  let hi = 0;
  let lo = 1;
  const step = (d: number): void => {
    const c0 = hi >>> 3;
    hi = ((hi & 0x07) << 5) | (lo >>> 27);
    lo = ((lo << 5) ^ d) >>> 0;
    for (let i = 0; i < 5; i++) {
      if ((c0 >> i) & 1) {
        hi ^= CASH_GEN_HI[i]!;
        lo = (lo ^ CASH_GEN_LO[i]!) >>> 0;
      }
    }
  };
  for (let i = 0; i < prefix.length; i++) step(prefix.charCodeAt(i) & 0x1f);
  step(0);
  for (const v of values) step(v);
  return hi === 0 && lo === 1;
}

const CASH_HASH_BITS = [160, 192, 224, 256, 320, 384, 448, 512];

function parseCashaddr(s: string, prefix: string): Draft {
  const lower = s.toLowerCase();
  const base = { chain: 'bitcoin-cash' as const, format: 'cashaddr' as const };
  const badChar = /[^qpzry9x8gf2tvdw0s3jn54khce6mua7l]/.exec(lower);
  if (badChar) return { ...notAddress(`not cashaddr: contains ${describeChar(s[badChar.index]!)}`), ...base };
  if (lower.length < 9) return { ...notAddress(`cashaddr payload of ${lower.length} characters is too short`), ...base };
  const values = [...lower].map((ch) => BECH32_CHARSET.indexOf(ch));
  const payload = bech32.fromWordsUnsafe(values.slice(0, -8));
  if (!payload || payload.length === 0) return { ...notAddress('cashaddr payload has invalid padding'), ...base };
  const version = payload[0]!;
  const hashBits = CASH_HASH_BITS[version & 0x07]!;
  if (version & 0x80) return { ...notAddress(`cashaddr version byte 0x${hex2(version)} is reserved`), ...base };
  if ((payload.length - 1) * 8 !== hashBits) {
    return { ...notAddress(`cashaddr hash of ${(payload.length - 1) * 8} bits does not match its version byte (${hashBits} bits)`), ...base };
  }
  const ok = cashaddrChecksumOk(prefix, values);
  const d: Draft = { key: lower, ...base, valid: ok, checksum: ok ? 'valid' : 'invalid' };
  if (prefix !== 'bitcoincash') d.network = prefix === 'bchtest' ? 'testnet' : 'regtest';
  if (!ok) d.reason = 'cashaddr checksum invalid';
  else if (caseOf(s) === 'mixed') {
    d.valid = false;
    d.reason = 'mixed case in a cashaddr address (it must be all lower or all upper case)';
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Other identifiers

/** E-mail: trimmed, 'mailto:' and any ?query removed, lower-cased; undefined unless local@domain.tld. */
export function normalizeEmail(raw: string): string | undefined {
  let s = clean(raw);
  const angle = /<([^<>]+)>\s*$/.exec(s); // "Name <user@host>"
  if (angle) s = angle[1]!.trim();
  s = s.replace(/^mailto:/i, '');
  const q = s.indexOf('?');
  if (q >= 0) s = s.slice(0, q);
  s = s.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (/[\s@<>(),;:"[\]\\]/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  if (/[^\x21-\x7e]/.test(domain)) domain = domainToASCII(domain);
  if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/.test(domain)) return undefined;
  return `${local}@${domain}`;
}

let PHONES: typeof import('libphonenumber-js') | undefined;

/** libphonenumber-js, loaded on first use (its metadata is large, and most names come without a phone number). */
function phones(): typeof import('libphonenumber-js') {
  PHONES ??= createRequire(import.meta.url)('libphonenumber-js') as typeof import('libphonenumber-js');
  return PHONES;
}

/**
 * Phone number in E.164 ('+9821885263'), or undefined when it is not a possible number.
 * OFAC writes international numbers without '+' ('982188526300'): when no default country is
 * given and the value is only digits, it is read as international, but accepted only if it is
 * then a VALID number (a stricter test than "possible", since the '+' is a guess).
 */
export function normalizePhone(raw: string, defaultCountry?: string): string | undefined {
  let s = clean(raw).normalize('NFKC').replace(/^tel:/i, '').trim();
  if (s === '' || /[a-wyz]/i.test(s.replace(/\b(?:ext|x)\.?\s*\d+$/i, ''))) return undefined;
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  const country = defaultCountry?.trim().toUpperCase();
  const { isSupportedCountry, parsePhoneNumberFromString } = phones();
  const cc = country && isSupportedCountry(country) ? (country as CountryCode) : undefined;
  let phone: PhoneNumber | undefined = parsePhoneNumberFromString(s, cc ? { defaultCountry: cc } : undefined);
  if (phone?.isPossible()) return phone.number;
  if (!s.startsWith('+') && !cc) {
    const digits = s.replace(/[\s().\-/]/g, '');
    if (/^\d{8,15}$/.test(digits)) {
      phone = parsePhoneNumberFromString(`+${digits}`);
      if (phone?.isValid()) return phone.number;
    }
  }
  return undefined;
}

/** Leading labels that are not part of a number: "No.", "No:", "#", "IMO", "N°" ("№" becomes "No" under NFKC). */
const ID_PREFIX = /^(?:NO\.|NO(?=[\s:#])|N°|#|IMO(?=[\s:#.\-\d]))[\s:.#-]*/;

/** Document/registration number: upper case, separators and leading "No."/"#"/"IMO" dropped. */
export function normalizeIdNumber(raw: string): string | undefined {
  let s = clean(raw).normalize('NFKC').toUpperCase();
  for (let i = 0; i < 3; i++) {
    const m = ID_PREFIX.exec(s);
    if (!m) break;
    s = s.slice(m[0].length);
  }
  s = s.replace(/[\s\-\u2010-\u2015\u2212./]/g, '');
  if (s.length < 3 || !/\d/.test(s)) return undefined;
  return s;
}

/**
 * SWIFT/BIC: 8 or 11 characters (bank, country, location, optional branch); "XXX" is the primary
 * office and is dropped, so DEUTDEFF and DEUTDEFFXXX share a key. Undefined when not BIC-shaped.
 */
export function normalizeBic(raw: string): string | undefined {
  const s = clean(raw).toUpperCase().replace(/[\s-]/g, '');
  const m = /^([A-Z]{6}[A-Z0-9]{2})([A-Z0-9]{3})?$/.exec(s);
  if (!m) return undefined;
  return m[2] === undefined || m[2] === 'XXX' ? m[1]! : s;
}

/** Web domain from a URL or a bare domain: lower case, no scheme, 'www.', port, path or trailing dot. */
export function normalizeDomain(raw: string): string | undefined {
  let s = clean(raw).toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/+/, '');
  const end = s.search(/[/?#\\]/);
  if (end >= 0) s = s.slice(0, end);
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  s = s.replace(/:\d*$/, '').replace(/\.+$/, '');
  if (s.startsWith('www.')) s = s.slice(4);
  if (s === '' || !s.includes('.') || /\s/.test(s)) return undefined;
  const ascii = domainToASCII(s);
  if (ascii === '' || !ascii.includes('.') || ascii.split('.').some((label) => label === '')) return undefined;
  return ascii;
}

// ---------------------------------------------------------------------------------------------
// FollowTheMoney properties -> keys

export type IdentifierKind = 'address' | 'email' | 'phone' | 'id' | 'domain';

const ID_PROPERTIES = new Set(['idNumber', 'passportNumber', 'taxNumber', 'registrationNumber', 'imoNumber', 'swiftBic', 'mmsi']);

/**
 * The exact-match keys of one property value (FollowTheMoney property names). Keys carry their
 * kind as a prefix ('addr:', 'email:', 'phone:', 'id:', 'domain:') so one index can hold them all.
 * Addresses use `parseAddress(value).key` (set even for a listed address whose checksum fails).
 * A SWIFT/BIC is keyed by its BIC form (most BICs have no digit, which normalizeIdNumber requires).
 */
export function identifierKeys(property: string, value: string): { kind: IdentifierKind; key: string }[] {
  if (typeof value !== 'string') return [];
  if (property === 'publicKey') {
    const key = parseAddress(value).key;
    return key ? [{ kind: 'address', key: `addr:${key}` }] : [];
  }
  if (property === 'email') {
    const key = normalizeEmail(value);
    return key ? [{ kind: 'email', key: `email:${key}` }] : [];
  }
  if (property === 'phone') {
    const key = normalizePhone(value);
    return key ? [{ kind: 'phone', key: `phone:${key}` }] : [];
  }
  if (property === 'website') {
    const key = normalizeDomain(value);
    return key ? [{ kind: 'domain', key: `domain:${key}` }] : [];
  }
  if (ID_PROPERTIES.has(property)) {
    const key = (property === 'swiftBic' ? normalizeBic(value) : undefined) ?? normalizeIdNumber(value);
    return key ? [{ kind: 'id', key: `id:${key}` }] : [];
  }
  return [];
}
