/**
 * Datasets tell the truth: a sample passed off as a list is refused unless accepted as partial
 * (then shown as partial in `vigil lists status`, /v1/lists, /catalog and /readyz), and publication
 * dates come from the files themselves or from the download's Last-Modified header, "unknown" only
 * when neither states one. On the real files in ../shared/data/lists: the yente fixture the eu_fsf
 * dataset used to load as the EU list, the UK .ods, the OFAC consolidated CSV set, the UN XML.
 */
import assert from 'node:assert/strict';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { requireDataset } from '../src/lists/datasets.js';
import { ListFormatError, PartialListError } from '../src/lists/errors.js';
import { importList } from '../src/lists/import.js';
import { ukOds } from '../src/lists/uk-ods.js';
import { updateLists } from '../src/lists/update.js';
import { listFreshness } from '../src/lists/versions.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { openStore, type Store } from '../src/store/index.js';
import { LISTS_DIR, PG_SKIP, PG_URL, listFile, listenOnLoopback, pgSchemas, tempDir } from './helpers.js';

const FIXTURE = listFile('opensanctions', 'yente_fixture_t1_entities.ftm.json');
const UK_FILE = listFile('uk', 'FCDO_SL_Mon_Aug_11_2025.ods');
const UN_FILE = listFile('un', 'un_consolidated_2026-02-27.xml');
const CONS_DIR = listFile('ofac-cons', '2025-12-19');
const CONS_FILES = ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map((f) => join(CONS_DIR, f));
const REFUSAL =
  /yente_fixture_t1_entities\.ftm\.json: this is not a full publication of eu_fsf: it names 6 parties, and a full publication of eu_fsf \(EU Financial Sanctions Files \(FollowTheMoney export\)\) names at least 1,000, so it is a sample, a fixture or an extract; its file name \(yente_fixture_t1_entities\.ftm\.json\) says so too\. Nothing was imported and the version in force is unchanged; to import it anyway, marked as a partial list wherever the dataset is shown, allow partial lists \(--allow-partial\)/;

const tmp = tempDir('vigil-partial-');
after(() => tmp.cleanup());

async function vigil(dataDir: string, ...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dataDir, ...args], {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    env: { VIGIL_STORE: 'sqlite', VIGIL_MAX_LIST_AGE: '0' },
  });
  return { code, out, err };
}

function partialSuite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`a sample is not the list (${name})`, { skip }, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await importList(store, { dataset: 'un_sc_sanctions', files: [UN_FILE] });
    });
    after(() => store?.close());

    const inForce = async () => (await store.versions()).map((v) => `${v.dataset}:${v.id}:${v.partial}`);

    it('refuses the 6-entity yente fixture as the EU list, saying why, and changes nothing', async () => {
      const before = await inForce();
      await assert.rejects(importList(store, { dataset: 'eu_fsf', files: [FIXTURE] }), (err: Error) => {
        assert.ok(err instanceof PartialListError, `${err.name}: ${err.message}`);
        assert.ok(err instanceof ListFormatError);
        assert.match(err.message, REFUSAL);
        assert.equal(err.reasons.length, 2);
        return true;
      });
      assert.deepEqual(await inForce(), before);
      assert.equal(await store.currentVersion('eu_fsf'), undefined);
    });

    it('imports it as a partial list when allowed, and the version says so', async () => {
      const outcome = await importList(store, { dataset: 'eu_fsf', files: [FIXTURE], allowPartial: true });
      assert.equal(outcome.unchanged, false);
      assert.equal(outcome.version.entityCount, 6);
      assert.match(outcome.version.partial ?? '', /^it names 6 parties, and a full publication of eu_fsf .* names at least 1,000/);
      assert.equal(outcome.partial, outcome.version.partial);
      assert.ok(outcome.warnings.some((w) => w.startsWith('imported as a partial list (allowed): it names 6 parties')));
      const current = await store.currentVersion('eu_fsf');
      assert.equal(current?.partial, outcome.version.partial);
      assert.equal(current?.publishedFrom, 'the newest last_change (or last_seen) of its entities');
      // A full list stays full.
      assert.equal((await store.currentVersion('un_sc_sanctions'))?.partial, null);
      const freshness = listFreshness(await store.currentVersions(), ['eu_fsf', 'un_sc_sanctions'], 0);
      assert.match(freshness.datasets[0]!.partial ?? '', /it names 6 parties/);
      assert.equal(freshness.datasets[1]!.partial, null);
    });
  });
}

