/**
 * Detectors over login and activity events: hosting/VPN addresses, logins from countries other
 * than the claimed one, remote-access tools, logins of one account from two countries too close
 * in time for travel, activity in the claimed night, and sessions lasting a day or more.
 */
import type { ActivityEvent, CandidateProfile } from '../profile.js';
import { DAY_MS, HOUR_MS, detector, findName, fmtTime, list, pct, rangeOf, timeOf, type Evidence, type ParamSpec } from './common.js';

type Login = Extract<ActivityEvent, { type: 'login' }>;

function logins(profile: CandidateProfile): Login[] {
  return list(profile.events).filter((e): e is Login => e.type === 'login' && typeof e.ip === 'string');
}

function upper(country: string | undefined): string | undefined {
  const c = country?.trim().toUpperCase();
  return c ? c : undefined;
}

/**
 * Logins whose ipKind is one of these are left out of the geography rules: a VPN, proxy or Tor
 * exit's country is not where the person is, and the hosting_ip rule already counts such logins
 * (counting them again here would score one commercial-VPN habit three times). An empty list
 * counts every login, VPN hopping included.
 */
const IGNORE_IP_KINDS = {
  type: 'strings',
  default: ['vpn', 'proxy', 'tor', 'hosting'],
  description: "Values of a login's ipKind whose geolocation is not counted (VPN, proxy and Tor exits, hosting).",
} as const satisfies ParamSpec;

/** Group findings by a key, keeping the count and the first and last times. */
function grouped(items: { key: string; at: number; describe: string }[]): Evidence[] {
  const groups = new Map<string, { describe: string; first: number; last: number; count: number }>();
  for (const it of items) {
    const g = groups.get(it.key);
    if (!g) groups.set(it.key, { describe: it.describe, first: it.at, last: it.at, count: 1 });
    else {
      g.count++;
      g.first = Math.min(g.first, it.at);
      g.last = Math.max(g.last, it.at);
    }
  }
  return [...groups.values()]
    .sort((a, b) => a.first - b.first)
    .map((g) => ({
      text:
        g.count === 1
          ? `login from ${g.describe} on ${fmtTime(g.first)}`
          : `${g.count} logins from ${g.describe}, first on ${fmtTime(g.first)}, last on ${fmtTime(g.last)}`,
    }));
}

export const hostingIp = detector({
  name: 'hosting_ip',
  description:
    'Logins from an address in a hosting/VPS/VPN range given in the rule parameters, or one the caller\'s IP intelligence marks as hosting, vpn, proxy or tor.',
  reads: ['events'],
  params: {
    ranges: { type: 'ranges', default: [], description: 'CIDR ranges of hosting, VPS and VPN providers: [{cidr, label}].' },
    ipKinds: { type: 'strings', default: ['hosting', 'vpn', 'proxy', 'tor'], description: 'Values of a login\'s ipKind that count.' },
  },
  run(profile, _ctx, params) {
    const kinds = new Set(params.ipKinds.map((k) => k.toLowerCase()));
    const items: { key: string; at: number; describe: string }[] = [];
    for (const login of logins(profile)) {
      const at = timeOf(login.at);
      if (at === undefined) continue;
      const range = rangeOf(login.ip, params.ranges);
      const kind = login.ipKind?.trim().toLowerCase();
      const reasons: string[] = [];
      if (range) reasons.push(`hosting range ${range.cidr}${range.label ? ` "${range.label}"` : ''}`);
      if (kind && kinds.has(kind)) reasons.push(`IP intelligence: ${kind}`);
      if (reasons.length === 0) continue;
      items.push({ key: `${login.ip}|${reasons.join('|')}`, at, describe: `${login.ip} (${reasons.join('; ')})` });
    }
    return grouped(items);
  },
});

