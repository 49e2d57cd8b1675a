/**
 * Every setting Vigil reads from the environment, in one table: the variables that set it, its
 * default, what it does (the README's table of environment variables is checked against these
 * descriptions) and how its value is read and checked.
 *
 * `loadConfig(env)` reads them all once into a typed Config. A value that cannot be used is a
 * ConfigError naming the variable and what was wrong; it is raised where the setting is used (a
 * bad VIGIL_PORT fails `vigil serve`, not `vigil lists status`), `problems` lists them all, and
 * `{ strict: true }` raises them at once. A blank variable counts as unset. Command-line flags,
 * where there are any, win over these settings; the commands apply them.
 */
import { ConfigError } from './errors.js';
import { parseAllowList } from './cases/webhook-targets.js';
import { DEFAULT_MAX_LIST_AGE_MS, parseDuration } from './lists/durations.js';

/** One setting: how the README shows it, and how its value is read. */
export interface Setting<T> {
  /** The variables that set it, the first one set winning. */
  variables: readonly [string, ...string[]];
  /** The value when none of them is set. */
  fallback: T;
  /** The default as the README's table shows it. */
  shownDefault: string;
  description: string;
  /** The value of a non-blank variable (trimmed); throws a ConfigError naming `variable`. */
  parse: (raw: string, variable: string) => T;
}

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

// How values are read: each parser names the variable in its error.

const text = (raw: string): string => raw;

const list = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function oneOf<V extends string>(values: readonly V[]) {
  return (raw: string, variable: string): V => {
    const value = raw.toLowerCase();
    if (!(values as readonly string[]).includes(value)) throw new ConfigError(`${variable} must be ${values.map((v) => `"${v}"`).join(' or ')}, not "${raw}"`);
    return value as V;
  };
}

/** A duration in milliseconds ("6h", "30d", "0"); a bare number is in `unit`. */
function duration(unit: 'h' | 'd') {
  return (raw: string, variable: string): number => {
    try {
      return parseDuration(raw, unit);
    } catch (err) {
      throw new ConfigError(`${variable}: ${(err as Error).message}`);
    }
  };
}

function port(raw: string, variable: string): number {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ConfigError(`${variable} must be a port number (0-65535), got "${raw}"`);
  return Number(raw);
}

