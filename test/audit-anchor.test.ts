/**
 * The audit trail's anchors, on SQLite and PostgreSQL: what the hash chain alone cannot catch
 * (a record edited and every hash after it recomputed, the newest records deleted, all of them
 * deleted) is caught by the audit key's MACs or by a signed checkpoint; an altered checkpoint is
 * refused; an untouched store verifies against its checkpoint. Then the same through the CLI
 * (keygen, checkpoint, verify --checkpoint) and the API routes.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { appendAudit, auditHash, makeCheckpoint, verifyAudit, verifyCheckpoint, type AuditCheckpoint } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/server/index.js';
import { createKey } from '../src/server/keys.js';
import { auditKeysOf, openStore, type AuditKeys, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, tempDir } from './helpers.js';

const tmp = tempDir('vigil-anchor-');
after(() => tmp.cleanup());

const KEY: AuditKeys = [Buffer.from('k'.repeat(20) + 'audit-key-for-tests-0123456789', 'utf8')];
const { privateKey: SIGNING, publicKey: PUBLIC } = generateKeyPairSync('ed25519');

async function append(store: Store, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await appendAudit(store, { actor: `key:k${i % 3}`, action: i % 2 ? 'list.import' : 'key.create', subject: `s${i}`, details: { i } });
}

/** What someone with write access to the database but not the key can do: edit record `seq` and recompute every hash after it. */
async function editAndRecompute(store: Store, seq: number): Promise<void> {
  const db = rawDatabaseOf(store);
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev: string | undefined;
  for (const r of rows) {
    if (r.seq < seq) {
      prev = r.hash;
      continue;
    }
    const row = { ...r, details: r.seq === seq ? '{"i":"nothing to see"}' : r.details, prev_hash: prev ?? r.prev_hash };
    const hash = auditHash(row);
    await db.updateTable('audit_log').set({ details: row.details, prev_hash: row.prev_hash, hash }).where('seq', '=', r.seq).execute();
    prev = hash;
  }
}

function resign(c: AuditCheckpoint, patch: Partial<AuditCheckpoint>): AuditCheckpoint {
  return { ...c, ...patch };
}

