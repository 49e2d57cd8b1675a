/**
 * A password for `vigil users add`: asked for on a terminal without echoing it, or read from
 * standard input when it is a pipe (its first line), so scripts can set one without putting it on
 * the command line, where other users of the machine could see it.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { VigilError } from '../errors.js';

export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const line = text.split(/\r?\n/)[0] ?? '';
    if (line === '') throw new VigilError('usage', 'no password on standard input (pipe it in, e.g. `printf "%s\\n" "$PASSWORD" | vigil users add NAME --role analyst`)');
    return line;
  }
  process.stderr.write(prompt);
  // Typed characters are not echoed: the interface writes to a sink.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    const first = await new Promise<string>((resolve) => rl.question('', resolve));
    process.stderr.write('\nAgain: ');
    const second = await new Promise<string>((resolve) => rl.question('', resolve));
    process.stderr.write('\n');
    if (first !== second) throw new VigilError('usage', 'the two passwords differ');
    return first;
  } finally {
    rl.close();
  }
}
