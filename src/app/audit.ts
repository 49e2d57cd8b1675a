/**
 * The audit trail's use cases beyond reading it: signed checkpoints made and checked (see
 * src/cases/audit-anchor.ts). The signing key is an Ed25519 private key in a PEM file named by
 * VIGIL_AUDIT_SIGNING_KEY_FILE, outside the database; `auditSigningKeyOf` reads it. A checkpoint
 * is checked with a public key given by the caller, or else the public half of the configured
 * signing key (the same process that signs can check, but an auditor should use their own copy
 * of the public key).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CaseError, makeCheckpoint, verifyCheckpoint, type AuditCheckpoint, type CheckpointVerification } from '../cases/index.js';
import { configOf, type Config } from '../config.js';
import { ConfigError } from '../errors.js';
import type { Store } from '../store/index.js';

/** The audit signing key the settings name (VIGIL_AUDIT_SIGNING_KEY_FILE), or undefined when none is set. */
export function auditSigningKeyOf(settings: Config | NodeJS.ProcessEnv = process.env): KeyObject | undefined {
  const file = configOf(settings).auditSigningKeyFile;
  if (file === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`VIGIL_AUDIT_SIGNING_KEY_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new ConfigError(`VIGIL_AUDIT_SIGNING_KEY_FILE: ${file} is not a PEM private key: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`VIGIL_AUDIT_SIGNING_KEY_FILE: ${file} is an ${key.asymmetricKeyType} key; it must be Ed25519 (vigil audit keygen)`);
  return key;
}

/** A checkpoint of the trail now, signed; refused (conflict) with no signing key configured. */
export function checkpointNow(store: Store, signingKey: KeyObject | undefined): Promise<AuditCheckpoint> {
  if (!signingKey) {
    throw new CaseError('conflict', 'no audit signing key is configured (VIGIL_AUDIT_SIGNING_KEY_FILE, an Ed25519 private key in PEM: vigil audit keygen), so no checkpoint can be signed');
  }
  return makeCheckpoint(store, signingKey);
}

/** The store checked against a checkpoint, with `publicKey` or else the configured signing key's public half. */
export function checkAgainstCheckpoint(store: Store, checkpoint: AuditCheckpoint, publicKey: KeyObject | undefined, signingKey: KeyObject | undefined): Promise<CheckpointVerification> {
  const key = publicKey ?? (signingKey ? createPublicKey(signingKey) : undefined);
  if (!key) throw new CaseError('invalid_input', 'no public key to check the checkpoint with: give one (--public-key), or configure VIGIL_AUDIT_SIGNING_KEY_FILE');
  return verifyCheckpoint(store, checkpoint, key);
}