function milliseconds(raw: string, variable: string): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${variable} must be a whole number of milliseconds, got "${raw}"`);
  return Number(raw);
}

function count(raw: string, variable: string): number {
  if (!/^\d{1,4}$/.test(raw)) throw new ConfigError(`${variable} must be a whole number (0 or more), got "${raw}"`);
  return Number(raw);
}

function httpUrl(raw: string, variable: string): string {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ConfigError(`${variable} must be an http or https URL, got "${raw}"`);
  return raw;
}

function httpUrls(raw: string, variable: string): string[] {
  return list(raw).map((url) => httpUrl(url, variable));
}

/** The webhook allow-list: CIDRs, addresses and host names, each checked (webhook-targets.ts). */
function webhookAllowList(raw: string, variable: string): string[] {
  const entries = list(raw);
  try {
    parseAllowList(entries);
  } catch (err) {
    throw new ConfigError(`${variable}: ${(err as Error).message}`);
  }
  return entries;
}

function positiveInteger(raw: string, variable: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new ConfigError(`${variable} must be a whole number of 1 or more, got "${raw}"`);
  return Number(raw);
}

/** Fastify's trustProxy: proxy addresses and CIDR ranges (never "trust everyone", which would let any client pick its address). */
function proxies(raw: string, variable: string): false | string[] {
  if (NO.test(raw)) return false;
  const entries = list(raw);
  for (const entry of entries) {
    if (!/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry)) {
      throw new ConfigError(`${variable} must be proxy addresses or CIDR ranges (comma-separated), loopback, linklocal or uniquelocal, got "${entry}"`);
    }
  }
  return entries;
}

const YES = /^(1|true|yes|on)$/i;
const NO = /^(0|false|no|off)$/i;

function onOff(raw: string, variable: string): boolean {
  if (YES.test(raw)) return true;
  if (NO.test(raw)) return false;
  throw new ConfigError(`${variable} must be 1, true or yes (on), or 0, false or no (off), got "${raw}"`);
}

/** The prefix of the per-dataset download URL overrides, followed by the dataset name in capitals. */
export const SOURCE_URL_PREFIX = 'VIGIL_SOURCE_URL_';

/** The settings, in the order of the README's table. */
export const SETTINGS = {
  dataDir: setting({
    variables: ['VIGIL_DATA_DIR'],
    fallback: 'vigil-data',
    shownDefault: '`./vigil-data`',
    description: 'data directory (`--data-dir`): the SQLite store, the index cache, batch job files',
    parse: text,
  }),
  store: setting({
    variables: ['VIGIL_STORE'],
    fallback: 'sqlite',
    shownDefault: '`sqlite`',
    description: '`sqlite` or `postgres`',
    parse: oneOf(['sqlite', 'postgres'] as const),
  }),
  pgUrl: setting({
    variables: ['VIGIL_PG_URL'],
    fallback: undefined,
    shownDefault: '(none)',
    description: 'PostgreSQL connection URL, with `VIGIL_STORE=postgres` (tests: the server they run against)',
    parse: text,
  }),
  pgSchema: setting({
    variables: ['VIGIL_PG_SCHEMA'],
    fallback: 'public',
    shownDefault: '`public`',
    description: "PostgreSQL schema to keep Vigil's tables in",
    parse: text,
  }),
  sourcesDir: setting({
    variables: ['VIGIL_SOURCES_DIR'],
    fallback: undefined,
    shownDefault: '(none: official URLs)',
    description:
      'local mirror of the list files (`--sources-dir`); nothing is downloaded, the refresh schedule is off. ' +
      'The tests, `npm run eval` and `npm run bench` read the list files from it, default `../shared/data/lists`',
    parse: text,
  }),
  sourceUrls: setting({
    variables: [`${SOURCE_URL_PREFIX}<DATASET>`],
    fallback: undefined,
    shownDefault: 'the official URL',
    description: `where one dataset is downloaded from (comma-separated for a set of files), e.g. \`${SOURCE_URL_PREFIX}US_OFAC_SDN\``,
    parse: httpUrls,
  }),
  datasets: setting({
    variables: ['VIGIL_DATASETS'],
    fallback: undefined,
    shownDefault: 'every dataset',
    description:
      'the configured datasets, comma-separated (`vigil serve --datasets`): readiness waits for these, `vigil lists update` and ' +
      "the server's updates fetch these (unless `--dataset` says otherwise), `vigil lists status` names those not imported",
    parse: list,
  }),
  refreshIntervalMs: setting({
    variables: ['VIGIL_REFRESH_INTERVAL'],
    fallback: undefined,
    shownDefault: '`6h` (off with a mirror)',
    description: 'how often `vigil serve` runs `lists update` (`--refresh-interval`); `0` never',
    parse: duration('h'),
  }),
  maxListAgeMs: setting({
    variables: ['VIGIL_MAX_LIST_AGE'],
    fallback: DEFAULT_MAX_LIST_AGE_MS,
    shownDefault: '`30d`',
    description: 'a list published longer ago is stale (`--max-list-age`); `0` never',
    parse: duration('d'),
  }),
  waitForLists: setting({
    variables: ['VIGIL_WAIT_FOR_LISTS'],
    fallback: false,
    shownDefault: 'off',
    description: '`1` (or `true`, `yes`): `vigil serve` starts with no list and answers 503 until one is imported (`--wait-for-lists`); `0`, `false`, `no`: off',
    parse: onOff,
  }),
  host: setting({
    variables: ['VIGIL_HOST', 'HOST'],
    fallback: '127.0.0.1',
    shownDefault: '`127.0.0.1`',
    description: 'address `vigil serve` listens on (`--host` wins, then `VIGIL_HOST`, then `HOST`)',
    parse: text,
  }),
  port: setting({
    variables: ['VIGIL_PORT', 'PORT'],
    fallback: 8080,
    shownDefault: '`8080`',
    description: 'port `vigil serve` listens on (`--port` wins, then `VIGIL_PORT`, then `PORT`); not a port number: `vigil serve` says which variable and exits 1',
    parse: port,
  }),
  url: setting({
    variables: ['VIGIL_URL'],
    fallback: 'http://127.0.0.1:8080',
    shownDefault: '`http://127.0.0.1:8080`',
    description: 'the service `vigil jobs submit` talks to (`--url`; it does not follow `PORT`)',
    parse: httpUrl,
  }),
  apiKey: setting({
    variables: ['VIGIL_API_KEY'],
    fallback: undefined,
    shownDefault: '(none)',
    description: 'API key `vigil jobs submit` sends (`--key`)',
    parse: text,
  }),
  actor: setting({
    variables: ['VIGIL_ACTOR'],
    fallback: undefined,
    shownDefault: 'the login name',
    description: 'who the audit trail names for CLI actions (`cli:<actor>`)',
    parse: text,
  }),
  auditKey: setting({
    variables: ['VIGIL_AUDIT_KEY'],
    fallback: undefined,
    shownDefault: '(none: not anchored)',
    description:
      'the audit key (at least 32 characters, e.g. `openssl rand -hex 32`): every new audit record gets an HMAC-SHA256 under it and `vigil audit verify` checks them, ' +
      'so a record edited and its chain recomputed is detected; keep it out of the database and its backups. Or VIGIL_AUDIT_KEY_FILE, not both',
    parse: text,
  }),
  auditKeyFile: setting({
    variables: ['VIGIL_AUDIT_KEY_FILE'],
    fallback: undefined,
    shownDefault: '(none)',
    description: 'a file holding the audit key (one key a line: the first MACs new records, the others are still accepted, to rotate keys)',
    parse: text,
  }),
  auditSigningKeyFile: setting({
    variables: ['VIGIL_AUDIT_SIGNING_KEY_FILE'],
    fallback: undefined,
    shownDefault: '(none)',
    description:
      'an Ed25519 private key (PEM, `vigil audit keygen`) that signs the checkpoints of `vigil audit checkpoint` and `GET /v1/audit/checkpoint`; ' +
      '`vigil audit verify --checkpoint` checks them with its public key',
    parse: text,
  }),
  hiringRules: setting({
    variables: ['VIGIL_HIRING_RULES'],
    fallback: [],
    shownDefault: '(none)',
    description: 'rule files, comma-separated, that add, override or disable vetting rules by id',
    parse: list,
  }),
  monitorStaleMs: setting({
    variables: ['VIGIL_MONITOR_STALE_MS'],
    fallback: undefined,
    shownDefault: '`60000`',
    description: 'a monitoring run on demand (`vigil monitor run`, `POST /v1/monitor/run`) takes over a run whose heartbeat is older than this (ms)',
    parse: milliseconds,
  }),
  webhookAllow: setting({
    variables: ['VIGIL_WEBHOOK_ALLOW'],
    fallback: [],
    shownDefault: '(none)',
    description:
      'webhook targets allowed although not public (on-premises receivers), comma-separated: CIDRs (`10.20.0.0/16`), addresses, ' +
      'host names (`hooks.corp.example`, `*.corp.example`); every other loopback, private, link-local, metadata or reserved target is refused',
    parse: webhookAllowList,
  }),
  rateLimitNamesPerMinute: setting({
    variables: ['VIGIL_RATE_LIMIT_NAMES_PER_MINUTE'],
    fallback: 60_000,
    shownDefault: '`60000`',
    description:
      'names each API key may screen per minute (a `/match` of 500 queries costs 500, `POST /v1/subjects` its rows, a batch job its rows, any other request 1); per server process',
    parse: positiveInteger,
  }),
  authFailuresPerMinute: setting({
    variables: ['VIGIL_AUTH_FAILURES_PER_MINUTE'],
    fallback: 20,
    shownDefault: '`20`',
    description: 'failed authentications (401) per minute from one client address, after which its requests get 429 until the budget refills',
    parse: positiveInteger,
  }),
  webDir: setting({
    variables: ['VIGIL_WEB_DIR'],
    fallback: undefined,
    shownDefault: '`dist/web` of the checkout',
    description: 'the built web UI (`npm run build` makes it from web/) that `vigil serve` serves at `/`',
    parse: text,
  }),
  sessionIdleMinutes: setting({
    variables: ['VIGIL_SESSION_IDLE_MINUTES'],
    fallback: 30,
    shownDefault: '`30`',
    description: 'minutes without a request after which a web UI session ends (its user signs in again)',
    parse: positiveInteger,
  }),
  trustProxy: setting({
    variables: ['VIGIL_TRUST_PROXY'],
    fallback: false as false | string[],
    shownDefault: 'off',
    description:
      'whose `X-Forwarded-For` gives the client address (for the per-address limit and the logs): the reverse proxies\' addresses or CIDR ranges, comma-separated (or `loopback`); off: the socket\'s address',
    parse: proxies,
  }),
  screenThreads: setting({
    variables: ['VIGIL_SCREEN_THREADS'],
    fallback: undefined,
    shownDefault: 'cores - 1 (at least 1)',
    description: 'worker threads `vigil serve` screens batches with (`/match`, subjects, batch jobs, vetting), off the event loop; `0`: on the event loop, in slices',
    parse: count,
  }),
  debug: setting({
    variables: ['VIGIL_DEBUG'],
    fallback: false,
    shownDefault: 'off',
    description: 'any value: the `vigil` command prints the stack of an error, not only its message',
    parse: () => true,
  }),
};

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
type ValueOf<S> = S extends Setting<infer T> ? T : never;

