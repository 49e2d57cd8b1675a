/**
 * `npm run bench:http`: the HTTP service under load on loopback (autocannon), the server in a
 * process of its own. Reports requests/s and p50/p99 latency for single /v1/screen calls and for
 * yente /match batches of 100. Targets (2 cores): >= 3,000 single screens/s with p99 <= 20 ms.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const NAMES = [
  'Kum-hyok Song', 'Maria Garcia', 'Ri Pyong Chol', 'John Smith', 'Wei Zhang', 'Olga Petrova', 'Ahmed Hassan', 'Asatryan LLC',
  'Kim Min-jun', 'Carlos Lopez', 'Fatima Khan', 'Hiroshi Tanaka', 'Korea Songkwang Trading', 'Ivan Ivanov', 'Sofia Rossi', 'Mehmet Yilmaz',
];

const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'http-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve, reject) => {
  const rl = createInterface({ input: child.stdout });
  rl.once('line', resolve);
  child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
});
const { port, key, dir } = JSON.parse(first) as { port: number; key: string; dir: string };
const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };

async function run(title: string, options: autocannon.Options) {
  const result = await autocannon({ ...options, url: `http://127.0.0.1:${port}${options.url ?? ''}` });
  const ok = result['2xx'];
  console.log(
    `  ${title}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms ` +
      `(${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors, ${options.connections} connections, ${options.duration} s)`,
  );
  return result;
}

try {
  console.log('HTTP service on loopback (autocannon; server in its own process; targets: >= 3,000 single screens/s, p99 <= 20 ms)');
  let i = 0;
  await run('POST /v1/screen, one name', {
    url: '/v1/screen',
    method: 'POST',
    headers,
    connections: 16,
    duration: 10,
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: { schema: 'Person', properties: { name: [NAMES[i++ % NAMES.length]] } } }) }) }],
  });
  const batch = {
    queries: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`q${k}`, { schema: 'Person', properties: { name: [NAMES[k % NAMES.length]] } }])),
  };
  const r = await run('POST /match/default, batches of 100', { url: '/match/default', method: 'POST', headers, body: JSON.stringify(batch), connections: 4, duration: 10 });
  console.log(`    = ${Math.round(r.requests.average * 100)} screened names/s`);
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
