/**
 * The store, one suite run against both backends: SQLite in a temporary file and PostgreSQL in a
 * schema of its own (random name, dropped at the end) when VIGIL_PG_URL is set.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { EntityBuilder, entityHash, type Entity } from '../src/model/index.js';
import { openStore, storeFromEnv, type NewListVersion, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, pgSchemas, tempDir } from './helpers.js';

const DATASET = 'test_list';

function person(sourceId: string, name: string, extra: (b: EntityBuilder) => void = () => undefined): Entity {
  const b = new EntityBuilder(DATASET, sourceId, 'Person');
  b.addName({
    full: name,
    kind: 'name',
    script: 'Latn',
    parts: name.split(' ').map((value, i) => ({ type: i === 0 ? 'first' : 'last', value })),
  });
  b.add('birthDate', '1980-01-0' + ((Number(sourceId) % 9) + 1));
  b.add('program', 'DPRK3');
  extra(b);
  return b.build();
}

function wallet(dataset: string, sourceId: string, address: string): Entity {
  return new EntityBuilder(dataset, sourceId, 'CryptoWallet').add('publicKey', address).add('currency', 'XBT').build();
}

function version(sha256: string, entities: Entity[], dataset = DATASET): NewListVersion {
  return {
    dataset,
    format: 'ftm-json',
    sourceFiles: [`${dataset}.json`],
    publishedAt: '2025-01-01',
    sha256,
    stats: { entities: entities.length },
    warnings: [],
    entities,
  };
}

const v1Entities = (): Entity[] => [
  person('1', 'Kim Chol', (b) => b.add('email', 'kim@example.org')),
  person('2', 'Pak Song'),
  person('3', 'Ri Myong', (b) => b.add('passportNumber', '745320001')),
  wallet(DATASET, '4', '0xAbC0000000000000000000000000000000000001'),
];

/** v2: entity 2 removed, entity 3 changed (new alias), entity 5 added; 1 and 4 unchanged. */
const v2Entities = (): Entity[] => [
  person('1', 'Kim Chol', (b) => b.add('email', 'kim@example.org')),
  person('3', 'Ri Myong', (b) => b.add('passportNumber', '745320001').add('alias', 'Ri Myong-chol')),
  wallet(DATASET, '4', '0xAbC0000000000000000000000000000000000001'),
  person('5', 'Jon Il'),
];

