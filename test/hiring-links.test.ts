/**
 * Cross-candidate link analysis (src/hiring/links/) and its parts: join keys
 * (src/hiring/normalize-ids.ts) and near-duplicate text (src/hiring/minhash.ts). Hand-made
 * profiles for each kind of link: it fires on equal values written differently, with evidence
 * naming the value, and stays quiet on different values; weights tell operators from households
 * and colleagues; hub values make no quadratic edge sets; clusters are connected components.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeLinks, HUB_CAPS, OPERATOR_STRENGTH, type LinkAnalysis } from '../src/hiring/links/index.js';
import { dropSet, estimateJaccard, jaccard, lshPairs, MinHasher, wordHashes } from '../src/hiring/minhash.js';
import { addressBlockKey, employerKey, handleKey, ipKey, mailboxKey, platformKey, postalKey } from '../src/hiring/normalize-ids.js';
import { type CandidateProfile } from '../src/hiring/profile.js';
import { Rng } from '../eval/lib/prng.js';
import { linkProfile as profile, linkEdge as edge, linkEvidence as evidenceOf } from './helpers.js';

function login(at: string, ip: string, extra: { ipKind?: string; deviceId?: string } = {}): CandidateProfile['events'][number] {
  return { type: 'login', at, ip, ...extra };
}

// A small vocabulary for resume-like text: unrelated resumes share words, not passages.
const VOCAB = (
  'engineer developer built designed led maintained migrated optimized payments service trading engine wallet backend ' +
  'frontend mobile app api platform data pipeline analytics dashboard team customers product release testing deployment ' +
  'cloud infrastructure kubernetes docker typescript react node rust go python postgres redis kafka security audit ' +
  'compliance onboarding flow latency throughput cost reliability incident on-call mentoring hiring code review design ' +
  'system architecture microservices monolith refactoring performance scaling users traffic regions features roadmap ' +
  'stakeholders requirements documentation open source library contributions blockchain smart contracts solidity ethereum ' +
  'staking custody exchange order book matching risk fraud detection machine learning models search caching queue events'
).split(' ');

function resumeText(rng: Rng, words = 260): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(rng.pick(VOCAB));
  return out.join(' ');
}

/** A copy with the name changed and about `rate` of the words replaced. */
function edited(rng: Rng, text: string, rate: number): string {
  return text
    .split(' ')
    .map((w) => (rng.chance(rate) ? rng.pick(['strong', 'robust', 'modern', 'critical', 'large']) : w))
    .join(' ');
}

