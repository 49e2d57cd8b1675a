/**
 * The candidate-vetting commands of `vigil`:
 *
 *   vigil candidates import FILE [--kind K] [--rules FILE ...]   profiles, then assess everyone
 *   vigil candidates assess [REF] [--json] [--rules FILE ...]    assess (all; print one or all)
 *   vigil candidates list [--level L] [--json]                   latest stored assessments, none recomputed
 *   vigil candidates show REF [--json]                           one stored assessment, none recomputed
 *   vigil candidates clusters [--all] [--json]                   linked identities, with evidence
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadSnapshot } from '../cases/snapshot.js';
import type { Assessment } from '../hiring/assess.js';
import { getCandidate, readCandidates, upsertCandidates } from '../hiring/candidates.js';
import type { CandidateKind } from '../hiring/profile.js';
import { loadRules, ruleFilesFromEnv } from '../hiring/rules.js';
import { assessAll, latestAssessment, storedAssessments, type AssessAllResult } from '../hiring/service.js';
import type { CaseCommandContext } from './cases.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function renderAssessment(a: Assessment): string {
  const lines = [`${a.ref}: ${a.level.toUpperCase()} (score ${a.score}; rules ${a.rulesVersion})`];
  for (const s of a.signals) {
    lines.push(`  [${s.severity}] ${s.rule}: ${s.description}`);
    for (const e of s.evidence) lines.push(`      - ${e}`);
    const c = s.citation;
    lines.push(`      source: ${c.agencies.join(', ')}, ${c.date}: ${c.source}${c.url ? ` <${c.url}>` : ''}${c.note ? ` (${c.note})` : ''}`);
  }
  if (a.cluster) lines.push(`  cluster ${a.cluster.id}${a.cluster.operator ? ' (one operator behind several identities)' : ''}: ${a.cluster.members.join(', ')}`);
  if (a.signals.length === 0) lines.push('  no signal fired');
  return lines.join('\n');
}

export function describeAssessAll(r: AssessAllResult): string {
  return (
    `assessed ${r.assessments.size} candidates in ${(r.ms / 1000).toFixed(1)} s: ${r.levels.block} block, ${r.levels.high} high, ${r.levels.review} review, ${r.levels.clear} clear; ` +
    `${r.links.clusters.filter((c) => c.operator).length} operator clusters; ${r.changed.length} assessments changed; alerts ${r.alerts.opened} opened, ${r.alerts.reopened} reopened`
  );
}

export function registerHiringCommands(program: Command, ctx: CaseCommandContext): void {
  const candidates = program.command('candidates').description('candidate and contractor vetting: DPRK IT-worker red flags, linked identities');
  const run = async (cmd: Command, rules: string[] | undefined) => {
    const store = await ctx.openStore(cmd);
    const snapshot = await loadSnapshot(store);
    if (snapshot.versions.length === 0) ctx.err('warning: no sanctions list is imported yet; the sanctions rules cannot fire (run `vigil lists update`)');
    const bar = ctx.progressBar();
    try {
      const result = await assessAll(store, {
        snapshot,
        rules: loadRules([...ruleFilesFromEnv(ctx.env), ...(rules ?? []).map((f) => resolve(f))]),
        actor: ctx.actor(),
        onProgress: (step, done, total) => bar.update(step, done, total),
      });
      return { store, result };
    } finally {
      bar.stop();
    }
  };

  candidates
    .command('import')
    .description('create or update candidate profiles (JSON lines, JSON array, or flat CSV), then assess every candidate')
    .argument('<file>', 'profiles file')
    .option('--kind <kind>', 'candidate, contractor, freelancer or employee, for records that do not say')
    .option('--rules <file>', 'extra rule file (YAML) extending or overriding the built-in rules and those named in VIGIL_HIRING_RULES; repeatable', collect)
    .action(async (file: string, opts: { kind?: CandidateKind; rules?: string[] }, cmd: Command) => {
      const rows = readCandidates(resolve(file), { kind: opts.kind });
      const errors = rows.filter((r) => 'error' in r);
      for (const e of errors.slice(0, 20)) ctx.err((e as { error: string }).error);
      const profiles = rows.flatMap((r) => ('profile' in r ? [r.profile] : []));
      const store = await ctx.openStore(cmd);
      const results = await upsertCandidates(store, profiles, ctx.actor());
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      ctx.out(`candidates: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${errors.length} rejected`);
      const { result } = await run(cmd, opts.rules);
      ctx.out(describeAssessAll(result));
      if (errors.length > 0) throw ctx.fail(`${errors.length} of ${rows.length} records were rejected (see above); the others were imported`);
    });

  candidates
    .command('assess')
    .description('assess every candidate again (profiles, clusters and lists may have changed); print one or all')
    .argument('[ref]', 'print this candidate only')
    .option('--json', 'machine-readable output')
    .option('--rules <file>', 'extra rule file (YAML); repeatable', collect)
    .action(async (ref: string | undefined, opts: { json?: boolean; rules?: string[] }, cmd: Command) => {
      const { store, result } = await run(cmd, opts.rules);
      if (ref) {
        await getCandidate(store, ref);
        const a = result.assessments.get(ref)!;
        ctx.out(opts.json ? JSON.stringify(a, null, 2) : renderAssessment(a));
        return;
      }
      if (opts.json) return ctx.out(JSON.stringify([...result.assessments.values()], null, 2));
      const order = { block: 0, high: 1, review: 2, clear: 3 };
      for (const a of [...result.assessments.values()].sort((x, y) => order[x.level] - order[y.level] || y.score - x.score)) {
        if (a.level !== 'clear') ctx.out(renderAssessment(a));
      }
      ctx.out(describeAssessAll(result));
    });

  candidates
    .command('list')
    .description('the latest stored assessment of every candidate, as stored (nothing assessed again; fast on a large pool)')
    .option('--level <level>', 'only this level: block, high, review or clear')
    .option('--json', 'machine-readable output')
    .action(async (opts: { level?: string; json?: boolean }, cmd: Command) => {
      if (opts.level !== undefined && !['block', 'high', 'review', 'clear'].includes(opts.level)) {
        throw ctx.fail(`--level must be block, high, review or clear, not "${opts.level}"`);
      }
      const store = await ctx.openStore(cmd);
      const rows = await storedAssessments(store, { level: opts.level });
      if (opts.json) return ctx.out(JSON.stringify(rows, null, 2));
      for (const r of rows) {
        ctx.out(`${r.level.padEnd(6)} ${String(r.score).padStart(3)}  ${r.ref}${r.cluster ? `  cluster ${r.cluster}` : ''}  assessed ${r.assessedAt}${r.outdated ? '  (profile changed since: run `vigil candidates assess`)' : ''}`);
      }
      ctx.out(`${rows.length} candidates${opts.level ? ` at level ${opts.level}` : ''} (stored assessments)`);
    });

  candidates
    .command('show')
    .description('the latest stored assessment of one candidate, with its signals and evidence (nothing assessed again)')
    .argument('<ref>', 'the candidate')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }, cmd: Command) => {
      const store = await ctx.openStore(cmd);
      const candidate = await getCandidate(store, ref);
      const a = await latestAssessment(store, candidate.id);
      if (!a) throw ctx.fail(`candidate "${ref}" has not been assessed yet: run \`vigil candidates assess\``);
      ctx.out(opts.json ? JSON.stringify(a, null, 2) : renderAssessment(a));
    });

  candidates
    .command('clusters')
    .description('identities linked by shared identifiers or near-duplicate resumes, with the evidence on each link')
    .option('--all', 'also clusters that do not look like one operator')
    .option('--json', 'machine-readable output')
    .action(async (opts: { all?: boolean; json?: boolean }, cmd: Command) => {
      const { result } = await run(cmd, undefined);
      const clusters = result.links.clusters.filter((c) => opts.all || c.operator);
      if (opts.json) return ctx.out(JSON.stringify(clusters, null, 2));
      if (clusters.length === 0) return ctx.out('no cluster');
      for (const c of clusters) {
        ctx.out(`${c.id}${c.operator ? ' [operator]' : ''}: ${c.members.join(', ')}`);
        for (const e of c.edges) for (const ev of e.evidence) ctx.out(`  ${e.a} -- ${e.b}: ${ev.detail}`);
      }
    });
}
