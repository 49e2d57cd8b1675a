/**
 * The candidate-vetting commands of `vigil`:
 *
 *   vigil candidates import FILE [--kind K] [--rules FILE ...]   profiles, then assess everyone
 *   vigil candidates assess [REF] [--json] [--rules FILE ...]    assess one (its part of the link graph) or all
 *   vigil candidates list [--level L] [--json]                   latest stored assessments, none recomputed
 *   vigil candidates show REF [--json]                           one stored assessment, none recomputed
 *   vigil candidates clusters [--all] [--json]                   linked identities, with evidence
 *   vigil candidates report [--labels FILE] [--max-gap P]        flag rates by group, and the largest gap
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command } from 'commander';
import { snapshotWithCachedIndex } from '../app/lists-in-force.js';
import type { Assessment } from '../hiring/assess.js';
import { readCandidates } from '../hiring/candidates.js';
import type { CandidateKind, CandidateProfile } from '../hiring/profile.js';
import { loadRules, ruleFilesFromEnv, type RuleSet } from '../hiring/rules.js';
import { GroupLabelsError, describeFlagRates, parseGroupLabels } from '../hiring/report.js';
import type { AssessAllResult, AssessOneResult } from '../hiring/service.js';
import type { CommandContext } from './context.js';

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

/** What a step of `candidates assess` is doing, in words. */
const STEP_WORDS: Record<string, string> = {
  lists: 'loading the sanctions lists in force',
  index: 'building the screening index (no cached index holds the lists in force)',
  keys: 'deriving the link keys of profiles stored before the link graph',
  linking: 'linking candidates',
  screening: 'screening candidates against the lists',
  assessing: 'assessing candidates',
};

/**
 * Progress as lines on stderr, for any step that takes longer than a second: the first line a
 * second into the step, then one every five seconds while it lasts (terminal or not, so a slow
 * run never looks hung).
 */
export function slowStepLines(err: (line: string) => void, options: { firstAfterMs?: number; everyMs?: number } = {}): { step(step: string, done?: number, total?: number): void; stop(): void } {
  const firstAfter = options.firstAfterMs ?? 1000;
  const every = options.everyMs ?? 5000;
  let current: { step: string; done?: number; total?: number; since: number; next: number } | undefined;
  const timer = setInterval(() => {
    if (!current) return;
    const now = performance.now();
    if (now < current.next) return;
    current.next = now + every;
    const counts = current.total !== undefined && current.total > 1 ? ` (${current.done ?? 0}/${current.total})` : '';
    err(`vigil: ${STEP_WORDS[current.step] ?? current.step}${counts}, ${((now - current.since) / 1000).toFixed(1)} s so far`);
  }, 100);
  timer.unref();
  return {
    step(step, done, total) {
      const now = performance.now();
      if (!current || current.step !== step) current = { step, since: now, next: now + firstAfter };
      current.done = done;
      current.total = total;
    },
    stop() {
      clearInterval(timer);
      current = undefined;
    },
  };
}

export function describeAssessOne(r: AssessOneResult): string {
  return (
    `assessed ${r.assessment.ref} in ${(r.ms / 1000).toFixed(1)} s against its part of the link graph: ${r.read.profiles} profiles read ` +
    `(${r.read.component} linked to it directly or through others), ${r.read.keys} join keys, ${r.read.rounds} rounds` +
    `${r.read.keyed > 0 ? `; link keys derived for ${r.read.keyed} profiles stored before the link graph` : ''}; ` +
    `${r.changed ? 'assessment changed (stored)' : 'assessment unchanged'}${r.alert ? `; alert ${r.alert}` : ''}`
  );
}

