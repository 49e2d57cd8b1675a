/**
 * What keeps `vigil screen` quick to start: the help texts say the matcher's own default threshold
 * without loading it; the case and vetting commands are still all there for help and use; and a
 * step that takes longer than a second says so on stderr (slowStepLines).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { slowStepLines } from '../src/cli/batch.js';
import { HELP_DEFAULT_THRESHOLD, main } from '../src/cli/main.js';
import { DEFAULT_THRESHOLD } from '../src/match/index.js';
import { tempDir } from './helpers.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { ...process.env } });
  return { code, out, err };
}

describe('vigil start-up', () => {
  it('says the matcher\'s default threshold in its help', async () => {
    assert.equal(HELP_DEFAULT_THRESHOLD, DEFAULT_THRESHOLD);
    const help = await run(['screen', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, new RegExp(`--threshold <score> +score at or above which a result is a match \\(default ${DEFAULT_THRESHOLD}\\)`));
  });

  it('lists every command in help, and runs a case command', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['lists', 'entity', 'screen', 'compare', 'keys', 'audit', 'subjects', 'alerts', 'monitor', 'webhooks', 'candidates', 'jobs', 'serve']) {
      assert.match(help.out, new RegExp(`^  ${command}\\b`, 'm'), `${command} in help`);
    }
    const tmp = tempDir();
    try {
      const subjects = await run(['--data-dir', tmp.dir, 'subjects', 'list', '--json']);
      assert.equal(subjects.code, 0, subjects.err);
    } finally {
      tmp.cleanup();
    }
    const unknown = await run(['screan', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command 'screan'/);
  });

  it('says a step that takes longer than a second, while it lasts or when it ends', async () => {
    const lines: string[] = [];
    const steps = slowStepLines((line) => lines.push(line), { firstAfterMs: 60, everyMs: 60_000 });
    steps.step('quick');
    steps.step('waiting on the workers');
    // The thread is free: said while it lasts (however busy the machine, within a few seconds).
    for (let waited = 0; lines.length === 0 && waited < 5000; waited += 50) await sleep(50);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^vigil: waiting on the workers, \d+\.\d s so far$/);
    steps.step('reading the screening index');
    const until = performance.now() + 120;
    while (performance.now() < until); // the thread is held: said when the step ends
    steps.step('screening', 0);
    steps.step('screening', 5);
    steps.stop();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[1]!, /^vigil: reading the screening index took \d+\.\d s$/);
    await sleep(150);
    assert.equal(lines.length, 2, 'nothing after stop');
  });
});
