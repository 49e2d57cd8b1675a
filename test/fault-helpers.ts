/**
 * Shared by the fault-injection tests (fault-import, fault-disk-full): two publications of the UN
 * Security Council list (an extract of the real file, 60 individuals and 20 entities, imported as
 * partial; and the real file), the `vigil` command run in-process or as a child process, and the
 * invariants a store must keep whatever happened to an import: the version in force is one of the
 * publications whole (its entity count that of the file), every version has exactly one
 * `list.import` audit record, and the audit chain verifies.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAudit } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { detectFormat } from '../src/lists/formats.js';
import type { Store } from '../src/store/index.js';
import { REPO_ROOT, listFile } from './helpers.js';

export const DATASET = 'un_sc_sanctions';
export const UN_FULL = listFile('un', 'un_consolidated_2026-02-27.xml');

/** The first `n` elements `<tag>` of the section `<section>` of a UN XML, the rest of the file as it is. */
function keepFirst(xml: string, tag: string, section: string, n: number): string {
  const close = `</${tag}>`;
  let at = xml.indexOf(`<${section}>`);
  assert.ok(at >= 0, `the UN file has a <${section}> section`);
  for (let i = 0; i < n; i++) {
    at = xml.indexOf(close, at);
    assert.ok(at >= 0, `the UN file has ${n} <${tag}> elements`);
    at += close.length;
  }
  return `${xml.slice(0, at)}\n  ${xml.slice(xml.indexOf(`</${section}>`))}`;
}

/** Write an extract of the real UN list (60 individuals, 20 entities) into `dir`; its path. */
export function writeUnExtract(dir: string): string {
  const file = join(dir, 'un_consolidated_extract.xml');
  const xml = readFileSync(UN_FULL, 'utf8');
  writeFileSync(file, keepFirst(keepFirst(xml, 'INDIVIDUAL', 'INDIVIDUALS', 60), 'ENTITY', 'ENTITIES', 20));
  return file;
}

/** How many entities a publication holds, read by its own adapter. */
export async function entitiesIn(file: string): Promise<number> {
  const adapter = await detectFormat(file);
  return (await adapter.parse([file], { dataset: DATASET })).entities.length;
}

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** `vigil ARGS` in this process (the CLI's own `main`), on the SQLite store of `dataDir` unless `env` says otherwise. */
export async function vigilIn(dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dataDir, ...args], {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    env: { VIGIL_STORE: 'sqlite', VIGIL_ACTOR: 'fault-test', ...env },
  });
  return { code, out, err };
}

/** `vigil ARGS` as a child process (src/cli/bin.ts under tsx, as bin/vigil runs its build), its output collected. */
export function vigilChild(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, VIGIL_ACTOR: 'fault-test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, exited };
}

export interface StoreState {
  /** Version ids of the dataset, oldest first. */
  versions: number[];
  /** The version in force. */
  current: { id: number; sha256: string; entities: number } | undefined;
  /** Count of `list.import` audit records. */
  importRecords: number;
  auditRecords: number;
}

/**
 * Check the invariants and return the state. `expected` maps the sha256 of each publication that
 * may be in force to its entity count: every version must be one of them, whole.
 */
export async function checkStore(store: Store, expected: Map<string, number>, context: string): Promise<StoreState> {
  const versions = (await store.versions(DATASET)).reverse();
  for (const v of versions) {
    const want = expected.get(v.sha256);
    assert.ok(want !== undefined, `${context}: version ${v.id} is one of the publications (sha256 ${v.sha256.slice(0, 12)})`);
    assert.equal(v.entityCount, want, `${context}: version ${v.id} says it holds the file's ${want} entities`);
    assert.equal((await store.versionHashes(v.id)).size, want, `${context}: version ${v.id} holds all ${want} entities of its file, not a part`);
  }
  const records = await store.repos.audit.records();
  const imports = records.filter((r) => r.action === 'list.import' && r.subject === DATASET);
  const recorded = imports.map((r) => Number(r.details.version)).sort((a, b) => a - b);
  assert.deepEqual(recorded, versions.map((v) => v.id), `${context}: every version has exactly one list.import audit record, and no record names a version that is not there`);
  const verified = await verifyAudit(store);
  assert.ok(verified.ok, `${context}: the audit trail verifies: ${JSON.stringify(verified.problems)}`);
  const current = await store.currentVersion(DATASET);
  return {
    versions: versions.map((v) => v.id),
    current: current && { id: current.id, sha256: current.sha256, entities: current.entityCount },
    importRecords: imports.length,
    auditRecords: records.length,
  };
}
