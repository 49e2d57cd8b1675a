/**
 * README.md as a newcomer walks it. Every ```sh block of the README runs as written, in order, on a
 * copy of this working tree (the files git tracks or would add) in a fresh directory: `./vigil-data`
 * starts empty, `../shared/data/lists` is the mirror of the official list files (a link to
 * VIGIL_SOURCES_DIR, or to the one beside this checkout), and no VIGIL_* variable of the test run
 * leaks in. Each block must exit 0, and the outputs in EXPECTED below must appear.
 *
 * The convention, as "This README is tested" in README.md says it:
 * - only ```sh blocks are commands; other fences (```text, a bare ```) are never run, and ```bash,
 *   ```shell or ```console are refused, so that no command block is left out by its spelling;
 * - the blocks share one shell state, as in one terminal: exported variables and the working
 *   directory carry over from one block to the next (each runs under `set -e -o pipefail`);
 * - `<!-- readme-test: background -->` on the line before a block: a server. It is started in its
 *   own process group, the next blocks run once its /readyz answers 200, and it is stopped
 *   (SIGTERM, as Ctrl-C) when the next server block starts or the walk ends;
 * - `<!-- readme-test: skip: REASON -->` on the line before a block: not run, for that reason;
 * - two deviations: the servers listen on a free port rather than 8080 (PORT and VIGIL_URL are set,
 *   and "127.0.0.1:8080" in a block is read as that port), and a block's leading `npm ci && ` is
 *   not run (the copy links this checkout's node_modules; `npm ci` needs the network and minutes).
 *
 * Two more tests check the README's tables of environment variables: the first table is the one
 * src/config.ts describes, row for row, and the tables together name every VIGIL_* variable that
 * src/, bench/, eval/ and bin/ read, and nothing else.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { settingsTableRows } from '../src/config.js';
import { LISTS_DIR, REPO_ROOT } from './helpers.js';

export type BlockMode = 'run' | 'background' | 'skip';

export interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  mode: BlockMode;
  /** Why a skipped block is not run. */
  reason?: string;
  text: string;
}

const MARKER = /^<!--\s*readme-test:\s*(.*?)\s*-->\s*$/;
const FENCE = /^(`{3,})\s*([^`\s]*)\s*$/;
/** Fence languages that look like commands but would not be run: refused. */
const OTHER_SHELLS = new Set(['bash', 'shell', 'console', 'zsh', 'shell-session', 'sh-session']);

