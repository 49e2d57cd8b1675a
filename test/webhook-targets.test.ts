/**
 * Webhook targets (issue 16): only public addresses, unless VIGIL_WEBHOOK_ALLOW says otherwise.
 * The address classes in IPv4 and IPv6 (with the IPv6 forms that carry an IPv4 address, and the
 * other spellings of an IPv4 address that the URL parser reads); the allow-list and its setting;
 * registration refused through the use case, the API's use case and the CLI, naming the address
 * and its class; and deliveries checked each time: a name that resolves to loopback only at
 * delivery (DNS rebinding) is refused without a byte reaching the loopback receiver, while an
 * allowed on-premises receiver gets the signed payload, connected to through the checked address
 * with the URL's own Host.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { hostOf, parseAllowList, refusedAddressClass, refusedTarget, type RefusedClass } from '../src/cases/webhook-targets.js';
import {
  NO_ANSWER,
  TARGET_REFUSED,
  WebhookInputError,
  createWebhook,
  deliverDue,
  enqueueEvent,
  listDeliveries,
  listWebhooks,
  verifySignature,
  type ResolveHost,
} from '../src/cases/webhooks.js';
import { openStore, type Store } from '../src/store/index.js';
import { tempDir } from './helpers.js';
import { startReceiver, type Receiver, type Received } from './webhook-receiver.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const ACTOR = 'key:test';
/** example.com's address: public, and never connected to here (nothing is delivered to it). */
const PUBLIC = '93.184.215.14';

