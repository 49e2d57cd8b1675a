/**
 * List freshness from the command line, on the real UN publication of 2026-02-27: `vigil lists
 * status` shows each configured dataset's age and whether it is stale or missing, and every
 * `vigil screen` against a stale list prints one warning line on stderr. Durations as operators
 * write them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { listFreshness, parseDuration } from '../src/lists/versions.js';
import { listFile, tempDir } from './helpers.js';

const tmp = tempDir();
const dataDir = join(tmp.dir, 'data');
after(() => tmp.cleanup());

async function vigil(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite', ...env } });
  return { code, out, err };
}

/** Days since the UN publication: it is stale against 30 days from 2026-03-30 on. */
const AGE_DAYS = Math.floor((Date.now() - Date.parse('2026-02-27T00:00:09.554Z')) / 86_400_000);
const STALE = AGE_DAYS > 30;

before(async () => {
  const r = await vigil({}, 'lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml'));
  assert.equal(r.code, 0, r.err);
});

describe('vigil lists status', () => {
  it('names stale and missing datasets against the maximum age', async () => {
    const r = await vigil({}, 'lists', 'status');
    assert.equal(r.code, 0);
    assert.match(r.out, /us_ofac_sdn: not imported/);
    assert.equal(/un_sc_sanctions: STALE: published \d+ days ago, more than the maximum age of 30 d/.test(r.out), STALE);
    const lenient = await vigil({ VIGIL_DATASETS: 'un_sc_sanctions' }, 'lists', 'status', '--max-list-age', `${AGE_DAYS + 10}d`);
    assert.match(lenient.out, /Every configured list is fresh \(maximum age \d+ d\)/);
    const json = JSON.parse((await vigil({ VIGIL_MAX_LIST_AGE: '0' }, 'lists', 'status', '--json')).out) as { freshness: { stale: string[]; missing: string[]; maxAgeSeconds: number } };
    assert.deepEqual(json.freshness.stale, []);
    assert.equal(json.freshness.maxAgeSeconds, 0);
    assert.deepEqual(json.freshness.missing, ['us_ofac_sdn', 'us_ofac_cons', 'gb_fcdo_sanctions', 'eu_fsf', 'eu_dprk_annex', 'eu_cyber_annex']);
    const bad = await vigil({}, 'lists', 'status', '--max-list-age', 'a week');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /"a week" is not a duration/);
  });
});

describe('vigil screen against a stale list', () => {
  it('prints one warning line on stderr, and none when the list is within the maximum age', async () => {
    const stale = await vigil({ VIGIL_MAX_LIST_AGE: '1d' }, 'screen', 'Eric Badege');
    assert.equal(stale.code, 0);
    assert.match(stale.out, /ERIC BADEGE/);
    const warnings = stale.err.split('\n').filter((l) => l.includes('warning'));
    assert.equal(warnings.length, 1, stale.err);
    assert.match(warnings[0]!, /screened against a list older than the maximum age of 1 d: un_sc_sanctions \(published 2026-02-27, \d+ days ago\); run `vigil lists update`/);
    const fresh = await vigil({ VIGIL_MAX_LIST_AGE: `${AGE_DAYS + 10}d` }, 'screen', 'Eric Badege', '--json');
    assert.equal(fresh.code, 0);
    assert.doesNotMatch(fresh.err, /warning/);
  });
});

describe('durations and freshness', () => {
  it('reads durations as operators write them', () => {
    assert.equal(parseDuration('6h'), 6 * 3_600_000);
    assert.equal(parseDuration('30d'), 30 * 86_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('2w'), 14 * 86_400_000);
    assert.equal(parseDuration('0'), 0);
    assert.equal(parseDuration('12'), 12 * 3_600_000);
    assert.equal(parseDuration('45', 'd'), 45 * 86_400_000);
    assert.throws(() => parseDuration('-1h'), /not a duration/);
  });

  it('counts the age from the import when a list states no publication date', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const version = { id: 7, dataset: 'gb_fcdo_sanctions', format: 'uk-ods', sourceFiles: [], publishedAt: null, sha256: '', entityCount: 1, stats: {}, warnings: [], importedAt: '2026-05-01T00:00:00Z' };
    const report = listFreshness([version], ['gb_fcdo_sanctions'], 7 * 86_400_000, now);
    assert.equal(report.datasets[0]!.ageFrom, 'imported');
    assert.equal(report.datasets[0]!.ageSeconds, 31 * 86_400);
    assert.deepEqual(report.stale, ['gb_fcdo_sanctions']);
    assert.match(report.datasets[0]!.reason!, /imported 31 days ago, more than the maximum age of 7 d/);
  });
});