onBothStores('anchor', (name, open, skip) => {
  /** The same store reopened with the audit key (or none): what `vigil serve` does with VIGIL_AUDIT_KEY. */
  const reopen = async (store: Store, keys: AuditKeys | undefined): Promise<Store> => {
    const location = store.location;
    await store.close();
    return openStore(location, { auditKeys: keys });
  };
  const keyed = async () => reopen(await open(), KEY);

  describe(`audit anchors (${name})`, { skip }, () => {
    it('gives every new record a MAC, and verify says the chain is anchored', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 12);
        const rows = await rawDatabaseOf(store).selectFrom('audit_log').select(['seq', 'mac']).orderBy('seq').execute();
        assert.equal(rows.length, 12);
        for (const r of rows) assert.match(r.mac ?? '', /^[0-9a-f]{64}$/);
        const v = await verifyAudit(store);
        assert.equal(v.ok, true);
        assert.equal(v.anchor.status, 'anchored');
        assert.equal(v.anchor.macFrom, 1);
      } finally {
        await store.close();
      }
    });

    it('an edited record with the chain recomputed: "intact" to the hash chain alone, named by its MAC', async () => {
      let store = await keyed();
      try {
        await append(store, 1, 20);
        await editAndRecompute(store, 7);
        // Without the key, the chain holds: this is the gap the MAC closes, and verify says so.
        store = await reopen(store, undefined);
        const unkeyed = await verifyAudit(store);
        assert.equal(unkeyed.ok, true);
        assert.equal(unkeyed.anchor.status, 'none');
        assert.match(unkeyed.anchor.note, /not anchored.*cannot be detected.*20 records carry MACs that were not checked/);
        store = await reopen(store, KEY);
        const v = await verifyAudit(store);
        assert.equal(v.ok, false);
        assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[7, 'mac']]);
        assert.match(v.problems[0]!.detail, /^records 7\.\.20: MACs do not match: edited \(the chain recomputed from record 7 on\), or written without the audit key/);
      } finally {
        await store.close();
      }
    });

    it('reports records written before the key as unanchored, and a MAC missing after them as a problem', async () => {
      let store = await open();
      try {
        await append(store, 1, 5);
        store = await reopen(store, KEY);
        await append(store, 6, 10);
        const v = await verifyAudit(store);
        assert.equal(v.ok, true);
        assert.equal(v.anchor.status, 'partly');
        assert.deepEqual(v.anchor.unanchored, { from: 1, to: 5 });
        assert.equal(v.anchor.macFrom, 6);
        assert.match(v.anchor.note, /^unanchored records 1\.\.5: /);
        await sql`update audit_log set mac = null where seq = 8`.execute(rawDatabaseOf(store));
        const stripped = await verifyAudit(store);
        assert.equal(stripped.ok, false);
        assert.deepEqual(stripped.problems.map((p) => [p.seq, p.problem]), [[8, 'mac']]);
        assert.match(stripped.problems[0]!.detail, /record 8 \(key\.create s8\): no MAC, though records before it have one/);
      } finally {
        await store.close();
      }
    });

    it('an untouched store verifies against its checkpoint, and still does after more records', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 10);
        const c = await makeCheckpoint(store, SIGNING);
        assert.deepEqual([c.records, c.headSeq, c.macFrom], [10, 10, 1]);
        const now = await verifyCheckpoint(store, c, PUBLIC);
        assert.equal(now.ok, true, JSON.stringify(now.problems));
        await append(store, 11, 14);
        const later = await verifyCheckpoint(store, JSON.parse(JSON.stringify(c)) as AuditCheckpoint, PUBLIC);
        assert.equal(later.ok, true);
        assert.equal(later.chain!.records, 14);
      } finally {
        await store.close();
      }
    });

    it('records deleted from the end: the chain holds, the checkpoint says which were deleted', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 20);
        const c = await makeCheckpoint(store, SIGNING);
        await sql`delete from audit_log where seq > 15`.execute(rawDatabaseOf(store));
        assert.equal((await verifyAudit(store)).ok, true, 'a cut tail leaves a valid chain');
        const r = await verifyCheckpoint(store, c, PUBLIC);
        assert.equal(r.ok, false);
        assert.deepEqual(r.problems.map((p) => p.problem), ['deleted']);
        assert.equal(r.problems[0]!.detail, `the checkpoint of ${c.at} covers 20 records; the store holds 15 (up to record 15): records 16..20 were deleted`);
      } finally {
        await store.close();
      }
    });

    it('every record deleted: detected', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 6);
        const c = await makeCheckpoint(store, SIGNING);
        await sql`delete from audit_log`.execute(rawDatabaseOf(store));
        const v = await verifyAudit(store);
        assert.equal(v.ok, true);
        assert.equal(v.records, 0);
        const r = await verifyCheckpoint(store, c, PUBLIC);
        assert.equal(r.ok, false);
        assert.match(r.problems[0]!.detail, /covers 6 records; the store holds none: every record was deleted/);
      } finally {
        await store.close();
      }
    });

    it('a chain edited and recomputed with no audit key at all: the checkpoint finds its head replaced', async () => {
      const store = await open();
      try {
        await append(store, 1, 9);
        const c = await makeCheckpoint(store, SIGNING);
        assert.equal(c.macFrom, null);
        await editAndRecompute(store, 3);
        assert.equal((await verifyAudit(store)).ok, true);
        const r = await verifyCheckpoint(store, c, PUBLIC);
        assert.equal(r.ok, false);
        assert.deepEqual(r.problems.map((p) => p.problem), ['rewritten']);
        assert.match(r.problems[0]!.detail, /^record 9 is not the one the checkpoint of .* signed .*: records up to 9 were edited and the chain recomputed/);
      } finally {
        await store.close();
      }
    });

    it('MACs stripped from every record (hashes untouched): unanchored to verify, caught by the checkpoint', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 8);
        const c = await makeCheckpoint(store, SIGNING);
        await sql`update audit_log set mac = null`.execute(rawDatabaseOf(store));
        const v = await verifyAudit(store);
        assert.equal(v.anchor.status, 'partly');
        assert.deepEqual(v.anchor.unanchored, { from: 1, to: 8 });
        const r = await verifyCheckpoint(store, c, PUBLIC);
        assert.equal(r.ok, false);
        assert.deepEqual(r.problems.map((p) => p.problem), ['mac']);
        assert.match(r.problems[0]!.detail, /saw MACs from record 1 on; no record has a valid MAC now/);
      } finally {
        await store.close();
      }
    });

    it('refuses a checkpoint altered after signing, or signed by another key, and signs none over a broken chain', async () => {
      const store = await keyed();
      try {
        await append(store, 1, 10);
        const c = await makeCheckpoint(store, SIGNING);
        await sql`delete from audit_log where seq > 4`.execute(rawDatabaseOf(store));
        // Lowered to what the store now holds, so the deletion would pass: the signature refuses it.
        const forged = resign(c, { records: 4, headSeq: 4, headHash: (await store.repos.audit.head()).hash });
        const r = await verifyCheckpoint(store, forged, PUBLIC);
        assert.equal(r.ok, false);
        assert.equal(r.chain, undefined);
        assert.deepEqual(r.problems.map((p) => p.problem), ['signature']);
        assert.match(r.problems[0]!.detail, /signature does not match its content: it was altered/);
        const other: KeyObject = generateKeyPairSync('ed25519').privateKey;
        const byOther = await makeCheckpoint(store, other);
        const r2 = await verifyCheckpoint(store, byOther, PUBLIC);
        assert.match(r2.problems[0]!.detail, /names signing key [0-9a-f]{16}, not the given public key/);
        // A broken chain is never signed.
        await sql`delete from audit_log where seq = 2`.execute(rawDatabaseOf(store));
        await assert.rejects(makeCheckpoint(store, SIGNING), (err: Error & { code?: string }) => err.code === 'conflict' && /no checkpoint is signed over a broken chain/.test(err.message));
      } finally {
        await store.close();
      }
    });
  });
});

