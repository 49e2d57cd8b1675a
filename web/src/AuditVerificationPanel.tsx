// Whether the audit trail can be trusted: the hash chain intact or broken (each problem named),
// how many records were checked, how far MACs under the audit key vouch for them, and a checkpoint
// signed now, to download and keep away from the server (for an administrator, with a signing key).
import { useId } from 'react';
import { ApiError, AUDIT_CHECKPOINT_HREF, getAuditCheckpoint, messageOf, verifyAudit } from './api';
import { count, preciseTimeOf, wholeNumber } from './format';
import { useResource, type Resource } from './resource';
import { useSignedIn } from './session';
import type { AuditAnchor, AuditCheckpoint, AuditProblem } from './types';

const PROBLEM_NAMES: Record<AuditProblem['problem'], string> = {
  edited: 'edited',
  deleted: 'deleted',
  reordered: 'reordered',
  mac: 'MAC does not hold',
};

/** Checkpoints are signed for administrators only: for anyone else none is asked for. */
async function noCheckpoint(): Promise<null> {
  return null;
}

export function AuditVerificationPanel() {
  const ids = useId();
  const { session } = useSignedIn();
  const verification = useResource(verifyAudit);
  const checkpoint = useResource<AuditCheckpoint | null>(session.user.role === 'admin' ? getAuditCheckpoint : noCheckpoint);
  const verified = verification.value;

  function checkAgain() {
    verification.reload();
    checkpoint.reload();
  }

  return (
    <section className="panel audit-verification" aria-labelledby={`${ids}-title`} aria-busy={verification.loading}>
      <h2 id={`${ids}-title`}>Verification</h2>
      {verification.error !== undefined && (
        <p role="alert" className="error">
          Could not verify the trail: {messageOf(verification.error)}
        </p>
      )}
      {verified === undefined ? (
        verification.loading && <p role="status">Walking the hash chain…</p>
      ) : (
        <>
          <p className={verified.ok ? 'verdict intact' : 'verdict broken'}>
            <span aria-hidden="true">{verified.ok ? '✓ ' : '✗ '}</span>
            <strong>
              {verified.ok ? 'The hash chain is intact.' : `The hash chain is broken: ${count(verified.problems.length, 'problem', 'problems')}.`}
            </strong>
          </p>
          {verified.problems.length > 0 && (
            <ul className="problems">
              {verified.problems.map((p, i) => (
                <li key={i}>
                  Record {p.seq}, {PROBLEM_NAMES[p.problem]}: {p.detail}
                </li>
              ))}
            </ul>
          )}
          <dl className="facts">
            <dt>Records checked</dt>
            <dd>{wholeNumber(verified.records)}</dd>
            <dt>MACs</dt>
            <dd>
              {macSummary(verified.anchor)}
              <p className="hint">{sentence(verified.anchor.note)}</p>
            </dd>
            <dt>Checkpoint</dt>
            <dd>
              <CheckpointSummary checkpoint={checkpoint} chainBroken={!verified.ok} />
            </dd>
          </dl>
        </>
      )}
      <button type="button" className="secondary" onClick={checkAgain}>
        Verify again
      </button>
    </section>
  );
}

/** The server's notes begin in lower case and end without a full stop. */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${text.endsWith('.') ? '' : '.'}`;
}

function macSummary(anchor: AuditAnchor): string {
  switch (anchor.status) {
    case 'none':
      return 'Not checked: no audit key is configured, so only the hash chain vouches for the records.';
    case 'partly': {
      const without = anchor.unanchored === undefined ? 'The first records have no MAC' : `Records ${anchor.unanchored.from}–${anchor.unanchored.to} have no MAC`;
      return anchor.macFrom === null ? `${without}.` : `${without}; every MAC from record ${anchor.macFrom} on was checked.`;
    }
    case 'anchored':
      return 'Checked against the audit key.';
  }
}

interface CheckpointProps {
  /** null: the signed-in user may not sign one. */
  checkpoint: Resource<AuditCheckpoint | null>;
  chainBroken: boolean;
}

/** The server keeps no checkpoints: the one shown is signed on request, over the trail as it is now. */
function CheckpointSummary({ checkpoint, chainBroken }: CheckpointProps) {
  const { value, error, loading } = checkpoint;
  if (error instanceof ApiError && error.status === 409)
    // With the chain intact, a refusal can only mean there is no key; with it broken, the server says which it is.
    return <>{chainBroken ? sentence(messageOf(error)) : 'No checkpoint signing key is configured.'}</>;
  if (error !== undefined) return <span className="error-text">Could not sign a checkpoint: {messageOf(error)}</span>;
  if (value === undefined) return <>{loading ? 'Signing a checkpoint…' : ''}</>;
  if (value === null) return <>Only an administrator can sign a checkpoint.</>;
  return (
    <>
      Signed now ({preciseTimeOf(value.at)}) over {count(value.records, 'record', 'records')}, up to record {value.headSeq}, with key <code>{value.keyId}</code>.{' '}
      <a href={AUDIT_CHECKPOINT_HREF} download="vigil-audit-checkpoint.json">
        Download a signed checkpoint
      </a>{' '}
      <span className="hint">and keep it where the database cannot reach it.</span>
    </>
  );
}
