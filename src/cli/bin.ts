/**
 * Entry point of the `vigil` executable.
 *
 * A reader that stops reading (`vigil audit export | head -1`) closes the pipe: the next write to
 * standard output fails with EPIPE. That is the reader's choice, not an error of the command: it
 * stops at once, quietly and with exit code 0, as the Unix tools do (any other write error stays
 * an error). Work already committed stays committed; a transaction under way is rolled back by
 * the store, as after any interruption.
 */
import { main } from './main.js';

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});
// Nowhere left to report to when standard error's reader is gone: carry on without it.
process.stderr.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

process.exitCode = await main(process.argv.slice(2));