async function count(store: Store, table: 'list_versions' | 'entity_blobs' | 'version_entities' | 'entity_values') {
  const row = await rawDatabaseOf(store)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function snapshot(store: Store) {
  return {
    versions: await count(store, 'list_versions'),
    blobs: await count(store, 'entity_blobs'),
    links: await count(store, 'version_entities'),
    values: await count(store, 'entity_values'),
    current: (await store.currentVersion(DATASET))?.id,
  };
}

/** Many entities, so that the failure below comes after at least one batch has been written. */
function bulk(n: number, tag: string): Entity[] {
  return Array.from({ length: n }, (_, i) =>
    person(String(1000 + i), `Bulk Person${i}`, (b) => b.add('email', `p${i}-${tag}@example.org`)),
  );
}

export function storeSuite(name: string, open: () => Promise<Store>, options: { skip?: string } = {}): void {
  describe(`store: ${name}`, { skip: options.skip }, () => {
    async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
      const store = await open();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    }

    test('migrate twice is idempotent', () =>
      withStore(async (store) => {
        await store.migrate();
        await store.migrate();
        assert.deepEqual(await store.versions(), []);
        assert.equal(await store.currentVersion(DATASET), undefined);
        assert.deepEqual(await store.currentVersions(), []);
      }));

    test('versions: add, remove, change; unchanged entities share blobs', () =>
      withStore(async (store) => {
        const progress: [number, number][] = [];
        const r1 = await store.importVersion(version('sha-1', v1Entities()), (done, total) =>
          progress.push([done, total]),
        );
        assert.equal(r1.unchanged, false);
        assert.equal(r1.version.dataset, DATASET);
        assert.equal(r1.version.entityCount, 4);
        assert.deepEqual(r1.version.sourceFiles, [`${DATASET}.json`]);
        assert.equal(r1.version.publishedAt, '2025-01-01');
        assert.deepEqual(r1.version.stats, { entities: 4 });
        assert.match(r1.version.importedAt, /^\d{4}-\d\d-\d\dT/);
        assert.deepEqual(progress.at(-1), [4, 4]);
        assert.equal(await count(store, 'entity_blobs'), 4);

        const r2 = await store.importVersion({ ...version('sha-2', v2Entities()), publishedAt: undefined });
        assert.equal(r2.unchanged, false);
        assert.ok(r2.version.id > r1.version.id);
        assert.equal(r2.version.publishedAt, null);

        const versions = await store.versions();
        assert.deepEqual(
          versions.map((v) => v.id),
          [r2.version.id, r1.version.id],
        );
        assert.deepEqual(await store.versions(DATASET), versions);
        assert.deepEqual(await store.versions('other'), []);
        assert.deepEqual(await store.currentVersion(DATASET), r2.version);
        assert.deepEqual(await store.getVersion(r1.version.id), r1.version);
        assert.equal(await store.getVersion(9999), undefined);

        const h1 = await store.versionHashes(r1.version.id);
        const h2 = await store.versionHashes(r2.version.id);
        assert.deepEqual([...h1.keys()].sort(), ['test_list-1', 'test_list-2', 'test_list-3', 'test_list-4']);
        assert.deepEqual([...h2.keys()].sort(), ['test_list-1', 'test_list-3', 'test_list-4', 'test_list-5']);
        for (const e of v2Entities()) assert.equal(h2.get(e.id), entityHash(e));
        assert.equal(h1.get('test_list-1'), h2.get('test_list-1'));
        assert.equal(h1.get('test_list-4'), h2.get('test_list-4'));
        assert.notEqual(h1.get('test_list-3'), h2.get('test_list-3'));
        // 4 blobs of v1 + changed 3 + added 5; unchanged 1 and 4 are stored once.
        assert.equal(await count(store, 'entity_blobs'), 6);
        assert.equal(await count(store, 'version_entities'), 8);

        // the old version is still readable, the default is the current one
        assert.equal((await store.getEntity('test_list-3', r1.version.id))?.properties.alias, undefined);
        assert.deepEqual((await store.getEntity('test_list-3'))?.properties.alias, ['Ri Myong-chol']);
        assert.ok(await store.getEntity('test_list-2', r1.version.id));
        assert.equal(await store.getEntity('test_list-2'), undefined);
        assert.equal(await store.getEntity('test_list-5', r1.version.id), undefined);

        const byHash = await store.entitiesByHash([h1.get('test_list-2')!, h2.get('test_list-5')!, 'f'.repeat(64)]);
        assert.equal(byHash.size, 2);
        assert.equal(byHash.get(h1.get('test_list-2')!)?.id, 'test_list-2');
        assert.equal(byHash.get(h2.get('test_list-5')!)?.id, 'test_list-5');
      }));

    test('a duplicate sha256 is unchanged and writes nothing', () =>
      withStore(async (store) => {
        const r1 = await store.importVersion(version('sha-1', v1Entities()));
        const before = await snapshot(store);
        const again = await store.importVersion(version('sha-1', v2Entities()));
        assert.equal(again.unchanged, true);
        assert.deepEqual(again.version, r1.version);
        assert.deepEqual(await snapshot(store), before);
        // an older version's hash is not the current one: that is a new version
        await store.importVersion(version('sha-2', v2Entities()));
        const back = await store.importVersion(version('sha-1', v1Entities()));
        assert.equal(back.unchanged, false);
        assert.equal((await store.versions()).length, 3);
      }));

    test('a failing import leaves no trace (throwing getter mid-way)', () =>
      withStore(async (store) => {
        const r1 = await store.importVersion(version('sha-1', v1Entities()));
        const before = await snapshot(store);
        const entities = bulk(800, 'a');
        Object.defineProperty(entities, 700, {
          get() {
            throw new Error('injected failure');
          },
        });
        const progress: number[] = [];
        await assert.rejects(
          store.importVersion(version('sha-bad', entities), (done) => progress.push(done)),
          /injected failure/,
        );
        assert.ok(progress.some((done) => done >= 500), 'a first batch was written before the failure');
        assert.deepEqual(await snapshot(store), before);
        assert.deepEqual(await store.currentVersion(DATASET), r1.version);
        assert.equal(await store.getEntity('test_list-1000'), undefined);
        assert.deepEqual(await store.findEntitiesByProperty('email', 'p0-a@example.org'), []);
      }));

    test('a failing import leaves no trace (insert rejected by the database)', () =>
      withStore(async (store) => {
        const r1 = await store.importVersion(version('sha-1', v1Entities()));
        const before = await snapshot(store);
        const entities = bulk(800, 'b');
        // a NOT NULL column left null: the database refuses the blob insert of the second batch
        entities[650] = { ...entities[650]!, schema: null as unknown as Entity['schema'] };
        await assert.rejects(store.importVersion(version('sha-bad', entities)));
        assert.deepEqual(await snapshot(store), before);
        assert.deepEqual(await store.currentVersion(DATASET), r1.version);
        // and the store still works afterwards
        const r2 = await store.importVersion(version('sha-2', v2Entities()));
        assert.equal(r2.unchanged, false);
        assert.deepEqual(await store.currentVersion(DATASET), r2.version);
      }));

    test('duplicate entity ids fail the import', () =>
      withStore(async (store) => {
        const entities = [...v1Entities(), person('1', 'Kim Chol Again')];
        await assert.rejects(store.importVersion(version('sha-dup', entities)), /occurs twice/);
        assert.equal(await count(store, 'list_versions'), 0);
        assert.equal(await count(store, 'entity_blobs'), 0);
      }));

    test('getEntity round-trips the entity', () =>
      withStore(async (store) => {
        const original = person('1', 'Kim Chol', (b) =>
          b
            .add('alias', 'Kim Cheol', '김철')
            .add('nationality', 'kp')
            .add('passportNumber', '745320001')
            .add('remarks', 'quotes " and \\ and \u2028 kept'),
        );
        original.names!.push({
          full: '김철',
          kind: 'alias',
          script: 'Hang',
          parts: [{ type: 'other', value: '김철' }],
        });
        await store.importVersion(version('sha-1', [original]));
        const loaded = await store.getEntity(original.id);
        assert.deepEqual(loaded, original);
        assert.equal(entityHash(loaded!), entityHash(original));
        assert.equal(await store.getEntity('no-such-id'), undefined);
      }));

    test('entitiesOfVersion yields every entity in id order', () =>
      withStore(async (store) => {
        const entities = bulk(23, 'c').reverse();
        entities.push(person('0', 'First One'), wallet(DATASET, 'Z-last', '0x01'));
        const { version: v } = await store.importVersion(version('sha-1', entities));
        const batches: Entity[][] = [];
        for await (const batch of store.entitiesOfVersion(v.id, 10)) batches.push(batch);
        assert.deepEqual(
          batches.map((b) => b.length),
          [10, 10, 5],
        );
        const ids = batches.flat().map((e) => e.id);
        assert.deepEqual(ids, entities.map((e) => e.id).sort());
        const all: Entity[] = [];
        for await (const batch of store.entitiesOfVersion(v.id)) all.push(...batch);
        assert.equal(all.length, 25);
        for await (const batch of store.entitiesOfVersion(9999)) assert.fail(`unexpected batch ${batch.length}`);
      }));

    test('findEntitiesByProperty finds by publicKey and email in current versions', () =>
      withStore(async (store) => {
        await store.importVersion(version('sha-1', v1Entities()));
        const byKey = await store.findEntitiesByProperty('publicKey', '0xAbC0000000000000000000000000000000000001');
        assert.deepEqual(
          byKey.map((e) => e.id),
          ['test_list-4'],
        );
        const byEmail = await store.findEntitiesByProperty('email', 'kim@example.org');
        assert.deepEqual(
          byEmail.map((e) => e.id),
          ['test_list-1'],
        );
        assert.deepEqual(
          (await store.findEntitiesByProperty('passportNumber', '745320001')).map((e) => e.id),
          ['test_list-3'],
        );
        assert.deepEqual(await store.findEntitiesByProperty('email', 'KIM@example.org'), []);
        await assert.rejects(store.findEntitiesByProperty('name', 'Kim Chol'), RangeError);

        // the same wallet in another dataset; then a new version of the first without it
        await store.importVersion(version('other-1', [wallet('other', '9', '0xAbC0000000000000000000000000000000000001')], 'other'));
        assert.deepEqual(
          (await store.findEntitiesByProperty('publicKey', '0xAbC0000000000000000000000000000000000001')).map((e) => e.id),
          ['other-9', 'test_list-4'],
        );
        await store.importVersion(version('sha-2', v1Entities().slice(0, 3)));
        assert.deepEqual(
          (await store.findEntitiesByProperty('publicKey', '0xAbC0000000000000000000000000000000000001')).map((e) => e.id),
          ['other-9'],
        );
      }));

    test('two datasets keep separate current versions', () =>
      withStore(async (store) => {
        const a1 = await store.importVersion(version('a-1', v1Entities()));
        const b1 = await store.importVersion(version('b-1', [wallet('other', '1', '0x02')], 'other'));
        const a2 = await store.importVersion(version('a-2', v2Entities()));
        // the same publication hash in another dataset is not a duplicate
        const b2 = await store.importVersion(version('a-2', [wallet('other', '1', '0x03')], 'other'));
        assert.equal(b2.unchanged, false);
        assert.deepEqual(await store.currentVersion(DATASET), a2.version);
        assert.deepEqual(await store.currentVersion('other'), b2.version);
        assert.deepEqual(
          (await store.currentVersions()).map((v) => v.id).sort((x, y) => x - y),
          [a2.version.id, b2.version.id].sort((x, y) => x - y),
        );
        assert.deepEqual(
          (await store.versions('other')).map((v) => v.id),
          [b2.version.id, b1.version.id],
        );
        assert.deepEqual(
          (await store.versions(DATASET)).map((v) => v.id),
          [a2.version.id, a1.version.id],
        );
        assert.deepEqual((await store.getEntity('other-1'))?.properties.publicKey, ['0x03']);
        assert.deepEqual((await store.getEntity('test_list-5'))?.id, 'test_list-5');
        // a duplicate check is per dataset
        assert.equal((await store.importVersion(version('b-1', [wallet('other', '1', '0x02')], 'other'))).unchanged, false);
        assert.equal((await store.importVersion(version('a-2', v2Entities()))).unchanged, true);
      }));
  });
}

