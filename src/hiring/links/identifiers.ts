/**
 * Reading a profile's identifiers (e-mails, phones, payments, wallets, documents, online
 * profiles, devices, login IPs) into value -> holder groups and rows, for `analyzeLinks` over a
 * pool and for `linkKeys` of one profile; the cheap keys (a phone number's last 7 digits, a
 * wallet case-folded) that decide which values are parsed.
 */
import { parseAddress } from '../../match/identifiers.js';
import { bankAccountKey, countryOf, documentNumberKey, handleKey, ibanKey, ipKey, isCanonicalIpv4, mailboxKey, platformKey } from '../normalize-ids.js';
import type { CandidateProfile, PaymentDestination } from '../profile.js';
import { holdContact, OWN, PAY, REF } from './contacts.js';
import { NONE } from './context.js';
import { Groups, HolderBuckets, stringHash } from './groups.js';
import { IP_SALT, type Logins } from './ips.js';
import { holdScoped } from './scoped.js';

const PLACEHOLDER_DEVICE = /^(?:[0-]+|unknown|none|null|nil|n\/?a|undefined|default|test)$/;
/** A payment handle that may be a crypto address (then parsed as one): long, one token, letters and digits. */
const LOOKS_LIKE_ADDRESS = /^(?:[a-z]+:)?[0-9a-zA-Z]{25,}$/;

/**
 * Reads every profile's identifiers into value -> holder groups (phones and wallets into rows,
 * keyed later where a cheap key recurs). Indexed loops and no per-profile closures: this runs
 * over every identifier of every profile.
 */
export class Identifiers {
  readonly buckets: HolderBuckets;
  readonly emails: Groups;
  readonly ibans: Groups;
  readonly accounts: Groups;
  readonly handles: Groups;
  readonly documents: Groups;
  readonly onlineProfiles: Groups;
  readonly devices: Groups;
  readonly phNode: number[] = [];
  readonly phRaw: string[] = [];
  readonly phCountry: (string | undefined)[] = [];
  readonly phRole: number[] = [];
  readonly phLine: (string | undefined)[] = [];
  readonly phProvider: (string | undefined)[] = [];
  readonly phHolder: (string | undefined)[] = [];
  readonly wNode: number[] = [];
  readonly wRaw: string[] = [];
  readonly wCurrency: (string | undefined)[] = [];
  readonly wHolder: (string | undefined)[] = [];
  readonly logins: Logins = { ip: [], hash: [], node: [], event: [] };
  private readonly platforms = new Map<string, string>();
  private readonly ips = new Map<string, string>();

  constructor(profiles: number) {
    // About a dozen identifiers and distinct login IPs per profile, in one table of buckets.
    this.buckets = new HolderBuckets(profiles * 12);
    this.emails = new Groups(this.buckets, 1);
    this.ibans = new Groups(this.buckets, 2);
    this.accounts = new Groups(this.buckets, 3);
    this.handles = new Groups(this.buckets, 4);
    this.documents = new Groups(this.buckets, 5);
    this.onlineProfiles = new Groups(this.buckets, 6);
    this.devices = new Groups(this.buckets, 7);
  }

  /** The IP key of a login's address: as written when already canonical IPv4 (most are). */
  private ipOf(raw: string): string {
    if (isCanonicalIpv4(raw)) return raw;
    let ip = this.ips.get(raw);
    if (ip === undefined) this.ips.set(raw, (ip = ipKey(raw) ?? ''));
    return ip;
  }

  private platformOf(raw: string | undefined): string {
    if (!raw) return '';
    let k = this.platforms.get(raw);
    if (k === undefined) this.platforms.set(raw, (k = platformKey(raw)));
    return k;
  }

  private addPhone(node: number, raw: string, country: string | undefined, role: number, line?: string, provider?: string, holder?: string): void {
    this.phNode.push(node);
    this.phRaw.push(raw);
    this.phCountry.push(country);
    this.phRole.push(role);
    this.phLine.push(line);
    this.phProvider.push(provider);
    this.phHolder.push(holder);
  }