/** The ```sh blocks of a Markdown text, each with its mode; a misplaced or unknown marker is an Error. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  let pending: { mode: BlockMode; reason?: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = MARKER.exec(line);
    if (marker) {
      const m = /^(background|skip)(?::\s*(.*))?$/.exec(marker[1]!);
      if (!m) throw new Error(`README line ${i + 1}: unknown marker "${marker[1]}" (readme-test: background, or readme-test: skip: REASON)`);
      if (m[1] === 'skip' && !m[2]?.trim()) throw new Error(`README line ${i + 1}: a skipped block says why (readme-test: skip: REASON)`);
      pending = { mode: m[1] as BlockMode, reason: m[2]?.trim() || undefined, line: i + 1 };
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (pending) throw new Error(`README line ${pending.line}: the marker must be on the line just before a \`\`\`sh block`);
      continue;
    }
    const lang = fence[2]!.toLowerCase();
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith(fence[1]!); i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`README line ${start + 1}: the code block is never closed`);
    if (OTHER_SHELLS.has(lang)) throw new Error(`README line ${start + 1}: \`\`\`${lang} block: write commands as \`\`\`sh (only those are run)`);
    if (lang !== 'sh') {
      if (pending) throw new Error(`README line ${pending.line}: the marker must be on the line just before a \`\`\`sh block`);
      continue;
    }
    blocks.push({ line: start + 1, mode: pending?.mode ?? 'run', ...(pending?.reason ? { reason: pending.reason } : {}), text: body.join('\n') });
    pending = undefined;
  }
  if (pending) throw new Error(`README line ${pending.line}: the marker is not followed by a \`\`\`sh block`);
  return blocks;
}

/** What must appear in the output (stdout and stderr) of the block holding `command`, and in files it writes. */
interface Expected {
  command: string;
  output?: RegExp[];
  /** Path (relative to the copy) -> patterns its content must match. */
  files?: Record<string, RegExp[]>;
}

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const EXPECTED: Expected[] = [
  { command: 'bin/vigil --version', output: [new RegExp(`^${VERSION.replace(/\./g, '\\.')}$`, 'm')] },
  { command: 'bin/vigil lists status', output: [/us_ofac_sdn/, /un_sc_sanctions/, /gb_fcdo_sanctions/] },
  { command: 'sdn_advanced_2025-07-01.xml.gz', output: [/us_ofac_sdn: imported version \d+ \(ofac-advanced-xml, published 2025-07-01\)/] },
  { command: 'bin/vigil lists update', output: [/us_ofac_sdn: imported version \d+, published 2025-11-19/, /un_sc_sanctions: up to date/] },
  {
    command: 'bin/vigil lists diff --dataset us_ofac_sdn',
    output: [/us_ofac_sdn: version \d+ \(published 2025-07-01\) -> version \d+ \(published 2025-11-19\)/, /\+ LUKOIL OAO {2}\[Organization us_ofac_sdn-17248\]/, /\[CryptoWallet us_ofac_sdn-22985-usdt-T\w+\]/],
  },
  { command: 'bin/vigil entity us_ofac_sdn-22985', output: [/CHEIL CREDIT BANK/, /TXFUYHVJMDyKikutvCG6qNgTUS5pxtZhHs/] },
  { command: 'bin/vigil screen "Kum-hyok Song"', output: [/Song Kum Hyok {2}\[Person us_ofac_sdn-49970\] {2}score 1\.000 {2}MATCH/] },
  { command: 'bin/vigil screen "송금혁"', output: [/name "송금혁" \(read "Song Kum Hyok"\) ~ name "Song Kum Hyok"/] },
  { command: 'bin/vigil screen --wallet TXFUYHVJMDyKikutvCG6qNgTUS5pxtZhHs', output: [/CHEIL CREDIT BANK {2}\[Organization us_ofac_sdn-22985\] {2}score 1\.000 {2}MATCH/] },
  {
    command: 'bin/vigil screen --input examples/queries.jsonl --output results.jsonl',
    output: [/screened 5 queries/],
    files: { 'results.jsonl': [/"id":"q1".*"id":"us_ofac_sdn-49970"/, /"id":"q3".*"id":"us_ofac_sdn-22985"/, /"id":"q4".*"id":"us_ofac_sdn-49970"/] },
  },
  { command: 'bin/vigil compare --input examples/pairs.jsonl', output: [/compared 3 pairs/], files: { 'scores.jsonl': [/"id":"p1".*"match":true/, /"id":"p2".*"match":false/] } },
  { command: 'bin/vigil subjects import examples/customers.csv', output: [/subjects: 5 created/, /3 alerts opened/] },
  { command: 'bin/vigil alerts list --status open', output: [/^1\topen\tC-1002\tKim Chol \(us_ofac_sdn-23483\)/m, /^2\topen\tC-1003\tSong Kum Hyok \(us_ofac_sdn-49970\)/m] },
  {
    command: 'VIGIL_ACTOR=alice bin/vigil alerts decide 2',
    output: [/alert 2 stays confirmed: making a confirmed match false_positive needs a second analyst's approval/, /requested by cli:alice/, /the reversal request on alert 2 was rejected; the alert stays confirmed/],
  },
  { command: 'bin/vigil monitor run --full', output: [/1 suppressed as decided false positives/] },
  { command: 'bin/vigil candidates import examples/candidates.jsonl', output: [/candidates: 3 created/, /1 operator cluster/] },
  { command: 'bin/vigil candidates assess C-1042', output: [/^C-1042: BLOCK/m, /sanctions\.wallet/, /links\.operator_cluster/] },
  { command: 'bin/vigil candidates clusters', output: [/C-1042, C-1043/] },
  {
    command: '/v1/screen',
    output: [/"status":"ok"/, /"id":"us_ofac_sdn-49970","caption":"Song Kum Hyok"/, /"versions":\[\{"dataset"/, /"responses":\{"q1":\{"status":200/, /"dataset":"un_sc_sanctions","status":"unchanged"/],
  },
  { command: 'bin/vigil jobs submit examples/queries.jsonl', output: [/job \S+: 5 rows screened/], files: { 'job-results.jsonl': [/us_ofac_sdn-22985/] } },
  { command: 'curl -s 127.0.0.1:8080/v1/lists', output: [/"status":"ok"/, /"dataset":"us_ofac_sdn"/, /"dataset":"un_sc_sanctions"/] },
];

/** A free TCP port on loopback. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The files of this working tree a fresh clone would hold (tracked, or new and not ignored), or undefined without git. */
function workingTreeFiles(): string[] | undefined {
  try {
    const out = execFileSync('git', ['-C', REPO_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    return out.split('\0').filter((f) => f !== '');
  } catch {
    return undefined;
  }
}

/** The environment of a fresh terminal: no VIGIL_* or npm_* variable, no HOST/PORT; the test's port. */
function newcomerEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VIGIL_|npm_)/i.test(k) || k === 'HOST' || k === 'PORT' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  env.PATH = [dirname(process.execPath), env.PATH ?? ''].join(delimiter);
  env.PORT = String(port);
  env.VIGIL_URL = `http://127.0.0.1:${port}`;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

/** The block as the test runs it: the free port for 8080, and no leading `npm ci && `. */
function asRun(text: string, port: number): string {
  return text.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`).replace(/^(\s*)npm ci && /gm, '$1');
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/** A bash script that restores the shell state, runs `body`, and (for a foreground block) saves the state again. */
function script(stateDir: string, body: string, save: boolean): string {
  const env = join(stateDir, 'env');
  const cwd = join(stateDir, 'cwd');
  return [
    'set -e -o pipefail',
    `if [ -f ${shellQuote(env)} ]; then . ${shellQuote(env)}; fi`,
    `cd "$(cat ${shellQuote(cwd)})"`,
    body,
    ...(save ? [`export -p | grep -v -E '^declare -x (PWD|OLDPWD|SHLVL|_)=' > ${shellQuote(env)}`, `pwd > ${shellQuote(cwd)}`] : []),
  ].join('\n');
}

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runBash(source: string, env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', source], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      stderr += `\n[readme.test: killed after ${timeoutMs / 1000} s]`;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return undefined;
  }
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

describe('README.md', () => {
  it('parses its own convention: sh blocks, background and skip markers, other shells refused', () => {
    const md = ['# t', '<!-- readme-test: background -->', '```sh', 'npm start', '```', '```text', 'output', '```', '<!-- readme-test: skip: slow -->', '```sh', 'npm test', '```', '```sh', 'ls', '```'].join('\n');
    assert.deepEqual(readmeBlocks(md), [
      { line: 3, mode: 'background', text: 'npm start' },
      { line: 10, mode: 'skip', reason: 'slow', text: 'npm test' },
      { line: 13, mode: 'run', text: 'ls' },
    ]);
    assert.throws(() => readmeBlocks('```bash\nls\n```'), /write commands as ```sh/);
    assert.throws(() => readmeBlocks('<!-- readme-test: skip -->\n```sh\nls\n```'), /says why/);
    assert.throws(() => readmeBlocks('<!-- readme-test: later -->\n```sh\nls\n```'), /unknown marker/);
    assert.throws(() => readmeBlocks('<!-- readme-test: background -->\n\n```sh\nls\n```'), /just before/);
    assert.equal(asRun('npm ci && VIGIL_SOURCES_DIR=x npm start   # on 127.0.0.1:8080', 9999), 'VIGIL_SOURCES_DIR=x npm start   # on 127.0.0.1:9999');
  });

  it('starts with the command that installs and serves on the local mirror, then the one that runs every test', () => {
    const [first, second] = readmeBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
    assert.match(first!.text, /^npm ci && VIGIL_SOURCES_DIR=\.\.\/shared\/data\/lists (\w+=\S+ )*npm start\b/m);
    assert.match(second!.text, /^npm test\b/);
  });

  it("shows the settings of src/config.ts in its first table of environment variables, row for row", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = /^## Environment variables\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    assert.ok(section, 'README has a section "## Environment variables"');
    const firstTable = /^\| variable \| default \| what it sets \|\n\|---\|---\|---\|\n((?:\|.*\n)+)/m.exec(section)?.[1];
    assert.ok(firstTable, 'the section starts with a table | variable | default | what it sets |');
    const rows = firstTable.trimEnd().split('\n');
    const expected = settingsTableRows();
    const missing = expected.filter((r) => !rows.includes(r));
    const extra = rows.filter((r) => !expected.includes(r));
    assert.deepEqual(
      { missing, extra },
      { missing: [], extra: [] },
      `the README's table and src/config.ts disagree; the rows src/config.ts gives (paste them into the README):\n${expected.join('\n')}`,
    );
    assert.deepEqual(rows, expected, 'the rows are in the order of src/config.ts');
  });

  it('names every environment variable Vigil reads in its tables, each with a default', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = /^## Environment variables\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    assert.ok(section, 'README has a section "## Environment variables"');
    const documented = new Set<string>();
    for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
      const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
      assert.ok(cells[2] && cells[2] !== '', `a default for ${cells[1]}`);
      for (const m of cells[1]!.matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)) documented.add(m[1]!);
    }
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (lstatSync(path).isDirectory()) {
          if (name !== 'node_modules' && name !== 'out' && !name.startsWith('.')) walk(path);
        } else if (/\.(ts|js|mjs)$/.test(name) || dir.endsWith('bin')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/\bVIGIL_[A-Z0-9_]+/g)) read.add(m[0].endsWith('_') ? `${m[0]}<DATASET>` : m[0]);
        }
      }
    };
    for (const dir of ['src', 'bench', 'eval', 'bin']) walk(join(REPO_ROOT, dir));
    const missing = [...read].filter((v) => !documented.has(v));
    assert.deepEqual(missing, [], `variables read by the code but not in the README's table: ${missing.join(', ')}`);
    const vigilDocumented = [...documented].filter((v) => v.startsWith('VIGIL_'));
    const stale = vigilDocumented.filter((v) => !read.has(v));
    assert.deepEqual(stale, [], `variables in the README's table that no code reads: ${stale.join(', ')}`);
    for (const v of ['PORT', 'HOST']) assert.ok(documented.has(v), `${v} is in the table`);
  });
});