export function registerHiringCommands(program: Command, ctx: CommandContext): void {
  const candidates = program.command('candidates').description('candidate and contractor vetting: DPRK IT-worker red flags, linked identities');
  const noListsWarning = 'warning: no sanctions list is imported yet; the sanctions rules cannot fire (run `vigil lists update`)';
  // The rules: the built-in ones, those of VIGIL_HIRING_RULES, then those given with --rules.
  const rulesWith = (extra: string[] | undefined): RuleSet | undefined =>
    extra && extra.length > 0 ? loadRules([...ruleFilesFromEnv(ctx.config), ...extra.map((f) => resolve(f))]) : undefined;
  // Every candidate assessed. `lines`: progress as lines on stderr for steps over a second
  // (candidates assess), else a bar on a terminal.
  const run = async (cmd: Command, rules: string[] | undefined, options: { lines?: boolean } = {}) => {
    const vigil = await ctx.openVigil(cmd);
    const lines = options.lines ? slowStepLines(ctx.err) : undefined;
    const bar = options.lines ? undefined : ctx.progressBar();
    try {
      lines?.step('lists');
      const result = await vigil.candidates.assessAll({
        actor: ctx.actor(),
        rules: rulesWith(rules),
        onListsRead: (snapshot) => snapshot.versions.length === 0 && ctx.err(noListsWarning),
        onProgress: (step, done, total) => (lines ? lines.step(step, done, total) : bar!.update(step, done, total)),
      });
      return { result };
    } finally {
      lines?.stop();
      bar?.stop();
    }
  };

  candidates
    .command('import')
    .description('create or update candidate profiles (JSON lines, JSON array, or flat CSV), then assess every candidate')
    .argument('<file>', 'profiles file')
    .option('--kind <kind>', 'candidate, contractor, freelancer or employee, for records that do not say')
    .option('--rules <file>', 'extra rule file (YAML) extending or overriding the built-in rules and those named in VIGIL_HIRING_RULES; repeatable', collect)
    .action(async (file: string, opts: { kind?: CandidateKind; rules?: string[] }, cmd: Command) => {
      const profiles: CandidateProfile[] = [];
      let rejected = 0;
      let records = 0;
      for await (const row of readCandidates(resolve(file), { kind: opts.kind })) {
        records++;
        if (!('error' in row)) profiles.push(row.profile);
        else if (++rejected <= 20) ctx.err(row.error);
      }
      const vigil = await ctx.openVigil(cmd);
      const bar = ctx.progressBar();
      try {
        const imported = await vigil.candidates.import(profiles, { actor: ctx.actor(), rules: rulesWith(opts.rules), onProgress: (step, done, total) => bar.update(step, done, total) });
        bar.stop();
        const count = (o: string) => imported.upserted.filter((r) => r.outcome === o).length;
        ctx.out(`candidates: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${rejected} rejected`);
        if (imported.withoutLists) ctx.err(noListsWarning);
        ctx.out(describeAssessAll(imported.assessed));
      } finally {
        bar.stop();
      }
      if (rejected > 0) throw ctx.fail(`${rejected} of ${records} records were rejected (see above); the others were imported`);
    });

  candidates
    .command('assess')
    .description('assess one candidate against the stored link graph (its linked candidates, not the pool), or every candidate again when no REF is given')
    .argument('[ref]', 'assess this candidate only')
    .option('--json', 'machine-readable output')
    .option('--rules <file>', 'extra rule file (YAML); repeatable', collect)
    .action(async (ref: string | undefined, opts: { json?: boolean; rules?: string[] }, cmd: Command) => {
      if (ref) {
        const lines = slowStepLines(ctx.err);
        try {
          const vigil = await ctx.openVigil(cmd);
          await vigil.candidates.get(ref); // an unknown ref fails before the lists are read
          lines.step('lists');
          const dataDir = resolve(cmd.optsWithGlobals<{ dataDir?: string }>().dataDir ?? ctx.config.dataDir);
          const snapshot = await snapshotWithCachedIndex(vigil.store, dataDir, () => lines.step('index'));
          if (snapshot.versions.length === 0) ctx.err(noListsWarning);
          const result = await vigil.candidates.assess(ref, {
            snapshot,
            rules: rulesWith(opts.rules),
            actor: ctx.actor(),
            onProgress: (step, done, total) => lines.step(step, done, total),
          });
          lines.stop();
          ctx.out(opts.json ? JSON.stringify(result.assessment, null, 2) : renderAssessment(result.assessment));
          ctx.err(describeAssessOne(result));
        } finally {
          lines.stop();
        }
        return;
      }
      const { result } = await run(cmd, opts.rules, { lines: true });
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
      const rows = await (await ctx.openVigil(cmd)).candidates.storedAssessments({ level: opts.level });
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
      const vigil = await ctx.openVigil(cmd);
      const candidate = await vigil.candidates.get(ref);
      const a = await vigil.candidates.assessment(candidate.id);
      if (!a) throw ctx.fail(`candidate "${ref}" has not been assessed yet: run \`vigil candidates assess\``);
      ctx.out(opts.json ? JSON.stringify(a, null, 2) : renderAssessment(a));
    });

  candidates
    .command('report')
    .description(
      'flag rates of the stored assessments (high or block; review or above) by claimed country and by your own labels, with the largest gap between groups: a check that vetting flags conduct, not origin',
    )
    .option('--labels <file>', 'CSV (columns ref,group) or JSON lines {"ref","group"}: a group per candidate, e.g. an evaluation\'s truth or voluntary self-identification data')
    .option('--min-group <n>', 'groups smaller than this are shown but left out of the gap', '50')
    .option('--max-gap <points>', 'exit 1 when a gap exceeds this many percentage points')
    .option('--json', 'machine-readable output')
    .action(async (opts: { labels?: string; minGroup: string; maxGap?: string; json?: boolean }, cmd: Command) => {
      const minGroup = Number(opts.minGroup);
      if (!Number.isInteger(minGroup) || minGroup < 1) throw ctx.fail(`--min-group must be a whole number of 1 or more, not "${opts.minGroup}"`);
      const maxGap = opts.maxGap === undefined ? undefined : Number(opts.maxGap);
      if (maxGap !== undefined && !(Number.isFinite(maxGap) && maxGap >= 0)) throw ctx.fail(`--max-gap must be a number of points (0 or more), not "${opts.maxGap}"`);
      let labels: { name: string; byRef: Map<string, string> } | undefined;
      if (opts.labels) {
        let text: string;
        try {
          text = readFileSync(resolve(opts.labels), 'utf8');
        } catch (err) {
          throw ctx.fail(`cannot read --labels ${opts.labels}: ${(err as Error).message}`);
        }
        try {
          labels = { name: `labels of ${basename(opts.labels)}`, byRef: parseGroupLabels(text, opts.labels) };
        } catch (err) {
          if (err instanceof GroupLabelsError) throw ctx.fail(err.message);
          throw err;
        }
      }
      const reports = await (await ctx.openVigil(cmd)).candidates.flagRates({ labels, minGroup });
      if (opts.json) ctx.out(JSON.stringify(reports, null, 2));
      else for (const r of reports) ctx.out(describeFlagRates(r).join('\n'));
      const over = maxGap === undefined ? [] : reports.filter((r) => r.gap && r.gap.points > maxGap);
      if (over.length > 0) throw ctx.fail(`flag-rate gap above ${maxGap} points: ${over.map((r) => `${r.dimension} ${r.gap!.points.toFixed(1)}`).join('; ')}`);
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