describe('audit keys from the settings', () => {
  it('reads VIGIL_AUDIT_KEY or a key file (rotation: the first key MACs, the others verify), and names what is wrong', async () => {
    assert.equal(auditKeysOf({}), undefined);
    assert.throws(() => auditKeysOf({ VIGIL_AUDIT_KEY: 'short' }), /VIGIL_AUDIT_KEY: key 1 is 5 characters; an audit key needs at least 32/);
    assert.throws(() => auditKeysOf({ VIGIL_AUDIT_KEY: 'x'.repeat(40), VIGIL_AUDIT_KEY_FILE: '/nowhere' }), /not both/);
    assert.throws(() => auditKeysOf({ VIGIL_AUDIT_KEY_FILE: join(tmp.dir, 'missing.key') }), /VIGIL_AUDIT_KEY_FILE: cannot read .*missing\.key/);
    const oldKey = 'o'.repeat(40);
    const newKey = 'n'.repeat(40);
    const file = join(tmp.dir, 'rotated.key');
    writeFileSync(file, `# current first\n${newKey}\n\n${oldKey}\n`);
    const keys = auditKeysOf({ VIGIL_AUDIT_KEY_FILE: file })!;
    assert.deepEqual(keys.map((k) => Buffer.from(k).toString()), [newKey, oldKey]);

    const path = join(tmp.dir, 'rotation.sqlite');
    let store = await openStore({ kind: 'sqlite', file: path }, { auditKeys: auditKeysOf({ VIGIL_AUDIT_KEY: oldKey }) });
    await append(store, 1, 3);
    await store.close();
    store = await openStore({ kind: 'sqlite', file: path }, { auditKeys: keys });
    try {
      await append(store, 4, 6);
      const v = await verifyAudit(store);
      assert.equal(v.ok, true);
      assert.equal(v.anchor.status, 'anchored');
    } finally {
      await store.close();
    }
    // The new key alone rejects the old records: a key is not swapped silently.
    store = await openStore({ kind: 'sqlite', file: path }, { auditKeys: auditKeysOf({ VIGIL_AUDIT_KEY: newKey }) });
    try {
      const v = await verifyAudit(store);
      assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[1, 'mac']]);
    } finally {
      await store.close();
    }
  });
});