const tmpSqlite = tempDir('vigil-partial-sqlite-');
after(() => tmpSqlite.cleanup());
partialSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmpSqlite.dir, 'vigil.sqlite') }));
const schemas = pgSchemas('partial');
after(() => schemas.dropAll());
partialSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);

describe('vigil lists import/update --allow-partial and vigil lists status', () => {
  const dataDir = join(tmp.dir, 'cli');

  it('refuses the fixture without --allow-partial', async () => {
    const r = await vigil(dataDir, 'lists', 'import', '--dataset', 'eu_fsf', '--file', FIXTURE, '--no-monitor');
    assert.equal(r.code, 1);
    assert.match(r.err, /^vigil: cannot import /);
    assert.match(r.err, REFUSAL);
    const update = await vigil(dataDir, 'lists', 'update', '--sources-dir', LISTS_DIR, '--dataset', 'eu_fsf', '--no-monitor');
    assert.equal(update.code, 1);
    assert.match(update.err, /^eu_fsf: REFUSED: yente_fixture_t1_entities\.ftm\.json: this is not a full publication of eu_fsf/m);
    assert.match((await vigil(dataDir, 'lists', 'status')).out, /No list imported yet/);
  });

  it('imports it with --allow-partial and shows it as partial wherever the dataset is listed', async () => {
    const r = await vigil(dataDir, 'lists', 'update', '--sources-dir', LISTS_DIR, '--dataset', 'eu_fsf', '--dataset', 'eu_cyber_annex', '--allow-partial', '--no-monitor');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^eu_fsf: imported version \d+, published 2024-03-28T18:57:01, 6 entities, PARTIAL \(not the whole list\)$/m);
    assert.match(r.out, /^eu_cyber_annex: imported version \d+, published unknown, 38 entities$/m, 'a full list is not marked partial');
    const status = await vigil(dataDir, 'lists', 'status');
    assert.match(status.out, /^dataset\s+version\s+published\s+age\s+entities\s+coverage/m);
    assert.match(status.out, /^eu_fsf\s+\d+\s+2024-03-28T18:57:01\s+\d+ d\s+6\s+PARTIAL\s+ftm-json/m);
    assert.match(status.out, /^eu_cyber_annex\s+\d+\s+unknown\s+38\s+full\s+eu-journal-csv/m);
    assert.match(status.out, /^ {2}eu_fsf: PARTIAL: it names 6 parties/m);
    const json = JSON.parse((await vigil(dataDir, 'lists', 'status', '--json')).out) as {
      current: { dataset: string; partial: string | null }[];
      freshness: { datasets: { dataset: string; partial: string | null }[] };
    };
    assert.match(json.current.find((v) => v.dataset === 'eu_fsf')?.partial ?? '', /it names 6 parties/);
    assert.equal(json.current.find((v) => v.dataset === 'eu_cyber_annex')?.partial, null);
    assert.match(json.freshness.datasets.find((f) => f.dataset === 'eu_fsf')?.partial ?? '', /it names 6 parties/);
    // The same publication again: up to date, still partial.
    const again = await vigil(dataDir, 'lists', 'import', '--dataset', 'eu_fsf', '--file', FIXTURE, '--no-monitor');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /is already version \d+; nothing imported/);
  });
});

