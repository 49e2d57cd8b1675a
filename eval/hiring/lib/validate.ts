/**
 * Checks a generated pool with the project's own parsers (every wallet, e-mail and phone number;
 * IBANs by their check digits; US routing numbers by theirs), checks the bookkeeping of the truth
 * file, and computes the pool statistics printed by the generator and the evaluation.
 */
import { isIP } from 'node:net';
import { normalizeEmail, normalizePhone, parseAddress } from '../../../src/match/identifiers.js';
import type { CandidateProfile } from '../../../src/hiring/profile.js';
import type { Pool } from './pool.js';
import { abaValid, gmailCanonical, ibanValid, phoneValidFor } from './ids.js';
import { isKoreanOrigin } from './people.js';
import { shingleSimilarity } from './resume.js';
import { zoned } from './time.js';
import { Rng } from '../../lib/prng.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MONTH = /^\d{4}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function zoneOk(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every problem found, as "REF: what" lines; empty when the pool is sound. */
export function checkPool(pool: Pool): string[] {
  const problems: string[] = [];
  const now = Date.parse(pool.truth.now);
  const refs = new Set<string>();
  const operatorRefs = new Set(pool.truth.operators.flatMap((o) => o.refs));
  for (const p of pool.profiles) {
    const bad = (what: string) => problems.push(`${p.ref}: ${what}`);
    if (refs.has(p.ref)) bad('duplicate ref');
    refs.add(p.ref);
    if (p.names.length === 0 || p.names.some((n) => n.trim() === '')) bad('empty name');
    for (const e of p.emails) if (normalizeEmail(e) === undefined) bad(`e-mail not accepted by normalizeEmail: ${e}`);
    const claimed = p.claimedLocation?.country;
    for (const ph of p.phones) {
      // Written as people write them (E.164, national format, spaces, dashes); read back with the
      // claimed country, each must be a valid number (of the claimed country, but for operators).
      const e164 = normalizePhone(ph.number, claimed);
      if (e164 === undefined) bad(`phone not readable by normalizePhone: ${ph.number}`);
      else if (!phoneValidFor(e164, operatorRefs.has(p.ref) ? parsePhoneCountry(e164) : claimed ?? '')) bad(`phone ${ph.number} not a valid number of ${claimed}`);
      if (ph.issuedAt && !ISO_DATE.test(ph.issuedAt)) bad(`phone issuedAt ${ph.issuedAt}`);
    }
    if (p.claimedLocation?.timeZone && !zoneOk(p.claimedLocation.timeZone)) bad(`time zone ${p.claimedLocation.timeZone}`);
    if (p.birthDate && (!ISO_DATE.test(p.birthDate) || Date.parse(p.birthDate) >= now)) bad(`birth date ${p.birthDate}`);
    for (const pay of p.payments) {
      if (pay.type === 'iban' && !ibanValid(pay.value)) bad(`IBAN check digits: ${pay.value}`);
      if (pay.type === 'crypto_wallet') {
        const a = parseAddress(pay.value);
        if (!a.valid) bad(`wallet not valid per parseAddress: ${pay.value} (${a.reason ?? ''})`);
      }
      if (pay.type === 'bank_account' && /^\d{9}[ -]\d+$/.test(pay.value) && !abaValid(pay.value.slice(0, 9))) bad(`ABA routing check digit: ${pay.value}`);
      if (pay.type === 'payment_platform' && pay.value.includes('@') && !pay.value.startsWith('@') && normalizeEmail(pay.value) === undefined) bad(`platform e-mail handle: ${pay.value}`);
      if (pay.since && (!ISO_DATE.test(pay.since) || Date.parse(pay.since) >= now)) bad(`payment since ${pay.since}`);
    }
    for (const r of p.references) {
      if (r.email && normalizeEmail(r.email) === undefined) bad(`reference e-mail ${r.email}`);
      if (r.phone && normalizePhone(r.phone) !== r.phone) bad(`reference phone ${r.phone}`);
    }
    for (const pr of p.profiles) if (pr.createdAt && (!ISO_DATE.test(pr.createdAt) || Date.parse(pr.createdAt) >= now)) bad(`profile createdAt ${pr.createdAt}`);
    for (const e of p.employers) {
      if (e.from && !ISO_MONTH.test(e.from)) bad(`employer from ${e.from}`);
      if (e.to && !ISO_MONTH.test(e.to)) bad(`employer to ${e.to}`);
      if (e.from && e.to && e.to < e.from) bad(`employer ${e.name} ends before it starts`);
    }
    for (const d of p.documents) if (d.number.trim() === '') bad('empty document number');
    if (!p.resumeText || p.resumeText.length < 200) bad('resume missing or short');
    for (const ev of p.events) {
      if (!ISO_TIME.test(ev.at) || Date.parse(ev.at) >= now) bad(`event time ${ev.at}`);
      if (ev.type === 'login' && isIP(ev.ip) === 0) bad(`login IP ${ev.ip}`);
      if (ev.type === 'shipping_request' && ev.address.text.trim() === '') bad('empty shipping address');
    }
  }
  // The truth file's bookkeeping.
  const seen = new Set<string>();
  for (const o of pool.truth.operators) {
    if (o.refs.length === 0) problems.push(`${o.id}: no identities`);
    for (const r of o.refs) {
      if (!refs.has(r)) problems.push(`${o.id}: unknown ref ${r}`);
      if (seen.has(r)) problems.push(`${o.id}: ${r} planted twice`);
      seen.add(r);
    }
  }
  for (const s of pool.truth.innocentShares) {
    for (const r of s.refs) {
      if (!refs.has(r)) problems.push(`innocent ${s.shape}: unknown ref ${r}`);
      if (operatorRefs.has(r)) problems.push(`innocent ${s.shape}: ${r} is an operator`);
    }
  }
  if (Object.keys(pool.truth.origins).length !== pool.profiles.length) problems.push('truth.origins does not cover the pool');
  return problems;
}

