/**
 * The customer book of the monitoring benchmark (bench/monitor.ts), deterministic for a given size:
 * persons of many origins (the name parts and writers of eval/lib/ordinary.ts, recombined), some
 * with a birth date and a nationality; ~10% companies, some with a jurisdiction; ~2% crypto wallets
 * (EVM with an EIP-55 checksum, TRON Base58Check); and the DPRK subjects of test/monitor.test.ts
 * planted among them. Records are raw, as a firm would send them (checked by parseSubjectRecord).
 */
import { createHash } from 'node:crypto';
import bs58 from 'bs58';
import { toEip55 } from '../src/match/identifiers.js';
import { ordinaryNames, type OrdinaryName } from '../eval/lib/ordinary.js';
import { Rng } from '../eval/lib/prng.js';


const SONG = 'us_ofac_sdn-49970';
const CHEIL = 'us_ofac_sdn-22985';
const CHEIL_USDT = 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz';

/** The planted subjects (as in test/monitor.test.ts) and the listed party each must be alerted on after November. */
export const PLANTED: { record: Record<string, unknown>; expect: string | RegExp }[] = [
  ...['Song Kum Hyok', 'SONG Kum-hyok', 'Song Geum-hyeok', 'Kumhyok Song', '송금혁'].map((name, i) => ({
    record: { ref: `P-SONG-${i}`, kind: 'candidate', schema: 'Person', name },
    expect: SONG,
  })),
  ...['Asatryan LLC', 'Asatryan L.L.C.', 'OOO Asatryan', 'Asatryan Limited Liability Company'].map((name, i) => ({
    record: { ref: `P-ASAT-${i}`, kind: 'vendor', schema: 'Organization', name },
    expect: /Asatryan/i,
  })),
  { record: { ref: 'P-CHEIL-WALLET', kind: 'counterparty', schema: 'CryptoWallet', publicKey: CHEIL_USDT, currency: 'USDT' }, expect: CHEIL },
];

/** Nationalities by the origin of a name (ordinary.ts's origins). */
const NATIONALITY: Record<string, string[]> = {
  'Korean (RR, South)': ['kr'],
  'Korean (MR, North-style)': ['kr', 'kr', 'us', 'jp'],
  Chinese: ['cn', 'cn', 'sg', 'tw', 'hk'],
  Russian: ['ru', 'ru', 'kz', 'by'],
  Ukrainian: ['ua'],
  Arabic: ['ae', 'sa', 'eg', 'jo', 'lb', 'ma'],
  Persian: ['ir', 'ae', 'ca', 'de'],
  Turkish: ['tr', 'de'],
  Indian: ['in', 'in', 'gb', 'ae'],
  Japanese: ['jp'],
  'Spanish / Latin American': ['es', 'mx', 'co', 'ar', 'pe'],
  English: ['gb', 'us', 'ca', 'au'],
  German: ['de', 'at', 'ch'],
  French: ['fr', 'be', 'ch', 'ca'],
  Nigerian: ['ng'],
  Vietnamese: ['vn'],
  'Indonesian / Malay': ['id', 'my'],
};
const JURISDICTIONS = ['us', 'gb', 'de', 'sg', 'hk', 'ae', 'ch', 'nl', 'kr', 'jp', 'cy', 'vg', 'ky', 'ee', 'lt'];

function tronAddress(rng: Rng): string {
  const payload = Buffer.alloc(21);
  payload[0] = 0x41;
  for (let i = 1; i < 21; i++) payload[i] = rng.int(256);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest();
  return bs58.encode(Buffer.concat([payload, sha(sha(payload)).subarray(0, 4)]));
}

function evmAddress(rng: Rng): string {
  let hex = '';
  for (let i = 0; i < 40; i++) hex += '0123456789abcdef'[rng.int(16)];
  return toEip55(`0x${hex}`)!;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/**
 * The customer book, in batches, always the same for a given N. People's names come from a pool
 * drawn with ordinary.ts's per-origin writers (given and family names recombined), so surnames
 * repeat as in a real book and full names repeat only now and then.
 */
export function* book(n: number, batchSize: number): Generator<Record<string, unknown>[]> {
  const rng = new Rng(20250708);
  const pool = ordinaryNames(rng.fork('names'), 6000, 6000, 40_000);
  const people = pool.filter((p) => p.schema === 'Person');
  const companies = pool.filter((p) => p.schema !== 'Person');
  const gen = rng.fork('book');
  // Planted subjects spread through the book, not bunched at one end.
  const plantedAt = new Map(PLANTED.map((p, i) => [Math.floor(((i + 0.5) * n) / PLANTED.length), p.record]));
  let batch: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const planted = plantedAt.get(i);
    if (planted) batch.push(planted);
    else {
      const ref = `C-${pad(i, 7)}`;
      const roll = gen.next();
      if (roll < 0.02) {
        const evm = gen.chance(0.6);
        batch.push({ ref, kind: gen.chance(0.7) ? 'counterparty' : 'customer', schema: 'CryptoWallet', publicKey: evm ? evmAddress(gen) : tronAddress(gen), currency: evm ? gen.pick(['ETH', 'USDT', 'USDC']) : 'USDT' });
      } else if (roll < 0.12) {
        const c: OrdinaryName = gen.pick(companies);
        const record: Record<string, unknown> = { ref, kind: gen.chance(0.5) ? 'customer' : gen.pick(['vendor', 'counterparty']), schema: c.schema, name: c.text };
        if (gen.chance(0.4)) record.jurisdiction = gen.pick(JURISDICTIONS);
        batch.push(record);
      } else {
        const p: OrdinaryName = gen.pick(people);
        const record: Record<string, unknown> = { ref, kind: gen.chance(0.97) ? 'customer' : gen.pick(['employee', 'candidate']), schema: 'Person', name: p.text };
        if (gen.chance(0.5)) record.birthDate = `${gen.range(1940, 2006)}-${pad(gen.range(1, 12), 2)}-${pad(gen.range(1, 28), 2)}`;
        if (gen.chance(0.4)) record.nationality = gen.pick(NATIONALITY[p.origin] ?? ['us']);
        batch.push(record);
      }
    }
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
