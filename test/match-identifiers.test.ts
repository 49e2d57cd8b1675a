/**
 * Exact identifiers (src/match/identifiers.ts) on real data: every crypto address OFAC lists in the
 * 2025-11-19 publication, near-miss mutations of them, vectors built here with independent code
 * paths (bech32 encoder, Base58 encoder, keccak), and the e-mails, phones, websites and BICs of the
 * same publication read from the raw XML with regular expressions.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bech32, bech32m } from 'bech32';
import bs58 from 'bs58';
import {
  addressKey,
  identifierKeys,
  normalizeBic,
  normalizeDomain,
  normalizeEmail,
  normalizeIdNumber,
  normalizePhone,
  parseAddress,
  toEip55,
  type AddressInfo,
} from '../src/match/identifiers.js';
import { listFile } from './helpers.js';
import { Rng } from '../eval/lib/prng.js';

const DERIVED = listFile('ofac-sdn-advanced', 'derived_crypto_address_lists_2025-11-19');
const XML = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');

interface Listed {
  currency: string;
  address: string;
}

function readListed(): Listed[] {
  const out: Listed[] = [];
  for (const file of readdirSync(DERIVED).sort()) {
    const m = /^sanctioned_addresses_([A-Z]+)\.txt$/.exec(file);
    if (!m) continue;
    for (const line of readFileSync(join(DERIVED, file), 'utf8').split('\n')) {
      if (line.trim() !== '') out.push({ currency: m[1]!, address: line.trim() });
    }
  }
  return out;
}


const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const RIPPLE58 = 'rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz';
const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const HEX = '0123456789abcdef';

/** Where the mutable body starts (after 0x or a bech32 hrp) and which characters a typo would use. */
function bodyOf(info: AddressInfo, address: string): { start: number; alphabet: string } {
  switch (info.format) {
    case 'evm':
      return { start: 2, alphabet: HEX };
    case 'hex32':
      return { start: 0, alphabet: HEX };
    case 'segwit':
    case 'bech32':
      return { start: address.lastIndexOf('1') + 1, alphabet: BECH32_CHARSET };
    case 'cashaddr':
      return { start: 0, alphabet: BECH32_CHARSET };
    case 'ripple':
      return { start: 0, alphabet: RIPPLE58 };
    default:
      return { start: 0, alphabet: BASE58 };
  }
}

const CHECKSUMMED = new Set(['base58check', 'ripple', 'monero', 'segwit', 'bech32', 'cashaddr']);

function doubleSha(data: Uint8Array): Buffer {
  return createHash('sha256').update(createHash('sha256').update(data).digest()).digest();
}

function base58check(payload: Uint8Array, alphabet = BASE58): string {
  const encoded = bs58.encode(Buffer.concat([payload, doubleSha(payload).subarray(0, 4)]));
  return alphabet === BASE58 ? encoded : [...encoded].map((ch) => alphabet[BASE58.indexOf(ch)]!).join('');
}

/** Monero base58 encoder (8-byte blocks -> 11 characters), written here to round-trip the parser. */
function moneroEncode(bytes: Uint8Array): string {
  const sizes = [0, 2, 3, 5, 6, 7, 9, 10, 11];
  let out = '';
  for (let i = 0; i < bytes.length; i += 8) {
    const block = bytes.subarray(i, i + 8);
    let value = 0n;
    for (const b of block) value = (value << 8n) | BigInt(b);
    let chunk = '';
    for (let k = 0; k < sizes[block.length]!; k++) {
      chunk = BASE58[Number(value % 58n)]! + chunk;
      value /= 58n;
    }
    out += chunk;
  }
  return out;
}

function bytesFrom(seed: number, n: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
}