function parsePhoneCountry(number: string): string {
  // Operators may use a number of another country (a shared line): only validity is checked.
  for (const c of ['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'NL', 'PL', 'UA', 'JP', 'KR', 'SG', 'IN', 'VN', 'ID', 'NG', 'BR', 'MX', 'TR', 'AE', 'AU', 'CN', 'PK', 'PH']) {
    if (phoneValidFor(number, c)) return c;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface PoolStats {
  total: number;
  operators: number;
  clean: number;
  shapes: { shape: string; clusters: number; identities: number; sizes: string }[];
  innocent: { shape: string; groups: number; people: number }[];
  korean: { operators: number; operatorsKorean: number; clean: number; cleanKorean: number };
  countries: [string, number][];
  noise: [string, number][];
  indicators: { label: string; operators: number; clean: number }[];
  resume: { reusedMean: number; reusedMin: number; cleanMax: number; cleanP99: number; bootcampMean: number };
  identifiers: { emails: number; gmail: number; ownDomain: number; phones: number; ibans: number; bankAccounts: number; platforms: number; wallets: number; logins: number };
}

function hourLocal(at: string, tz: string | undefined): number | undefined {
  if (!tz) return undefined;
  return zoned(Date.parse(at), tz).hour;
}

export function poolStats(pool: Pool): PoolStats {
  const { truth } = pool;
  const byRef = new Map(pool.profiles.map((p) => [p.ref, p]));
  const opRefs = new Set(truth.operators.flatMap((o) => o.refs));
  const ops = pool.profiles.filter((p) => opRefs.has(p.ref));
  const clean = pool.profiles.filter((p) => !opRefs.has(p.ref));
  const shapes = new Map<string, { clusters: number; identities: number; sizes: Map<number, number> }>();
  for (const o of truth.operators) {
    const s = shapes.get(o.shape) ?? { clusters: 0, identities: 0, sizes: new Map() };
    s.clusters++;
    s.identities += o.refs.length;
    s.sizes.set(o.refs.length, (s.sizes.get(o.refs.length) ?? 0) + 1);
    shapes.set(o.shape, s);
  }
  const innocent = new Map<string, { groups: number; people: Set<string> }>();
  for (const s of truth.innocentShares) {
    const x = innocent.get(s.shape) ?? { groups: 0, people: new Set<string>() };
    x.groups++;
    for (const r of s.refs) x.people.add(r);
    innocent.set(s.shape, x);
  }
  const korean = (list: CandidateProfile[]) => list.filter((p) => isKoreanOrigin(truth.origins[p.ref] ?? '')).length;
  const countries = new Map<string, number>();
  for (const p of pool.profiles) countries.set(p.claimedLocation?.country ?? '?', (countries.get(p.claimedLocation?.country ?? '?') ?? 0) + 1);
  const now = Date.parse(truth.now);
  const share = (list: CandidateProfile[], f: (p: CandidateProfile) => boolean) => (list.length === 0 ? 0 : list.filter(f).length / list.length);
  const logins = (p: CandidateProfile) => p.events.filter((e) => e.type === 'login');
  const hostingShare = (p: CandidateProfile) => {
    const l = logins(p);
    return l.length === 0 ? 0 : l.filter((e) => e.type === 'login' && (e.ipKind === 'hosting' || e.ipKind === 'vpn')).length / l.length;
  };
  const nightShare = (p: CandidateProfile) => {
    const l = logins(p);
    if (l.length === 0) return 0;
    return l.filter((e) => {
      const h = hourLocal(e.at, p.claimedLocation?.timeZone);
      return h !== undefined && (h >= 22 || h < 6);
    }).length / l.length;
  };
  const indicator = (label: string, f: (p: CandidateProfile) => boolean) => ({ label, operators: share(ops, f), clean: share(clean, f) });
  const indicators = [
    indicator('an online profile created < 120 days ago', (p) => p.profiles.some((x) => x.createdAt !== undefined && now - Date.parse(x.createdAt) < 120 * 86_400_000)),
    indicator('a phone with lineType voip', (p) => p.phones.some((x) => x.lineType === 'voip')),
    indicator('half or more logins from hosting/VPN', (p) => hostingShare(p) >= 0.5),
    indicator('any login from hosting/VPN', (p) => hostingShare(p) > 0),
    indicator('a third or more logins at night (22-06 claimed zone)', (p) => nightShare(p) >= 1 / 3),
    indicator('a login with a remote-access tool', (p) => logins(p).some((e) => e.type === 'login' && e.tool !== undefined)),
    indicator('a login from a country other than claimed', (p) => logins(p).some((e) => e.type === 'login' && e.ipCountry !== undefined && e.ipCountry !== p.claimedLocation?.country)),
    indicator('shipping address not the home address', (p) => p.shippingAddresses.some((a) => a.text !== p.homeAddress?.text)),
    indicator('a payment holder name not the candidate', (p) => p.payments.some((x) => x.holderName !== undefined && !x.holderName.toLowerCase().includes((p.names[0] ?? '').split(' ')[0]!.toLowerCase()))),
    indicator('a crypto wallet payout', (p) => p.payments.some((x) => x.type === 'crypto_wallet')),
    indicator('a payment_request event', (p) => p.events.some((e) => e.type === 'payment_request')),
  ];
  // Resume similarity: within planted reused resumes, and the largest among random clean pairs.
  const reusedSims: number[] = [];
  for (const o of truth.operators) {
    // Every pair shares the one resume in these shapes (in 'mixed' only neighbours in the chain do).
    if (!(o.shape === 'reused_resume' || (o.shape === 'front_company' && o.links.includes('resume')))) continue;
    const texts = o.refs.map((r) => byRef.get(r)?.resumeText ?? '');
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) reusedSims.push(shingleSimilarity(texts[i]!, texts[j]!));
  }
  const bootSims: number[] = [];
  for (const s of truth.innocentShares) {
    if (s.shape !== 'bootcamp') continue;
    const texts = s.refs.map((r) => byRef.get(r)?.resumeText ?? '');
    for (let i = 1; i < texts.length; i++) bootSims.push(shingleSimilarity(texts[0]!, texts[i]!));
  }
  const rng = new Rng(7);
  const cleanSims: number[] = [];
  for (let i = 0; i < Math.min(3000, clean.length * 2); i++) {
    const a = rng.pick(clean);
    const b = rng.pick(clean);
    if (a !== b) cleanSims.push(shingleSimilarity(a.resumeText ?? '', b.resumeText ?? ''));
  }
  cleanSims.sort((a, b) => a - b);
  const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
  const emails = pool.profiles.flatMap((p) => p.emails);
  const popular = /@(gmail|googlemail|outlook|hotmail|yahoo|icloud|proton|protonmail|aol|comcast|web|gmx|t-online|posteo|orange|free|laposte|sfr|telefonica|ziggo|kpnmail|wp|onet|interia|o2|ukr|i|meta|docomo|nifty|naver|daum|kakao|hanmail|singnet|rediffmail|uol|bol|terra|prodigy|yandex|eim|bigpond|optusnet|qq|163|126|sina|btinternet|sky|rogers|shaw|sympatico)\./;
  const pays = pool.profiles.flatMap((p) => p.payments);
  return {
    total: pool.profiles.length,
    operators: ops.length,
    clean: clean.length,
    shapes: [...shapes].map(([shape, s]) => ({ shape, clusters: s.clusters, identities: s.identities, sizes: [...s.sizes].sort((a, b) => a[0] - b[0]).map(([k, n]) => `${n}x${k}`).join(' ') })),
    innocent: [...innocent].map(([shape, x]) => ({ shape, groups: x.groups, people: x.people.size })),
    korean: { operators: ops.length, operatorsKorean: korean(ops), clean: clean.length, cleanKorean: korean(clean) },
    countries: [...countries].sort((a, b) => b[1] - a[1]),
    noise: Object.entries(truth.cleanNoise).map(([k, v]) => [k, v.length] as [string, number]),
    indicators,
    resume: { reusedMean: mean(reusedSims), reusedMin: Math.min(...reusedSims), cleanMax: cleanSims[cleanSims.length - 1] ?? NaN, cleanP99: cleanSims[Math.floor(cleanSims.length * 0.99)] ?? NaN, bootcampMean: mean(bootSims) },
    identifiers: {
      emails: emails.length,
      gmail: emails.filter((e) => gmailCanonical(e) !== undefined).length,
      ownDomain: emails.filter((e) => !popular.test(e.toLowerCase())).length,
      phones: pool.profiles.reduce((s, p) => s + p.phones.length, 0),
      ibans: pays.filter((x) => x.type === 'iban').length,
      bankAccounts: pays.filter((x) => x.type === 'bank_account').length,
      platforms: pays.filter((x) => x.type === 'payment_platform').length,
      wallets: pays.filter((x) => x.type === 'crypto_wallet').length,
      logins: pool.profiles.reduce((s, p) => s + logins(p).length, 0),
    },
  };
}

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

export function printStats(s: PoolStats): void {
  console.log(`\npool: ${s.total} candidates: ${s.operators} planted operator identities (${pct(s.operators / s.total).trim()}), ${s.clean} clean`);
  console.log(`  ${'operator shape'.padEnd(16)} ${'clusters'.padStart(8)} ${'identities'.padStart(10)}  sizes`);
  for (const x of s.shapes) console.log(`  ${x.shape.padEnd(16)} ${String(x.clusters).padStart(8)} ${String(x.identities).padStart(10)}  ${x.sizes}`);
  console.log(`  ${'innocent share'.padEnd(16)} ${'groups'.padStart(8)} ${'people'.padStart(10)}`);
  for (const x of s.innocent) console.log(`  ${x.shape.padEnd(16)} ${String(x.groups).padStart(8)} ${String(x.people).padStart(10)}`);
  const k = s.korean;
  console.log(`  Korean-origin names: ${k.operatorsKorean}/${k.operators} operators (${pct(k.operatorsKorean / k.operators).trim()}), ${k.cleanKorean}/${k.clean} clean (${pct(k.cleanKorean / k.clean).trim()})`);
  console.log(`  claimed countries: ${s.countries.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  console.log(`  clean candidates with one weak red flag (planted noise): ${s.noise.map(([f, n]) => `${f} ${n}`).join(', ')}`);
  const id = s.identifiers;
  console.log(`  identifiers: ${id.emails} e-mails (${id.gmail} Gmail, ${id.ownDomain} own or uncommon domains), ${id.phones} phones, payments ${id.ibans} IBAN / ${id.bankAccounts} bank account / ${id.platforms} platform / ${id.wallets} wallet, ${id.logins} logins`);
  console.log(`  resume 3-shingle similarity: reused ones mean ${s.resume.reusedMean.toFixed(2)} (min ${s.resume.reusedMin.toFixed(2)}); bootcamp classmates mean ${s.resume.bootcampMean.toFixed(2)}; random clean pairs p99 ${s.resume.cleanP99.toFixed(2)}, max ${s.resume.cleanMax.toFixed(2)}`);
  console.log(`  ${'indicator (share of candidates)'.padEnd(54)} ${'operators'.padStart(9)} ${'clean'.padStart(7)}`);
  for (const x of s.indicators) console.log(`  ${x.label.padEnd(54)} ${pct(x.operators).padStart(9)} ${pct(x.clean).padStart(7)}`);
}