const BRAND: unique symbol = Symbol('vigil.config');

/** The settings as read from one environment. */
export type Config = { readonly [K in Exclude<SettingName, 'sourceUrls'>]: ValueOf<Settings[K]> } & {
  /** The download URLs VIGIL_SOURCE_URL_<DATASET> sets for `dataset`, or undefined for the official ones. */
  sourceUrlsOf(dataset: string): string[] | undefined;
  /** Every setting whose value cannot be used, one error each. */
  readonly problems: readonly ConfigError[];
  readonly [BRAND]: true;
};

/** The first of `variables` set to something other than blanks, with its value trimmed. */
function firstSet(env: NodeJS.ProcessEnv, variables: readonly string[]): { variable: string; raw: string } | undefined {
  for (const variable of variables) {
    const raw = env[variable]?.trim();
    if (raw) return { variable, raw };
  }
  return undefined;
}

/** Read every setting of `env`; with `strict`, any unusable value throws one ConfigError naming them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { strict?: boolean } = {}): Config {
  const problems: ConfigError[] = [];
  const read = <T>(s: Setting<T>, variable: string, raw: string): { value: T } | { error: ConfigError } => {
    try {
      return { value: s.parse(raw, variable) };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err);
      return { error: err };
    }
  };

  const config: Record<PropertyKey, unknown> = { [BRAND]: true };
  for (const [name, s] of Object.entries(SETTINGS) as [SettingName, Setting<unknown>][]) {
    if (name === 'sourceUrls') continue;
    const set = firstSet(env, s.variables);
    const outcome = set ? read(s, set.variable, set.raw) : { value: s.fallback };
    Object.defineProperty(config, name, {
      enumerable: true,
      get: () => {
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      },
    });
  }

  const overrides = new Map<string, ReturnType<typeof read<string[] | undefined>>>();
  for (const variable of Object.keys(env).filter((k) => k.startsWith(SOURCE_URL_PREFIX)).sort()) {
    const raw = env[variable]?.trim();
    if (raw) overrides.set(variable.slice(SOURCE_URL_PREFIX.length).toLowerCase(), read(SETTINGS.sourceUrls, variable, raw));
  }
  config.sourceUrlsOf = (dataset: string): string[] | undefined => {
    const outcome = overrides.get(dataset.toLowerCase());
    if (outcome && 'error' in outcome) throw outcome.error;
    return outcome?.value;
  };
  config.problems = Object.freeze([...problems]);

  if (options.strict && problems.length > 0) throw new ConfigError(problems.map((p) => p.message).join('; '));
  return Object.freeze(config) as unknown as Config;
}

/** A Config as it is, or the one an environment gives (for the functions that take either). */
export function configOf(source: Config | NodeJS.ProcessEnv = process.env): Config {
  return BRAND in source ? (source as Config) : loadConfig(source as NodeJS.ProcessEnv);
}

/** The README's table of these settings: one row each, as `| variables | default | description |`. */
export function settingsTableRows(): string[] {
  return Object.values(SETTINGS).map((s: Setting<unknown>) => `| ${s.variables.map((v) => `\`${v}\``).join(', ')} | ${s.shownDefault} | ${s.description} |`);
}