describe('crypto addresses on the real OFAC list (2025-11-19)', () => {
  let listed: Listed[];
  let parsed: { item: Listed; info: AddressInfo }[];
  let listedKeys: Set<string>;

  before(() => {
    listed = readListed();
    parsed = listed.map((item) => ({ item, info: parseAddress(item.address, item.currency) }));
    listedKeys = new Set(parsed.map((p) => p.info.key));
  });

  it('reads all 758 listed addresses in 19 currencies', () => {
    assert.equal(listed.length, 758);
    assert.equal(new Set(listed.map((l) => l.currency)).size, 19);
  });

  it('gives every listed address a key, and none has a failing checksum', () => {
    const noKey = parsed.filter((p) => p.info.key === '');
    assert.deepEqual(noKey.map((p) => `${p.item.currency} ${p.item.address}: ${p.info.reason}`), []);
    const badChecksum = parsed.filter((p) => p.info.checksum === 'invalid');
    assert.deepEqual(badChecksum.map((p) => `${p.item.currency} ${p.item.address}`), []);
    const invalid = parsed.filter((p) => !p.info.valid);
    assert.deepEqual(invalid.map((p) => `${p.item.currency} ${p.item.address}: ${p.info.reason}`), []);
    for (const { item, info } of parsed) assert.equal(addressKey(item.address, item.currency), info.key);
  });

  it('verifies a checksum wherever the format has one', () => {
    const count = (pred: (i: AddressInfo) => boolean) => parsed.filter((p) => pred(p.info)).length;
    // Base58Check (BTC, LTC, DASH, ZEC, BTG, XVG, TRON, legacy BCH/BSV), bech32 segwit, cashaddr,
    // Monero and XRP all carry one; the EVM addresses written in mixed case carry EIP-55.
    assert.equal(count((i) => i.format === 'base58check' && i.checksum === 'valid'), 513);
    assert.equal(count((i) => i.format === 'segwit' && i.checksum === 'valid'), 138);
    assert.equal(count((i) => i.format === 'cashaddr' && i.checksum === 'valid'), 6);
    assert.equal(count((i) => i.format === 'monero' && i.checksum === 'valid'), 7);
    assert.equal(count((i) => i.format === 'ripple' && i.checksum === 'valid'), 1);
    assert.equal(count((i) => i.format === 'evm' && i.checksum === 'valid'), 44);
    assert.equal(count((i) => i.format === 'evm' && i.checksum === 'none'), 46);
    assert.equal(count((i) => i.checksum === 'none' && i.format !== 'evm'), 2); // Solana, and the 64-hex value below
  });

  it('infers the chain from the format, not the currency', () => {
    const chainsOf = (cur: string) => new Set(parsed.filter((p) => p.item.currency === cur).map((p) => p.info.chain));
    assert.deepEqual(chainsOf('USDT'), new Set(['evm', 'tron', 'bitcoin']));
    assert.deepEqual(chainsOf('USDC'), new Set(['evm']));
    assert.deepEqual(chainsOf('TRX'), new Set(['tron']));
    assert.deepEqual(chainsOf('LTC'), new Set(['litecoin']));
    assert.deepEqual(chainsOf('BCH'), new Set(['bitcoin-cash']));
    assert.deepEqual(chainsOf('ZEC'), new Set(['zcash']));
    assert.deepEqual(chainsOf('DASH'), new Set(['dash']));
    assert.deepEqual(chainsOf('BTG'), new Set(['bitcoin-gold']));
    assert.deepEqual(chainsOf('XVG'), new Set(['verge']));
    assert.deepEqual(chainsOf('XRP'), new Set(['ripple']));
    assert.deepEqual(chainsOf('SOL'), new Set(['solana']));
    for (const cur of ['ETH', 'ETC', 'ARB', 'BSC']) assert.deepEqual(chainsOf(cur), new Set(['evm']));
    // One TRON address is listed under XBT: the chain says tron and a note flags the mismatch.
    const xbtTron = parsed.filter((p) => p.item.currency === 'XBT' && p.info.chain === 'tron');
    assert.deepEqual(xbtTron.map((p) => p.item.address), ['TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq']);
    assert.match(xbtTron[0]!.info.note ?? '', /listed as XBT/);
    // One XMR entry is 64 hex digits, not a Monero address: keyed as listed, flagged by a note.
    const odd = parsed.filter((p) => p.item.currency === 'XMR' && p.info.chain !== 'monero');
    assert.equal(odd.length, 1);
    assert.equal(odd[0]!.info.format, 'hex32');
    assert.match(odd[0]!.info.note ?? '', /listed as XMR/);
    // The BNB entry is a BNB Beacon Chain bech32 address.
    const bnb = parsed.find((p) => p.item.currency === 'BNB')!;
    assert.equal(bnb.info.network, 'BNB Beacon Chain');
    assert.equal(bnb.info.checksum, 'valid');
  });

  it('keys never depend on the currency argument', () => {
    for (const { item, info } of parsed) {
      assert.equal(parseAddress(item.address).key, info.key, item.address);
      assert.equal(parseAddress(item.address, 'XRP').key, info.key, item.address);
    }
  });

  it('maps two listed values to one key only when they are the same address', () => {
    const byKey = new Map<string, Set<string>>();
    for (const { item, info } of parsed) {
      const set = byKey.get(info.key) ?? new Set<string>();
      set.add(item.address);
      byKey.set(info.key, set);
    }
    for (const [key, raws] of byKey) {
      for (const raw of raws) assert.equal(raw.toLowerCase() === key || raw === key, true, `${raw} -> ${key}`);
    }
    // 745 distinct strings (the same EVM address is listed under several currencies), 745 keys.
    assert.equal(new Set(listed.map((l) => l.address)).size, 745);
    assert.equal(byKey.size, 745);
  });

  it('keeps base58 keys case-sensitive and hex/bech32 keys lower case', () => {
    for (const { item, info } of parsed) {
      if (['base58check', 'ripple', 'solana', 'monero'].includes(info.format!)) assert.equal(info.key, item.address);
      else assert.equal(info.key, item.address.toLowerCase());
    }
  });

  describe('near misses of 200 sampled listed addresses', () => {
    let sample: { item: Listed; info: AddressInfo }[];
    before(() => {
      const rng = new Rng(20251119);
      const pool = [...parsed];
      sample = [];
      while (sample.length < 200) sample.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
    });

    it('a flipped letter case is another address in base58, the same bytes (flagged) in hex and bech32', () => {
      const rng = new Rng(1);
      let tried = 0;
      for (const { item, info } of sample) {
        const { start } = bodyOf(info, item.address);
        const letters = [...item.address].map((ch, i) => (i >= start && /[a-zA-Z]/.test(ch) ? i : -1)).filter((i) => i >= 0);
        if (letters.length === 0) continue;
        const pos = letters[Math.floor(rng.next() * letters.length)]!;
        const ch = item.address[pos]!;
        const flipped = item.address.slice(0, pos) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + item.address.slice(pos + 1);
        const m = parseAddress(flipped, item.currency);
        tried++;
        switch (info.format) {
          case 'evm':
            assert.equal(m.key, info.key, flipped);
            assert.equal(m.checksum, 'invalid', flipped);
            assert.equal(m.valid, false);
            assert.equal(addressKey(flipped), undefined);
            assert.match(m.reason!, /EIP-55 checksum does not match/);
            break;
          case 'segwit':
          case 'bech32':
          case 'cashaddr':
            assert.equal(m.key, info.key, flipped);
            assert.equal(m.valid, false, flipped);
            assert.match(m.reason!, /mixed case/);
            assert.equal(addressKey(flipped), undefined);
            break;
          case 'hex32':
            assert.equal(m.key, info.key);
            break;
          default:
            assert.notEqual(m.key, info.key, flipped);
            assert.equal(listedKeys.has(m.key), false, flipped);
            if (CHECKSUMMED.has(info.format!)) assert.equal(m.valid, false, flipped);
        }
      }
      assert.ok(tried >= 195, `only ${tried} addresses had a letter to flip`);
    });

    it('one changed character gives another key, and a failing checksum where there is one', () => {
      const rng = new Rng(2);
      for (const { item, info } of sample) {
        const { start, alphabet } = bodyOf(info, item.address);
        const pos = start + Math.floor(rng.next() * (item.address.length - start));
        const orig = item.address[pos]!;
        const choices = [...alphabet].filter((c) => c.toLowerCase() !== orig.toLowerCase());
        let repl = choices[Math.floor(rng.next() * choices.length)]!;
        if (orig !== orig.toLowerCase() && info.format !== 'evm') repl = repl.toUpperCase(); // keep an all-upper bech32 upper
        if (info.format === 'evm' && /[A-F]/.test(orig)) repl = repl.toUpperCase();
        const changed = item.address.slice(0, pos) + repl + item.address.slice(pos + 1);
        const m = parseAddress(changed, item.currency);
        assert.notEqual(m.key, info.key, `${item.address} -> ${changed}`);
        assert.equal(m.key !== '' && listedKeys.has(m.key), false, `${changed} collides with a listed key`);
        if (CHECKSUMMED.has(info.format!) || info.checksum === 'valid') {
          assert.equal(m.valid, false, `${item.address} -> ${changed}`);
          assert.equal(addressKey(changed), undefined);
        }
      }
    });

    it('dropping the last character never yields the original key', () => {
      for (const { item, info } of sample) {
        const cut = item.address.slice(0, -1);
        const m = parseAddress(cut, item.currency);
        assert.notEqual(m.key, info.key, cut);
        assert.equal(m.key !== '' && listedKeys.has(m.key), false, cut);
        if (info.format !== 'solana' && info.format !== 'hex32' && !(info.format === 'evm' && info.checksum === 'none')) {
          assert.equal(m.valid, false, cut);
        }
      }
    });
  });
});