// ---- SQLite ----

const tmp = tempDir('vigil-store-');
after(() => tmp.cleanup());
let sqliteFiles = 0;
storeSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmp.dir, `store-${++sqliteFiles}.sqlite`) }));

describe('store: sqlite file', () => {
  test('reopening the file finds the data', async () => {
    const file = join(tmp.dir, 'nested', 'reopen.sqlite');
    const first = await openStore({ kind: 'sqlite', file });
    const { version: v } = await first.importVersion(version('sha-1', v1Entities()));
    await first.close();

    const second = await openStore({ kind: 'sqlite', file });
    try {
      assert.equal(second.kind, 'sqlite');
      assert.deepEqual(await second.currentVersion(DATASET), v);
      assert.deepEqual(await second.getEntity('test_list-1'), v1Entities()[0]);
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(rawDatabaseOf(second));
      assert.equal(mode.rows[0]?.journal_mode, 'wal');
    } finally {
      await second.close();
    }
  });

  test('storeFromEnv opens <dataDir>/vigil.sqlite unless VIGIL_STORE=postgres', async () => {
    // A VIGIL_PG_URL alone does not switch to PostgreSQL.
    const store = await storeFromEnv(join(tmp.dir, 'data-dir'), { VIGIL_PG_URL: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      assert.equal(store.kind, 'sqlite');
      assert.deepEqual(await store.versions(), []);
    } finally {
      await store.close();
    }
    await assert.rejects(storeFromEnv(tmp.dir, { VIGIL_STORE: 'postgres' }), /VIGIL_STORE=postgres needs VIGIL_PG_URL/);
    await assert.rejects(storeFromEnv(tmp.dir, { VIGIL_STORE: 'mysql' }), /VIGIL_STORE must be "sqlite" or "postgres", not "mysql"/);
  });
});

// ---- PostgreSQL ----

/** This run's schemas: random names, so parallel runs never collide; all dropped at the end. */
const schemas = pgSchemas('store');
after(() => schemas.dropAll());

storeSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), { skip: PG_SKIP });