describe('vigil audit keygen | checkpoint | verify --checkpoint (CLI)', () => {
  it('anchors the trail of a data directory and detects a cut tail and an altered checkpoint', async () => {
    const dataDir = join(tmp.dir, 'cli');
    const keyDir = join(tmp.dir, 'cli-keys');
    let out = '';
    let err = '';
    let env: NodeJS.ProcessEnv = { VIGIL_STORE: 'sqlite' };
    const run = (args: string[]) => {
      out = '';
      err = '';
      return main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env });
    };
    assert.equal(await run(['audit', 'keygen', '--out-dir', keyDir]), 0, err);
    assert.match(out, /audit-signing\.pem \(signing key [0-9a-f]{16}\)/);
    assert.equal(await run(['audit', 'keygen', '--out-dir', keyDir]), 1);
    assert.match(err, /exist already; keygen never overwrites a key/);

    // No key yet: the chain holds, and verify says plainly it is not anchored.
    assert.equal(await run(['keys', 'create', '--name', 'first', '--scopes', 'screen']), 0, err);
    assert.equal(await run(['audit', 'verify']), 0, err);
    assert.match(out, /audit trail intact: 1 records/);
    assert.match(err, /warning: the chain is not anchored/);
    assert.equal(await run(['audit', 'verify', '--require-anchor']), 1);
    assert.equal(await run(['audit', 'checkpoint']), 1);
    assert.match(err, /no audit signing key is configured \(VIGIL_AUDIT_SIGNING_KEY_FILE/);

    env = { VIGIL_STORE: 'sqlite', VIGIL_AUDIT_KEY_FILE: join(keyDir, 'audit-mac.key'), VIGIL_AUDIT_SIGNING_KEY_FILE: join(keyDir, 'audit-signing.pem') };
    for (const name of ['second', 'third', 'fourth']) assert.equal(await run(['keys', 'create', '--name', name, '--scopes', 'screen']), 0, err);
    assert.equal(await run(['audit', 'verify']), 0, err);
    assert.match(err, /warning: unanchored record 1: no MAC \(written before the audit key was set/);
    const checkpointFile = join(tmp.dir, 'checkpoint.json');
    assert.equal(await run(['audit', 'checkpoint', '--out', checkpointFile]), 0, err);
    assert.match(err, /wrote the checkpoint of 4 records \(up to record 4\)/);
    const pub = join(keyDir, 'audit-signing.pub.pem');
    assert.equal(await run(['audit', 'verify', '--checkpoint', checkpointFile, '--public-key', pub]), 0, err);
    assert.match(out, /audit trail intact and consistent with the checkpoint of .* \(4 records, up to record 4\)/);

    const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await sql`delete from audit_log where seq >= 3`.execute(rawDatabaseOf(store));
    await store.close();
    assert.equal(await run(['audit', 'verify']), 0, 'the chain alone still holds');
    assert.equal(await run(['audit', 'verify', '--checkpoint', checkpointFile, '--public-key', pub]), 1);
    assert.match(err, /checkpoint: deleted: the checkpoint of .* covers 4 records; the store holds 2 \(up to record 2\): records 3\.\.4 were deleted/);

    const altered = JSON.parse(readFileSync(checkpointFile, 'utf8')) as AuditCheckpoint;
    writeFileSync(checkpointFile, JSON.stringify({ ...altered, records: 2, headSeq: 2 }));
    assert.equal(await run(['audit', 'verify', '--checkpoint', checkpointFile, '--public-key', pub]), 1);
    assert.match(err, /was refused: its signature does not hold/);
    writeFileSync(checkpointFile, JSON.stringify({ ...altered, headHash: 'nope' }));
    assert.equal(await run(['audit', 'verify', '--checkpoint', checkpointFile]), 1);
    assert.match(err, /"headHash" must be 64 lowercase hex digits/);
  });
});

