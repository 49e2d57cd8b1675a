/**
 * Signed checkpoints of the audit trail: what the chain held at one moment (how many records, the
 * last one's sequence number and hash, and from which record on MACs hold), signed with an Ed25519
 * key kept outside the database. Kept somewhere the database's writers cannot reach (a write-once
 * bucket, a ticket, an e-mail to the auditor), a checkpoint later shows what the chain alone
 * cannot: that records were deleted from the end (or all of them), or that the chain up to it was
 * rewritten. `verifyCheckpoint` checks the signature first (a checkpoint altered or signed by
 * another key is refused), then the store against it, then the chain itself.
 *
 * The signed text is the JSON array of the checkpoint's fields in a fixed order (`signedText`), so
 * a checkpoint can be checked outside Vigil with any Ed25519 tool.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { CaseError } from './errors.js';
import type { Store } from '../store/index.js';
import { verifyAudit, type AuditVerification } from './audit.js';

export const CHECKPOINT_FORMAT = 'vigil-audit-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface AuditCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  /** How many records the store held. */
  records: number;
  /** The last record's sequence number and hash (0 and the genesis hash for an empty trail). */
  headSeq: number;
  headHash: string;
  /** The first record whose MAC held under the audit key (null: none, or no audit key configured). */
  macFrom: number | null;
  /** When it was taken (ISO). */
  at: string;
  /** Which signing key: the first 16 hex digits of the sha256 of its public key (DER). */
  keyId: string;
  /** Ed25519 signature of `signedText`, base64. */
  signature: string;
}

export interface CheckpointProblem {
  /** `signature`: not signed by the given key; `deleted`: records gone; `rewritten`: the head is another record; `mac`: MACs removed. */
  problem: 'signature' | 'deleted' | 'rewritten' | 'mac';
  detail: string;
}

export interface CheckpointVerification {
  /** The checkpoint holds and so does the chain. */
  ok: boolean;
  checkpoint: Omit<AuditCheckpoint, 'signature' | 'format' | 'version'>;
  /** What the checkpoint shows; a bad signature stops there. */
  problems: CheckpointProblem[];
  /** The chain checked as `verifyAudit` does (absent when the signature did not hold). */
  chain?: AuditVerification;
}

/** The id of a signing key: the first 16 hex digits of the sha256 of its public key. */
export function signingKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(pub.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The bytes a checkpoint's signature covers: its fields, in this order, as a JSON array. */
export function signedText(c: Omit<AuditCheckpoint, 'signature'>): string {
  return JSON.stringify([c.format, c.version, c.records, c.headSeq, c.headHash, c.macFrom, c.at, c.keyId]);
}

function requireEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new CaseError('invalid_input', `${what} is an ${key.asymmetricKeyType ?? key.type} key; audit checkpoints are signed with Ed25519 (vigil audit keygen)`);
}

/** A public key from PEM text (a private key's PEM gives its public half); `what` names it in errors. */
export function publicKeyFromPem(pem: string, what: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new CaseError('invalid_input', `${what} is not a PEM public or private key: ${(err as Error).message}`);
  }
  requireEd25519(key, what);
  return key;
}

/**
 * Sign a checkpoint of the trail as it is now. Refused (conflict) when the chain has problems: a
 * checkpoint vouches for what it covers, so it is never signed over a broken chain.
 */
export async function makeCheckpoint(store: Store, privateKey: KeyObject): Promise<AuditCheckpoint> {
  requireEd25519(privateKey, 'the audit signing key');
  // The head first: the verification then covers at least up to it.
  const head = await store.repos.audit.head();
  const v = await verifyAudit(store);
  if (!v.ok) {
    throw new CaseError(
      'conflict',
      `the audit trail is broken (${v.problems.length} problem(s), first: record ${v.problems[0]!.seq}: ${v.problems[0]!.detail}); no checkpoint is signed over a broken chain: see vigil audit verify`,
    );
  }
  const unsigned: Omit<AuditCheckpoint, 'signature'> = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    records: head.records,
    headSeq: head.seq,
    headHash: head.hash,
    macFrom: v.anchor.macFrom !== null && v.anchor.macFrom <= head.seq ? v.anchor.macFrom : null,
    at: new Date().toISOString(),
    keyId: signingKeyId(privateKey),
  };
  return { ...unsigned, signature: sign(null, Buffer.from(signedText(unsigned), 'utf8'), privateKey).toString('base64') };
}

const HEX64 = /^[0-9a-f]{64}$/;
/** The highest sequence number the store can hold (a 32-bit integer column). */
const MAX_SEQ = 2_147_483_647;

/** A checkpoint read from JSON text, every field checked; errors name the field. */
export function parseCheckpoint(text: string, what = 'the checkpoint'): AuditCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CaseError('invalid_input', `${what} is not JSON: ${(err as Error).message}`);
  }
  return checkpointFrom(value, what);
}