describe('webhook target address classes', () => {
  const cases: [string, RefusedClass | undefined][] = [
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['203.0.113.7', 'reserved'],
    // IPv6
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['4000::1', 'reserved'],
    // IPv4 carried in IPv6: mapped (both spellings), compatible, translated, NAT64
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::127.0.0.1', 'loopback'],
    ['::ffff:0:10.0.0.1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['64:ff9b::192.168.0.1', 'private'],
    // tunnels
    ['2002:7f00:1::1', 'tunnel'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'tunnel'],
    // public
    ['8.8.8.8', undefined],
    [PUBLIC, undefined],
    ['172.32.0.1', undefined],
    ['100.128.0.1', undefined],
    ['169.255.0.1', undefined],
    ['2606:4700:4700::1111', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::8.8.8.8', undefined],
  ];
  for (const [address, expected] of cases) {
    it(`${address}: ${expected ?? 'public'}`, () => {
      assert.equal(refusedAddressClass(address), expected);
    });
  }

  it('reads the other spellings of an IPv4 address as the URL parser does, and refuses them', () => {
    for (const url of ['http://2130706433/', 'http://0x7f000001/', 'http://0x7f.1/', 'http://017700000001/', 'http://0177.0.0.1/', 'http://127.1/', 'http://127.0.1/']) {
      const host = hostOf(new URL(url));
      assert.equal(host, '127.0.0.1', url);
      assert.equal(refusedAddressClass(host), 'loopback', url);
    }
    assert.equal(refusedAddressClass(hostOf(new URL('http://0xA9FEA9FE/'))), 'metadata');
    assert.equal(refusedAddressClass(hostOf(new URL('http://[::ffff:127.0.0.1]:8080/'))), 'loopback');
    assert.equal(refusedAddressClass(hostOf(new URL('http://[0:0:0:0:0:0:0:1]/'))), 'loopback');
  });

  it('refuses metadata host names whatever they resolve to, and names that resolve in part to a refused address', () => {
    assert.deepEqual(refusedTarget('metadata.google.internal', [PUBLIC]), { address: 'metadata.google.internal', kind: 'metadata' });
    assert.deepEqual(refusedTarget('Metadata.Google.Internal.', [PUBLIC]), { address: 'metadata.google.internal', kind: 'metadata' });
    assert.deepEqual(refusedTarget('hooks.example.com', [PUBLIC, '10.1.2.3']), { address: '10.1.2.3', kind: 'private' });
    assert.equal(refusedTarget('hooks.example.com', [PUBLIC, '2606:4700:4700::1111']), undefined);
    assert.throws(() => refusedAddressClass('localhost'), /not an IP address/);
  });
});

describe('the allow-list (VIGIL_WEBHOOK_ALLOW)', () => {
  it('lets CIDRs, addresses, host names and the names under a domain through, and nothing else', () => {
    const allow = parseAllowList(['10.20.0.0/16', ' 127.0.0.1 ', 'fd00:1::/64', 'hooks.corp.example', '*.onprem.example']);
    assert.equal(refusedTarget('hooks.lan', ['10.20.3.4'], allow), undefined);
    assert.deepEqual(refusedTarget('hooks.lan', ['10.21.0.1'], allow), { address: '10.21.0.1', kind: 'private' });
    assert.equal(refusedTarget('127.0.0.1', ['127.0.0.1'], allow), undefined);
    assert.deepEqual(refusedTarget('127.0.0.2', ['127.0.0.2'], allow), { address: '127.0.0.2', kind: 'loopback' });
    assert.equal(refusedTarget('::ffff:127.0.0.1', ['::ffff:127.0.0.1'], allow), undefined, 'an allowed IPv4 address in its mapped form');
    assert.equal(refusedTarget('v6.lan', ['fd00:1::9'], allow), undefined);
    assert.deepEqual(refusedTarget('v6.lan', ['fd00:2::9'], allow), { address: 'fd00:2::9', kind: 'private' });
    assert.equal(refusedTarget('Hooks.Corp.Example', ['192.168.1.1'], allow), undefined, 'an allowed name, whatever it resolves to');
    assert.equal(refusedTarget('a.b.onprem.example', ['192.168.1.1'], allow), undefined);
    assert.deepEqual(refusedTarget('onprem.example', ['192.168.1.1'], allow), { address: '192.168.1.1', kind: 'private' }, '*. is for the names under it');
    assert.deepEqual(refusedTarget('evilonprem.example', ['192.168.1.1'], allow), { address: '192.168.1.1', kind: 'private' });
    assert.deepEqual(allow.entries, ['10.20.0.0/16', '127.0.0.1', 'fd00:1::/64', 'hooks.corp.example', '*.onprem.example']);
  });

  it('is a setting whose bad entries are named with the variable', () => {
    assert.deepEqual(loadConfig({}).webhookAllow, []);
    assert.deepEqual(loadConfig({ VIGIL_WEBHOOK_ALLOW: '10.0.0.0/8, hooks.corp.example' }).webhookAllow, ['10.0.0.0/8', 'hooks.corp.example']);
    for (const [value, said] of [
      ['10.0.0.0/33', /VIGIL_WEBHOOK_ALLOW: "10\.0\.0\.0\/33" is not a CIDR: the prefix length after "\/" must be a whole number from 0 to 32/],
      ['fd00::/200', /VIGIL_WEBHOOK_ALLOW: "fd00::\/200" is not a CIDR.* from 0 to 128/],
      ['10.0.0.0/8,not a host', /VIGIL_WEBHOOK_ALLOW: "not a host" is neither an IP address, a CIDR/],
      ['http://hooks.corp.example/', /VIGIL_WEBHOOK_ALLOW: "http:\/\/hooks\.corp\.example\/" is neither/],
    ] as const) {
      const config = loadConfig({ VIGIL_WEBHOOK_ALLOW: value });
      assert.throws(() => config.webhookAllow, (err: unknown) => err instanceof ConfigError && said.test(err.message), value);
    }
  });
});

// ---- registration and delivery, on a real store and a real loopback receiver ----


function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A resolver that answers from a table, call after call (the last answer repeats), and records the names asked. */
function scriptedResolver(answers: Record<string, string[][]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const calls = new Map<string, number>();
  const resolve = async (host: string) => {
    asked.push(host);
    const script = answers[host];
    if (script === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const n = calls.get(host) ?? 0;
    calls.set(host, n + 1);
    return script[Math.min(n, script.length - 1)]!.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { asked });
}

describe('webhook targets at registration and at every delivery', () => {
  let receiver: Receiver;
  let port: number;
  let received: Received[];
  let n = 0;
  const newStore = (): Promise<Store> => openStore({ kind: 'sqlite', file: join(tmp.dir, `targets-${n++}.sqlite`) });

  before(async () => {
    receiver = await startReceiver(() => 204);
    port = receiver.port;
    received = receiver.received;
  });
  after(() => receiver.close());

  async function withStore(body: (store: Store) => Promise<void>): Promise<void> {
    const store = await newStore();
    try {
      await body(store);
    } finally {
      await store.close();
    }
  }

  it('refuses a URL that is or resolves to a refused address, naming it and its class, and stores nothing', async () => {
    await withStore(async (store) => {
      const resolve = scriptedResolver({ 'intranet.example': [[PUBLIC, '10.0.0.5']], 'rebind.example': [['::ffff:127.0.0.1']] });
      const tail = '; set VIGIL_WEBHOOK_ALLOW to allow on-premises receivers';
      const refusals: [string, string][] = [
        ['http://2130706433/', `webhook URL http://127.0.0.1/ is 127.0.0.1, a loopback address${tail}`],
        ['http://0x7f.1:9000/x', `webhook URL http://127.0.0.1:9000/x is 127.0.0.1, a loopback address${tail}`],
        ['http://[::1]:9000/', `webhook URL http://[::1]:9000/ is ::1, a loopback address${tail}`],
        ['http://[::ffff:127.0.0.1]/', `webhook URL http://[::ffff:7f00:1]/ is ::ffff:7f00:1, a loopback address${tail}`],
        ['http://169.254.169.254/latest/meta-data/', `webhook URL http://169.254.169.254/latest/meta-data/ is 169.254.169.254, a cloud metadata service address${tail}`],
        ['http://[fe80::1]/', `webhook URL http://[fe80::1]/ is fe80::1, a link-local address${tail}`],
        ['https://192.168.0.10/', `webhook URL https://192.168.0.10/ is 192.168.0.10, a private address${tail}`],
        ['http://0.0.0.0:9000/', `webhook URL http://0.0.0.0:9000/ is 0.0.0.0, an unspecified address${tail}`],
        ['http://metadata.google.internal/computeMetadata/v1/', `webhook URL http://metadata.google.internal/computeMetadata/v1/ names metadata.google.internal, the host name of a cloud metadata service${tail}`],
        ['https://intranet.example/hook', `webhook URL https://intranet.example/hook resolves to 10.0.0.5, a private address${tail}`],
        ['https://rebind.example/hook', `webhook URL https://rebind.example/hook resolves to ::ffff:127.0.0.1, a loopback address${tail}`],
        ['https://nowhere.example/hook', 'webhook URL https://nowhere.example/hook: its host nowhere.example does not resolve (ENOTFOUND), so it cannot be checked; a webhook must reach a public address'],
      ];
      for (const [url, message] of refusals) {
        await assert.rejects(createWebhook(store, { url }, ACTOR, { resolve }), (err: unknown) => {
          assert.ok(err instanceof WebhookInputError, `${url}: ${String(err)}`);
          assert.equal(err.message, message);
          return true;
        });
      }
      // localhost through the system's resolver (/etc/hosts), as the probe tried it.
      await assert.rejects(createWebhook(store, { url: 'http://localhost:9000/' }, ACTOR), (err: unknown) => {
        assert.ok(err instanceof WebhookInputError);
        assert.match(err.message, /^webhook URL http:\/\/localhost:9000\/ resolves to (127\.0\.0\.1|::1), a loopback address; set VIGIL_WEBHOOK_ALLOW/);
        return true;
      });
      assert.deepEqual(await listWebhooks(store, { includeDeleted: true }), []);

      const ok = await createWebhook(store, { url: 'https://hooks.example.com/vigil' }, ACTOR, { resolve: scriptedResolver({ 'hooks.example.com': [[PUBLIC, '2606:4700:4700::1111']] }) });
      assert.equal(ok.webhook.url, 'https://hooks.example.com/vigil');
    });
  });

  it('refuses at delivery a name that resolved to a public address at registration and to loopback now (DNS rebinding)', async () => {
    await withStore(async (store) => {
      const before = received.length;
      // First answer (registration): public. Second (the delivery's connection): the loopback receiver.
      const resolve = scriptedResolver({ 'hooks.rebind.example': [[PUBLIC], ['127.0.0.1']] });
      const { webhook } = await createWebhook(store, { url: `http://hooks.rebind.example:${port}/vigil` }, ACTOR, { resolve });
      assert.equal(await enqueueEvent(store.repos, { id: 'alert.opened:1:0', type: 'alert.opened', at: new Date().toISOString(), data: { alert: 1 } }), 1);
      const refused: { deliveryId: number; url: string; detail: string }[] = [];
      const unanswered: unknown[] = [];
      const counts = await deliverDue(store, { resolve, onRefused: (r) => refused.push(r), onNoAnswer: (f) => unanswered.push(f) });

      assert.deepEqual(counts, { delivered: 0, retried: 0, dead: 1 }, 'refused once, not retried');
      assert.deepEqual(resolve.asked, ['hooks.rebind.example', 'hooks.rebind.example'], 'resolved again for the delivery');
      assert.equal(received.length, before, 'nothing reached the loopback receiver');
      const [delivery] = await listDeliveries(store, { webhookId: webhook.id });
      assert.deepEqual([delivery!.status, delivery!.attempts, delivery!.lastStatus, delivery!.lastError], ['dead', 1, null, TARGET_REFUSED]);
      assert.ok(!JSON.stringify(delivery).includes('127.0.0.1'), 'the history does not say where the name pointed');
      assert.deepEqual(refused, [{ deliveryId: delivery!.id, url: `http://hooks.rebind.example:${port}/vigil`, detail: '127.0.0.1, a loopback address' }]);
      assert.deepEqual(unanswered, []);
      assert.deepEqual(await deliverDue(store, { resolve }), { delivered: 0, retried: 0, dead: 0 }, 'a refused delivery stays dead');
    });
  });

  it('refuses at delivery a name that now resolves in part to a refused address, and an address no longer allowed', async () => {
    await withStore(async (store) => {
      const before = received.length;
      const resolve = scriptedResolver({ 'mixed.example': [[PUBLIC], [PUBLIC, '127.0.0.1']] });
      await createWebhook(store, { url: `http://mixed.example:${port}/a` }, ACTOR, { resolve });
      // Registered while the allow-list had it; delivered after it was taken off.
      await createWebhook(store, { url: `http://127.0.0.1:${port}/b` }, ACTOR, { allow: ['127.0.0.1'] });
      await enqueueEvent(store.repos, { id: 'monitor.completed:1', type: 'monitor.completed', at: new Date().toISOString(), data: { run: 1 } });
      const details: string[] = [];
      assert.deepEqual(await deliverDue(store, { resolve, onRefused: (r) => details.push(r.detail) }), { delivered: 0, retried: 0, dead: 2 });
      assert.deepEqual(details.sort(), ['127.0.0.1, a loopback address', '127.0.0.1, a loopback address']);
      assert.equal(received.length, before);
      assert.deepEqual((await listDeliveries(store)).map((d) => d.lastError), [TARGET_REFUSED, TARGET_REFUSED]);
    });
  });

  it('lets an on-premises receiver on the allow-list through, connected to the checked address, and it gets the signed payload', async () => {
    await withStore(async (store) => {
      // Neither name exists in any DNS: the connection can only have gone where the resolver said.
      const resolve = scriptedResolver({ 'hooks.corp.test': [['127.0.0.1']], 'alerts.onprem.test': [['127.0.0.1']] });
      const byCidr = { allow: ['127.0.0.0/8'], resolve };
      const byName = { allow: ['*.onprem.test'], resolve };
      await assert.rejects(createWebhook(store, { url: `http://hooks.corp.test:${port}/in` }, ACTOR, { resolve }), /resolves to 127\.0\.0\.1, a loopback address/);
      const cidr = await createWebhook(store, { url: `http://hooks.corp.test:${port}/in`, events: ['alert.opened'] }, ACTOR, byCidr);
      const named = await createWebhook(store, { url: `http://alerts.onprem.test:${port}/in`, events: ['alert.decided'] }, ACTOR, byName);

      const before = received.length;
      await enqueueEvent(store.repos, { id: 'alert.opened:7:0', type: 'alert.opened', at: '2026-03-01T10:00:00.000Z', data: { alert: 7 } });
      assert.deepEqual(await deliverDue(store, byCidr), { delivered: 1, retried: 0, dead: 0 });
      await enqueueEvent(store.repos, { id: 'alert.decided:7:0', type: 'alert.decided', at: '2026-03-01T11:00:00.000Z', data: { alert: 7 } });
      assert.deepEqual(await deliverDue(store, byName), { delivered: 1, retried: 0, dead: 0 });

      const [first, second] = received.slice(before);
      assert.equal(first!.headers.host, `hooks.corp.test:${port}`, 'the Host header is the URL’s name, not the address');
      assert.equal(first!.body, '{"id":"alert.opened:7:0","type":"alert.opened","at":"2026-03-01T10:00:00.000Z","data":{"alert":7}}');
      assert.ok(verifySignature(cidr.secret, first!.headers['x-vigil-timestamp'] as string, first!.body, first!.headers['x-vigil-signature'] as string));
      assert.equal(second!.headers.host, `alerts.onprem.test:${port}`);
      assert.ok(verifySignature(named.secret, second!.headers['x-vigil-timestamp'] as string, second!.body, second!.headers['x-vigil-signature'] as string));
      assert.ok(resolve.asked.filter((h) => h === 'hooks.corp.test').length >= 2, 'resolved at registration and at delivery');

      // The allow-list by CIDR does not let another loopback address through.
      await assert.rejects(createWebhook(store, { url: `http://[::1]:${port}/in` }, ACTOR, byCidr), /is ::1, a loopback address/);
    });
  });

  it('keeps the URL’s name as the TLS server name when it connects to the checked address', { skip: hasOpenssl() ? undefined : 'openssl is not installed (it makes the test certificate)' }, async () => {
    const dir = join(tmp.dir, 'tls');
    mkdirSync(dir);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hooks.corp.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const serverNames: string[] = [];
    const tls = createTlsServer(
      {
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
        // The name the client asked for (SNI); the default certificate answers.
        SNICallback: (name, done) => {
          serverNames.push(name);
          done(null, undefined);
        },
      },
      (_req, res) => res.writeHead(204).end(),
    );
    tls.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      await withStore(async (store) => {
        const tlsPort = (tls.address() as AddressInfo).port;
        const options = { allow: ['hooks.corp.test'], resolve: scriptedResolver({ 'hooks.corp.test': [['127.0.0.1']] }) };
        await createWebhook(store, { url: `https://hooks.corp.test:${tlsPort}/in`, maxAttempts: 1 }, ACTOR, options);
        await enqueueEvent(store.repos, { id: 'monitor.completed:3', type: 'monitor.completed', at: new Date().toISOString(), data: { run: 3 } });
        const details: string[] = [];
        // The certificate is self-signed, so the delivery fails: after the server heard the name.
        assert.deepEqual(await deliverDue(store, { ...options, onNoAnswer: (f) => details.push(f.detail) }), { delivered: 0, retried: 0, dead: 1 });
        assert.match(details[0]!, /self-signed certificate/);
        assert.deepEqual(serverNames, ['hooks.corp.test']);
      });
    } finally {
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it('says NO_ANSWER, not a refusal, for an allowed receiver that does not answer', async () => {
    await withStore(async (store) => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const options = { allow: ['127.0.0.1'], backoffMs: () => 0 };
      await createWebhook(store, { url: `http://127.0.0.1:${closedPort}/`, maxAttempts: 2 }, ACTOR, options);
      await enqueueEvent(store.repos, { id: 'monitor.completed:2', type: 'monitor.completed', at: new Date().toISOString(), data: { run: 2 } });
      assert.deepEqual(await deliverDue(store, options), { delivered: 0, retried: 1, dead: 0 });
      assert.equal((await listDeliveries(store))[0]!.lastError, NO_ANSWER);
    });
  });

  it('vigil webhooks add refuses a loopback URL naming the address and the setting, and takes it with VIGIL_WEBHOOK_ALLOW', async () => {
    const dataDir = join(tmp.dir, 'cli-data');
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      let out = '';
      let err = '';
      const code = await main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', ...env } });
      return { code, out, err };
    };
    const refused = await run(['webhooks', 'add', `http://2130706433:${port}/in`]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, new RegExp(`webhook URL http://127\\.0\\.0\\.1:${port}/in is 127\\.0\\.0\\.1, a loopback address; set VIGIL_WEBHOOK_ALLOW to allow on-premises receivers`));
    const credentials = await run(['webhooks', 'add', 'https://user:secret-pass@hooks.example.com/']);
    assert.equal(credentials.code, 1);
    assert.match(credentials.err, /url must not hold a user name or password/);
    assert.ok(!credentials.err.includes('secret-pass'));
    const badSetting = await run(['webhooks', 'add', `http://127.0.0.1:${port}/in`], { VIGIL_WEBHOOK_ALLOW: '127.0.0.1/40' });
    assert.equal(badSetting.code, 1);
    assert.match(badSetting.err, /VIGIL_WEBHOOK_ALLOW: "127\.0\.0\.1\/40" is not a CIDR/);

    const added = await run(['webhooks', 'add', `http://127.0.0.1:${port}/in`], { VIGIL_WEBHOOK_ALLOW: '127.0.0.1' });
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, new RegExp(`-> http://127\\.0\\.0\\.1:${port}/in`));
    const listed = await run(['webhooks', 'list']);
    assert.equal(listed.out.trim().split('\n').length, 1);
  });
});