export const loginCountryMismatch = detector({
  name: 'login_country_mismatch',
  description: 'Logins geolocated (ipCountry) to countries other than the claimed country of residence.',
  reads: ['events', 'claimedLocation'],
  params: {
    minShare: { type: 'number', default: 0.25, min: 0, max: 1, description: 'Share of geolocated logins from elsewhere at which the rule fires.' },
    minLogins: { type: 'integer', default: 1, min: 1, description: 'Fewest logins from elsewhere at which the rule fires.' },
    ignoreIpKinds: IGNORE_IP_KINDS,
  },
  run(profile, _ctx, params) {
    const claimed = upper(profile.claimedLocation?.country);
    if (!claimed) return [];
    const ignore = new Set(params.ignoreIpKinds.map((k) => k.toLowerCase()));
    const located = logins(profile).filter(
      (l) => upper(l.ipCountry) !== undefined && timeOf(l.at) !== undefined && !ignore.has(l.ipKind?.trim().toLowerCase() ?? ''),
    );
    const elsewhere = located.filter((l) => upper(l.ipCountry) !== claimed);
    if (elsewhere.length === 0 || elsewhere.length < params.minLogins) return [];
    const share = elsewhere.length / located.length;
    if (share < params.minShare) return [];
    const byCountry = new Map<string, Login[]>();
    for (const l of elsewhere) {
      const c = upper(l.ipCountry)!;
      byCountry.set(c, [...(byCountry.get(c) ?? []), l]);
    }
    const out: Evidence[] = [
      {
        text: `${elsewhere.length} of ${located.length} geolocated logins (${pct(share)}) come from outside the claimed country ${claimed} (rule fires at ${pct(params.minShare)})`,
      },
    ];
    for (const [country, ls] of [...byCountry].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
      const ips = [...new Set(ls.map((l) => l.ip))];
      const times = ls.map((l) => timeOf(l.at)!).sort((a, b) => a - b);
      out.push({
        text: `${ls.length} login${ls.length > 1 ? 's' : ''} from ${country} (${ips.slice(0, 5).join(', ')}${ips.length > 5 ? ', ...' : ''}), first on ${fmtTime(times[0]!)}`,
      });
    }
    return out;
  },
});

export const remoteAccessTool = detector({
  name: 'remote_access_tool',
  description: 'Remote-access or remote-desktop tools seen in login sessions (login.tool) or activity records.',
  reads: ['events'],
  params: {
    tools: { type: 'strings', default: [], description: 'Names of remote-access tools (matched by whole words, case-insensitive).' },
  },
  run(profile, _ctx, params) {
    const items: { key: string; at: number; describe: string }[] = [];
    const out: Evidence[] = [];
    for (const e of list(profile.events)) {
      const at = timeOf(e.at);
      if (at === undefined) continue;
      if (e.type === 'login' && e.tool) {
        const tool = findName(e.tool, params.tools);
        if (tool) items.push({ key: `${e.ip}|${e.tool}`, at, describe: `${e.ip} with remote-access tool "${e.tool}" (${tool})` });
      } else if (e.type === 'activity' && e.what) {
        const tool = findName(e.what, params.tools);
        if (tool) out.push({ text: `activity on ${fmtTime(at)} mentions remote-access tool ${tool}: "${e.what}"` });
      }
    }
    return [...grouped(items), ...out];
  },
});