describe('README.md as a newcomer walks it', { timeout: 15 * 60_000 }, async () => {
  const files = workingTreeFiles();
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const blocks = readmeBlocks(readme);
  const root = mkdtempSync(join(tmpdir(), 'vigil-readme-'));
  const clone = join(root, 'vigil');
  const stateDir = join(root, '.shell-state');
  const port = await freePort();
  const env = newcomerEnv(port);
  let server: { child: ChildProcess; log: string; line: number } | undefined;
  let failed: string | undefined;

  const stopServer = async () => {
    if (!server) return;
    const { child } = server;
    server = undefined;
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
    killGroup(child, 'SIGTERM');
    const deadline = Date.now() + 20_000;
    // Stopped once its leader has exited and the port answers no more (the next server needs it).
    while (Date.now() < deadline) {
      const gone = await Promise.race([exited.then(() => true), sleep(200).then(() => false)]);
      if (gone && (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === undefined) return;
    }
    killGroup(child, 'SIGKILL');
    await exited;
  };

  // A server in its own process group outlives this process unless stopped: also on an abrupt exit.
  const onExit = () => {
    if (server) killGroup(server.child, 'SIGKILL');
  };
  process.on('exit', onExit);
  after(async () => {
    process.off('exit', onExit);
    await stopServer();
    rmSync(root, { recursive: true, force: true });
  });

  it('makes a fresh copy of the working tree beside ../shared/data/lists', { skip: files ? undefined : 'git is not available to list the files of a clone' }, () => {
    assert.ok(existsSync(LISTS_DIR), `the list mirror ${LISTS_DIR} exists (VIGIL_SOURCES_DIR)`);
    mkdirSync(join(root, 'shared', 'data'), { recursive: true });
    symlinkSync(LISTS_DIR, join(root, 'shared', 'data', 'lists'));
    for (const f of files!) {
      const from = join(REPO_ROOT, f);
      if (!existsSync(from) || lstatSync(from).isDirectory()) continue; // deleted in the working tree, or a submodule
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(from, join(clone, f));
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'));
    assert.ok(!existsSync(join(clone, 'vigil-data')) && !existsSync(join(clone, 'dist')), 'no data dir and no build in the copy');
    mkdirSync(stateDir);
    writeFileSync(join(stateDir, 'cwd'), `${clone}\n`);
  });

  for (const block of blocks) {
    const first = block.text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
    const name = `README line ${block.line} (${block.mode}): ${first.trim().slice(0, 90)}`;
    if (!files || block.mode === 'skip') {
      it(name, { skip: files ? block.reason : 'no copy of the working tree' }, () => {});
      continue;
    }
    it(name, { timeout: 6 * 60_000 }, async (t) => {
      if (failed) return t.skip(`an earlier block failed (${failed})`);
      const source = asRun(block.text, port);
      try {
        if (block.mode === 'background') {
          await stopServer();
          const logFile = join(root, `server-${block.line}.log`);
          const fd = openSync(logFile, 'w');
          const child = spawn('bash', ['-c', script(stateDir, source, false)], { cwd: clone, env, stdio: ['ignore', fd, fd], detached: true });
          closeSync(fd);
          server = { child, log: logFile, line: block.line };
          const deadline = Date.now() + 5 * 60_000;
          let status: number | undefined;
          while (Date.now() < deadline) {
            status = await httpStatus(`http://127.0.0.1:${port}/readyz`);
            if (status === 200) break;
            if (child.exitCode !== null || child.signalCode !== null) break;
            await sleep(500);
          }
          const log = readFileSync(logFile, 'utf8');
          const said = log.split('\n').filter((l) => !/"msg":"(incoming request|request completed)"/.test(l)).join('\n');
          const readyz = status === undefined ? '' : await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.text(), () => '');
          assert.equal(status, 200, `the server of README line ${block.line} is ready (/readyz 200 on port ${port}): ${readyz.slice(0, 600)}\nits output:\n${tail(said)}`);
          assert.match(log, new RegExp(`serving on http://127\\.0\\.0\\.1:${port}\\b`), 'it listens on the port PORT gives');
          return;
        }
        const result = await runBash(script(stateDir, source, true), env, clone, 5 * 60_000);
        const output = `${result.stdout}\n${result.stderr}`;
        assert.equal(
          result.code,
          0,
          `README line ${block.line} exits 0, not ${result.code ?? result.signal}:\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}` +
            (server ? `\n--- server (README line ${server.line})\n${tail(readFileSync(server.log, 'utf8'), 15)}` : ''),
        );
        for (const e of EXPECTED.filter((x) => block.text.includes(x.command))) {
          for (const re of e.output ?? []) assert.match(output, re, `the output of \`${e.command}\` (README line ${block.line}) shows ${re}`);
          for (const [file, res] of Object.entries(e.files ?? {})) {
            const path = join(clone, file);
            assert.ok(existsSync(path), `\`${e.command}\` wrote ${file}`);
            const content = readFileSync(path, 'utf8');
            for (const re of res) assert.match(content, re, `${file} (from \`${e.command}\`) holds ${re}`);
          }
        }
      } catch (err) {
        failed = `README line ${block.line}`;
        throw err;
      }
    });
  }

  it('ran every command the expectations name, and stops the last server', { skip: files ? undefined : 'no copy of the working tree' }, async () => {
    await stopServer();
    const run = blocks.filter((b) => b.mode === 'run');
    for (const e of EXPECTED) {
      assert.ok(
        run.some((b) => b.text.includes(e.command)),
        `README has a run block with \`${e.command}\` (if the README changed, change EXPECTED in test/readme.test.ts with it)`,
      );
    }
  });
});