/** A checkpoint from a parsed JSON value (a request body), every field checked. */
export function checkpointFrom(value: unknown, what = 'the checkpoint'): AuditCheckpoint {
  const bad = (field: string, expected: string) => new CaseError('invalid_input', `${what}: "${field}" must be ${expected}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new CaseError('invalid_input', `${what} must be a JSON object`);
  const c = value as Record<string, unknown>;
  if (c.format !== CHECKPOINT_FORMAT) throw bad('format', `"${CHECKPOINT_FORMAT}"`);
  if (c.version !== CHECKPOINT_VERSION) throw bad('version', `${CHECKPOINT_VERSION} (this Vigil reads no other)`);
  const count = (field: string) => {
    const n = c[field];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SEQ) throw bad(field, `a whole number from 0 to ${MAX_SEQ}`);
    return n;
  };
  const records = count('records');
  const headSeq = count('headSeq');
  if (typeof c.headHash !== 'string' || !HEX64.test(c.headHash)) throw bad('headHash', '64 lowercase hex digits');
  if (c.macFrom !== null && (typeof c.macFrom !== 'number' || !Number.isInteger(c.macFrom) || c.macFrom < 1 || c.macFrom > MAX_SEQ)) throw bad('macFrom', 'null or a record number');
  if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) throw bad('at', 'an ISO date-time');
  if (typeof c.keyId !== 'string' || !/^[0-9a-f]{16}$/.test(c.keyId)) throw bad('keyId', '16 lowercase hex digits');
  if (typeof c.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(c.signature)) throw bad('signature', 'base64');
  return {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    records,
    headSeq,
    headHash: c.headHash,
    macFrom: c.macFrom,
    at: c.at,
    keyId: c.keyId,
    signature: c.signature,
  };
}

/** Whether the checkpoint was signed, as it is, by `publicKey`; a problem naming what failed if not. */
export function checkSignature(c: AuditCheckpoint, publicKey: KeyObject): CheckpointProblem | undefined {
  requireEd25519(publicKey, 'the public key');
  const given = signingKeyId(publicKey);
  if (c.keyId !== given) {
    return { problem: 'signature', detail: `the checkpoint names signing key ${c.keyId}, not the given public key (${given}): it was signed by another key, or altered` };
  }
  const signature = Buffer.from(c.signature, 'base64');
  if (!verify(null, Buffer.from(signedText(c), 'utf8'), publicKey, signature)) {
    return { problem: 'signature', detail: `the checkpoint's signature does not match its content: it was altered after signing (or forged); nothing in it can be trusted` };
  }
  return undefined;
}

/** The store checked against a checkpoint (its signature first), then the chain itself. */
export async function verifyCheckpoint(store: Store, c: AuditCheckpoint, publicKey: KeyObject): Promise<CheckpointVerification> {
  const { signature: _signature, format: _format, version: _version, ...summary } = c;
  const unsigned = checkSignature(c, publicKey);
  if (unsigned) return { ok: false, checkpoint: summary, problems: [unsigned] };

  const problems: CheckpointProblem[] = [];
  const of = `the checkpoint of ${c.at} covers ${c.records} record${c.records === 1 ? '' : 's'}`;
  const head = await store.repos.audit.head();
  const chain = await verifyAudit(store);
  if (c.headSeq > 0) {
    const row = await store.repos.audit.storedRow(c.headSeq);
    if (head.records === 0) {
      problems.push({ problem: 'deleted', detail: `${of}; the store holds none: every record was deleted` });
    } else if (!row && head.seq < c.headSeq) {
      problems.push({
        problem: 'deleted',
        detail: `${of}; the store holds ${head.records} (up to record ${head.seq}): records ${head.seq + 1}..${c.headSeq} were deleted`,
      });
    } else if (!row) {
      problems.push({ problem: 'deleted', detail: `${of}, up to record ${c.headSeq}; the store has no record ${c.headSeq}: it was deleted` });
    } else if (row.hash !== c.headHash) {
      problems.push({
        problem: 'rewritten',
        detail:
          `record ${c.headSeq} is not the one the checkpoint of ${c.at} signed (hash ${row.hash.slice(0, 12)}... now, ${c.headHash.slice(0, 12)}... then): ` +
          `records up to ${c.headSeq} were edited and the chain recomputed, or replaced`,
      });
    }
  }
  if (head.records < c.records && !problems.some((p) => p.problem === 'deleted')) {
    problems.push({ problem: 'deleted', detail: `${of}; the store holds ${head.records}: ${c.records - head.records} record(s) were deleted` });
  }
  if (c.macFrom !== null && chain.anchor.status !== 'none' && (chain.anchor.macFrom === null || chain.anchor.macFrom > c.macFrom)) {
    problems.push({
      problem: 'mac',
      detail:
        `the checkpoint of ${c.at} saw MACs from record ${c.macFrom} on; ` +
        (chain.anchor.macFrom === null ? 'no record has a valid MAC now' : `the first valid MAC is now at record ${chain.anchor.macFrom}`) +
        ': MACs were removed, or the audit key changed',
    });
  }
  return { ok: problems.length === 0 && chain.ok, checkpoint: summary, problems, chain };
}

/** A new set of audit keys: the MAC key (64 hex digits) and an Ed25519 signing pair (PEM). */
export function newAuditKeys(): { macKey: string; signingKey: string; publicKey: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    macKey: randomBytes(32).toString('hex'),
    signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: signingKeyId(publicKey),
  };
}
