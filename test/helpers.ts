/** Shared test helpers: where the real list files live, temporary directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The real official list files, beside the project root (never copied into the repo). */
export const LISTS_DIR = process.env.VIGIL_SOURCES_DIR
  ? resolve(process.env.VIGIL_SOURCES_DIR)
  : resolve(REPO_ROOT, '../shared/data/lists');

export function listFile(...parts: string[]): string {
  return join(LISTS_DIR, ...parts);
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = 'vigil-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