export const impossibleTravel = detector({
  name: 'impossible_travel',
  description:
    'One account logged into from two different countries (ipCountry) with less time between the sessions than any journey takes, or with sessions overlapping. A phone roaming abroad shows its home carrier\'s country: sessions on a mobile address in the claimed country are not compared.',
  reads: ['events', 'claimedLocation'],
  params: {
    minTravelHours: {
      type: 'number',
      default: 2,
      min: 0,
      description: 'Hours between the end of one session and the start of the next below which moving between two countries is impossible.',
    },
    ignoreIpKinds: IGNORE_IP_KINDS,
    roamingIpKinds: {
      type: 'strings',
      default: ['mobile', 'cellular'],
      description:
        "Values of a login's ipKind for mobile carriers: such a session geolocated in the claimed country may be the candidate's phone roaming abroad (its data leaves through the home carrier), so it is not compared.",
    },
  },
  run(profile, _ctx, params) {
    const window = params.minTravelHours * HOUR_MS;
    const ignore = new Set(params.ignoreIpKinds.map((k) => k.toLowerCase()));
    const roaming = new Set(params.roamingIpKinds.map((k) => k.toLowerCase()));
    const home = upper(profile.claimedLocation?.country);
    const byAccount = new Map<string, { login: Login; at: number; end: number; country: string }[]>();
    for (const login of logins(profile)) {
      const at = timeOf(login.at);
      const country = upper(login.ipCountry);
      const kind = login.ipKind?.trim().toLowerCase() ?? '';
      if (at === undefined || !country || ignore.has(kind) || (roaming.has(kind) && country === home)) continue;
      const account = login.account?.trim() || profile.ref;
      const end = at + Math.max(0, login.durationMinutes ?? 0) * 60_000;
      byAccount.set(account, [...(byAccount.get(account) ?? []), { login, at, end, country }]);
    }
    const out: Evidence[] = [];
    for (const [account, sessions] of [...byAccount].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      sessions.sort((a, b) => a.at - b.at);
      for (let i = 0; i < sessions.length; i++) {
        const a = sessions[i]!;
        for (let j = i + 1; j < sessions.length; j++) {
          const b = sessions[j]!;
          if (b.at >= a.end + window) break;
          if (b.country === a.country) continue;
          const gap = b.at - a.end;
          const when =
            gap < 0
              ? 'the sessions overlap'
              : `${Math.round(gap / 60_000)} min after the first session ended (under ${params.minTravelHours} h, too little to travel)`;
          out.push({
            text: `account ${account}: login from ${a.login.ip} (${a.country}) on ${fmtTime(a.at)} and from ${b.login.ip} (${b.country}) on ${fmtTime(b.at)}: ${when}`,
          });
        }
      }
    }
    return out;
  },
});

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();
const offsetMemo = new Map<string, Map<number, number>>();
/** Days remembered per time zone (about 270 years of days). */
const OFFSET_MEMO_LIMIT = 100_000;

/** The UTC offset of time zone `tz` at `ms`, in minutes; undefined for an unknown zone. */
function offsetAt(ms: number, tz: string): number | undefined {
  let f = zoneFormats.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      f = null;
    }
    zoneFormats.set(tz, f);
  }
  if (f === null) return undefined;
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((local - (ms - (ms % 60_000))) / 60_000);
}

/** Offset at the start of UTC day `day` (memoised: thousands of events share a few hundred days). */
function dayOffset(day: number, tz: string): number | undefined {
  let days = offsetMemo.get(tz);
  const known = days?.get(day);
  if (known !== undefined) return known;
  const offset = offsetAt(day * DAY_MS, tz);
  if (offset === undefined) return undefined;
  if (!days || days.size >= OFFSET_MEMO_LIMIT) {
    days = new Map();
    offsetMemo.set(tz, days);
  }
  days.set(day, offset);
  return offset;
}

