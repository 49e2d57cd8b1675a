/**
 * People who sign in to the web UI, and their sessions.
 *
 * Roles: `analyst` (screening and case work: subjects, alerts, comments, decisions, vetting, the
 * audit trail), `reviewer` (an analyst who may also be the second pair of eyes where a decision
 * needs one), `admin` (everything, including users, keys and list updates). A role maps onto the
 * API key scopes (keys.ts), so every route checks one thing.
 *
 * Passwords are hashed with scrypt (memory-hard; node:crypto), each with its own salt, its
 * parameters kept in the hash so they can be raised later. A session is a random 256-bit token the
 * browser keeps in an httpOnly cookie; the store keeps only its SHA-256, with a CSRF token that
 * every unsafe request must repeat in a header. A session ends when signed out, when its user is
 * disabled, or after `idleTimeoutMs` without a request.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { VigilError } from '../errors.js';
import type { Store, StoredUser } from '../store/index.js';
import { keyHash, type Scope } from './keys.js';

export const ROLES = ['analyst', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do, as the API key scopes the routes check. */
export const ROLE_SCOPES: Record<Role, Scope[]> = {
  analyst: ['screen', 'analyst'],
  reviewer: ['screen', 'analyst'],
  admin: ['admin'],
};

export interface UserInfo {
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
}

/** A signed-in session, as a request sees it. */
export interface SessionInfo {
  user: UserInfo;
  csrfToken: string;
}

/** Default: a session unused for 30 minutes ends. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;
export const MIN_PASSWORD_LENGTH = 12;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

// scrypt with N = 2^15, r = 8: 32 MiB of memory and about 0.1 s per hash.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { ...options, maxmem: 128 * (options.N ?? 0) * (options.r ?? 8) * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) throw new Error('a stored password hash is not in the scrypt$N$r$p$salt$hash form');
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(key, expected);
}

/** Compared against when the name is unknown, so that an unknown name takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function userInfo(u: StoredUser): UserInfo {
  if (!isRole(u.role)) throw new Error(`user ${u.name}: its stored role "${u.role}" is not one of ${ROLES.join(', ')}`);
  return { name: u.name, role: u.role, createdAt: u.createdAt, disabledAt: u.disabledAt };
}

/** A new user and its `user.create` audit record, together. */
export async function createUser(store: Store, name: string, role: string, password: string, actor: string): Promise<UserInfo> {
  if (!NAME_RE.test(name)) throw new VigilError('invalid_input', `user name "${name}": 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`);
  if (!isRole(role)) throw new VigilError('invalid_input', `role "${role}": one of ${ROLES.join(', ')}`);
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new VigilError('invalid_input', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hashPassword(password);
  const user: StoredUser = { name, role, passwordHash, createdAt: new Date().toISOString(), disabledAt: null };
  return store.transaction(async (tx) => {
    if (!(await tx.users.insert(user))) throw new VigilError('conflict', `there is already a user named "${name}"`);
    await tx.audit.append([{ actor, action: 'user.create', subject: `user:${name}`, details: { role } }]);
    return userInfo(user);
  });
}

export async function listUsers(store: Store): Promise<UserInfo[]> {
  return (await store.repos.users.list()).map(userInfo);
}

/** Disable a user (their sessions end at once) with its `user.disable` audit record. */
export async function disableUser(store: Store, name: string, actor: string): Promise<void> {
  await store.transaction(async (tx) => {
    if (!(await tx.users.disable(name, new Date().toISOString()))) throw new VigilError('not_found', `no enabled user named "${name}"`);
    await tx.audit.append([{ actor, action: 'user.disable', subject: `user:${name}` }]);
  });
}

const SIGN_IN_REFUSED = 'wrong name or password, or the account is disabled';

/**
 * Sign in: a new session for a user whose password matches, and its `session.start` audit record.
 * The token goes to the browser (a cookie) and is never stored.
 */
export async function signIn(store: Store, name: string, password: string, from: string): Promise<SessionInfo & { token: string }> {
  const user = NAME_RE.test(name) ? await store.repos.users.byName(name) : undefined;
  if (!user) {
    await passwordMatches(password, await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))));
    throw new VigilError('unauthorized', SIGN_IN_REFUSED);
  }
  if (!(await passwordMatches(password, user.passwordHash)) || user.disabledAt !== null) throw new VigilError('unauthorized', SIGN_IN_REFUSED);
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  await store.transaction(async (tx) => {
    await tx.users.insertSession({ tokenHash: keyHash(token), userName: user.name, csrfToken, createdAt: now, lastSeenAt: now, endedAt: null });
    await tx.audit.append([{ actor: `user:${user.name}`, action: 'session.start', subject: `user:${user.name}`, details: { from } }]);
  });
  return { token, csrfToken, user: userInfo(user) };
}

/** The open session of a token, its last use noted; undefined when it is unknown, ended, idle too long or its user disabled. */
export async function sessionOf(store: Store, token: string, idleTimeoutMs: number, now = Date.now()): Promise<SessionInfo | undefined> {
  const tokenHash = keyHash(token);
  const found = await store.repos.users.session(tokenHash);
  if (!found || found.session.endedAt !== null || found.user.disabledAt !== null) return undefined;
  const idle = now - Date.parse(found.session.lastSeenAt);
  if (idle > idleTimeoutMs) {
    await store.repos.users.endSession(tokenHash, new Date(now).toISOString());
    return undefined;
  }
  if (idle > TOUCH_EVERY_MS) await store.repos.users.touchSession(tokenHash, new Date(now).toISOString());
  return { user: userInfo(found.user), csrfToken: found.session.csrfToken };
}

/** Sign out: the session ends, with its `session.end` audit record. False when it was not open. */
export async function signOut(store: Store, token: string): Promise<boolean> {
  const tokenHash = keyHash(token);
  const found = await store.repos.users.session(tokenHash);
  if (!found) return false;
  return store.transaction(async (tx) => {
    if (!(await tx.users.endSession(tokenHash, new Date().toISOString()))) return false;
    await tx.audit.append([{ actor: `user:${found.user.name}`, action: 'session.end', subject: `user:${found.user.name}` }]);
    return true;
  });
}