describe('partial coverage over HTTP: POST /v1/lists/update, /v1/lists, /catalog, /readyz', () => {
  let store: Store;
  let server: VigilApp;
  let base: string;
  let adminKey: string;
  let screenKey: string;

  before(async () => {
    store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'http.sqlite') });
    await importList(store, { dataset: 'eu_cyber_annex', files: [listFile('eu', 'eu_journal_consolidated_32019R0796.csv')] });
    adminKey = (await createKey(store, 'admin', ['admin'])).key;
    screenKey = (await createKey(store, 'screen', ['screen'])).key;
    server = await buildApp({ store, logger: false, dataDir: join(tmp.dir, 'http-data'), sourcesDir: LISTS_DIR, datasets: ['eu_cyber_annex', 'eu_fsf'] });
    base = await listenOnLoopback(server);
    await server.lists.sync('test', 'start');
  });
  after(async () => {
    await server?.app.close();
    await store?.close();
  });

  async function call(method: string, path: string, key: string, body?: unknown) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('refuses the fixture on update unless allowPartial, then lists it as partial', async () => {
    const refused = await call('POST', '/v1/lists/update', adminKey, { datasets: ['eu_fsf'] });
    assert.equal(refused.status, 200);
    const [r1] = refused.json.results as { dataset: string; status: string; error: string | null; partial: string | null }[];
    assert.equal(r1!.status, 'failed');
    assert.match(r1!.error ?? '', /this is not a full publication of eu_fsf: it names 6 parties/);
    assert.equal(await store.currentVersion('eu_fsf'), undefined);

    const bad = await call('POST', '/v1/lists/update', adminKey, { datasets: ['eu_fsf'], allowPartial: 'yes' });
    assert.equal(bad.status, 400);

    const accepted = await call('POST', '/v1/lists/update', adminKey, { datasets: ['eu_fsf'], allowPartial: true });
    assert.equal(accepted.status, 200);
    const [r2] = accepted.json.results as { dataset: string; status: string; version: number; partial: string | null }[];
    assert.equal(r2!.status, 'imported');
    assert.match(r2!.partial ?? '', /it names 6 parties/);

    const lists = await call('GET', '/v1/lists', screenKey);
    const datasets = lists.json.datasets as { name: string; partial: string | null; versions: { partial: string | null }[] }[];
    const fsf = datasets.find((d) => d.name === 'eu_fsf')!;
    assert.match(fsf.partial ?? '', /it names 6 parties/);
    assert.match(fsf.versions[0]!.partial ?? '', /it names 6 parties/);
    assert.equal(datasets.find((d) => d.name === 'eu_cyber_annex')!.partial, null);

    const catalog = await call('GET', '/catalog', screenKey);
    const entries = catalog.json.datasets as { name: string; partial: boolean | null; partial_reason: string | null; load: boolean }[];
    const fsfEntry = entries.find((d) => d.name === 'eu_fsf')!;
    assert.equal(fsfEntry.load, true);
    assert.equal(fsfEntry.partial, true);
    assert.match(fsfEntry.partial_reason ?? '', /it names 6 parties/);
    assert.equal(entries.find((d) => d.name === 'eu_cyber_annex')!.partial, false);
    assert.equal(entries.find((d) => d.name === 'default')!.partial, true, 'the lists in force include a partial one');

    const ready = await fetch(`${base}/readyz`);
    const body = (await ready.json()) as { datasets: { dataset: string; partial: string | null }[] };
    assert.match(body.datasets.find((d) => d.dataset === 'eu_fsf')?.partial ?? '', /it names 6 parties/);
  });
});

