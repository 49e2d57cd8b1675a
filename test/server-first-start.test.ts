/**
 * `vigil serve` as a new user starts it, as a real process: without network and without a local
 * mirror, the first start says in one line on stderr what failed and how to fix it, and exits 1;
 * told to wait (--wait-for-lists), it serves, answers 503 to readiness and to screening, and
 * screens once a list is imported with the CLI, without a restart or a reload call.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { DATASETS } from '../src/lists/datasets.js';
import { REPO_ROOT, listFile, tempDir } from './helpers.js';

const tmp = tempDir();
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
  tmp.cleanup();
});

/** A loopback port nobody listens on: a download from it fails at once, as without network. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** The environment of a machine without network: every official URL unreachable, no mirror. */
async function offlineEnv(): Promise<NodeJS.ProcessEnv> {
  const port = await closedPort();
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_STORE: 'sqlite' };
  delete env.VIGIL_SOURCES_DIR;
  delete env.VIGIL_DATASETS;
  for (const d of DATASETS) env[`VIGIL_SOURCE_URL_${d.name.toUpperCase()}`] = `http://127.0.0.1:${port}/${d.name}`;
  return env;
}

function start(dataDir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), '--data-dir', dataDir, 'serve', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const serving = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr.push(line);
      const m = /serving on (http:\/\/[\d.:]+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`vigil serve exited with ${code}: ${stderr.join('\n')}`)));
  });
  serving.catch(() => undefined);
  child.stdout!.resume(); // JSON logs
  return { child, stderr, exited, serving };
}

describe('first start without lists and without network', () => {
  it('says what failed and how to fix it in one line on stderr, and exits 1', async () => {
    const run = start(join(tmp.dir, 'fail'), await offlineEnv());
    assert.equal(await run.exited, 1);
    assert.equal(run.stderr.length, 1, run.stderr.join('\n'));
    const line = run.stderr[0]!;
    assert.match(line, /^vigil: no sanctions list could be loaded from the official URLs/);
    for (const d of DATASETS) assert.ok(line.includes(d.name), `names ${d.name}`);
    assert.match(line, /cannot download http:\/\/127\.0\.0\.1:\d+\/\.\.\..*ECONNREFUSED/);
    assert.match(line, /set VIGIL_SOURCES_DIR/);
    assert.match(line, /vigil lists import --dataset D --file F/);
    assert.match(line, /--wait-for-lists/);
  });

  it('with --wait-for-lists serves, refuses to screen, then screens a list imported with the CLI', async () => {
    const dataDir = join(tmp.dir, 'wait');
    const run = start(dataDir, await offlineEnv(), '--wait-for-lists', '--no-auth', '--datasets', 'un_sc_sanctions');
    const base = await run.serving;
    assert.match(run.stderr[0]!, /^vigil: no sanctions list could be loaded .*serving meanwhile \(--wait-for-lists\)/);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as { status: string }).status, 'no_lists');
    const body = JSON.stringify({ query: { schema: 'Person', properties: { name: ['Eric Badege'] } } });
    const screen = () => fetch(`${base}/v1/screen`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const refused = await screen();
    assert.equal(refused.status, 503);
    assert.match(((await refused.json()) as { message: string }).message, /no sanctions list is in force/);

    const code = await main(['--data-dir', dataDir, 'lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml')], {
      out: () => {},
      err: () => {},
      env: { VIGIL_STORE: 'sqlite' },
    });
    assert.equal(code, 0);
    const end = Date.now() + 60_000;
    let answer: Response | undefined;
    while (Date.now() < end) {
      const r = await screen();
      if (r.status === 200) {
        answer = r;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(answer, 'the server screens with the imported list');
    const json = (await answer.json()) as { results: { match: boolean }[]; versions: { dataset: string }[] };
    assert.deepEqual(json.versions.map((v) => v.dataset), ['un_sc_sanctions']);
    assert.equal(json.results[0]?.match, true);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
  });
});