describe('join keys', () => {
  it('mailboxes: +tags dropped everywhere, dots only for Gmail, googlemail is gmail', () => {
    assert.equal(mailboxKey('J.Smith+jobs@GMail.com'), 'jsmith@gmail.com');
    assert.equal(mailboxKey('j.s.m.i.t.h@googlemail.com'), 'jsmith@gmail.com');
    assert.equal(mailboxKey('Jane <jane+upwork@proton.me>'), 'jane@proton.me');
    assert.equal(mailboxKey('j.smith@outlook.com'), 'j.smith@outlook.com');
    assert.notEqual(mailboxKey('j.smith@outlook.com'), mailboxKey('jsmith@outlook.com'));
    assert.equal(mailboxKey('not an address'), undefined);
  });

  it('postal addresses: case, diacritics, punctuation, street words, units, ZIP+4, trailing country', () => {
    const a = postalKey('12 Main Street, Apt 4, Springfield IL 62704-1234', 'US');
    const b = postalKey('12 MAIN ST. #4, Springfield, IL 62704', 'US');
    const c = postalKey('Apt 4, 12 Main St, Springfield IL 62704, United States');
    assert.ok(a && b && c);
    assert.equal(a.key, b.key);
    assert.equal(a.key, c.key);
    assert.equal(c.country, 'us');
    assert.equal(postalKey('Hauptstraße 5, 10115 Berlin')!.key, postalKey('Hauptstr. 5, 10115 BERLIN')!.key);
    assert.equal(postalKey('Rua São João 7, Lisboa')!.key, postalKey('rua sao joao 7 lisboa')!.key);
    assert.notEqual(postalKey('12 Main Street, Apt 4, Springfield')!.key, postalKey('12 Main Street, Apt 5, Springfield')!.key);
    assert.equal(postalKey('Springfield'), undefined);
    // Street types and units outside English: the full word and the local abbreviation are one key.
    const sameAddress: [string, string][] = [
      ['Calle Mayor 14, 3º B, 28013 Madrid', 'C/ Mayor 14, 3º B, 28013 Madrid'],
      ['bulvar Shevchenka 22, kv. 15, Kyiv 01001', 'bulv. Shevchenka 22, kvartira 15, Kyiv 01001'],
      ['ulica Marszałkowska 84/92, 00-514 Warszawa', 'ul. Marszalkowska 84/92, 00-514 Warszawa'],
      ['Rua Augusta 100, apto 31, Lisboa', 'R. Augusta 100, apartamento 31, Lisboa'],
      ['12 rue de Rivoli, 75004 Paris', '12 r. de Rivoli, 75004 Paris'],
      ['Jalan Sudirman 5, Jakarta', 'Jl. Sudirman 5, Jakarta'],
      ['Bağdat Caddesi 120, İstanbul', 'Bagdat Cad. 120, Istanbul'],
    ];
    for (const [x, y] of sameAddress) assert.equal(postalKey(x)!.key, postalKey(y)!.key, `${x} | ${y}`);
    assert.notEqual(postalKey('Calle Mayor 14, Madrid')!.key, postalKey('Calle Mayor 16, Madrid')!.key);
  });

  it('the address block key never separates two spellings of one address', () => {
    const spellings = [
      ['12 Main Street, Apt 4, Springfield IL 62704-1234', '12 MAIN ST. #4, Springfield, IL 62704', 'Apt 4, 12 Main St, Springfield IL 62704'],
      ['Hauptstraße 5, 10115 Berlin', 'Hauptstr. 5, 10115 Berlin'],
      ['１２ Main Street', '12 Main St'],
    ];
    for (const group of spellings) {
      const keys = new Set(group.map((t) => postalKey(t)!.key));
      assert.equal(keys.size, 1, `postal keys of ${group.join(' | ')}`);
      const blocks = new Set(group.map((t) => addressBlockKey(t)));
      assert.equal(blocks.size, 1, `block keys of ${group.join(' | ')}`);
    }
  });

  it('IPs: IPv4 leading zeros, IPv6 compression and case, IPv4-mapped IPv6', () => {
    assert.equal(ipKey('010.001.002.003'), '10.1.2.3');
    assert.equal(ipKey('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(ipKey('[2001:db8::1]:443'), '2001:db8::1');
    assert.equal(ipKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(ipKey('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(ipKey('300.1.1.1'), undefined);
    assert.equal(ipKey('2001:db8::1::2'), undefined);
  });

  it('handles, platforms and employers', () => {
    assert.equal(handleKey('https://github.com/JDoe/'), 'jdoe');
    assert.equal(handleKey('@JDoe'), 'jdoe');
    assert.equal(handleKey('https://www.linkedin.com/in/j-doe-123'), 'j-doe-123');
    assert.equal(platformKey('www.LinkedIn.com'), 'linkedin');
    assert.equal(platformKey('Twitter'), 'x');
    assert.equal(employerKey('Acme Corp.'), employerKey('ACME Corporation'));
    assert.equal(employerKey('Müller & Söhne GmbH'), employerKey('Muller and Sohne'));
  });
});

describe('MinHash', () => {
  const hasher = new MinHasher({ shingle: 3, bins: 120 });

  it('estimates the Jaccard similarity of shingle sets, deterministically', () => {
    const rng = new Rng(1);
    const base = resumeText(rng, 400);
    const copy = edited(rng, base, 0.04);
    const sigs = new Uint32Array(2 * 120);
    hasher.sign(base, undefined, sigs, 0);
    hasher.sign(copy, undefined, sigs, 120);
    const exact = jaccard(hasher.shingleSet(base), hasher.shingleSet(copy)).similarity;
    const estimate = estimateJaccard(sigs, 120, 0, 1);
    assert.ok(exact > 0.6 && exact < 0.95, `exact ${exact}`);
    assert.ok(Math.abs(estimate - exact) < 0.15, `estimate ${estimate} vs exact ${exact}`);
    const again = new Uint32Array(120);
    new MinHasher({ shingle: 3, bins: 120 }).sign(base, undefined, again, 0);
    assert.deepEqual(again, sigs.subarray(0, 120));
  });

  it('ignores names, numbers, e-mail addresses and links', () => {
    const body = resumeText(new Rng(2), 120);
    const a = `Jane Roe\njane.roe@mail.com https://github.com/janeroe 2019-2024\n${body}`;
    const b = `John Doe\njohn@doe.org www.johndoe.dev 2015-2021\n${body}`;
    const sa = hasher.shingleSet(a, dropSet(wordHashes('Jane Roe')));
    const sb = hasher.shingleSet(b, dropSet(wordHashes('John Doe')));
    assert.equal(jaccard(sa, sb).similarity, 1);
  });

  it('short texts still get full signatures (densification), equal texts equal signatures', () => {
    const sigs = new Uint32Array(2 * 120);
    const text = 'built the payments service in rust and go with kafka';
    assert.ok(hasher.sign(text, undefined, sigs, 0) > 0);
    hasher.sign(text, undefined, sigs, 120);
    assert.equal(estimateJaccard(sigs, 120, 0, 1), 1);
  });

  it('LSH proposes the near-duplicate pair and not the unrelated ones', () => {
    const rng = new Rng(3);
    const texts = Array.from({ length: 60 }, () => resumeText(rng));
    texts[40] = edited(rng, texts[7]!, 0.02);
    const sigs = new Uint32Array(texts.length * 120);
    const active = new Uint8Array(texts.length).fill(1);
    texts.forEach((t, i) => hasher.sign(t, undefined, sigs, i * 120));
    const { pairs } = lshPairs(sigs, texts.length, 120, 24, 5, active, 50, 0.5);
    assert.deepEqual(pairs, [[7, 40]]);
  });
});

describe('links by identifier', () => {
  it('e-mail: the same mailbox written with dots and a +tag; not the same local part elsewhere', () => {
    const r = analyzeLinks([
      profile('a', { emails: ['John.Smith+jobs@gmail.com'] }),
      profile('b', { emails: ['johnsmith@googlemail.com'] }),
      profile('c', { emails: ['johnsmith@yahoo.com'] }),
      profile('d', { emails: ['john.smith@outlook.com'] }),
      profile('e', { emails: ['johnsmith@outlook.com'] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'email');
    assert.ok(ev);
    assert.equal(ev.value, 'johnsmith@gmail.com');
    assert.match(ev.detail, /johnsmith@gmail\.com/);
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    assert.equal(r.edges.length, 1, 'no edge for another domain or for dots outside Gmail');
    assert.equal(r.clusterOf('a')?.operator, true);
    assert.equal(r.clusterOf('c'), undefined);
  });

  it('phone: one number in national and international style; VoIP strong, landline medium', () => {
    const r = analyzeLinks([
      profile('a', { phones: [{ number: '+1 (646) 555-0199', lineType: 'voip' }] }),
      profile('b', { phones: [{ number: '646.555.0199' }], claimedLocation: { country: 'US' } }),
      profile('c', { phones: [{ number: '+1 646 555 0198' }] }),
      profile('d', { phones: [{ number: '+44 20 7946 0000', lineType: 'landline' }] }),
      profile('e', { phones: [{ number: '020 7946 0000' }], homeAddress: { text: '1 High St, London', country: 'GB' } }),
    ]);
    const voip = evidenceOf(r, 'a', 'b', 'phone');
    assert.ok(voip);
    assert.equal(voip.value, '+16465550199');
    assert.match(voip.detail, /VoIP/);
    assert.ok(voip.weight >= OPERATOR_STRENGTH);
    assert.equal(edge(r, 'a', 'c'), undefined);
    const land = evidenceOf(r, 'd', 'e', 'phone');
    assert.ok(land && land.weight < OPERATOR_STRENGTH, 'a shared landline alone is not an operator');
  });

  it('payment: one IBAN written two ways, with the holder in the evidence; not another IBAN', () => {
    const r = analyzeLinks([
      profile('a', { payments: [{ type: 'iban', value: 'DE89 3704 0044 0532 0130 00', holderName: 'J. Smith' }] }),
      profile('b', { payments: [{ type: 'bank_account', value: 'de89370400440532013000' }] }),
      profile('c', { payments: [{ type: 'iban', value: 'DE89 3704 0044 0532 0130 01' }] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'payment');
    assert.ok(ev);
    assert.equal(ev.value, 'DE89370400440532013000');
    assert.equal(ev.detail, "both are paid into IBAN DE89…3000 (held by 'J. Smith')");
    assert.equal(r.edges.length, 1);
  });

  it('payment handles are platform-scoped; a payout e-mail meets the same mailbox used as contact', () => {
    const r = analyzeLinks([
      profile('a', { payments: [{ type: 'payment_platform', value: '@devpro', provider: 'Payoneer' }] }),
      profile('b', { payments: [{ type: 'payment_platform', value: 'DevPro', provider: 'payoneer' }] }),
      profile('c', { payments: [{ type: 'payment_platform', value: 'devpro', provider: 'Wise' }] }),
      profile('d', { payments: [{ type: 'payment_platform', value: 'k.lee@gmail.com', provider: 'PayPal' }] }),
      profile('e', { emails: ['klee@gmail.com'] }),
    ]);
    assert.ok(evidenceOf(r, 'a', 'b', 'payment'));
    assert.equal(edge(r, 'a', 'c'), undefined);
    const pay = evidenceOf(r, 'd', 'e', 'payment');
    assert.ok(pay);
    assert.match(pay.detail, /d is paid to the account klee@gmail\.com via PayPal, which is e's own e-mail address/);
  });

  it('wallet: an EVM address in checksum and lower case is one wallet; base58 case is significant', () => {
    const r = analyzeLinks([
      profile('a', { payments: [{ type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7', provider: 'ETH' }] }),
      profile('b', { payments: [{ type: 'crypto_wallet', value: 'ethereum:0x52908400098527886e0f7030069857d2e4169ee7' }] }),
      profile('c', { payments: [{ type: 'crypto_wallet', value: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' }] }),
      profile('d', { payments: [{ type: 'crypto_wallet', value: '1boatslrhtknngkdxeeobr76b53lettpyt' }] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'wallet');
    assert.ok(ev);
    assert.equal(ev.value, '0x52908400098527886e0f7030069857d2e4169ee7');
    assert.match(ev.detail, /evm wallet 0x529084…169ee7/);
    assert.equal(edge(r, 'c', 'd'), undefined);
  });

  it('identity document: type, number and compatible countries', () => {
    const r = analyzeLinks([
      profile('a', { documents: [{ type: 'passport', number: 'X 1234-5678', country: 'US' }] }),
      profile('b', { documents: [{ type: 'passport', number: 'x12345678' }] }),
      profile('c', { documents: [{ type: 'passport', number: 'X12345678', country: 'CA' }] }),
      profile('d', { documents: [{ type: 'national_id', number: 'X12345678', country: 'US' }] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'document');
    assert.ok(ev);
    assert.equal(ev.value, 'passport X12345678');
    assert.equal(edge(r, 'a', 'c'), undefined, 'another issuing country');
    assert.equal(edge(r, 'a', 'd'), undefined, 'another document type');
    assert.ok(evidenceOf(r, 'b', 'c', 'document'), 'an unknown country is compatible with any');
  });

  it('online profile: a profile URL and a bare handle on one platform; not on another platform', () => {
    const r = analyzeLinks([
      profile('a', { profiles: [{ platform: 'GitHub', handle: 'https://github.com/CodeNinja/' }] }),
      profile('b', { profiles: [{ platform: 'github.com', handle: '@codeninja' }] }),
      profile('c', { profiles: [{ platform: 'GitLab', handle: 'codeninja' }] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'profile');
    assert.ok(ev);
    assert.equal(ev.value, 'github:codeninja');
    assert.equal(r.edges.length, 1);
  });

  it('device: a shared device id is strong; placeholder ids are ignored', () => {
    const r = analyzeLinks([
      profile('a', { events: [login('2025-03-01T10:00:00Z', '198.51.100.1', { deviceId: 'A1B2-C3D4-E5F6' })] }),
      profile('b', { events: [login('2025-06-01T10:00:00Z', '203.0.113.9', { deviceId: 'a1b2-c3d4-e5f6' })] }),
      profile('c', { events: [login('2025-03-01T10:00:00Z', '198.51.100.2', { deviceId: 'unknown' })] }),
      profile('d', { events: [login('2025-03-01T10:00:00Z', '198.51.100.3', { deviceId: 'unknown' })] }),
    ]);
    const ev = evidenceOf(r, 'a', 'b', 'device');
    assert.ok(ev && ev.weight >= OPERATOR_STRENGTH);
    assert.equal(ev.value, 'a1b2-c3d4-e5f6');
    assert.equal(edge(r, 'c', 'd'), undefined);
  });

  it('IP: only logins within the window link; VPN exits are weak', () => {
    const profiles = [
      profile('a', { events: [login('2025-03-01T10:00:00Z', '198.51.100.7')] }),
      profile('b', { events: [login('2025-03-01T22:30:00Z', '198.51.100.7')] }),
      profile('c', { events: [login('2025-03-03T04:00:00Z', '198.51.100.7')] }),
      profile('d', { events: [login('2025-03-01T10:00:00Z', '2001:db8::7', { ipKind: 'vpn' })] }),
      profile('e', { events: [login('2025-03-01T11:00:00Z', '2001:DB8:0:0::7', { ipKind: 'vpn' })] }),
    ];
    const r = analyzeLinks(profiles);
    const ev = evidenceOf(r, 'a', 'b', 'ip');
    assert.ok(ev);
    assert.equal(ev.value, '198.51.100.7');
    assert.match(ev.detail, /within 12\.5 h/);
    assert.equal(edge(r, 'a', 'c'), undefined, '42 h apart');
    assert.equal(edge(r, 'b', 'c'), undefined, '29.5 h apart');
    const vpn = evidenceOf(r, 'd', 'e', 'ip');
    assert.ok(vpn && vpn.weight < 0.3);
    const wide = analyzeLinks(profiles, { ipWindowHours: 48 });
    assert.ok(evidenceOf(wide, 'a', 'c', 'ip'));
    assert.ok(evidenceOf(wide, 'b', 'c', 'ip'));
    assert.ok(r.edges.every((e) => e.strength < OPERATOR_STRENGTH), 'one shared IP is medium evidence');
  });

  it('IP: a hosting address two profiles use is a private server (strong); one many use is an exit; colleagues explain theirs', () => {
    const at = (h: number) => `2025-03-01T${String(h).padStart(2, '0')}:00:00Z`;
    const r = analyzeLinks([
      profile('a', { events: [login(at(8), '203.0.113.40', { ipKind: 'hosting' })] }),
      profile('b', { events: [login(at(9), '203.0.113.40', { ipKind: 'hosting' })] }),
      ...['c', 'd', 'e', 'f'].map((ref, k) => profile(ref, { events: [login(at(10 + k), '203.0.113.99', { ipKind: 'hosting' })] })),
      profile('g', { events: [login(at(8), '203.0.113.77', { ipKind: 'hosting' })], employers: [{ name: 'Globex Ltd', to: 'present' }] }),
      profile('h', { events: [login(at(9), '203.0.113.77', { ipKind: 'hosting' })], employers: [{ name: 'Globex Limited' }] }),
    ]);
    const vps = evidenceOf(r, 'a', 'b', 'ip');
    assert.ok(vps && vps.weight >= OPERATOR_STRENGTH);
    assert.match(vps.detail, /a hosting \(data-centre\) address that only 2 profiles use: a private server/);
    assert.equal(r.clusterOf('a')?.operator, true);
    const exit = evidenceOf(r, 'c', 'd', 'ip');
    assert.ok(exit && exit.weight < 0.3, 'four profiles on one hosting address: an exit');
    assert.match(exit.detail, /a hosting exit that strangers share/);
    const office = evidenceOf(r, 'g', 'h', 'ip');
    assert.ok(office && office.weight < 0.3 && office.explained === 'office', 'the employer’s jump host');
  });

  it('two operator clusters are not merged by a VPN exit they share, only by medium evidence', () => {
    const at = (h: number) => `2025-03-01T${String(h).padStart(2, '0')}:00:00Z`;
    const iban = (v: string) => [{ type: 'iban' as const, value: v }];
    const r = analyzeLinks([
      profile('a1', { payments: iban('DE89370400440532013000'), events: [login(at(8), '198.18.0.1', { ipKind: 'vpn' })] }),
      profile('a2', { payments: iban('DE89370400440532013000') }),
      profile('b1', { payments: iban('GB33BUKB20201555555555'), events: [login(at(9), '198.18.0.1', { ipKind: 'vpn' })] }),
      profile('b2', { payments: iban('GB33BUKB20201555555555'), events: [login(at(9), '198.51.100.9')] }),
      profile('c1', { payments: iban('FR1420041010050500013M02606'), events: [login(at(10), '198.51.100.9')] }),
      profile('c2', { payments: iban('FR1420041010050500013M02606') }),
    ]);
    assert.deepEqual(r.clusterOf('a1')?.members, ['a1', 'a2']);
    assert.ok(r.clusterOf('a1')!.bridges.some((e) => e.a === 'a1' && e.b === 'b1'), 'the VPN link is kept as a bridge');
    assert.deepEqual(r.clusterOf('b1')?.members, ['b1', 'b2', 'c1', 'c2'], 'a residential IP shared within hours merges');
  });

  it('references: a shared referee is no link; a referee contact that is another candidate’s own is medium', () => {
    const r = analyzeLinks([
      profile('a', { references: [{ name: 'Boss', email: 'boss@acme.com' }] }),
      profile('b', { references: [{ name: 'Boss', email: 'boss@acme.com', phone: '+1 212 555 0100' }] }),
      profile('c', { emails: ['sock@puppet.io'] }),
      profile('d', { references: [{ name: 'A friend', email: 'sock+ref@puppet.io' }] }),
    ]);
    assert.equal(edge(r, 'a', 'b'), undefined);
    const ev = evidenceOf(r, 'c', 'd', 'email');
    assert.ok(ev && ev.weight < OPERATOR_STRENGTH);
    assert.match(ev.detail, /d gives sock@puppet\.io as a referee's e-mail; it is c's own mailbox/);
  });

  it('a referee who is another applicant is a sock puppet when the two name employers but none in common', () => {
    const r = analyzeLinks([
      profile('a', { emails: ['lead@mail.io'], employers: [{ name: 'Brightpath Data K.K.' }] }),
      profile('b', { references: [{ name: 'Lead', email: 'lead@mail.io' }], employers: [{ name: 'Northwind Software Ltd' }] }),
      profile('c', { emails: ['mentor@mail.io'], employers: [{ name: 'Acme Corp.' }, { name: 'Globex' }] }),
      profile('d', { references: [{ name: 'Mentor', email: 'mentor@mail.io' }], employers: [{ name: 'ACME Corporation' }] }),
    ]);
    const puppet = evidenceOf(r, 'a', 'b', 'email');
    assert.ok(puppet && puppet.weight >= OPERATOR_STRENGTH);
    assert.match(puppet.detail, /b gives lead@mail\.io as a referee's e-mail; it is a's own mailbox, and the two name no employer in common/);
    assert.equal(r.clusterOf('a')?.operator, true);
    const colleague = evidenceOf(r, 'c', 'd', 'email');
    assert.ok(colleague && colleague.weight < OPERATOR_STRENGTH, 'former colleagues vouching for each other');
    assert.notEqual(r.clusterOf('c')?.operator, true);
  });

  it('employers link only through the employerRisk screen (front companies)', () => {
    const profiles = [
      profile('a', { employers: [{ name: 'Yanbian Silverstar Network Technology Co., Ltd.' }] }),
      profile('b', { employers: [{ name: 'YANBIAN SILVERSTAR NETWORK TECHNOLOGY' }] }),
    ];
    assert.equal(analyzeLinks(profiles).edges.length, 0);
    const r = analyzeLinks(profiles, { employerRisk: (name) => (/silverstar/i.test(name) ? 'OFAC SDN, DPRK3' : undefined) });
    const ev = evidenceOf(r, 'a', 'b', 'employer');
    assert.ok(ev && ev.weight >= 0.5 && ev.weight < OPERATOR_STRENGTH, 'one network, not necessarily one operator');
    assert.match(ev.detail, /OFAC SDN, DPRK3/);
    assert.deepEqual(r.clusterOf('a')?.members, ['a', 'b']);
  });
});

describe('resumes', () => {
  it('a platform account number is a platform handle, not a phone number', () => {
    const r = analyzeLinks([
      profile('a', { payments: [{ type: 'payment_platform', value: '41882017', provider: 'Payoneer' }], homeAddress: { text: '1 Main St', country: 'US' } }),
      profile('b', { payments: [{ type: 'payment_platform', value: '41882017', provider: 'Payoneer' }], homeAddress: { text: '9 Elm St', country: 'US' } }),
      profile('c', { payments: [{ type: 'payment_platform', value: '41882017', provider: 'Wise' }] }),
      profile('d', { payments: [{ type: 'payment_platform', value: '+1 202 555 0143', provider: 'Zelle' }] }),
      profile('e', { phones: [{ number: '(202) 555-0143' }], homeAddress: { text: '3 Oak St', country: 'US' } }),
    ]);
    const pay = evidenceOf(r, 'a', 'b', 'payment');
    assert.ok(pay, 'one Payoneer customer id');
    assert.ok(pay.weight >= OPERATOR_STRENGTH);
    assert.equal(edge(r, 'a', 'c'), undefined, 'the same digits on another platform are another account');
    assert.ok(edge(r, 'd', 'e'), 'a payout phone number still meets the same number used as contact');
  });

  it('a short resume reused with its skills reordered is a partial copy; unrelated short resumes are not', () => {
    const rng = new Rng(5);
    const skills = 'TypeScript Docker Kubernetes Go PostgreSQL RabbitMQ Python Solana Move Elixir NestJS Redis'.split(' ');
    const prose = resumeText(rng, 60);
    const shuffled = (xs: string[]) => xs.map((x) => [rng.next(), x] as const).sort((p, q) => p[0] - q[0]).map((p) => p[1]);
    const profiles = [
      profile('a', { resumeText: `${prose}\nSkills:\n${skills.join(', ')}` }),
      profile('b', { resumeText: `${edited(rng, prose, 0.08)}\nSkills:\n${shuffled(skills).join(', ')}` }),
      ...Array.from({ length: 20 }, (_, i) => profile(`u${String(i).padStart(2, '0')}`, { resumeText: `${resumeText(rng, 60)}\nSkills:\n${shuffled(skills).join(', ')}` })),
    ];
    const r = analyzeLinks(profiles);
    const ev = evidenceOf(r, 'a', 'b', 'resume');
    assert.ok(ev, 'the reused short resume is found');
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    const [, shared, , sim] = /(\d+) of (\d+) .*Jaccard (0\.\d+)/.exec(ev.detail)!.map(Number);
    assert.ok(sim! < 0.7 && shared! >= 40, `a partial copy, not a near-duplicate (${ev.detail})`);
    assert.match(ev.detail, /in large part copied/);
    assert.equal(r.edges.length, 1, 'short resumes sharing only a skills list are not linked');
  });

  it('finds a resume reused with small edits, not unrelated resumes, and skips very short ones', () => {
    const rng = new Rng(11);
    const base = resumeText(rng, 300);
    const profiles = [
      profile('a', { names: ['Alice Brown'], resumeText: `Alice Brown\nalice@x.com\n${base}` }),
      profile('b', { names: ['Boris Green'], resumeText: `Boris Green\nboris@y.com 2023\n${edited(rng, base, 0.03)}` }),
      ...Array.from({ length: 30 }, (_, i) => profile(`u${String(i).padStart(2, '0')}`, { resumeText: resumeText(rng, 300) })),
      profile('s1', { resumeText: 'rust go kafka' }),
      profile('s2', { resumeText: 'rust go kafka' }),
    ];
    const r = analyzeLinks(profiles);
    const ev = evidenceOf(r, 'a', 'b', 'resume');
    assert.ok(ev, 'the edited copy is found');
    assert.ok(ev.weight >= OPERATOR_STRENGTH);
    assert.match(ev.value, /^jaccard 0\.\d\d$/);
    assert.match(ev.detail, /near-duplicates: \d+ of \d+ distinct 3-word sequences in common/);
    assert.equal(r.edges.length, 1, 'unrelated and very short resumes are not linked');
  });

  it('a resume copied by more profiles than the cap is a hub, not an operator ring', () => {
    const base = resumeText(new Rng(12), 250);
    const profiles = Array.from({ length: HUB_CAPS.resume + 10 }, (_, i) => profile(`t${String(i).padStart(3, '0')}`, { names: [`Name${i} Surname${i}`], resumeText: `Name${i} Surname${i}\n${base}` }));
    const r = analyzeLinks(profiles);
    assert.equal(r.edges.length, 0);
    assert.ok(r.hubs.some((h) => h.kind === 'resume' && h.holders === profiles.length));
  });
});

describe('weights: operators versus households and colleagues', () => {
  it('spouses sharing a home (written differently) are a weak, non-operator cluster', () => {
    const r = analyzeLinks([
      profile('wife', { homeAddress: { text: '12 Oak Street, Apt 3, Denver, CO 80203', country: 'US' }, shippingAddresses: [{ text: '12 Oak Street, Apt 3, Denver, CO 80203', country: 'US' }], events: [login('2025-03-01T19:00:00Z', '203.0.113.50')] }),
      profile('husband', { homeAddress: { text: '12 OAK ST #3, Denver CO 80203' }, phones: [], events: [login('2025-03-01T21:00:00Z', '203.0.113.50')] }),
    ]);
    const e = edge(r, 'husband', 'wife');
    assert.ok(e);
    assert.ok(e.evidence.some((v) => v.kind === 'shipping_address' || v.kind === 'home_address'));
    assert.ok(e.strength < OPERATOR_STRENGTH, `strength ${e.strength}`);
    const c = r.clusterOf('wife');
    assert.ok(c);
    assert.equal(c.operator, false);
    assert.deepEqual(c.members, ['husband', 'wife']);
  });

  it('three workers shipping laptops to one address that is none of their homes: an operator cluster', () => {
    const farm = { text: '77 Willow Lane, Nashville, TN 37203', country: 'US' };
    const r = analyzeLinks([
      profile('w1', { homeAddress: { text: '1 First Ave, Seattle, WA 98101', country: 'US' }, shippingAddresses: [farm] }),
      profile('w2', { homeAddress: { text: '2 Second Ave, Austin, TX 78701', country: 'US' }, events: [{ type: 'shipping_request', at: '2025-04-01T00:00:00Z', address: { text: '77 WILLOW LN, NASHVILLE TN 37203' } }] }),
      profile('w3', { homeAddress: { text: '3 Third Ave, Miami, FL 33101', country: 'US' }, shippingAddresses: [farm] }),
      profile('x', { homeAddress: { text: '4 Fourth Ave, Boston, MA 02108', country: 'US' } }),
    ]);
    const c = r.clusterOf('w1');
    assert.ok(c);
    assert.equal(c.operator, true);
    assert.deepEqual(c.members, ['w1', 'w2', 'w3']);
    const ev = evidenceOf(r, 'w1', 'w2', 'shipping_address');
    assert.ok(ev);
    assert.match(ev.detail, /laptop-farm pattern/);
    assert.equal(r.clusterOf('x'), undefined);
  });

  it('two workers shipping to an address that is neither’s home: operator; to the other’s home: medium', () => {
    const r = analyzeLinks([
      profile('p', { homeAddress: { text: '5 Pine Rd, Boise, ID 83702' }, shippingAddresses: [{ text: '9 Elm Ct, Reno, NV 89501' }] }),
      profile('q', { homeAddress: { text: '6 Cedar Rd, Fargo, ND 58102' }, shippingAddresses: [{ text: '9 Elm Court, Reno NV 89501' }] }),
      profile('s', { homeAddress: { text: '8 Birch Rd, Tulsa, OK 74103' }, shippingAddresses: [{ text: '10 Ash Dr, Provo, UT 84601' }] }),
      profile('t', { homeAddress: { text: '10 Ash Drive, Provo, UT 84601' } }),
    ]);
    assert.equal(r.clusterOf('p')?.operator, true);
    const medium = edge(r, 's', 't');
    assert.ok(medium && medium.strength < OPERATOR_STRENGTH && medium.strength >= 0.5);
    assert.equal(r.clusterOf('s')?.operator, false);
  });

  it('colleagues of one current employer shipping to its office are not operators', () => {
    const office = { text: '100 Market Street, Suite 400, San Francisco, CA 94105', country: 'US' };
    const r = analyzeLinks(
      ['c1', 'c2', 'c3', 'c4'].map((ref, i) =>
        profile(ref, {
          homeAddress: { text: `${i + 1} Home St, Oakland, CA 9460${i}`, country: 'US' },
          shippingAddresses: [office],
          employers: [{ name: i % 2 ? 'Initech Inc.' : 'INITECH', from: '2021-01' }, { name: `Previous ${i}`, from: '2015-01', to: '2020-12' }],
          events: [login(`2025-03-0${i + 1}T10:00:00Z`, '192.0.2.10'), login('2025-03-01T12:00:00Z', '192.0.2.10')],
        }),
      ),
    );
    const c = r.clusterOf('c1');
    assert.ok(c);
    assert.equal(c.operator, false);
    assert.ok(evidenceOf(r, 'c1', 'c2', 'shipping_address')!.detail.includes('probably its office'));
    // A stranger shipping to the same office does not turn the colleagues into operators.
    const withStranger = analyzeLinks([
      ...['c1', 'c2', 'c3'].map((ref, i) => profile(ref, { homeAddress: { text: `${i + 1} Home St, Oakland, CA 9460${i}` }, shippingAddresses: [office], employers: [{ name: 'Initech' }] })),
      profile('z', { homeAddress: { text: '9 Far Rd, Fresno, CA 93650' }, shippingAddresses: [office], employers: [{ name: 'Globex' }] }),
    ]);
    assert.equal(withStranger.clusterOf('c1')?.operator, false);
    assert.equal(withStranger.clusterOf('z')?.operator, false);
    assert.match(evidenceOf(withStranger, 'c1', 'z', 'shipping_address')!.detail, /z has equipment shipped to .* where c1 works/);
    // A former employer in common explains nothing: the same addresses without a current employer.
    const r2 = analyzeLinks(
      ['d1', 'd2', 'd3'].map((ref, i) =>
        profile(ref, { homeAddress: { text: `${i + 1} Home St, Oakland, CA 9460${i}` }, shippingAddresses: [office], employers: [{ name: 'Initech', from: '2015-01', to: '2019-01' }] }),
      ),
    );
    assert.equal(r2.clusterOf('d1')?.operator, true);
  });

  it('a household: a joint account and one computer are medium, not an operator, for a couple or a family of four; five at one home are not a household', () => {
    const home = { text: '8 Rose Lane, Austin, TX 78701', country: 'US' };
    const joint = { type: 'iban' as const, value: 'NL91ABNA0417164300', holderName: 'A. & B. Novak' };
    const r = analyzeLinks([
      profile('ann', { homeAddress: home, payments: [joint], events: [login('2025-03-01T10:00:00Z', '198.51.100.9', { deviceId: 'family-pc-01' })] }),
      profile('ben', { homeAddress: home, payments: [joint], events: [login('2025-03-20T10:00:00Z', '198.51.100.8', { deviceId: 'family-pc-01' })] }),
    ]);
    const e = edge(r, 'ann', 'ben');
    assert.ok(e && e.strength < OPERATOR_STRENGTH, `strength ${e?.strength}`);
    assert.match(evidenceOf(r, 'ann', 'ben', 'payment')!.detail, /as a household does \(a family account\?\)/);
    assert.equal(r.clusterOf('ann')?.operator, false);
    const family = analyzeLinks(['w', 'x', 'y', 'z'].map((ref, k) => profile(ref, { homeAddress: home, payments: [joint], events: [login(`2025-03-0${k + 1}T10:00:00Z`, `198.51.100.${k + 1}`, { deviceId: 'family-pc-01' })] })));
    for (const ref of ['w', 'x', 'y', 'z']) assert.equal(family.clusterOf(ref)?.operator, false, ref);
    assert.equal(evidenceOf(family, 'w', 'z', 'device')?.explained, 'household');
    const five = analyzeLinks(['v', 'w', 'x', 'y', 'z'].map((ref) => profile(ref, { homeAddress: home, payments: [joint] })));
    assert.equal(five.clusterOf('x')?.operator, true);
  });

  it('colleagues giving their office switchboard are not operators; an employer in common by chance explains no number', () => {
    const office = { text: '1 Hooli Way, Palo Alto, CA 94301', country: 'US' };
    const r = analyzeLinks(
      ['k1', 'k2'].map((ref, i) =>
        profile(ref, { phones: [{ number: i ? '+1 650 555 0100' : '(650) 555-0100' }], claimedLocation: { country: 'US' }, shippingAddresses: [office], employers: [{ name: 'Hooli Inc', from: '2020-01' }] }),
      ),
    );
    assert.equal(r.clusterOf('k1')?.operator, false);
    const line = evidenceOf(r, 'k1', 'k2', 'phone')!;
    assert.equal(line.explained, 'office');
    assert.match(line.detail, /its switchboard/);
    const ring = analyzeLinks(['v1', 'v2'].map((ref) => profile(ref, { phones: [{ number: '+1 650 555 0199', lineType: 'voip' }], employers: [{ name: 'Hooli' }] })));
    assert.equal(ring.clusterOf('v1')?.operator, true);
  });

  it('an IBAN or a wallet given as a platform handle still joins the same account', () => {
    const r = analyzeLinks([
      profile('a', { payments: [{ type: 'payment_platform', value: 'GB82 WEST 1234 5698 7654 32', provider: 'Wise' }] }),
      profile('b', { payments: [{ type: 'iban', value: 'GB82WEST12345698765432' }] }),
      profile('c', { payments: [{ type: 'payment_platform', value: 'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9', provider: 'USDT' }] }),
      profile('d', { payments: [{ type: 'crypto_wallet', value: 'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9', provider: 'TRX' }] }),
    ]);
    assert.ok(evidenceOf(r, 'a', 'b', 'payment'));
    assert.ok(evidenceOf(r, 'c', 'd', 'wallet'));
  });

  it('a weak link from an operator cluster does not pull an innocent profile in', () => {
    const r = analyzeLinks([
      profile('op1', { payments: [{ type: 'iban', value: 'GB82WEST12345698765432' }], homeAddress: { text: '4 Lake View, Leeds LS1 4AP', country: 'GB' } }),
      profile('op2', { payments: [{ type: 'iban', value: 'GB82 WEST 1234 5698 7654 32' }] }),
      profile('flatmate', { homeAddress: { text: '4 Lake View, Leeds LS1 4AP', country: 'GB' } }),
    ]);
    const c = r.clusterOf('op1');
    assert.ok(c && c.operator);
    assert.deepEqual(c.members, ['op1', 'op2']);
    assert.equal(c.bridges.length, 1);
    assert.equal(r.clusterOf('flatmate'), undefined);
    assert.equal(r.edgesOf('flatmate').length, 1);
    assert.ok(r.edgesOf('flatmate')[0]!.strength < OPERATOR_STRENGTH);
  });
});

describe('hubs and clusters', () => {
  it('a value shared by 300 profiles is a hub: no 45,000 edges', () => {
    const profiles = Array.from({ length: 300 }, (_, i) =>
      profile(`h${String(i).padStart(3, '0')}`, {
        shippingAddresses: [{ text: '1 Warehouse Way, Reno, NV 89502', country: 'US' }],
        events: [login('2025-03-01T10:00:00Z', '198.51.100.200', { ipKind: 'vpn' })],
        emails: ['noreply@example.com'],
      }),
    );
    const r = analyzeLinks(profiles);
    assert.equal(r.edges.length, 0);
    assert.equal(r.clusters.length, 0);
    const kinds = r.hubs.map((h) => h.kind).sort();
    assert.deepEqual(kinds, ['email', 'ip', 'shipping_address']);
    assert.ok(r.hubs.every((h) => h.holders === 300 && /too common/.test(h.detail)));
  });

  it('a large laptop farm under the cap is one operator cluster joined by a star, not all pairs', () => {
    const n = 80;
    const r = analyzeLinks(Array.from({ length: n }, (_, i) => profile(`f${String(i).padStart(2, '0')}`, { homeAddress: { text: `${i + 1} Own Rd, Town ${i}` }, shippingAddresses: [{ text: '500 Depot Rd, Hagerstown, MD 21740' }] })));
    assert.equal(r.clusters.length, 1);
    assert.equal(r.clusters[0]!.members.length, n);
    assert.equal(r.clusters[0]!.operator, true);
    assert.equal(r.edges.length, n - 1);
  });

  it('clusters are the connected components of their edges; output is deterministic', () => {
    const rng = new Rng(5);
    const profiles: CandidateProfile[] = [];
    for (let i = 0; i < 60; i++) {
      const p = profile(`r${String(i).padStart(2, '0')}`, {
        emails: [`user${i % 45}@mail.com`],
        phones: [{ number: `+1 303 555 ${String(1000 + (i % 50)).padStart(4, '0')}` }],
        homeAddress: { text: `${i % 40} Main St, Denver, CO 80202`, country: 'US' },
        events: [login(`2025-03-0${1 + (i % 5)}T10:00:00Z`, `203.0.113.${i % 30}`)],
      });
      profiles.push(p);
    }
    const r = analyzeLinks(profiles);
    assert.ok(r.clusters.length > 3);
    const seen = new Set<string>();
    for (const c of r.clusters) {
      assert.equal(c.id, `cl-${c.members[0]}`);
      assert.deepEqual(c.members, [...c.members].sort());
      for (const m of c.members) {
        assert.ok(!seen.has(m), `${m} in two clusters`);
        seen.add(m);
        assert.equal(r.clusterOf(m), c);
      }
      // Every edge is inside, has evidence, and the edges connect all members.
      const adj = new Map<string, string[]>();
      for (const e of c.edges) {
        assert.ok(e.a < e.b && c.members.includes(e.a) && c.members.includes(e.b));
        assert.ok(e.evidence.length > 0 && e.evidence.every((v) => v.value && v.detail && v.weight > 0 && v.weight < 1));
        adj.set(e.a, [...(adj.get(e.a) ?? []), e.b]);
        adj.set(e.b, [...(adj.get(e.b) ?? []), e.a]);
      }
      const reached = new Set([c.members[0]!]);
      const queue = [c.members[0]!];
      while (queue.length) {
        for (const x of adj.get(queue.pop()!) ?? []) {
          if (reached.has(x)) continue;
          reached.add(x);
          queue.push(x);
        }
      }
      assert.equal(reached.size, c.members.length, `${c.id} is connected`);
      assert.equal(c.operator, c.edges.some((e) => e.strength >= OPERATOR_STRENGTH));
      for (const b of c.bridges) assert.ok(c.members.includes(b.a) !== c.members.includes(b.b));
    }
    for (const e of r.edges) {
      const ca = r.clusterOf(e.a);
      const cb = r.clusterOf(e.b);
      if (ca !== cb) assert.ok(e.strength < OPERATOR_STRENGTH, 'only weak edges cross clusters');
    }
    assert.equal(r.stats.profiles, 60);
    assert.equal(r.stats.edges, r.edges.length);
    assert.equal(r.stats.operatorClusters, r.clusters.filter((c) => c.operator).length);
    const shuffled = analyzeLinks(rng.shuffle(profiles));
    const plain = (x: LinkAnalysis) => JSON.stringify({ edges: x.edges, clusters: x.clusters, hubs: x.hubs });
    assert.equal(plain(shuffled), plain(r));
  });

  it('a ref listed twice is one profile; an empty book is fine; bad options are refused', () => {
    const r = analyzeLinks([profile('a', { emails: ['x@y.com'] }), profile('a', { phones: [{ number: '+1 212 555 0101' }] }), profile('b', { phones: [{ number: '+12125550101' }] })]);
    assert.equal(r.stats.profiles, 2);
    assert.ok(evidenceOf(r, 'a', 'b', 'phone'));
    assert.equal(analyzeLinks([]).clusters.length, 0);
    assert.throws(() => analyzeLinks([], { resumeThreshold: 1.5 }), /resumeThreshold/);
    assert.throws(() => analyzeLinks([profile('')]), /non-empty ref/);
  });
});