describe('store: postgres schema', { skip: PG_SKIP }, () => {
  test('reopening the schema finds the data; tables live in that schema only', async () => {
    const schema = schemas.next();
    const first = await openStore({ kind: 'postgres', url: PG_URL!, schema });
    const { version: v } = await first.importVersion(version('sha-1', v1Entities()));
    await first.close();

    const second = await openStore({ kind: 'postgres', url: PG_URL!, schema });
    try {
      assert.equal(second.kind, 'postgres');
      assert.deepEqual(await second.currentVersion(DATASET), v);
      assert.deepEqual(await second.getEntity('test_list-1'), v1Entities()[0]);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(
        rawDatabaseOf(second),
      );
      assert.deepEqual(
        tables.rows.map((r) => r.table_name),
        [
          'alert_events', 'alerts', 'api_keys', 'audit_log', 'candidate_assessments', 'candidate_link_keys', 'candidate_link_sets', 'candidate_versions', 'candidates', 'entity_blobs', 'entity_values', 'jobs',
          'kysely_migration', 'kysely_migration_lock',
          'list_versions', 'monitor_runs', 'monitor_state', 'screenings', 'sessions', 'store_locks', 'subject_keys', 'subject_versions', 'subjects', 'users', 'version_entities',
          'webhook_deliveries', 'webhooks',
        ],
      );
      // introspection (which the Migrator uses) sees this schema only
      const introspected = await rawDatabaseOf(second).introspection.getTables();
      assert.deepEqual(
        introspected.map((t) => `${t.schema}.${t.name}`),
        [
          'alert_events', 'alerts', 'api_keys', 'audit_log', 'candidate_assessments', 'candidate_link_keys', 'candidate_link_sets', 'candidate_versions', 'candidates', 'entity_blobs', 'entity_values', 'jobs',
          'list_versions', 'monitor_runs', 'monitor_state',
          'screenings', 'sessions', 'store_locks', 'subject_keys', 'subject_versions', 'subjects', 'users', 'version_entities', 'webhook_deliveries', 'webhooks',
        ].map((t) => `${schema}.${t}`),
      );
      const idColumn = introspected.find((t) => t.name === 'list_versions')?.columns.find((c) => c.name === 'id');
      assert.equal(idColumn?.isAutoIncrementing, true);
    } finally {
      await second.close();
    }
  });
});
