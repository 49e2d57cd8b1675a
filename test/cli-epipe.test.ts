/**
 * `bin/vigil <a command that prints a lot> | head -1`: the reader closes the pipe after one line,
 * and the command stops quietly with exit code 0: no EPIPE stack trace (issue 16).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT, tempDir } from './helpers.js';

const tmp = tempDir();
const VIGIL = join(REPO_ROOT, 'bin', 'vigil');
const env = { ...process.env, VIGIL_DATA_DIR: join(tmp.dir, 'data'), VIGIL_STORE: 'sqlite', VIGIL_PG_URL: '' };

/** Run bin/vigil, read its output until the first line, then close the pipe, like `| head -1`. */
function firstLineThenClose(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(VIGIL, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let first = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (first) return;
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        first = out.slice(0, nl);
        child.stdout.destroy(); // the reader is gone: the command's next write meets a closed pipe
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, first, stderr }));
  });
}

before(async () => {
  const file = join(tmp.dir, 'subjects.jsonl');
  writeFileSync(file, Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ref: `P-${i}`, name: `Piped Person Number ${i}` })).join('\n'));
  await promisify(execFile)(VIGIL, ['subjects', 'import', file, '--no-screen'], { env });
});

after(() => tmp.cleanup());

describe('a closed pipe on standard output', () => {
  for (const args of [
    ['audit', 'export', '--format', 'jsonl'],
    ['subjects', 'list', '--limit', '3000'],
  ]) {
    it(`vigil ${args.join(' ')} | head -1 exits 0 without a stack trace`, async () => {
      const { code, signal, first, stderr } = await firstLineThenClose(args);
      assert.ok(first.length > 0, 'the first line came');
      assert.equal(signal, null);
      assert.equal(code, 0, stderr);
      const complaints = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('vigil: building'));
      assert.deepEqual(complaints, [], 'nothing on standard error');
    });
  }
});