describe('GET /v1/audit/checkpoint, POST /v1/audit/checkpoint/verify', () => {
  it("signs with the server's key (409 without one) and checks a posted checkpoint", async () => {
    const keyFile = join(tmp.dir, 'server-signing.pem');
    writeFileSync(keyFile, SIGNING.export({ type: 'pkcs8', format: 'pem' }));
    const file = join(tmp.dir, 'server.sqlite');
    const store = await openStore({ kind: 'sqlite', file }, { auditKeys: KEY });
    const admin = (await createKey(store, 'admin', ['admin'])).key;
    await append(store, 1, 3);
    const headers = { authorization: `Bearer ${admin}` };
    const unsigned = await buildApp({ store, logger: false, config: loadConfig({}) });
    const signed = await buildApp({ store, logger: false, config: loadConfig({ VIGIL_AUDIT_SIGNING_KEY_FILE: keyFile }) });
    try {
      const refused = await unsigned.app.inject({ method: 'GET', url: '/v1/audit/checkpoint', headers });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.json<{ message: string }>().message, /no audit signing key is configured/);

      const verify = await signed.app.inject({ method: 'GET', url: '/v1/audit/verify', headers });
      assert.equal(verify.json<{ anchor: { status: string } }>().anchor.status, 'anchored');
      const got = await signed.app.inject({ method: 'GET', url: '/v1/audit/checkpoint', headers });
      assert.equal(got.statusCode, 200, got.body);
      const checkpoint = got.json<AuditCheckpoint>();
      assert.deepEqual([checkpoint.records, checkpoint.headSeq, checkpoint.macFrom], [3, 3, 1]);
      const publicKey = PUBLIC.export({ type: 'spki', format: 'pem' }).toString();
      const ok = await unsigned.app.inject({ method: 'POST', url: '/v1/audit/checkpoint/verify', headers, payload: { checkpoint, publicKey } });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json<{ ok: boolean }>().ok, true);
      const forged = await signed.app.inject({ method: 'POST', url: '/v1/audit/checkpoint/verify', headers, payload: { checkpoint: { ...checkpoint, records: 0 } } });
      assert.equal(forged.json<{ ok: boolean; problems: { problem: string }[] }>().ok, false);
      assert.equal(forged.json<{ problems: { problem: string }[] }>().problems[0]!.problem, 'signature');
      const bad = await signed.app.inject({ method: 'POST', url: '/v1/audit/checkpoint/verify', headers, payload: { checkpoint: { ...checkpoint, at: 'yesterday' } } });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json<{ message: string }>().message, /checkpoint: "at" must be an ISO date-time/);
      const huge = await signed.app.inject({ method: 'POST', url: '/v1/audit/checkpoint/verify', headers, payload: { checkpoint: { ...checkpoint, headSeq: 2 ** 40 } } });
      assert.equal(huge.statusCode, 400);
      assert.match(huge.json<{ message: string }>().message, /checkpoint: "headSeq" must be a whole number from 0 to 2147483647/);
      const notKey = await signed.app.inject({ method: 'POST', url: '/v1/audit/checkpoint/verify', headers, payload: { checkpoint, publicKey: 'not a key' } });
      assert.equal(notKey.statusCode, 400);
      assert.match(notKey.json<{ message: string }>().message, /publicKey is not a PEM public or private key/);
    } finally {
      await unsigned.app.close();
      await signed.app.close();
      await store.close();
    }
  });
});
