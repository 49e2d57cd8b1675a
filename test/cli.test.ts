/**
 * The `vigil` command end to end: `lists update` from the local mirror and from a loopback HTTP
 * server standing in for the official URL, `lists status`, `lists import`, `lists diff`, `entity`,
 * and the errors an operator sees. Most cases run `main()` in-process; one runs bin/vigil itself.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../src/cli/main.js';
import { LISTS_DIR, REPO_ROOT, listFile, tempDir } from './helpers.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function vigil(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    env: { VIGIL_STORE: 'sqlite', ...env },
  });
  return { code, out, err };
}

const tmp = tempDir();
after(() => tmp.cleanup());

describe('vigil --version and the serve settings from the environment', () => {
  it('prints the version of package.json', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await vigil(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim(), pkg.version);
  });

  it('refuses a PORT that is not a port number, naming the variable', async () => {
    const r = await vigil(['--data-dir', join(tmp.dir, 'port'), 'serve'], { VIGIL_PORT: 'eighty' });
    assert.notEqual(r.code, 0);
    assert.match(r.err, /VIGIL_PORT must be a port number \(0-65535\), got "eighty"/);
  });
});

describe('vigil lists update from a local mirror (VIGIL_SOURCES_DIR)', () => {
  const dataDir = join(tmp.dir, 'mirror');

  it('imports every configured dataset, and refuses the mirror\'s eu_fsf sample as the EU list', async () => {
    const r = await vigil(['--data-dir', dataDir, 'lists', 'update'], { VIGIL_SOURCES_DIR: LISTS_DIR });
    assert.equal(r.code, 1, 'one dataset could not be updated');
    for (const dataset of ['us_ofac_sdn', 'us_ofac_cons', 'un_sc_sanctions', 'gb_fcdo_sanctions', 'eu_dprk_annex', 'eu_cyber_annex']) {
      assert.match(r.out, new RegExp(`^${dataset}: imported version \\d+`, 'm'), dataset);
    }
    assert.match(r.out, /us_ofac_sdn: imported version \d+, published 2025-11-19, 19\d{3} entities/);
    assert.match(r.err, /^eu_fsf: REFUSED: yente_fixture_t1_entities\.ftm\.json: this is not a full publication of eu_fsf/m);
    assert.match(r.err, /1 dataset\(s\) failed to update/);
    const partial = await vigil(['--data-dir', dataDir, 'lists', 'update', '--dataset', 'eu_fsf', '--allow-partial'], { VIGIL_SOURCES_DIR: LISTS_DIR });
    assert.equal(partial.code, 0, partial.err);
    assert.match(partial.out, /^eu_fsf: imported version \d+, .*, 6 entities, PARTIAL \(not the whole list\)$/m);
  });

  it('is a no-op the second time', async () => {
    const r = await vigil(['--data-dir', dataDir, 'lists', 'update', '--dataset', 'un_sc_sanctions'], {
      VIGIL_SOURCES_DIR: LISTS_DIR,
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /un_sc_sanctions: up to date \(version \d+, published 2026-02-27/);
  });

  it('reports status as text and JSON', async () => {
    const text = await vigil(['--data-dir', dataDir, 'lists', 'status']);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^dataset\s+version\s+published/m);
    assert.match(text.out, /^us_ofac_sdn\s+\d+\s+2025-11-19/m);
    const json = await vigil(['--data-dir', dataDir, 'lists', 'status', '--json']);
    const status = JSON.parse(json.out) as { current: { dataset: string; entityCount: number }[] };
    assert.deepEqual(status.current.map((v) => v.dataset).sort(), [
      'eu_cyber_annex',
      'eu_dprk_annex',
      'eu_fsf',
      'gb_fcdo_sanctions',
      'un_sc_sanctions',
      'us_ofac_cons',
      'us_ofac_sdn',
    ]);
    assert.ok(status.current.every((v) => v.entityCount > 0));
  });

  it('shows an entity, human-readable and as JSON, with its wallets', async () => {
    const text = await vigil(['--data-dir', dataDir, 'entity', 'us_ofac_sdn-49970']);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^Song Kum Hyok$/m);
    assert.match(text.out, /birthDate:\s+1987-08-30/);
    assert.match(text.out, /email:\s+wangge327@yahoo\.com/);
    assert.match(text.out, /program:\s+CYBER4/);
    assert.match(text.out, /nationality:\s+North Korea \(kp\)|nationality:\s+.*\(kp\)/);
    const json = await vigil(['--data-dir', dataDir, 'entity', 'us_ofac_sdn-22985', '--json']);
    const cheil = JSON.parse(json.out) as { caption: string; wallets: { properties: { currency: string[] } }[] };
    assert.match(cheil.caption, /CHEIL CREDIT BANK/i);
    assert.equal(cheil.wallets.filter((w) => w.properties.currency[0] === 'USDT').length, 53);
  });

  it('refuses a publication older than the version in force unless told to', async () => {
    const july = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz');
    const refused = await vigil(['--data-dir', dataDir, 'lists', 'import', '--dataset', 'us_ofac_sdn', '--file', july]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /sdn_advanced_2025-07-01\.xml\.gz was published 2025-07-01, before the version in force \(version \d+, published 2025-11-19\); nothing was imported/,
    );
    const entity = await vigil(['--data-dir', dataDir, 'entity', 'us_ofac_sdn-49970']);
    assert.equal(entity.code, 0, 'the November version is still in force');
  });

  it('diffs two versions imported with lists import', async () => {
    const imported = await vigil([
      '--data-dir',
      dataDir,
      'lists',
      'import',
      '--allow-older',
      '--dataset',
      'us_ofac_sdn',
      '--file',
      listFile('ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz'),
    ]);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /imported version \d+ \(ofac-advanced-xml, published 2025-07-01\)/);
    // The current version is now July; diffing from July back to November shows the July 2025 designations as removals,
    // so diff explicitly from the July version to the November one.
    const status = JSON.parse((await vigil(['--data-dir', dataDir, 'lists', 'status', '--json'])).out) as {
      versions: { id: number; dataset: string; publishedAt: string }[];
    };
    const versionOf = (date: string) => status.versions.find((v) => v.dataset === 'us_ofac_sdn' && v.publishedAt === date)!.id;
    const r = await vigil([
      '--data-dir',
      dataDir,
      'lists',
      'diff',
      '--dataset',
      'us_ofac_sdn',
      '--from',
      String(versionOf('2025-07-01')),
      '--to',
      String(versionOf('2025-11-19')),
      '--limit',
      '5000',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\s+\+ Song Kum Hyok\s+\[Person us_ofac_sdn-49970\]\s+CYBER4$/m);
    assert.match(r.out, /^\s+~ CHEIL CREDIT BANK.*\[Organization us_ofac_sdn-22985\]$/im);
    assert.match(r.out, /^\s+wallets \+53: USDT /m);
  });

  it('names the problem when an import fails, and changes nothing', async () => {
    // The versions in force (the status also says how old each list is, which moves with the clock).
    const inForce = async () => (JSON.parse((await vigil(['--data-dir', dataDir, 'lists', 'status', '--json'])).out) as { current: unknown }).current;
    const before = await inForce();
    const r = await vigil([
      '--data-dir',
      dataDir,
      'lists',
      'import',
      '--dataset',
      'us_ofac_sdn',
      '--file',
      listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods'),
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /FCDO_SL_Mon_Aug_11_2025\.ods: this is a UK FCDO Sanctions List \(\.ods\) file, which is not a publication of us_ofac_sdn/);
    assert.deepEqual(await inForce(), before);
  });

  it('rejects unknown datasets, entities and bad arguments clearly', async () => {
    const unknown = await vigil(['--data-dir', dataDir, 'lists', 'import', '--dataset', 'nope', '--file', 'x']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /unknown dataset "nope"; known datasets: us_ofac_sdn/);
    const missing = await vigil(['--data-dir', dataDir, 'entity', 'us_ofac_sdn-0']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no entity us_ofac_sdn-0/);
    const usage = await vigil(['--data-dir', dataDir, 'lists', 'diff', '--dataset', 'us_ofac_sdn', '--from', 'abc']);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /expected a whole number, got "abc"/);
  });
});

describe('vigil lists update from the official URL (a loopback server stands in)', () => {
  let server: Server;
  let base: string;
  const served = listFile('un', 'un_consolidated_2026-02-27.xml');
  const dataDir = join(tmp.dir, 'http');

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/resources/xml/en/consolidated.xml') {
        res.writeHead(200, { 'content-type': 'application/xml', 'content-length': statSync(served).size });
        createReadStream(served).pipe(res);
      } else {
        res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('downloads and imports the publication', async () => {
    const r = await vigil(['--data-dir', dataDir, 'lists', 'update', '--dataset', 'un_sc_sanctions'], {
      VIGIL_SOURCE_URL_UN_SC_SANCTIONS: `${base}/resources/xml/en/consolidated.xml`,
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /un_sc_sanctions: imported version 1, published 2026-02-27/);
    const downloaded = readFileSync(join(dataDir, 'downloads', 'un_sc_sanctions', 'consolidated.xml'));
    assert.equal(downloaded.length, statSync(served).size);
  });

  it('reports a failed download and keeps the version in force', async () => {
    const r = await vigil(['--data-dir', dataDir, 'lists', 'update', '--dataset', 'un_sc_sanctions'], {
      VIGIL_SOURCE_URL_UN_SC_SANCTIONS: `${base}/gone.xml`,
    });
    assert.equal(r.code, 1);
    assert.match(r.err, /un_sc_sanctions: FAILED: cannot download http:\/\/127\.0\.0\.1:\d+\/gone\.xml: HTTP 404/);
    const status = JSON.parse((await vigil(['--data-dir', dataDir, 'lists', 'status', '--json'])).out) as {
      versions: unknown[];
    };
    assert.equal(status.versions.length, 1);
  });
});

describe('bin/vigil', () => {
  it('runs the built command from a shell', async () => {
    const dataDir = join(tmp.dir, 'bin');
    const run = promisify(execFile);
    const env = { ...process.env, VIGIL_DATA_DIR: dataDir, VIGIL_STORE: 'sqlite' };
    const imported = await run(
      join(REPO_ROOT, 'bin', 'vigil'),
      ['lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml')],
      { env },
    );
    assert.match(imported.stdout, /un_sc_sanctions: imported version 1 \(un-xml, published 2026-02-27/);
    const status = await run(join(REPO_ROOT, 'bin', 'vigil'), ['lists', 'status'], { env });
    assert.match(status.stdout, /^un_sc_sanctions\s+1\s+2026-02-27/m);
  });
});