describe('vectors built here', () => {
  it('EIP-55: the published examples validate, and our checksummed form of listed addresses too', () => {
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ]) {
      assert.equal(toEip55(a.toLowerCase()), a);
      assert.deepEqual([parseAddress(a).valid, parseAddress(a).checksum], [true, 'valid']);
    }
    const lower = '0xb6f5ec1a0a9cd1526536d3f0426c429529471f40'; // listed (USDC) in lower case
    const mixed = toEip55(lower)!;
    assert.notEqual(mixed, lower);
    // Independent recomputation of the rule with keccak directly.
    const hash = keccak_256(new TextEncoder().encode(lower.slice(2)));
    const expected = [...lower.slice(2)].map((c, i) => (/[a-f]/.test(c) && ((hash[i >> 1]! >> (i % 2 ? 0 : 4)) & 15) >= 8 ? c.toUpperCase() : c)).join('');
    assert.equal(mixed, `0x${expected}`);
    const good = parseAddress(mixed);
    assert.deepEqual([good.key, good.valid, good.checksum], [lower, true, 'valid']);
    assert.equal(parseAddress(lower.toUpperCase().replace('0X', '0x')).checksum, 'none');
    const letter = [...mixed].findIndex((c, i) => i > 1 && /[a-fA-F]/.test(c));
    const bad = mixed.slice(0, letter) + (mixed[letter] === mixed[letter]!.toLowerCase() ? mixed[letter]!.toUpperCase() : mixed[letter]!.toLowerCase()) + mixed.slice(letter + 1);
    const info = parseAddress(bad);
    assert.deepEqual([info.key, info.valid, info.checksum], [lower, false, 'invalid']);
    assert.equal(addressKey(bad), undefined);
    assert.equal(addressKey(mixed), lower);
  });

  it('bech32 / bech32m segwit: version rules, upper case, mixed case', () => {
    const program20 = bytesFrom(7, 20);
    const program32 = bytesFrom(8, 32);
    const v0 = bech32.encode('bc', [0, ...bech32.toWords(program20)]);
    const v1 = bech32m.encode('bc', [1, ...bech32m.toWords(program32)]);
    const v1wrong = bech32.encode('bc', [1, ...bech32.toWords(program32)]);
    const v0wrong = bech32m.encode('bc', [0, ...bech32m.toWords(program20)]);
    assert.deepEqual([parseAddress(v0).valid, parseAddress(v0).chain], [true, 'bitcoin']);
    assert.equal(parseAddress(v1).valid, true);
    assert.match(parseAddress(v1wrong).reason!, /bech32 checksum invalid: witness version 1 must use bech32m/);
    assert.match(parseAddress(v0wrong).reason!, /witness version 0 must use bech32/);
    assert.equal(parseAddress(v0.toUpperCase()).key, v0);
    assert.equal(parseAddress(v0.toUpperCase()).valid, true);
    const ltc = bech32.encode('ltc', [0, ...bech32.toWords(program20)]);
    assert.deepEqual([parseAddress(ltc).chain, parseAddress(ltc).valid], ['litecoin', true]);
    const tweaked = v0.slice(0, -1) + (v0.endsWith('q') ? 'p' : 'q');
    assert.deepEqual([parseAddress(tweaked).checksum, parseAddress(tweaked).key], ['invalid', tweaked]);
    assert.match(parseAddress(tweaked).reason!, /bech32 checksum invalid/);
    const odd = bech32.encode('bc', [0, ...bech32.toWords(bytesFrom(9, 25))]);
    assert.deepEqual([parseAddress(odd).key, parseAddress(odd).valid], ['', false]);
    assert.match(parseAddress(odd).reason!, /program of 25 bytes/);
  });

  it('Base58Check: built addresses validate and land on the right chain', () => {
    const hash = bytesFrom(11, 20);
    const cases: [number, string, string | undefined][] = [
      [0x00, 'bitcoin', undefined],
      [0x05, 'bitcoin', undefined],
      [0x30, 'litecoin', undefined],
      [0x4c, 'dash', undefined],
      [0x26, 'bitcoin-gold', undefined],
      [0x1e, 'dogecoin', undefined],
      [0x1e, 'verge', 'XVG'],
      [0x00, 'bitcoin-cash', 'BCH'],
      [0x41, 'tron', undefined],
    ];
    for (const [version, chain, currency] of cases) {
      const address = base58check(Uint8Array.from([version, ...hash]));
      const info = parseAddress(address, currency);
      assert.deepEqual([info.chain, info.valid, info.checksum, info.key], [chain, true, 'valid', address], address);
    }
    const zec = base58check(Uint8Array.from([0x1c, 0xb8, ...hash]));
    assert.ok(zec.startsWith('t1'));
    assert.deepEqual([parseAddress(zec).chain, parseAddress(zec).valid], ['zcash', true]);
    assert.equal(parseAddress('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa').valid, true); // the genesis block's address
  });

  it('TRON hex form is keyed as its T-address', () => {
    const t = 'TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM'; // listed
    const hex = Buffer.from(bs58.decode(t).subarray(0, 21)).toString('hex');
    assert.ok(hex.startsWith('41'));
    assert.equal(parseAddress(hex).key, t);
    assert.equal(parseAddress(hex.toUpperCase()).key, t);
    assert.equal(parseAddress(hex).chain, 'tron');
  });

  it('XRP uses its own alphabet for the same Base58Check', () => {
    const built = base58check(Uint8Array.from([0, ...bytesFrom(12, 20)]), RIPPLE58);
    assert.ok(built.startsWith('r'));
    assert.deepEqual([parseAddress(built).chain, parseAddress(built).valid], ['ripple', true]);
    // The same bytes written in the Bitcoin alphabet are not an XRP address.
    assert.notEqual(parseAddress(base58check(Uint8Array.from([0, ...bytesFrom(12, 20)]))).chain, 'ripple');
    const listed = 'rnXyVQzgxZe7TR1EPzTkGj2jxH4LMJYh66';
    const typo = `${listed.slice(0, -1)}7`;
    assert.deepEqual([parseAddress(typo).valid, parseAddress(typo).checksum], [false, 'invalid']);
  });

  it('cashaddr: the specification example, prefix optional, case rules', () => {
    const spec = 'bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a';
    const info = parseAddress(spec);
    assert.deepEqual([info.chain, info.valid, info.checksum, info.key], ['bitcoin-cash', true, 'valid', spec.slice(12)]);
    assert.equal(parseAddress(spec.slice(12)).key, info.key);
    assert.equal(parseAddress(spec.toUpperCase()).key, info.key);
    assert.equal(parseAddress(spec.toUpperCase()).valid, true);
    const wrong = `${spec.slice(0, -1)}b`;
    assert.equal(parseAddress(wrong).valid, false);
    assert.match(parseAddress(wrong).reason!, /not cashaddr: contains 'b'/);
    const typo = `${spec.slice(0, -1)}q`;
    assert.deepEqual([parseAddress(typo).checksum, parseAddress(typo).valid], ['invalid', false]);
  });

  it('Monero: a built address round-trips; keccak checksum and network byte are checked', () => {
    const body = Uint8Array.from([18, ...bytesFrom(13, 64)]);
    const full = Uint8Array.from([...body, ...keccak_256(body).subarray(0, 4)]);
    const address = moneroEncode(full);
    assert.equal(address.length, 95);
    assert.ok(address.startsWith('4'));
    assert.deepEqual([parseAddress(address).chain, parseAddress(address).valid, parseAddress(address).key], ['monero', true, address]);
    const broken = Uint8Array.from(full);
    broken[68] = broken[68]! ^ 1;
    assert.deepEqual([parseAddress(moneroEncode(broken)).checksum, parseAddress(moneroEncode(broken)).valid], ['invalid', false]);
    const integrated = Uint8Array.from([19, ...bytesFrom(14, 72)]);
    const integratedAddress = moneroEncode(Uint8Array.from([...integrated, ...keccak_256(integrated).subarray(0, 4)]));
    assert.equal(integratedAddress.length, 106);
    assert.deepEqual([parseAddress(integratedAddress).valid, parseAddress(integratedAddress).network], [true, 'integrated']);
  });

  it('Solana: 32 bytes of base58, no checksum', () => {
    const built = bs58.encode(bytesFrom(15, 32));
    assert.deepEqual([parseAddress(built).chain, parseAddress(built).checksum, parseAddress(built).valid], ['solana', 'none', true]);
    assert.equal(parseAddress(bs58.encode(bytesFrom(15, 31))).key, '');
  });
});

