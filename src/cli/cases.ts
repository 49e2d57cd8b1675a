/**
 * The case-management commands of `vigil`:
 *
 *   vigil subjects import FILE [--kind K] [--format csv|jsonl|json] [--no-screen] [--threshold T]
 *   vigil subjects list [--kind K] [--json]     vigil subjects show REF [--json]
 *   vigil subjects delete REF
 *   vigil alerts list [--status S,...] [--assignee A] [--subject REF] [--pending-approval] [--json]
 *   vigil alerts show ID [--json]              vigil alerts review ID [--assignee A]
 *   vigil alerts comment ID TEXT               vigil alerts decide ID --decision D --rationale TEXT
 *   vigil alerts approve ID [--comment TEXT]   vigil alerts reject ID --reason TEXT
 *                       (four eyes: a second analyst approves or rejects the reversal of a confirmed match)
 *   vigil monitor run [--full] [--threshold T]  vigil monitor status
 *   vigil webhooks add URL [--events E,...]    vigil webhooks list | deliveries | redeliver ID | deliver
 *
 * The actor recorded in the audit trail is `cli:<user>` (or VIGIL_ACTOR); for four eyes, two actors
 * are two people, so the CLI's guarantee is as good as the honesty of VIGIL_ACTOR.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  ALERT_STATUSES,
  DECISIONS,
  readSubjects,
  SUBJECT_KINDS,
  type AlertStatus,
  type Decision,
  type MonitorRun,
  type SubjectKind,
} from '../cases/index.js';
import type { Vigil } from '../app/index.js';
import { describeAssessAll } from './hiring.js';
import type { CommandContext } from './context.js';

function alertId(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`expected an alert id (a positive whole number), got "${value}"`);
  return n;
}

function score(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`expected a score between 0 and 1, got "${value}"`);
  return n;
}

function kindOf(value: string): SubjectKind {
  if (!(SUBJECT_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SUBJECT_KINDS.join(', ')}, got "${value}"`);
  return value as SubjectKind;
}

function statusesOf(value: string): AlertStatus[] {
  const list = value.split(',').map((s) => s.trim().replace('-', '_'));
  for (const s of list) {
    if (!(ALERT_STATUSES as readonly string[]).includes(s)) throw new InvalidArgumentError(`unknown status "${s}" (expected ${ALERT_STATUSES.join(', ')})`);
  }
  return list as AlertStatus[];
}

const ERRORS_SHOWN = 20;

/** A one-line account of a monitoring run. */
export function describeRun(run: MonitorRun): string {
  const s = run.stats;
  return (
    `monitor run ${run.id} ${run.status}: ${run.subjectsDone} subjects screened` +
    (run.trigger === 'full' ? ' (full rescreen)' : ` (${s.changedParties ?? 0} listed parties changed, ${s.reverseCandidates ?? 0} subjects they may match, ${s.pendingSubjects ?? 0} new or edited subjects)`) +
    `; alerts: ${s.opened ?? 0} opened, ${s.reopened ?? 0} reopened, ${s.suppressed ?? 0} suppressed as decided false positives, ${s.confirmed ?? 0} confirmed matches seen again` +
    (s.ms !== undefined ? `; ${(s.ms / 1000).toFixed(1)} s` : '')
  );
}

/**
 * After a list import changed the lists in force: the application's follow-up (monitoring, then
 * the candidates re-assessed), with a progress bar and its summary printed. Another process
 * monitoring is said, not an error: the list is imported whatever happens here.
 */
export async function monitorAfterImport(vigil: Vigil, ctx: Pick<CommandContext, 'out' | 'err' | 'actor' | 'progressBar'>): Promise<void> {
  const bar = ctx.progressBar();
  try {
    const done = await vigil.lists.followChange({ actor: ctx.actor(), onProgress: (step, d, t) => bar.update(step, d, t) });
    bar.stop();
    if (done.busy) ctx.err(`monitoring not run: ${done.busy} (\`vigil monitor run\` brings the subjects up to date)`);
    if (done.run) ctx.out(describeRun(done.run));
    if (done.reassessed) ctx.out(`candidates re-assessed: ${describeAssessAll(done.reassessed)}`);
  } finally {
    bar.stop();
  }
}