/** The hour (0-23) of `ms` in time zone `tz` (Intl time-zone data); undefined for an unknown zone. */
export function hourIn(ms: number, tz: string): number | undefined {
  const day = Math.floor(ms / DAY_MS);
  const start = dayOffset(day, tz);
  if (start === undefined) return undefined;
  // The same offset at both ends of the UTC day: no change (daylight saving) within it.
  const offset = start === dayOffset(day + 1, tz) ? start : offsetAt(ms, tz)!;
  const local = (((ms + offset * 60_000) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(local / HOUR_MS);
}

function inWindow(hour: number, start: number, end: number): boolean {
  return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
}

function hh(h: number): string {
  return `${String(h).padStart(2, '0')}:00`;
}

function utcOffset(h: number): string {
  return `UTC${h >= 0 ? '+' : '-'}${String(Math.abs(h)).padStart(2, '0')}:00`;
}

export const nightActivity = detector({
  name: 'night_activity',
  description:
    'Most logins and activity fall in the night of the claimed time zone (they would be working hours in a far-away one). The rule fires when at least minShare of at least minEvents timestamped events fall between nightStart and nightEnd, local time of claimedLocation.timeZone.',
  reads: ['events', 'claimedLocation'],
  params: {
    nightStart: { type: 'integer', default: 22, min: 0, max: 23, description: 'Local hour the night starts.' },
    nightEnd: { type: 'integer', default: 6, min: 0, max: 23, description: 'Local hour the night ends.' },
    minEvents: { type: 'integer', default: 10, min: 1, description: 'Fewest timestamped login/activity events to judge by.' },
    minShare: { type: 'number', default: 0.6, min: 0, max: 1, description: 'Share of events in the night at which the rule fires.' },
    workStart: { type: 'integer', default: 9, min: 0, max: 23, description: 'Start of working hours (for the explanation).' },
    workEnd: { type: 'integer', default: 18, min: 0, max: 23, description: 'End of working hours (for the explanation).' },
  },
  run(profile, _ctx, params) {
    const tz = profile.claimedLocation?.timeZone?.trim();
    if (!tz || hourIn(0, tz) === undefined) return [];
    const times = list(profile.events)
      .filter((e) => e.type === 'login' || e.type === 'activity')
      .map((e) => timeOf(e.at))
      .filter((t): t is number => t !== undefined);
    if (times.length < params.minEvents) return [];
    const night = times.filter((t) => inWindow(hourIn(t, tz)!, params.nightStart, params.nightEnd));
    const share = night.length / times.length;
    if (share < params.minShare) return [];
    const out: Evidence[] = [
      {
        text: `${night.length} of ${times.length} logins/activity events (${pct(share)}) fall between ${hh(params.nightStart)} and ${hh(params.nightEnd)} in the claimed time zone ${tz} (rule fires at ${pct(params.minShare)} of at least ${params.minEvents} events)`,
      },
    ];
    // Where the same events would be the middle of a working day: the whole-hour UTC offset that
    // moves their (circular) mean hour to the middle of workStart-workEnd.
    let x = 0;
    let y = 0;
    for (const t of times) {
      const angle = ((new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60) / 24) * 2 * Math.PI;
      x += Math.cos(angle);
      y += Math.sin(angle);
    }
    if (Math.hypot(x, y) / times.length >= 0.3) {
      const meanHour = ((Math.atan2(y, x) / (2 * Math.PI)) * 24 + 24) % 24;
      const middle = (params.workStart + ((params.workEnd - params.workStart + 24) % 24) / 2) % 24;
      let offset = Math.round(middle - meanHour);
      if (offset > 14) offset -= 24;
      if (offset < -12) offset += 24;
      const working = times.filter((t) => inWindow((((new Date(t).getUTCHours() + offset) % 24) + 24) % 24, params.workStart, params.workEnd)).length;
      out.push({
        text: `the same events would be working hours (${hh(params.workStart)}-${hh(params.workEnd)}) at about ${utcOffset(offset)}: ${working} of ${times.length} (${pct(working / times.length)}) fall in them there`,
      });
    }
    return out;
  },
});

export const longSessions = detector({
  name: 'long_sessions',
  description: 'Login sessions lasting a day or more without a break.',
  reads: ['events'],
  params: {
    minHours: { type: 'number', default: 24, min: 1, description: 'Session length in hours at which the rule fires.' },
  },
  run(profile, _ctx, params) {
    const out: Evidence[] = [];
    for (const login of logins(profile)) {
      const at = timeOf(login.at);
      const minutes = login.durationMinutes;
      if (at === undefined || typeof minutes !== 'number' || minutes < params.minHours * 60) continue;
      out.push({
        text: `session from ${login.ip} on ${fmtTime(at)}${login.account ? ` (account ${login.account})` : ''} lasted ${(minutes / 60).toFixed(1)} h without a break (rule fires at ${params.minHours} h)`,
      });
    }
    return out;
  },
});