describe('URI forms and clean-up', () => {
  const eth = '0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf'; // listed
  const btc = '123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX'; // listed
  const trx = 'TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM'; // listed

  it('strips the scheme, query and chain id', () => {
    const ethKey = parseAddress(eth).key;
    for (const form of [`ethereum:${eth}?value=1`, `ethereum:${eth}@1`, `ethereum:pay-${eth}@56?value=1e18`, `ETHEREUM:${eth}`, ` ${eth}\n`]) {
      assert.equal(parseAddress(form).key, ethKey, form);
      assert.equal(parseAddress(form).valid, true, form);
    }
    for (const form of [`bitcoin:${btc}?amount=0.1`, `bitcoin:${btc}?amount=0.1&label=x`, `BITCOIN:${btc}`]) assert.equal(parseAddress(form).key, btc, form);
    assert.equal(parseAddress(`tron:${trx}?amount=5`).key, trx);
    assert.equal(parseAddress(`litecoin:LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb?amount=1`).key, 'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb');
  });

  it('screens the recipient of an EIP-681 token transfer, not the token contract', () => {
    const usdtContract = '0xdAC17F958D2ee523a2206206994597C13D831ec7';
    const info = parseAddress(`ethereum:${usdtContract}@1/transfer?address=${eth}&uint256=1000000`);
    assert.equal(info.key, eth.toLowerCase());
    assert.match(info.note!, /token contract/);
  });

  it('trims non-breaking and zero-width spaces, and refuses inner whitespace', () => {
    assert.equal(parseAddress(`\u00a0\u200b${btc}\u200b\u3000`).key, btc);
    assert.equal(parseAddress(`\ufeff${btc}`).key, btc);
    const spaced = parseAddress(`${btc.slice(0, 10)} ${btc.slice(10)}`);
    assert.equal(spaced.key, '');
    assert.match(spaced.reason!, /whitespace/);
  });

  it('names what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['1230BUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX', /not base58: contains '0'/],
      ['123lBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KX', /not base58: contains 'l'/],
      [trx.slice(0, 33), /length 33 is not a Tron address length/],
      ['0x04DBA1194ee10112fE6C3207C0687DEf0e78baC', /39 hex digits/],
      ['0x04DBA1194ee10112fE6C3207C0687DEf0e78baCg', /not hexadecimal: contains 'g'/],
      ['bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmq', /bech32 checksum invalid/],
      ['bc1q05aktDdf9ce4p7hh3stgsf253m4vweu7nkhtmw', /mixed case in a bech32 address/],
      ['bc1q05aktbdf9ce4p7hh3stgsf253m4vweu7nkhtmw', /not bech32: contains 'b'/],
      ['0x04DBA1194ee10112fE6C3207C0687DEf0e78bAcf', /EIP-55 checksum does not match/],
      ['123WBUDmSJv4GctdVEz6Qq6z8nXSKrJ4KY', /Base58Check checksum does not match/],
      ['1Аbc', /U\+0410/],
      ['04DBA1194ee10112fE6C3207C0687DEf0e78baCf', /without 0x/],
    ];
    for (const [input, reason] of cases) {
      const info = parseAddress(input);
      assert.equal(info.valid, false, input);
      assert.match(info.reason ?? '', reason, input);
    }
    assert.equal(parseAddress('bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw').valid, true); // listed, for contrast
  });
});

