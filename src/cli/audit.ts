/**
 * The audit trail's anchoring commands (the `audit` group itself, and `audit export`, are in main.ts):
 *
 *   vigil audit verify [--json] [--require-anchor] [--checkpoint FILE [--public-key PEM]]
 *   vigil audit checkpoint [--out FILE]
 *   vigil audit keygen --out-dir DIR
 *
 * `verify` walks the hash chain and, with an audit key configured (VIGIL_AUDIT_KEY or
 * VIGIL_AUDIT_KEY_FILE), checks every record's MAC. It says plainly how far the chain is anchored:
 * with no key, or with records written before the key was set, it still exits 0 when the chain
 * holds, with a warning on stderr saying what could not be detected; `--require-anchor` makes
 * those exit 1 (for a scheduled check). With `--checkpoint`, the store is also checked against a
 * signed checkpoint (deleted tails, rewritten chains), with the public key given or else the
 * configured signing key's public half; any failure exits 1.
 *
 * `checkpoint` signs the trail's count and head with VIGIL_AUDIT_SIGNING_KEY_FILE; `keygen` writes
 * a new MAC key and Ed25519 signing pair, never over existing files, the secret ones readable by
 * their owner only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

function readText(file: string, what: string, fail: (m: string) => Error): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw fail(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

export function registerAuditAnchorCommands(audit: Command, ctx: CommandContext): void {
  audit
    .command('verify')
    .description('check the hash chain and, with an audit key, every MAC: any edited, deleted or reordered record is named; with --checkpoint, also against a signed checkpoint')
    .option('--json', 'machine-readable output')
    .option('--require-anchor', 'exit 1 unless every record has a MAC that holds (an audit key configured, no unanchored records)')
    .option('--checkpoint <file>', 'a checkpoint from `vigil audit checkpoint`: records deleted since, or the chain rewritten up to it, are detected')
    .option('--public-key <pem>', "the public key the checkpoint was signed with (default: the public half of VIGIL_AUDIT_SIGNING_KEY_FILE)")
    .action(async (opts: { json?: boolean; requireAnchor?: boolean; checkpoint?: string; publicKey?: string }, cmd: Command) => {
      if (opts.publicKey && !opts.checkpoint) throw ctx.fail('--public-key goes with --checkpoint');
      const vigil = await ctx.openVigil(cmd);
      if (opts.checkpoint) {
        const { parseCheckpoint, publicKeyFromPem } = await import('../cases/audit-anchor.js');
        const checkpoint = parseCheckpoint(readText(opts.checkpoint, 'the checkpoint', ctx.fail), `the checkpoint ${opts.checkpoint}`);
        const publicKey = opts.publicKey ? publicKeyFromPem(readText(opts.publicKey, 'the public key', ctx.fail), `the public key ${opts.publicKey}`) : undefined;
        const r = await vigil.audit.verifyCheckpoint(checkpoint, publicKey);
        if (opts.json) ctx.out(JSON.stringify(r, null, 2));
        for (const p of r.problems) ctx.err(`checkpoint: ${p.problem}: ${p.detail}`);
        if (r.chain) {
          if (!opts.json) for (const p of r.chain.problems) ctx.err(`record ${p.seq}: ${p.problem}: ${p.detail}`);
          if (r.chain.anchor.status !== 'anchored') ctx.err(`vigil: warning: ${r.chain.anchor.note}`);
        }
        if (r.problems.some((p) => p.problem === 'signature')) throw ctx.fail(`the checkpoint ${opts.checkpoint} was refused: its signature does not hold`);
        if (!r.ok) throw ctx.fail(`the audit trail does not hold against the checkpoint of ${checkpoint.at}: ${r.problems.length + (r.chain?.problems.length ?? 0)} problem(s)`);
        if (!opts.json) {
          ctx.out(
            `audit trail intact and consistent with the checkpoint of ${checkpoint.at} (${checkpoint.records} records, up to record ${checkpoint.headSeq}): ` +
              `${r.chain!.records} records now, chain head ${r.chain!.lastHash}`,
          );
        }
        if (opts.requireAnchor && r.chain!.anchor.status !== 'anchored') throw ctx.fail(`the audit trail is not fully anchored: ${r.chain!.anchor.note}`);
        return;
      }
      const v = await vigil.audit.verify();
      if (opts.json) ctx.out(JSON.stringify(v, null, 2));
      else if (v.ok) ctx.out(`audit trail intact: ${v.records} records, chain head ${v.lastHash}${v.anchor.status === 'anchored' ? ', every MAC holds' : ''}`);
      else for (const p of v.problems) ctx.err(`record ${p.seq}: ${p.problem}: ${p.detail}`);
      if (v.anchor.status !== 'anchored') ctx.err(`vigil: warning: ${v.anchor.note}`);
      if (!v.ok) throw ctx.fail(`the audit trail is broken: ${v.problems.length} problem(s) in ${v.records} records`);
      if (opts.requireAnchor && v.anchor.status !== 'anchored') throw ctx.fail(`the audit trail is not fully anchored: ${v.anchor.note}`);
    });

  audit
    .command('checkpoint')
    .description('sign the trail as it is now (record count and head hash) with VIGIL_AUDIT_SIGNING_KEY_FILE; keep the file where the database cannot reach it')
    .option('--out <file>', 'file to write (default: standard output)')
    .action(async (opts: { out?: string }, cmd: Command) => {
      const checkpoint = await (await ctx.openVigil(cmd)).audit.checkpoint();
      const text = `${JSON.stringify(checkpoint, null, 2)}\n`;
      if (opts.out) {
        writeFileSync(resolve(opts.out), text);
        ctx.err(`wrote the checkpoint of ${checkpoint.records} records (up to record ${checkpoint.headSeq}) to ${opts.out}, signed by key ${checkpoint.keyId}`);
      } else ctx.out(text.trimEnd());
    });

  audit
    .command('keygen')
    .description('write a new audit MAC key and Ed25519 checkpoint signing pair into a directory (never over existing files)')
    .requiredOption('--out-dir <dir>', 'directory to write audit-mac.key, audit-signing.pem and audit-signing.pub.pem into')
    .action(async (opts: { outDir: string }) => {
      const { existsSync, mkdirSync } = await import('node:fs');
      const { newAuditKeys } = await import('../cases/audit-anchor.js');
      const dir = resolve(opts.outDir);
      mkdirSync(dir, { recursive: true });
      const keys = newAuditKeys();
      const files: [string, string, number][] = [
        ['audit-mac.key', `${keys.macKey}\n`, 0o600],
        ['audit-signing.pem', keys.signingKey, 0o600],
        ['audit-signing.pub.pem', keys.publicKey, 0o644],
      ];
      const there = files.map(([name]) => join(dir, name)).filter((f) => existsSync(f));
      if (there.length > 0) throw ctx.fail(`${there.join(', ')} exist${there.length === 1 ? 's' : ''} already; keygen never overwrites a key (move it away first)`);
      for (const [name, text, mode] of files) {
        try {
          writeFileSync(join(dir, name), text, { flag: 'wx', mode });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw ctx.fail(`${join(dir, name)} exists already; keygen never overwrites a key (move it away first)`);
          throw err;
        }
      }
      ctx.out(`wrote ${join(dir, 'audit-mac.key')}, ${join(dir, 'audit-signing.pem')} (signing key ${keys.keyId}) and ${join(dir, 'audit-signing.pub.pem')}`);
      ctx.out(`set VIGIL_AUDIT_KEY_FILE=${join(dir, 'audit-mac.key')} and VIGIL_AUDIT_SIGNING_KEY_FILE=${join(dir, 'audit-signing.pem')} for vigil serve and the CLI;`);
      ctx.out('keep both out of the database and its backups, and a copy of the public key with whoever checks the checkpoints');
    });
}
