/**
 * Shared test helpers: where the real list files live, temporary directories, an app listening on
 * loopback, a plain candidate profile, link-analysis lookups, and throwaway PostgreSQL schemas for
 * the tests that also run against PostgreSQL (when VIGIL_PG_URL is set).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createVigil, type Vigil } from '../src/app/index.js';
import type { LinkAnalysis, LinkEdge, LinkEvidence, LinkKind } from '../src/hiring/links/index.js';
import { emptyProfile, type CandidateProfile } from '../src/hiring/profile.js';
import { loadRules } from '../src/hiring/rules.js';
import { after } from 'node:test';
import type { VigilApp } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The real official list files, beside the project root (never copied into the repo). */
export const LISTS_DIR = process.env.VIGIL_SOURCES_DIR
  ? resolve(process.env.VIGIL_SOURCES_DIR)
  : resolve(REPO_ROOT, '../shared/data/lists');

export function listFile(...parts: string[]): string {
  return join(LISTS_DIR, ...parts);
}

/** Start a built app on a free loopback port; its base URL (http://127.0.0.1:<port>). */
export async function listenOnLoopback(server: VigilApp): Promise<string> {
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
}

/** A candidate profile with a name, an e-mail, a US home and claimed location; `extra` adds the rest. */
export function testCandidate(ref: string, name: string, extra: Partial<CandidateProfile> = {}): CandidateProfile {
  return {
    ...emptyProfile(ref),
    names: [name],
    emails: [`${ref.toLowerCase()}@example.org`],
    homeAddress: { text: `${ref} Main Street 1, Springfield`, country: 'us' },
    claimedLocation: { country: 'us', timeZone: 'America/Chicago' },
    ...extra,
  };
}

/** A profile with only a reference and the name "Person <ref>"; `patch` adds the rest (link-analysis tests). */
export function linkProfile(ref: string, patch: Partial<CandidateProfile> = {}): CandidateProfile {
  return { ...emptyProfile(ref), names: [`Person ${ref}`], ...patch };
}

/** The edge between two profiles of a link analysis, whichever order they are named in. */
export function linkEdge(result: LinkAnalysis, a: string, b: string): LinkEdge | undefined {
  const [x, y] = a < b ? [a, b] : [b, a];
  return result.edges.find((e) => e.a === x && e.b === y);
}

/** The first piece of evidence of a kind on the edge between two profiles. */
export function linkEvidence(result: LinkAnalysis, a: string, b: string, kind: LinkKind): LinkEvidence | undefined {
  return linkEdge(result, a, b)?.evidence.find((e) => e.kind === kind);
}

/** A link analysis that links nobody (assessments that must not depend on other candidates). */
export const NO_LINKS: LinkAnalysis = {
  edges: [],
  clusters: [],
  clusterOf: () => undefined,
  edgesOf: () => [],
  hubs: [],
  stats: { profiles: 0, edges: 0, clusters: 0, operatorClusters: 0, hubs: 0, ms: 0 },
};

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = 'vigil-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The PostgreSQL server the PostgreSQL variants of the tests use, or undefined to skip them. */
export const PG_URL: string | undefined = process.env.VIGIL_PG_URL?.trim() || undefined;
/** The skip reason for PostgreSQL tests: set exactly when PG_URL is not. */
export const PG_SKIP: string | undefined = PG_URL ? undefined : 'VIGIL_PG_URL is not set (CI sets it)';

/**
 * Schemas of this test run on PG_URL: `next()` names a fresh one (`vigil_<topic>_<pid>_<random>`,
 * so concurrent runs never collide; the store creates it on open), `dropAll()` drops every one
 * named so far. Call `dropAll()` from an `after()` hook.
 */
export function pgSchemas(topic: string): { next(): string; dropAll(): Promise<void> } {
  if (!/^[a-z][a-z0-9_]*$/.test(topic)) throw new Error(`pgSchemas: topic must be lower-case letters, digits and _, not ${JSON.stringify(topic)}`);
  const made = new Set<string>();
  return {
    next() {
      let schema: string;
      do schema = `vigil_${topic}_${process.pid}_${randomBytes(4).toString('hex')}`;
      while (made.has(schema));
      if (schema.length > 63) throw new Error(`pgSchemas: ${schema} is longer than PostgreSQL's 63-byte identifier limit`);
      made.add(schema);
      return schema;
    },
    async dropAll() {
      if (!PG_URL || made.size === 0) return;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        for (const schema of made) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        made.clear();
      } finally {
        await client.end();
      }
    },
  };
}

/** Open a store, run `body` on it, and close it whatever happens. */
export async function withStore(open: () => Promise<Store>, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** The application over a store `open` gives (the built-in vetting rules), the store closed whatever happens. */
export async function withVigil(open: () => Promise<Store>, body: (vigil: Vigil) => Promise<void>): Promise<void> {
  await withStore(open, (store) => body(createVigil({ store, rules: () => loadRules([]) })));
}

/**
 * Register a suite on both stores: SQLite (each open a fresh file in a temporary folder) and
 * PostgreSQL at PG_URL (each open a fresh schema; skipped without VIGIL_PG_URL). The folder and
 * the schemas are removed after the test file.
 */
export function onBothStores(topic: string, suite: (name: 'sqlite' | 'postgres', open: () => Promise<Store>, skip?: string) => void): void {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const schemas = pgSchemas(topic);
  after(() => schemas.dropAll());
  let n = 0;
  suite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmp.dir, `${topic}-${++n}.sqlite`) }));
  suite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);
}

/**
 * The address a spawned `vigil serve` says it is serving on (its "serving on http://..." line on
 * stderr), and every line it wrote, kept as it goes on; rejects, with the lines, if it exits first.
 */
export async function servingAt(child: ChildProcess): Promise<{ base: string; log: string[] }> {
  const log: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => log.push(l));
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.push(line);
      const m = /serving on (http:\/\/[\d.:]+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`vigil serve exited with ${code}: ${log.join('\n')}`)));
  });
  return { base, log };
}