describe('e-mail, phone, id number, domain, BIC', () => {
  it('normalises e-mails', () => {
    assert.equal(normalizeEmail('  Wakf_osra@Hotmail.COM '), 'wakf_osra@hotmail.com');
    assert.equal(normalizeEmail('MAILTO:info@aqsatv.ps'), 'info@aqsatv.ps');
    assert.equal(normalizeEmail('mailto:info@inb.ps?subject=hello'), 'info@inb.ps');
    assert.equal(normalizeEmail('Info Desk <INFO@Example.com>'), 'info@example.com');
    assert.equal(normalizeEmail('user@bücher.de'), 'user@xn--bcher-kva.de');
    for (const bad of ['', 'info', 'info@', '@example.com', 'a@b', 'a b@example.com', 'a@@example.com', 'a@example.c']) {
      assert.equal(normalizeEmail(bad), undefined, bad);
    }
  });

  it('normalises phones to E.164', () => {
    const forms = ['+850 2 381 5926', '+850-2-381-5926', '00850 2 381 5926', 'tel:+85023815926', '+850 (2) 3815926'];
    for (const f of forms) assert.equal(normalizePhone(f), '+85023815926', f);
    assert.equal(normalizePhone('(212) 555-0123', 'US'), '+12125550123');
    assert.equal(normalizePhone('212.555.0123', 'us'), '+12125550123');
    assert.equal(normalizePhone('+1 212 555 0123 ext. 7'), '+12125550123');
    assert.equal(normalizePhone('982188526300'), '+982188526300'); // OFAC writes +98 21 ... without '+'
    for (const bad of ['', 'abc', '12', 'call me', '+1 2', '(212) 555-0123', '0000']) assert.equal(normalizePhone(bad), undefined, bad);
  });

  it('normalises id numbers', () => {
    assert.equal(normalizeIdNumber('AB-123 456'), 'AB123456');
    assert.equal(normalizeIdNumber('IMO 9187629'), '9187629');
    assert.equal(normalizeIdNumber('IMO9187629'), '9187629');
    assert.equal(normalizeIdNumber('IMO No. 9187629'), '9187629');
    assert.equal(normalizeIdNumber('No. 12/34.56'), '123456');
    assert.equal(normalizeIdNumber('№ 654321'), '654321');
    assert.equal(normalizeIdNumber('#  P 1234'), 'P1234');
    assert.equal(normalizeIdNumber('p\u00a0654\u200b321'), 'P654321');
    assert.equal(normalizeIdNumber('NOVA12345'), 'NOVA12345'); // "NO" is a prefix only before a separator
    for (const bad of ['', 'AB', '12', 'ABCDEF', '--', 'No. 1']) assert.equal(normalizeIdNumber(bad), undefined, bad);
  });

  it('normalises domains', () => {
    assert.equal(normalizeDomain('https://www.Example.com/path'), 'example.com');
    assert.equal(normalizeDomain('WWW.BNTD.BY'), 'bntd.by');
    assert.equal(normalizeDomain('http://user:pw@sub.example.co.uk:8080/x?y#z'), 'sub.example.co.uk');
    assert.equal(normalizeDomain('example.com.'), 'example.com');
    assert.equal(normalizeDomain('https:/keremetbank.kg'), 'keremetbank.kg'); // as OFAC lists it
    assert.equal(normalizeDomain('bücher.de'), 'xn--bcher-kva.de');
    for (const bad of ['', 'localhost', 'http://', 'not a domain', 'www.']) assert.equal(normalizeDomain(bad), undefined, bad);
  });

  it('normalises BICs, treating the XXX branch as the head office', () => {
    assert.equal(normalizeBic('KDBKKPPY'), 'KDBKKPPY');
    assert.equal(normalizeBic('PINCKHPPXXX'), 'PINCKHPP');
    assert.equal(normalizeBic('somrrum1kst'), 'SOMRRUM1KST');
    assert.equal(normalizeBic('KDBK'), undefined);
  });

  it('maps FollowTheMoney properties to prefixed keys', () => {
    assert.deepEqual(identifierKeys('publicKey', '0x04DBA1194ee10112fE6C3207C0687DEf0e78baCf'), [
      { kind: 'address', key: 'addr:0x04dba1194ee10112fe6c3207c0687def0e78bacf' },
    ]);
    assert.deepEqual(identifierKeys('email', 'Info@AqsaTV.ps'), [{ kind: 'email', key: 'email:info@aqsatv.ps' }]);
    assert.deepEqual(identifierKeys('phone', '+850 2 381 5926'), [{ kind: 'phone', key: 'phone:+85023815926' }]);
    assert.deepEqual(identifierKeys('passportNumber', 'AB-123 456'), [{ kind: 'id', key: 'id:AB123456' }]);
    assert.deepEqual(identifierKeys('imoNumber', 'IMO 9187629'), [{ kind: 'id', key: 'id:9187629' }]);
    assert.deepEqual(identifierKeys('swiftBic', 'KDBKKPPYXXX'), [{ kind: 'id', key: 'id:KDBKKPPY' }]);
    assert.deepEqual(identifierKeys('website', 'http://www.Gerdab.ir/'), [{ kind: 'domain', key: 'domain:gerdab.ir' }]);
    for (const p of ['idNumber', 'taxNumber', 'registrationNumber', 'mmsi']) assert.equal(identifierKeys(p, '273 456 789')[0]?.key, 'id:273456789', p);
    assert.deepEqual(identifierKeys('name', 'Song Kum Hyok'), []);
    assert.deepEqual(identifierKeys('publicKey', 'not an address'), []);
    assert.deepEqual(identifierKeys('email', 'nobody'), []);
  });

  describe('on the contact details of the real OFAC publication', () => {
    const values = new Map<string, string[]>();
    before(() => {
      const xml = gunzipSync(readFileSync(XML)).toString('utf8');
      const types = new Map([...xml.matchAll(/<FeatureType ID="(\d+)"[^>]*>([^<]*)<\/FeatureType>/g)].map((m) => [m[2]!, m[1]!]));
      for (const name of ['Phone Number', 'Email Address', 'Website', 'SWIFT/BIC']) {
        const re = new RegExp(`<Feature ID="\\d+" FeatureTypeID="${types.get(name)}">[\\s\\S]*?<VersionDetail[^>]*>([^<]*)</VersionDetail>`, 'g');
        values.set(name, [...xml.matchAll(re)].map((m) => m[1]!.replace(/&amp;/g, '&')));
      }
    });

    it('keys every listed e-mail, website and BIC', () => {
      const emails = values.get('Email Address')!;
      const sites = values.get('Website')!;
      const bics = values.get('SWIFT/BIC')!;
      assert.equal(emails.length, 326);
      assert.equal(sites.length, 1157);
      assert.equal(bics.length, 219);
      for (const e of emails) assert.match(normalizeEmail(e) ?? 'none', /^[^\sA-Z@]+@[a-z0-9.-]+\.[a-z0-9-]{2,}$/, e);
      for (const s of sites) assert.match(normalizeDomain(s) ?? 'none', /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/, s);
      for (const b of bics) assert.equal(identifierKeys('swiftBic', b).length, 1, b);
      // Idempotent: a key normalises to itself.
      for (const e of emails) assert.equal(normalizeEmail(normalizeEmail(e)!), normalizeEmail(e));
      for (const s of sites) assert.equal(normalizeDomain(normalizeDomain(s)!), normalizeDomain(s));
    });

    it('reads most listed phone numbers as E.164 and refuses the ambiguous ones', () => {
      const phones = values.get('Phone Number')!;
      assert.equal(phones.length, 97);
      const keyed = phones.map((p) => normalizePhone(p)).filter((p): p is string => p !== undefined);
      for (const k of keyed) {
        assert.match(k, /^\+[1-9]\d{6,14}$/);
        assert.equal(normalizePhone(k), k);
      }
      assert.equal(keyed.length, 90);
      // A national number without its country code cannot be read without a default country.
      assert.equal(normalizePhone('09 738 27777'), undefined);
    });
  });
});