export function registerCaseCommands(program: Command, ctx: CommandContext): void {
  const subjects = program.command('subjects').description('monitored subjects: customers, counterparties, vendors, employees, candidates');
  subjects
    .command('import')
    .description('create or update subjects from CSV (with a header), JSON lines or a JSON array; bad rows are reported, the rest imported')
    .argument('<file>', 'subjects file')
    .option('--kind <kind>', `kind for rows that do not say (${SUBJECT_KINDS.join(', ')})`, kindOf)
    .option('--format <format>', 'csv, jsonl or json (default: from the file name or content)')
    .option('--no-screen', 'only store the subjects; `vigil monitor run` screens them later')
    .option('--threshold <score>', 'match threshold for the screening', score)
    .action(async (file: string, opts: { kind?: SubjectKind; format?: string; screen: boolean; threshold?: number }, cmd: Command) => {
      if (opts.format && !['csv', 'jsonl', 'json'].includes(opts.format)) throw ctx.fail('--format is csv, jsonl or json');
      const vigil = await ctx.openVigil(cmd);
      const bar = ctx.progressBar();
      try {
        const done = await vigil.subjects.import(readSubjects(resolve(file), { format: opts.format as 'csv' | undefined, kind: opts.kind }), {
          actor: ctx.actor(),
          screen: opts.screen,
          threshold: opts.threshold,
          onRejected: (error, rejected) => {
            if (rejected <= ERRORS_SHOWN) ctx.err(error);
          },
          onStored: (c) => {
            bar.stop();
            if (c.errors > ERRORS_SHOWN) ctx.err(`... and ${c.errors - ERRORS_SHOWN} more rows with errors`);
            ctx.out(`subjects: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.errors} rejected`);
          },
          onProgress: (step, d, t) => bar.update(step, d, t),
        });
        bar.stop();
        if (done.noLists) ctx.err('no list is imported yet: run `vigil lists update` first; the subjects will be screened then');
        const screened = done.screening;
        if (screened) {
          const { tally } = screened;
          ctx.out(
            `screened ${tally.screened} new or changed subjects against ${screened.versions.map((v) => `${v.dataset} v${v.id}`).join(', ')}: ` +
              `${tally.opened} alerts opened, ${tally.reopened} reopened, ${tally.suppressed} suppressed`,
          );
        }
        const { counts, rows } = done;
        if (counts.errors > 0) throw ctx.fail(`${counts.errors} of ${rows} rows were rejected (see above); the others were imported`);
      } finally {
        bar.stop();
      }
    });

  subjects
    .command('list')
    .description('monitored subjects')
    .option('--kind <kind>', 'only this kind', kindOf)
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .option('--json', 'machine-readable output')
    .action(async (opts: { kind?: SubjectKind; limit: number; json?: boolean }, cmd: Command) => {
      const list = await (await ctx.openVigil(cmd)).subjects.list({ kind: opts.kind, limit: opts.limit });
      if (opts.json) return ctx.out(JSON.stringify(list, null, 2));
      for (const s of list) {
        ctx.out(`${s.ref}\t${s.kind}\t${s.schema}\t${(s.properties.name ?? s.properties.publicKey ?? []).join('; ')}\tv${s.version}${s.screenedAt ? `\tscreened ${s.screenedAt}` : '\tnot screened'}`);
      }
    });

  subjects
    .command('show')
    .description('one subject, with its alerts')
    .argument('<ref>', "the firm's reference")
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }, cmd: Command) => {
      const vigil = await ctx.openVigil(cmd);
      const subject = await vigil.subjects.get(ref);
      const alerts = await vigil.alerts.list({ subject: subject.id });
      if (opts.json) return ctx.out(JSON.stringify({ ...subject, alerts }, null, 2));
      ctx.out(`${subject.ref} (${subject.kind}, ${subject.schema}, version ${subject.version}${subject.deletedAt ? ', no longer monitored' : ''})`);
      for (const [k, v] of Object.entries(subject.properties)) ctx.out(`  ${k}: ${v.join('; ')}`);
      for (const a of alerts) ctx.out(`  alert ${a.id} [${a.status}] ${a.entity.caption} (${a.entity.id}) score ${a.score.toFixed(2)}`);
    });

  subjects
    .command('delete')
    .description('stop monitoring a subject (its history is kept)')
    .argument('<ref>', "the firm's reference")
    .action(async (ref: string, _opts: unknown, cmd: Command) => {
      const s = await (await ctx.openVigil(cmd)).subjects.delete(ref, ctx.actor());
      ctx.out(`${s.ref} is no longer monitored`);
    });

  const alerts = program.command('alerts').description('alerts: review, comment, decide');
  alerts
    .command('list')
    .description('alerts, oldest first')
    .option('--status <statuses>', `comma-separated (${ALERT_STATUSES.join(', ')})`, statusesOf)
    .option('--assignee <name>', 'assigned to')
    .option('--subject <ref>', 'of this subject')
    .option('--pending-approval', "only confirmed matches whose reversal waits for a second analyst's approval")
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .option('--json', 'machine-readable output')
    .action(async (opts: { status?: AlertStatus[]; assignee?: string; subject?: string; pendingApproval?: boolean; limit: number; json?: boolean }, cmd: Command) => {
      const vigil = await ctx.openVigil(cmd);
      const subject = opts.subject ? (await vigil.subjects.get(opts.subject)).id : undefined;
      const list = await vigil.alerts.list({ status: opts.status, assignee: opts.assignee, subject, pendingReversal: opts.pendingApproval, limit: opts.limit });
      if (opts.json) return ctx.out(JSON.stringify(list, null, 2));
      if (list.length === 0) return ctx.out('no alerts');
      for (const a of list) {
        ctx.out(`${a.id}\t${a.status}\t${a.subject.ref}\t${a.entity.caption} (${a.entity.id})\t${a.score.toFixed(2)}\t${a.assignee ?? '-'}\t${a.summary}`);
      }
    });

  alerts
    .command('show')
    .description('one alert with its explanation and history')
    .argument('<id>', 'alert id', alertId)
    .option('--json', 'machine-readable output')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const a = await (await ctx.openVigil(cmd)).alerts.get(id);
      if (opts.json) return ctx.out(JSON.stringify(a, null, 2));
      ctx.out(`alert ${a.id} [${a.status}] subject ${a.subject.ref} ~ ${a.entity.caption} (${a.entity.id}, ${a.entity.datasets.join(', ')})`);
      ctx.out(`  score ${a.score.toFixed(3)}: ${a.summary}`);
      if (a.assignee) ctx.out(`  assigned to ${a.assignee}`);
      if (a.rationale) ctx.out(`  decided by ${a.decidedBy}${a.approvedBy ? `, approved by ${a.approvedBy}` : ''} at ${a.decidedAt}: ${a.rationale}`);
      if (a.pendingReversal) {
        const p = a.pendingReversal;
        ctx.out(`  PENDING: ${p.requestedBy} asked at ${p.requestedAt} to make this confirmed match ${p.decision}: ${p.rationale}`);
        ctx.out(`    needs ${p.needs}: vigil alerts approve ${a.id}, or vigil alerts reject ${a.id} --reason TEXT`);
      }
      for (const e of a.events) {
        ctx.out(`  ${e.at} ${e.actor} ${e.kind}${e.fromStatus !== e.toStatus ? ` ${e.fromStatus ?? ''} -> ${e.toStatus}` : ''}${e.text ? `: ${e.text}` : ''}`);
        const changes = (e.details as { changes?: { subject: unknown[]; entity: unknown[] } }).changes;
        if (changes) ctx.out(`    what changed: ${JSON.stringify(changes)}`);
      }
    });

  alerts
    .command('review')
    .description('take an alert into review (optionally assigning it)')
    .argument('<id>', 'alert id', alertId)
    .option('--assignee <name>', 'who reviews it')
    .action(async (id: number, opts: { assignee?: string }, cmd: Command) => {
      const a = await (await ctx.openVigil(cmd)).alerts.review(id, { assignee: opts.assignee }, ctx.actor());
      ctx.out(`alert ${a.id} is ${a.status}${a.assignee ? `, assigned to ${a.assignee}` : ''}`);
    });

  alerts
    .command('comment')
    .description('add a comment to an alert')
    .argument('<id>', 'alert id', alertId)
    .argument('<text>', 'the comment')
    .action(async (id: number, text: string, _opts: unknown, cmd: Command) => {
      await (await ctx.openVigil(cmd)).alerts.comment(id, text, ctx.actor());
      ctx.out(`comment added to alert ${id}`);
    });

  alerts
    .command('decide')
    .description('decide an alert: confirmed, false_positive or escalated, with a rationale (on a confirmed match, a second analyst must approve)')
    .argument('<id>', 'alert id', alertId)
    .requiredOption('--decision <decision>', DECISIONS.join(' | '))
    .requiredOption('--rationale <text>', 'why (mandatory, at least 3 visible letters or digits; recorded in the audit trail)')
    .action(async (id: number, opts: { decision: string; rationale: string }, cmd: Command) => {
      const decision = opts.decision.replace('-', '_');
      const a = await (await ctx.openVigil(cmd)).alerts.decide(id, decision as Decision, opts.rationale, ctx.actor());
      if (a.status !== decision && a.pendingReversal) {
        const p = a.pendingReversal;
        ctx.out(`alert ${a.id} stays confirmed: making a confirmed match ${p.decision} needs a second analyst's approval`);
        ctx.out(`  requested by ${p.requestedBy}; another analyst runs: vigil alerts approve ${a.id}   (or: vigil alerts reject ${a.id} --reason TEXT)`);
        return;
      }
      ctx.out(`alert ${a.id} is now ${a.status} (decided by ${a.decidedBy})`);
    });

  alerts
    .command('approve')
    .description("approve the pending reversal of a confirmed match (four eyes: not the analyst who requested it)")
    .argument('<id>', 'alert id', alertId)
    .option('--comment <text>', 'a note recorded with the approval')
    .action(async (id: number, opts: { comment?: string }, cmd: Command) => {
      const a = await (await ctx.openVigil(cmd)).alerts.approveReversal(id, ctx.actor(), opts.comment);
      ctx.out(`alert ${a.id} is now ${a.status} (requested by ${a.decidedBy}, approved by ${a.approvedBy})`);
    });

  alerts
    .command('reject')
    .description('reject the pending reversal of a confirmed match (the requester withdraws it); the alert stays confirmed')
    .argument('<id>', 'alert id', alertId)
    .requiredOption('--reason <text>', 'why (at least 3 visible letters or digits)')
    .action(async (id: number, opts: { reason: string }, cmd: Command) => {
      const a = await (await ctx.openVigil(cmd)).alerts.rejectReversal(id, opts.reason, ctx.actor());
      const last = a.events.at(-1);
      ctx.out(`the reversal request on alert ${a.id} was ${last?.kind === 'reversal_withdrawn' ? 'withdrawn' : 'rejected'}; the alert stays ${a.status}`);
    });

  const monitor = program.command('monitor').description('continuous monitoring of the subjects against list changes');
  monitor
    .command('run')
    .description('screen what changed since the last run: changed listed parties (reverse screening) and new or edited subjects')
    .option('--full', 'rescreen every subject instead')
    .option('--threshold <score>', 'match threshold', score)
    .option('--chunk <n>', 'subjects per transaction', (v) => Number(v))
    .action(async (opts: { full?: boolean; threshold?: number; chunk?: number }, cmd: Command) => {
      const vigil = await ctx.openVigil(cmd);
      const bar = ctx.progressBar();
      try {
        const run = await vigil.monitor.run({
          actor: ctx.actor(),
          full: opts.full,
          threshold: opts.threshold,
          chunkSize: opts.chunk,
          onProgress: (d, t) => bar.update('screening', d, t),
        });
        bar.stop();
        ctx.out(run ? describeRun(run) : 'monitoring is up to date: no list change and no new or edited subject since the last run');
      } finally {
        bar.stop();
      }
    });
  monitor
    .command('status')
    .description('recent monitoring runs')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const runs = await (await ctx.openVigil(cmd)).monitor.runs();
      if (opts.json) return ctx.out(JSON.stringify(runs, null, 2));
      if (runs.length === 0) return ctx.out('no monitoring run yet');
      for (const r of runs) ctx.out(`${r.startedAt} ${describeRun(r)}`);
    });

  const webhooks = program.command('webhooks').description('webhooks that receive new alerts (HMAC-SHA256 signed)');
  webhooks
    .command('add')
    .description('register a webhook; its signing secret is shown once')
    .argument('<url>', 'http(s) URL to POST events to')
    .option('--events <types>', 'comma-separated event types (default: all)', (v) => v.split(',').map((s) => s.trim()))
    .option('--max-attempts <n>', 'attempts before a delivery is dead-lettered', (v) => Number(v))
    .action(async (url: string, opts: { events?: string[]; maxAttempts?: number }, cmd: Command) => {
      const { webhook, secret } = await (await ctx.openVigil(cmd)).webhooks.create({ url, events: opts.events as never, maxAttempts: opts.maxAttempts }, ctx.actor());
      ctx.out(`webhook ${webhook.id} -> ${webhook.url} (${webhook.events.join(', ')})`);
      ctx.out(`signing secret (shown once): ${secret}`);
    });
  webhooks
    .command('list')
    .description('registered webhooks')
    .action(async (_opts: unknown, cmd: Command) => {
      for (const w of await (await ctx.openVigil(cmd)).webhooks.list()) ctx.out(`${w.id}\t${w.url}\t${w.events.join(',')}\tmax ${w.maxAttempts} attempts`);
    });
  webhooks
    .command('remove')
    .description('stop sending to a webhook')
    .argument('<id>', 'webhook id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      if (!(await (await ctx.openVigil(cmd)).webhooks.remove(id, ctx.actor()))) throw ctx.fail(`no active webhook ${id}`);
      ctx.out(`webhook ${id} removed`);
    });
  webhooks
    .command('deliveries')
    .description('deliveries, newest first')
    .option('--status <status>', 'pending, delivered or dead')
    .option('--webhook <id>', 'of this webhook')
    .action(async (opts: { status?: string; webhook?: string }, cmd: Command) => {
      const list = await (await ctx.openVigil(cmd)).webhooks.deliveries({ status: opts.status as never, webhookId: opts.webhook });
      for (const d of list) {
        ctx.out(`${d.id}\t${d.status}\t${d.eventId}\t${d.attempts} attempts${d.lastError ? `\t${d.lastError}` : ''}`);
      }
    });
  webhooks
    .command('redeliver')
    .description('send a delivery again (dead-lettered or delivered)')
    .argument('<id>', 'delivery id', (v) => Number(v))
    .action(async (id: number, _opts: unknown, cmd: Command) => {
      const d = await (await ctx.openVigil(cmd)).webhooks.redeliver(id, ctx.actor());
      ctx.out(`delivery ${d.id} (${d.eventId}) is pending again`);
    });
  webhooks
    .command('deliver')
    .description('send the deliveries that are due now (the server does this continuously)')
    .action(async (_opts: unknown, cmd: Command) => {
      const r = await (await ctx.openVigil(cmd)).webhooks.deliverDue();
      ctx.out(`${r.delivered} delivered, ${r.retried} to retry, ${r.dead} dead-lettered`);
    });
}
