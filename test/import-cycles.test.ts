/**
 * No import cycle among Vigil's own modules (src/, eval/, bench/), type-only imports included:
 * a cycle means two modules that cannot be read, tested or moved one without the other. The
 * folder layers themselves are enforced by the lint (eslint.config.js); this checks what the
 * layers cannot see, a cycle inside one folder.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from './helpers.js';

/** Every .ts file under these folders. */
function sources(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const f of folders) walk(join(REPO_ROOT, f));
  return out;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The project files a module imports or re-exports from (relative specifiers, `.js` written for `.ts`). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const target = resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'));
    if (known.has(target)) out.push(target);
  }
  return out;
}

/** The strongly connected components with more than one module, or a module importing itself (Tarjan). */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    assert.deepEqual(cyclesOf(graph).sort(), [['a', 'b', 'c'], ['e']]);
  });

  it('there is none among the modules of src/, eval/ and bench/', () => {
    const files = sources('src', 'eval', 'bench');
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
    assert.ok([...graph.values()].reduce((n, e) => n + e.length, 0) > 500, 'the imports were read');
    const cycles = cyclesOf(graph).map((c) => c.map((f) => relative(REPO_ROOT, f)).join(' <-> '));
    assert.deepEqual(cycles, []);
  });
});