  collect(i: number, p: CandidateProfile, nowMs: number): void {
    const where = p.homeAddress?.country ?? p.claimedLocation?.country;
    const country = where ? countryOf(where).toUpperCase() || undefined : undefined;
    const emails = p.emails ?? NONE;
    for (let k = 0; k < emails.length; k++) {
      const e = emails[k];
      const key = typeof e === 'string' ? mailboxKey(e) : undefined;
      if (key) holdContact(this.emails, key, i, OWN, e!.trim());
    }
    const phones = p.phones ?? NONE;
    for (let k = 0; k < phones.length; k++) {
      const ph = phones[k];
      if (typeof ph?.number === 'string') this.addPhone(i, ph.number, country, OWN, ph.lineType);
    }
    const refs = p.references ?? NONE;
    for (let k = 0; k < refs.length; k++) {
      const r = refs[k];
      if (typeof r?.email === 'string') {
        const key = mailboxKey(r.email);
        if (key) holdContact(this.emails, key, i, REF, r.email.trim());
      }
      if (typeof r?.phone === 'string') this.addPhone(i, r.phone, country, REF);
    }
    const payments = p.payments ?? NONE;
    for (let k = 0; k < payments.length; k++) {
      const pay = payments[k];
      if (typeof pay?.value === 'string') this.payment(i, pay, country);
    }
    const docs = p.documents ?? NONE;
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k];
      if (typeof d?.number !== 'string') continue;
      const num = documentNumberKey(d.number);
      if (num) holdScoped(this.documents, `${d.type ?? 'other'} ${num}`, i, d.country ? countryOf(d.country) || d.country.trim().toLowerCase() : '');
    }
    const profiles = p.profiles ?? NONE;
    for (let k = 0; k < profiles.length; k++) {
      const o = profiles[k];
      if (typeof o?.handle !== 'string') continue;
      const handle = handleKey(o.handle);
      const platform = this.platformOf(o.platform);
      if (handle && platform) holdScoped(this.onlineProfiles, `${platform}:${handle}`, i, '', undefined, o.platform);
    }
    const events = p.events ?? NONE;
    let lastDevice: string | undefined;
    let lastIpRaw: string | undefined;
    let lastIp = '';
    let lastHash = 0;
    const logins = this.logins;
    for (let k = 0; k < events.length; k++) {
      const e = events[k];
      if (e?.type !== 'login') continue;
      if (typeof e.ip === 'string') {
        // Logins repeat the home IP: normalise and count it once per run of equal addresses.
        if (e.ip !== lastIpRaw) {
          lastIpRaw = e.ip;
          lastIp = this.ipOf(e.ip);
          if (lastIp !== '') {
            lastHash = stringHash(lastIp, IP_SALT);
            this.buckets.note(lastHash, i);
          }
        }
        if (lastIp !== '') {
          logins.ip.push(lastIp);
          logins.hash.push(lastHash);
          logins.node.push(i);
          logins.event.push(e);
        }
      }
      if (typeof e.deviceId !== 'string' || e.deviceId === lastDevice) continue;
      if (nowMs !== Infinity) {
        const t = Date.parse(e.at);
        if (Number.isNaN(t) || t > nowMs) continue;
      }
      lastDevice = e.deviceId; // logins repeat one device: record it once per run
      const dev = e.deviceId.trim().toLowerCase();
      if (dev.length >= 4 && !PLACEHOLDER_DEVICE.test(dev)) holdScoped(this.devices, dev, i, '');
    }
  }

  private payment(i: number, pay: PaymentDestination, country: string | undefined): void {
    const raw = pay.value.trim();
    // Whatever the declared type, an IBAN is an IBAN and a crypto address is a wallet.
    if (pay.type === 'crypto_wallet' || (pay.type === 'payment_platform' && LOOKS_LIKE_ADDRESS.test(raw) && parseAddress(raw, pay.provider).key !== '')) {
      this.wNode.push(i);
      this.wRaw.push(raw);
      this.wCurrency.push(pay.provider);
      this.wHolder.push(pay.holderName);
      return;
    }
    const iban = ibanKey(raw);
    if (iban) {
      holdScoped(this.ibans, iban, i, '', pay.holderName, pay.provider);
      return;
    }
    if (pay.type === 'iban' || pay.type === 'bank_account') {
      const acct = bankAccountKey(raw);
      if (acct) holdScoped(this.accounts, acct, i, this.platformOf(pay.provider), pay.holderName, pay.provider);
      return;
    }
    // A payment-platform handle: an e-mail or a phone joins with contacts; else platform-scoped.
    if (raw.includes('@')) {
      const key = mailboxKey(raw);
      if (key) {
        holdContact(this.emails, key, i, PAY, raw, undefined, pay.provider, pay.holderName);
        return;
      }
    }
    // A phone number, unless it is bare digits too short for one with its area code: platforms
    // number their accounts too (a Payoneer customer id is 8 digits), and those join by platform.
    if (/^\+?[\d\s().-]{8,}$/.test(raw) && !/^\d{1,9}$/.test(raw)) {
      this.addPhone(i, raw, country, PAY, undefined, pay.provider, pay.holderName);
      return;
    }
    const handle = handleKey(raw);
    if (handle) holdScoped(this.handles, handle, i, this.platformOf(pay.provider), pay.holderName, pay.provider);
  }
}

const PHONE_EXTENSION = /(?:ext\.?|x|#)\s*\d+\s*$/i;

/** The last 7 digits of a phone number (extension cut) as a number, or -1 when fewer than 6. */
export function phoneTail(raw: string): number {
  let s = /[\u0080-\uffff]/.test(raw) ? raw.normalize('NFKC') : raw; // full-width digits, as normalizePhone reads them
  if (/[xX#tT]/.test(s)) s = s.replace(PHONE_EXTENSION, '');
  let tail = 0;
  let digits = 0;
  let scale = 1;
  for (let k = s.length - 1; k >= 0 && digits < 7; k--) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) continue;
    tail += (c - 0x30) * scale;
    scale *= 10;
    digits++;
  }
  return digits >= 6 ? tail * 10 + digits : -1;
}

export function cheapWallet(raw: string): string {
  let s = raw.replace(/^[a-z][a-z0-9+.-]*:(?:\/\/)?/i, '');
  const cut = s.search(/[?@/#]/);
  if (cut >= 0) s = s.slice(0, cut);
  return s.trim().toLowerCase();
}
