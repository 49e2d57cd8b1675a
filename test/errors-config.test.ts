/**
 * The error catalogue (src/errors.ts) and the settings (src/config.ts): every code has a status and
 * an exit code, the domain errors carry their codes, the API answers with the status of the code
 * and says the code; every setting has its default, and a value that cannot be used is an error
 * that names its variable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaseError } from '../src/cases/errors.js';
import { SubjectInputError } from '../src/cases/subject-input.js';
import { WebhookInputError } from '../src/cases/webhooks.js';
import { main } from '../src/cli/main.js';
import { SETTINGS, configOf, loadConfig, settingsTableRows } from '../src/config.js';
import { ConfigError, ERROR_CODES, VigilError, codeForStatus, errorInfo, type ErrorCode } from '../src/errors.js';
import { CandidateInputError } from '../src/hiring/candidates.js';
import { GroupLabelsError } from '../src/hiring/report.js';
import { RulesError } from '../src/hiring/rules.js';
import { FairnessError } from '../src/hiring/signals/index.js';
import { ListFormatError, PartialListError } from '../src/lists/errors.js';
import { OlderPublicationError } from '../src/lists/import.js';
import { buildApp } from '../src/server/app.js';
import { JobInputError } from '../src/app/jobs.js';
import { HttpError } from '../src/server/routes.js';
import { NoListsAtStartError } from '../src/server/serve.js';
import { NoListsError, NotReadyError } from '../src/server/state.js';
import { StoreFullError, openStore } from '../src/store/index.js';
import { tempDir } from './helpers.js';

describe('the error catalogue', () => {
  it('gives every code a meaning, an HTTP error status and a failing exit code', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      assert.match(code, /^[a-z]+(_[a-z]+)*$/, `${code} is a snake_case word`);
      assert.ok(info.meaning.length > 20, `${code} says what it means`);
      assert.ok(info.httpStatus >= 400 && info.httpStatus <= 599, `${code}: ${info.httpStatus} is an error status`);
      assert.ok(Number.isInteger(info.exitCode) && info.exitCode >= 1 && info.exitCode <= 125, `${code}: exit code ${info.exitCode}`);
    }
  });

  it('gives each domain error its code, and keeps its class for instanceof', () => {
    const cases: [Error, ErrorCode, number][] = [
      [new CaseError('invalid_input', 'x'), 'invalid_input', 400],
      [new CaseError('not_found', 'x'), 'not_found', 404],
      [new CaseError('conflict', 'x'), 'conflict', 409],
      [new HttpError('unsupported_media_type', 'x'), 'unsupported_media_type', 415],
      [new JobInputError('too_large', 'x'), 'too_large', 413],
      [new JobInputError('invalid_input', 'x'), 'invalid_input', 400],
      [new SubjectInputError('x', 'C-1'), 'invalid_input', 400],
      [new CandidateInputError('x'), 'invalid_input', 400],
      [new WebhookInputError('x'), 'invalid_input', 400],
      [new GroupLabelsError('x'), 'invalid_input', 400],
      [new ListFormatError('/lists/sdn.xml', 'truncated', 'line 3'), 'list_format', 400],
      [new PartialListError('/lists/sdn.csv', 'us_ofac_sdn', ['a sample']), 'partial_list', 400],
      [new OlderPublicationError('x'), 'older_publication', 409],
      [new RulesError([{ file: 'r.yaml', message: 'x' }]), 'invalid_rules', 500],
      [new FairnessError('d', 'documents.country', 'x'), 'fairness_violation', 500],
      [new ConfigError('x'), 'invalid_config', 500],
      [new NotReadyError(), 'not_ready', 503],
      [new NoListsError(), 'no_lists', 503],
      [new NoListsAtStartError('x'), 'no_lists_at_start', 503],
      [new StoreFullError('x'), 'store_full', 503],
    ];
    for (const [err, code, status] of cases) {
      assert.ok(err instanceof VigilError, `${err.name} is a VigilError`);
      assert.equal(errorInfo(err).code, code, err.name);
      assert.equal(errorInfo(err).httpStatus, status, err.name);
      assert.equal('statusCode' in err, false, `${err.name} carries no HTTP status of its own`);
    }
    const partial = new PartialListError('/lists/sdn.csv', 'us_ofac_sdn', ['a sample']);
    assert.ok(partial instanceof ListFormatError && partial.name === 'PartialListError');
    assert.equal(partial.message.startsWith('sdn.csv: this is not a full publication of us_ofac_sdn: a sample.'), true);
    assert.equal(errorInfo(new Error('boom')).code, 'internal');
  });

  it("names the code of a status that no VigilError set (Fastify's own errors)", () => {
    assert.equal(codeForStatus(400), 'invalid_input');
    assert.equal(codeForStatus(404), 'not_found');
    assert.equal(codeForStatus(413), 'too_large');
    assert.equal(codeForStatus(415), 'unsupported_media_type');
    assert.equal(codeForStatus(406), 'invalid_input');
    assert.equal(codeForStatus(503), 'not_ready');
    assert.equal(codeForStatus(500), 'internal');
    assert.equal(codeForStatus(502), 'internal');
  });

  it('answers API errors with the status of their code, and says the code', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    const { app } = await buildApp({ store, logger: false, auth: false });
    try {
      const subject = await app.inject({ method: 'GET', url: '/v1/subjects/C-404' });
      assert.equal(subject.statusCode, 404);
      assert.deepEqual(subject.json(), { error: 'Not Found', code: 'not_found', message: 'no subject "C-404"' });
      const route = await app.inject({ method: 'GET', url: '/v1/nowhere' });
      assert.equal(route.statusCode, 404);
      assert.equal(route.json<{ code: string }>().code, 'not_found');
      const invalid = await app.inject({ method: 'GET', url: '/v1/alerts/not-a-number' });
      assert.equal(invalid.statusCode, 400);
      assert.deepEqual({ ...invalid.json<object>(), message: undefined }, { error: 'Bad Request', code: 'invalid_input', field: 'params/id', message: undefined });
      const media = await app.inject({ method: 'POST', url: '/v1/subjects', headers: { 'content-type': 'application/pdf' }, payload: 'x' });
      assert.equal(media.statusCode, 415);
      assert.equal(media.json<{ code: string }>().code, 'unsupported_media_type');
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('ends a vigil command with the exit code of its error and the line of its kind', async () => {
    const tmp = tempDir();
    try {
      const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
        let err = '';
        const code = await main(['--data-dir', tmp.dir, ...args], { out: () => {}, err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', ...env } });
        return { code, err };
      };
      const missing = await run(['alerts', 'show', '7']);
      assert.deepEqual(missing, { code: ERROR_CODES.not_found.exitCode, err: 'vigil: error: no alert with id 7\n' });
      const usage = await run(['jobs', 'submit', 'queries.jsonl']);
      assert.deepEqual(usage, { code: ERROR_CODES.usage.exitCode, err: 'vigil: give an API key with --key or VIGIL_API_KEY\n' });
      const badStore = await run(['lists', 'status'], { VIGIL_STORE: 'mysql' });
      assert.deepEqual(badStore, { code: ERROR_CODES.invalid_config.exitCode, err: 'vigil: error: VIGIL_STORE must be "sqlite" or "postgres", not "mysql"\n' });
    } finally {
      tmp.cleanup();
    }
  });
});

describe('the settings', () => {
  it('has a default for every setting when the environment sets nothing', () => {
    const config = loadConfig({});
    assert.deepEqual(config.problems, []);
    assert.equal(config.dataDir, 'vigil-data');
    assert.equal(config.store, 'sqlite');
    assert.equal(config.pgUrl, undefined);
    assert.equal(config.pgSchema, 'public');
    assert.equal(config.sourcesDir, undefined);
    assert.equal(config.sourceUrlsOf('us_ofac_sdn'), undefined);
    assert.equal(config.datasets, undefined);
    assert.equal(config.refreshIntervalMs, undefined);
    assert.equal(config.maxListAgeMs, 30 * 86_400_000);
    assert.equal(config.waitForLists, false);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.url, 'http://127.0.0.1:8080');
    assert.equal(config.apiKey, undefined);
    assert.equal(config.actor, undefined);
    assert.deepEqual(config.hiringRules, []);
    assert.equal(config.monitorStaleMs, undefined);
    assert.equal(config.debug, false);
  });

  it('reads the values it is given, the first variable set winning, a blank one unset', () => {
    const config = loadConfig({
      VIGIL_DATA_DIR: ' /srv/vigil ',
      VIGIL_STORE: 'Postgres',
      VIGIL_PG_URL: 'postgres://vigil@db:5432/vigil',
      VIGIL_DATASETS: 'us_ofac_sdn, un_sc_sanctions,',
      VIGIL_REFRESH_INTERVAL: '30m',
      VIGIL_MAX_LIST_AGE: '400',
      VIGIL_WAIT_FOR_LISTS: 'yes',
      VIGIL_HOST: '',
      HOST: '0.0.0.0',
      VIGIL_PORT: '9090',
      PORT: '7070',
      VIGIL_HIRING_RULES: 'a.yaml,b.yaml',
      VIGIL_MONITOR_STALE_MS: '0',
      VIGIL_DEBUG: '1',
      VIGIL_SOURCE_URL_US_OFAC_SDN: 'http://127.0.0.1:9/a.xml, http://127.0.0.1:9/b.xml',
    });
    assert.deepEqual(config.problems, []);
    assert.equal(config.dataDir, '/srv/vigil');
    assert.equal(config.store, 'postgres');
    assert.deepEqual(config.datasets, ['us_ofac_sdn', 'un_sc_sanctions']);
    assert.equal(config.refreshIntervalMs, 30 * 60_000);
    assert.equal(config.maxListAgeMs, 400 * 86_400_000);
    assert.equal(config.waitForLists, true);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 9090);
    assert.deepEqual(config.hiringRules, ['a.yaml', 'b.yaml']);
    assert.equal(config.monitorStaleMs, 0);
    assert.equal(config.debug, true);
    assert.deepEqual(config.sourceUrlsOf('us_ofac_sdn'), ['http://127.0.0.1:9/a.xml', 'http://127.0.0.1:9/b.xml']);
    assert.equal(loadConfig({ PORT: '7070' }).port, 7070);
    assert.equal(configOf(config), config, 'a Config passes through configOf as it is');
    assert.equal(configOf({ VIGIL_PORT: '1' }).port, 1);
  });

  it('rejects a value it cannot use with an error naming the variable, where the setting is used', () => {
    const bad: [NodeJS.ProcessEnv, () => unknown, RegExp][] = [];
    const check = (env: NodeJS.ProcessEnv, read: (c: ReturnType<typeof loadConfig>) => unknown, message: RegExp) => bad.push([env, () => read(loadConfig(env)), message]);
    check({ VIGIL_PORT: 'eighty' }, (c) => c.port, /^VIGIL_PORT must be a port number \(0-65535\), got "eighty"$/);
    check({ PORT: '70000' }, (c) => c.port, /^PORT must be a port number/);
    check({ VIGIL_STORE: 'mysql' }, (c) => c.store, /^VIGIL_STORE must be "sqlite" or "postgres", not "mysql"$/);
    check({ VIGIL_MAX_LIST_AGE: 'soon' }, (c) => c.maxListAgeMs, /^VIGIL_MAX_LIST_AGE: "soon" is not a duration/);
    check({ VIGIL_REFRESH_INTERVAL: '-1h' }, (c) => c.refreshIntervalMs, /^VIGIL_REFRESH_INTERVAL: /);
    check({ VIGIL_WAIT_FOR_LISTS: 'maybe' }, (c) => c.waitForLists, /^VIGIL_WAIT_FOR_LISTS must be 1, true or yes/);
    check({ VIGIL_MONITOR_STALE_MS: '1.5' }, (c) => c.monitorStaleMs, /^VIGIL_MONITOR_STALE_MS must be a whole number of milliseconds, got "1.5"$/);
    check({ VIGIL_URL: 'ftp://example.org' }, (c) => c.url, /^VIGIL_URL must be an http or https URL/);
    check({ VIGIL_SOURCE_URL_UN_SC_SANCTIONS: 'http://ok.example/a.xml,not a url' }, (c) => c.sourceUrlsOf('un_sc_sanctions'), /^VIGIL_SOURCE_URL_UN_SC_SANCTIONS must be an http or https URL, got "not a url"$/);
    for (const [env, read, message] of bad) {
      assert.throws(read, (err: unknown) => err instanceof ConfigError && err.code === 'invalid_config' && message.test(err.message), `${JSON.stringify(env)}: ${message}`);
      assert.equal(loadConfig(env).problems.length, 1, JSON.stringify(env));
    }
    // The other settings stay usable; `strict` names every problem at once.
    const env = { VIGIL_PORT: 'eighty', VIGIL_STORE: 'mysql', VIGIL_DATA_DIR: '/srv' };
    assert.equal(loadConfig(env).dataDir, '/srv');
    assert.throws(() => loadConfig(env, { strict: true }), /VIGIL_STORE must be .*; VIGIL_PORT must be/);
  });

  it('describes every setting once, for the README', () => {
    const variables = Object.values(SETTINGS).flatMap((s) => [...s.variables]);
    assert.equal(new Set(variables).size, variables.length, 'no variable sets two settings');
    for (const s of Object.values(SETTINGS)) {
      assert.ok(s.description.length > 10 && s.shownDefault.length > 0, s.variables[0]);
      assert.ok(!s.description.includes('|'), `${s.variables[0]}: no | in a table cell`);
    }
    assert.equal(settingsTableRows().length, Object.keys(SETTINGS).length);
  });
});
