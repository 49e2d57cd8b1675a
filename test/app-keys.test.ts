/**
 * API keys through the application (src/app/keys.ts), on SQLite and PostgreSQL: a created or
 * revoked key and its audit record commit together; a revocation of no active key writes
 * nothing; stored scopes are decoded and checked by the repository.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApiKey, listKeys, revokeApiKey } from '../src/app/index.js';
import { auditRecords } from '../src/cases/index.js';
import { KeyVerifier } from '../src/server/keys.js';
import { type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { onBothStores, withStore } from './helpers.js';


function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`application: API keys (${name})`, { skip }, () => {
    it('creates and revokes a key with its audit records, and refuses a revocation of no active key', async () => {
      await withStore(open, async (store) => {
        const { key, info } = await createApiKey(store, ' ops ', ['screen', 'analyst'], 'cli:tester');
        assert.match(key, /^vgl_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
        assert.deepEqual((await listKeys(store)).map((k) => [k.id, k.name, k.scopes, k.revokedAt]), [[info.id, 'ops', ['screen', 'analyst'], null]]);
        assert.equal((await new KeyVerifier(store).verify(key)).ok, true);
        assert.equal(await revokeApiKey(store, info.id, 'cli:tester'), true);
        assert.equal(await revokeApiKey(store, info.id, 'cli:tester'), false, 'already revoked');
        assert.equal(await revokeApiKey(store, 'nosuchkey0', 'cli:tester'), false);
        const trail = (await auditRecords(store)).map((r) => [r.action, r.subject, r.actor]);
        assert.deepEqual(trail, [
          ['key.create', info.id, 'cli:tester'],
          ['key.revoke', info.id, 'cli:tester'],
        ]);
        const verdict = await new KeyVerifier(store).verify(key);
        assert.deepEqual(verdict, { ok: false, reason: 'the API key has been revoked' });
      });
    });

    it('reaches every verifier of the store: at once where it was revoked, within a second elsewhere', async () => {
      await withStore(open, async (store) => {
        const { key, info } = await createApiKey(store, 'replicated', ['screen'], 'cli:tester');
        const here = new KeyVerifier(store);
        const elsewhere = new KeyVerifier(store); // another replica or process on the same store
        assert.equal((await here.verify(key)).ok, true);
        assert.equal((await elsewhere.verify(key)).ok, true);
        assert.equal(await revokeApiKey(store, info.id, 'cli:tester'), true);
        here.forgetAll(); // what the application tells the server that revoked it
        assert.deepEqual(await here.verify(key), { ok: false, reason: 'the API key has been revoked' });
        // The other one reads the store's revocation state at most once a second; past that, it knows.
        await new Promise((resolve) => setTimeout(resolve, 1_050));
        assert.deepEqual(await elsewhere.verify(key), { ok: false, reason: 'the API key has been revoked' });
      });
    });

    it('names a key whose stored scopes are not a JSON array of names', async () => {
      await withStore(open, async (store) => {
        const { info } = await createApiKey(store, 'broken', ['screen'], 'cli:tester');
        await sql`update api_keys set scopes = '{"admin": true}' where id = ${info.id}`.execute(rawDatabaseOf(store));
        await assert.rejects(listKeys(store), new RegExp(`API key ${info.id}: its stored scopes are not a JSON array of names`));
      });
    });
  });
}

onBothStores('app_keys', suite);