describe('publication dates from the files themselves, or the download', () => {
  it('dates the UK .ods by the day its sheet was written, as its stale meta.xml cannot', async () => {
    const list = await ukOds.parse([UK_FILE], { dataset: 'gb_fcdo_sanctions' });
    assert.equal(list.publishedAt, '2025-08-11');
    assert.equal(list.publishedFrom, 'the day content.xml was written into the .ods archive (zip entry time)');
    assert.ok(list.warnings.some((w) => w.startsWith('meta.xml dates the spreadsheet 2024-03-18T12:13:54Z')));
  });

  it('says "unknown" for the OFAC consolidated CSV set from a mirror: the files state no date', async () => {
    const dataDir = join(tmp.dir, 'cons-mirror');
    const r = await vigil(dataDir, 'lists', 'update', '--sources-dir', LISTS_DIR, '--dataset', 'us_ofac_cons', '--no-monitor');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^us_ofac_cons: imported version 1, published unknown, 442 entities$/m);
    assert.match((await vigil(dataDir, 'lists', 'status')).out, /^us_ofac_cons\s+1\s+unknown\s+442\s+full/m);
    const json = JSON.parse((await vigil(dataDir, 'lists', 'status', '--json')).out) as { current: { publishedAt: string | null; publishedFrom: string | null }[] };
    assert.equal(json.current[0]!.publishedAt, null);
    assert.equal(json.current[0]!.publishedFrom, null);
  });

  describe('downloads (a loopback server stands in for the official URLs)', () => {
    let server: Server;
    let base: string;
    const served = new Map<string, { file: string; modified: string }>();

    before(async () => {
      for (const f of CONS_FILES) served.set(`/cons/${basename(f).toUpperCase()}`, { file: f, modified: 'Fri, 19 Dec 2025 14:30:00 GMT' });
      served.set('/un/consolidated.xml', { file: UN_FILE, modified: 'Wed, 01 Jan 2031 00:00:00 GMT' });
      server = createServer((req, res) => {
        const hit = served.get(req.url ?? '');
        if (!hit) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-length': statSync(hit.file).size, 'last-modified': hit.modified });
        createReadStream(hit.file).pipe(res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => server.close());

    it('dates the OFAC consolidated CSV set by the Last-Modified of its download', async () => {
      const store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'download.sqlite') });
      try {
        const urls = CONS_FILES.map((f) => `${base}/cons/${basename(f).toUpperCase()}`);
        const [result] = await updateLists(store, {
          dataDir: join(tmp.dir, 'download'),
          datasets: ['us_ofac_cons'],
          env: { VIGIL_SOURCE_URL_US_OFAC_CONS: urls.join(',') },
        });
        assert.equal(result!.error, undefined, result!.error?.message);
        const v = result!.outcome!.version;
        assert.equal(v.publishedAt, '2025-12-19T14:30:00.000Z');
        assert.match(v.publishedFrom ?? '', /^the Last-Modified header of http:\/\/127\.0\.0\.1:\d+\/cons\/CONS_/);
        assert.equal(v.entityCount, 442);

        // The file's own date wins over the header.
        const [un] = await updateLists(store, {
          dataDir: join(tmp.dir, 'download'),
          datasets: ['un_sc_sanctions'],
          env: { VIGIL_SOURCE_URL_UN_SC_SANCTIONS: `${base}/un/consolidated.xml` },
        });
        assert.equal(un!.outcome!.version.publishedAt, '2026-02-27T00:00:09.554Z');
        assert.equal(un!.outcome!.version.publishedFrom, 'the dateGenerated attribute of <CONSOLIDATED_LIST>');
      } finally {
        await store.close();
      }
    });
  });

  it('the catalogue declares a minimum size for every dataset, below what each real file holds', () => {
    assert.equal(requireDataset('eu_dprk_annex').minParties <= 312, true);
    assert.equal(requireDataset('eu_cyber_annex').minParties <= 38, true);
    assert.equal(requireDataset('us_ofac_cons').minParties <= 442, true);
    assert.equal(requireDataset('gb_fcdo_sanctions').minParties <= 5302, true);
    assert.equal(requireDataset('un_sc_sanctions').minParties <= 1003, true);
    assert.equal(requireDataset('us_ofac_sdn').minParties <= 18_367, true);
  });
});
