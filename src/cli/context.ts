/**
 * What the command modules (cases.ts, hiring.ts) get from main.ts: the application over the
 * store of the data directory, output, the actor for the audit trail, progress bars and the
 * settings. Its own module, so the command modules depend on it and not on each other.
 */
import type { Command } from 'commander';
import type { Vigil } from '../app/index.js';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
import type { Progress } from './progress.js';

export interface CommandContext {
  openStore: (cmd: Command) => Promise<Store>;
  /** The application (use cases) over the store of the data directory. */
  openVigil: (cmd: Command) => Promise<Vigil>;
  out: (text: string) => void;
  err: (text: string) => void;
  actor: () => string;
  progressBar: () => Progress;
  /** An error for wrong usage or partial failure (exit code 1, message printed). */
  fail: (message: string) => Error;
  /** The settings (src/config.ts). */
  config: Config;
}
