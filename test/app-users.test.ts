/**
 * Users and sessions through the application (src/app/users.ts), on SQLite and PostgreSQL: a user
 * is created with a scrypt hash (never the password) and its audit record; bad names, roles, short
 * passwords and taken names are refused naming what was wrong; signing in needs the right password
 * and an enabled account; a session ends when signed out, after its idle time, or when its user is
 * disabled; every step is in the audit trail under the user's name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createUser, disableUser, hashPassword, listUsers, passwordMatches, sessionOf, signIn, signOut } from '../src/app/index.js';
import { auditRecords } from '../src/cases/index.js';
import { type Store } from '../src/store/index.js';
import { onBothStores, withStore } from './helpers.js';

const PASSWORD = 'correct horse battery';
const HOUR = 3_600_000;

describe('password hashes', () => {
  it('are salted scrypt with their parameters, and match only their password', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    assert.match(a, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b, 'each hash has its own salt');
    assert.equal(await passwordMatches(PASSWORD, a), true);
    assert.equal(await passwordMatches('correct horse batterY', a), false);
    await assert.rejects(passwordMatches(PASSWORD, 'plain text'), /not in the scrypt\$N\$r\$p\$salt\$hash form/);
  });
});

function suite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`application: users and sessions (${name})`, { skip }, () => {
    it('creates a user with its audit record, and refuses what it cannot take, naming why', async () => {
      await withStore(open, async (store) => {
        const alice = await createUser(store, 'alice', 'reviewer', PASSWORD, 'cli:admin');
        assert.deepEqual([alice.name, alice.role, alice.disabledAt], ['alice', 'reviewer', null]);
        await assert.rejects(createUser(store, 'alice', 'analyst', PASSWORD, 'cli:admin'), /there is already a user named "alice"/);
        await assert.rejects(createUser(store, 'bob', 'superuser', PASSWORD, 'cli:admin'), /role "superuser": one of analyst, reviewer, admin/);
        await assert.rejects(createUser(store, 'bob', 'analyst', 'short', 'cli:admin'), /password: at least 12 characters/);
        await assert.rejects(createUser(store, 'bob smith', 'analyst', PASSWORD, 'cli:admin'), /user name "bob smith"/);
        assert.deepEqual((await listUsers(store)).map((u) => [u.name, u.role]), [['alice', 'reviewer']]);
        const stored = await store.repos.users.byName('alice');
        assert.ok(stored && !stored.passwordHash.includes(PASSWORD) && stored.passwordHash.startsWith('scrypt$'));
        assert.deepEqual((await auditRecords(store)).map((r) => [r.action, r.subject, r.actor]), [['user.create', 'user:alice', 'cli:admin']]);
      });
    });

    it('signs in with the right password only, and ends a session when signed out or idle', async () => {
      await withStore(open, async (store) => {
        await createUser(store, 'alice', 'analyst', PASSWORD, 'cli:admin');
        await assert.rejects(signIn(store, 'alice', 'not the password', '127.0.0.1'), /wrong name or password/);
        await assert.rejects(signIn(store, 'nobody', PASSWORD, '127.0.0.1'), /wrong name or password/);
        const s = await signIn(store, 'alice', PASSWORD, '127.0.0.1');
        assert.match(s.token, /^[A-Za-z0-9_-]{43}$/);
        assert.notEqual(s.csrfToken, s.token);
        const open1 = await sessionOf(store, s.token, HOUR);
        assert.deepEqual([open1?.user.name, open1?.user.role, open1?.csrfToken], ['alice', 'analyst', s.csrfToken]);
        assert.equal(await sessionOf(store, 'x'.repeat(43), HOUR), undefined, 'an unknown token');
        // The store keeps only the token's hash.
        assert.equal(await store.repos.users.session(s.token), undefined);

        assert.equal(await signOut(store, s.token), true);
        assert.equal(await signOut(store, s.token), false, 'already ended');
        assert.equal(await sessionOf(store, s.token, HOUR), undefined);

        const idle = await signIn(store, 'alice', PASSWORD, '10.0.0.7');
        assert.ok(await sessionOf(store, idle.token, HOUR, Date.now() + HOUR - 60_000), 'used within its idle time');
        assert.equal(await sessionOf(store, idle.token, HOUR, Date.now() + 2 * HOUR + 60_000), undefined, 'idle for more than an hour');
        assert.equal(await sessionOf(store, idle.token, HOUR), undefined, 'ended for good once idle too long');

        assert.deepEqual(
          (await auditRecords(store)).map((r) => [r.action, r.actor]),
          [
            ['user.create', 'cli:admin'],
            ['session.start', 'user:alice'],
            ['session.end', 'user:alice'],
            ['session.start', 'user:alice'],
          ],
        );
      });
    });

    it('ends the sessions of a disabled user and refuses their sign-in', async () => {
      await withStore(open, async (store) => {
        await createUser(store, 'carol', 'admin', PASSWORD, 'cli:admin');
        const s = await signIn(store, 'carol', PASSWORD, '127.0.0.1');
        await disableUser(store, 'carol', 'user:dave');
        assert.equal(await sessionOf(store, s.token, HOUR), undefined);
        await assert.rejects(signIn(store, 'carol', PASSWORD, '127.0.0.1'), /wrong name or password, or the account is disabled/);
        await assert.rejects(disableUser(store, 'carol', 'user:dave'), /no enabled user named "carol"/);
        assert.ok((await listUsers(store))[0]?.disabledAt);
        assert.deepEqual((await auditRecords(store)).at(-1)?.action, 'user.disable');
      });
    });
  });
}

onBothStores('app_users', suite);
