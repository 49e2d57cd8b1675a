/**
 * Import pipeline and diffs on the real OFAC publications, against both stores: two versions of
 * the SDN list, the 2025-07-08 DPRK designations among the additions, Cheil Credit Bank's 53 USDT
 * addresses among the changes, and bad files that must fail without touching the version in force.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ListFormatError } from '../src/lists/errors.js';
import { importList } from '../src/lists/import.js';
import { diffVersions } from '../src/lists/versions.js';
import { openStore, type Store } from '../src/store/index.js';
import { PG_SKIP, PG_URL, listFile, pgSchemas, tempDir } from './helpers.js';

const JUL = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-07-01.xml.gz');
const NOV = listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz');
const DPRK_JULY_2025 = ['49970', '53816', '53817', '53820', '53822', '53824'].map((r) => `us_ofac_sdn-${r}`);

function importSuite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`import and diff (${name})`, { skip }, () => {
    let store: Store;
    const tmp = tempDir();

    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
      tmp.cleanup();
    });

    /** Everything that must stay as it is when an import fails. */
    async function snapshot() {
      const versions = await store.versions();
      const current = await store.currentVersions();
      const counts = await Promise.all(current.map(async (v) => (await store.versionHashes(v.id)).size));
      return { versions: versions.map((v) => v.id), current: current.map((v) => `${v.dataset}:${v.id}`), counts };
    }

    it('imports the 2025-07-01 OFAC SDN publication', async () => {
      const outcome = await importList(store, { dataset: 'us_ofac_sdn', files: [JUL] });
      assert.equal(outcome.unchanged, false);
      assert.equal(outcome.format, 'ofac-advanced-xml');
      assert.equal(outcome.version.publishedAt, '2025-07-01');
      assert.equal(outcome.version.stats.parties, 17_509);
      assert.equal((await store.versionHashes(outcome.version.id)).size, outcome.version.entityCount);
      assert.equal(await store.getEntity('us_ofac_sdn-49970'), undefined, 'Song Kum Hyok is not listed yet in July');
    });

    it('recognises the same publication and writes nothing', async () => {
      const before = await snapshot();
      const outcome = await importList(store, { dataset: 'us_ofac_sdn', files: [JUL] });
      assert.equal(outcome.unchanged, true);
      assert.deepEqual(await snapshot(), before);
    });

    const badFiles: [string, () => { dataset: string; files: string[] }, RegExp][] = [
      [
        'a truncated gzip',
        () => {
          const f = join(tmp.dir, 'sdn_cut.xml.gz');
          writeFileSync(f, readFileSync(NOV).subarray(0, 2_500_000));
          return { dataset: 'us_ofac_sdn', files: [f] };
        },
        /sdn_cut\.xml\.gz .*gzip data is damaged or cut short/,
      ],
      [
        'a truncated XML',
        () => {
          const f = join(tmp.dir, 'sdn_cut.xml');
          writeFileSync(f, gunzipSync(readFileSync(NOV)).subarray(0, 60_000_000));
          return { dataset: 'us_ofac_sdn', files: [f] };
        },
        /sdn_cut\.xml \(line \d+, column \d+\)/,
      ],
      [
        'an empty file',
        () => {
          const f = join(tmp.dir, 'empty.xml');
          writeFileSync(f, '');
          return { dataset: 'us_ofac_sdn', files: [f] };
        },
        /empty\.xml: the file is empty/,
      ],
      [
        'the UN list passed as OFAC',
        () => ({ dataset: 'us_ofac_sdn', files: [listFile('un', 'un_consolidated_2026-02-27.xml')] }),
        /UN Security Council.*not a publication of us_ofac_sdn/,
      ],
      [
        'an OFAC CSV with a wrong column count',
        () => {
          const rows = readFileSync(listFile('ofac-cons', '2025-12-19', 'cons_prim.csv'), 'latin1').split('\r\n');
          rows[41] = '12345,"BROKEN ROW","-0- ","SDGT"';
          const f = join(tmp.dir, 'cons_prim.csv');
          writeFileSync(f, rows.join('\r\n'), 'latin1');
          return { dataset: 'us_ofac_cons', files: [f] };
        },
        /cons_prim\.csv.*line 42/,
      ],
    ];
    for (const [label, make, message] of badFiles) {
      it(`rejects ${label} and keeps the version in force`, async () => {
        const before = await snapshot();
        await assert.rejects(importList(store, make()), (err: Error) => {
          assert.ok(err instanceof ListFormatError, `${err.name}: ${err.message}`);
          assert.match(err.message, message);
          return true;
        });
        assert.deepEqual(await snapshot(), before);
      });
    }

    it('imports the 2025-11-19 publication as a new version', async () => {
      const outcome = await importList(store, { dataset: 'us_ofac_sdn', files: [NOV] });
      assert.equal(outcome.unchanged, false);
      assert.equal(outcome.version.publishedAt, '2025-11-19');
      assert.equal(outcome.previous?.publishedAt, '2025-07-01');
      const song = await store.getEntity('us_ofac_sdn-49970');
      assert.equal(song?.caption, 'Song Kum Hyok');
      assert.deepEqual(song?.properties.birthDate, ['1987-08-30']);
      const versions = await store.versions('us_ofac_sdn');
      assert.equal(versions.length, 2);
    });

    it('shows the 2025-07-08 DPRK designations among the additions', async () => {
      const diff = await diffVersions(store, 'us_ofac_sdn');
      assert.equal(diff.from.publishedAt, '2025-07-01');
      assert.equal(diff.to.publishedAt, '2025-11-19');
      const added = new Map(diff.added.map((a) => [a.id, a]));
      for (const id of DPRK_JULY_2025) assert.ok(added.has(id), `${id} added`);
      assert.equal(added.get('us_ofac_sdn-49970')?.caption, 'Song Kum Hyok');
      assert.match(added.get('us_ofac_sdn-53824')?.caption ?? '', /Asatryan/i);
      // Parties: 18,367 in November against 17,509 in July, so at least 858 more were added than removed.
      const addedParties = diff.added.filter((a) => a.schema !== 'CryptoWallet').length;
      const removedParties = diff.removed.filter((a) => a.schema !== 'CryptoWallet').length;
      assert.equal(addedParties - removedParties, 18_367 - 17_509);
    });

    it("shows Cheil Credit Bank's 53 new USDT addresses among the changes", async () => {
      const diff = await diffVersions(store, 'us_ofac_sdn');
      const cheil = diff.changed.find((c) => c.id === 'us_ofac_sdn-22985');
      assert.ok(cheil, 'Cheil Credit Bank changed');
      const wallets = cheil.changes.find((c) => c.property === 'wallets');
      assert.ok(wallets);
      assert.equal(wallets.added.filter((w) => w.startsWith('USDT ')).length, 53);
      assert.equal(wallets.removed.length, 0);
    });

    it('diffs explicit versions in either direction', async () => {
      const [nov, jul] = await store.versions('us_ofac_sdn');
      const backwards = await diffVersions(store, 'us_ofac_sdn', nov!.id, jul!.id);
      assert.ok(backwards.removed.some((r) => r.id === 'us_ofac_sdn-49970'));
      await assert.rejects(diffVersions(store, 'us_ofac_sdn', 999_999), /version 999999 is not a version of us_ofac_sdn/);
    });
  });
}

const tmpSqlite = tempDir();
after(() => tmpSqlite.cleanup());
importSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmpSqlite.dir, 'vigil.sqlite') }));

const schemas = pgSchemas('import');
after(() => schemas.dropAll());
importSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);
