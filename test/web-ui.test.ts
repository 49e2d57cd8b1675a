/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), against the real server on the real OFAC SDN list, the UI built from web/ by Vite for
 * this run. Sign in (a wrong password refused), screen "Сон Гым Хёк" and see Song Kum Hyok with its
 * explanation drawn, check a listed wallet address, sign out; on the alert queue, open an alert with
 * the keyboard, decide it with a rationale and find the decision in its history, in the audit trail
 * under the user's name and on the Audit page; page through 10,000 alerts; submit a batch job,
 * watch it finish and download its results. axe-core finds no serious or critical violation on any
 * page. Each step saves a screenshot under .tmp/artifacts/web-ui/ (look at them).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUser } from '../src/app/index.js';
import { auditRecords } from '../src/cases/index.js';
import { importList } from '../src/lists/import.js';
import { buildApp, type VigilApp } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { fillAlerts } from '../src/store/testing.js';
import { REPO_ROOT, listFile, listenOnLoopback, tempDir } from './helpers.js';

const CHROMIUM = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, '.tmp', 'artifacts', 'web-ui');
const PASSWORD = 'correct horse battery';
/** A Lazarus Group address on the OFAC SDN list (Ronin bridge theft, 2022). */
const LAZARUS_ETH = '0x098B716B8Aaf21512996dC57EB0615e2383E2f96';

const tmp = tempDir();
let store: Store;
let server: VigilApp;
let base: string;
let browser: Browser;

before(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does) or set VIGIL_CHROMIUM`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // The UI as web/ holds it now, built for this run.
  const webDir = join(tmp.dir, 'web');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(REPO_ROOT, 'web', 'vite.config.ts'), '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  store = await openStore({ kind: 'sqlite', file: join(tmp.dir, 'vigil.sqlite') });
  await importList(store, { dataset: 'us_ofac_sdn', files: [listFile('ofac-sdn-advanced', 'sdn_advanced_2025-11-19.xml.gz')] });
  await createUser(store, 'alice', 'analyst', PASSWORD, 'cli:tests');
  // 10,000 alerts of a year of screening, opened before the one below (the queue shows the newest first).
  await fillAlerts(store, 10_000);
  server = await buildApp({ store, logger: false, datasets: ['us_ofac_sdn'], webDir, dataDir: join(tmp.dir, 'data') });
  base = await listenOnLoopback(server);
  await server.state.reload();
  // A customer who is a listed DPRK person: an alert to review.
  await server.vigil.subjects.upsertAndScreen([{ ref: 'CUST-7', kind: 'customer', schema: 'Person', properties: { name: ['Song Kum Hyok'] } }], {
    actor: 'test:setup',
    snapshot: server.state.requireSnapshot(),
    trigger: 'api',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await server?.app.close();
  await store?.close();
  tmp.cleanup();
});

/** axe-core's serious and critical violations on the page as it is now (none expected). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} element(s)`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, password = PASSWORD): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill('alice');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('web UI in Chromium', () => {
  it('signs in, screens a Korean name written in Cyrillic and draws its explanation, checks a wallet, signs out', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(base);
      await page.getByRole('heading', { name: 'Vigil', level: 1 }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'sign-in page');
      await shot(page, '1-sign-in');

      await signIn(page, 'not her password');
      await page.getByRole('alert').filter({ hasText: 'wrong name or password' }).waitFor();
      await shot(page, '2-sign-in-refused');

      await signIn(page);
      await page.getByRole('heading', { name: 'Screen', level: 1 }).waitFor();
      assert.match((await page.locator('header').textContent()) ?? '', /alice/);

      // Results as you type: no button pressed.
      await page.getByLabel('Name, wallet or email').pressSequentially('Сон Гым Хёк', { delay: 20 });
      const song = page.getByRole('article', { name: 'Song Kum Hyok' });
      await song.waitFor();
      assert.match((await song.textContent()) ?? '', /1\.00 — match/);
      const table = song.getByRole('table', { name: 'How the names align' });
      const rows = await table.locator('tbody tr').allTextContents();
      assert.deepEqual(rows.length, 3, rows.join(' | '));
      for (const word of ['song', 'kum', 'hyok']) assert.ok(rows.some((r) => r.includes(word) && r.includes('exact')), `${word} aligned: ${rows.join(' | ')}`);
      assert.match((await song.textContent()) ?? '', /Сон Гым Хёк/, 'the query as written is shown beside its reading');
      assert.match((await page.getByRole('status').textContent()) ?? '', /match/);
      assert.match((await page.locator('main').textContent()) ?? '', /us_ofac_sdn/, 'the list version used is shown');
      assert.deepEqual(await seriousViolations(page), [], 'screen page with results');
      await shot(page, '3-screen-song-kum-hyok');

      // A wallet address: checked exactly.
      const box = page.getByLabel('Name, wallet or email');
      await box.fill(LAZARUS_ETH);
      await page.getByRole('heading', { name: 'Listed', exact: true }).waitFor();
      await page.getByRole('article', { name: 'Lazarus Group' }).waitFor();
      assert.deepEqual(await seriousViolations(page), [], 'screen page with an address');
      await shot(page, '4-screen-wallet');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await shot(page, '5-signed-out');
    } finally {
      await page.close();
    }
  });

  it('opens an alert from the queue with the keyboard, decides it with a rationale, and the decision is in its history and the audit trail', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(base);
      await signIn(page);
      await page.getByRole('link', { name: /^Alerts/ }).click();
      await page.getByRole('heading', { name: 'Alerts', level: 1 }).waitFor();
      const row = page.getByRole('row').filter({ hasText: 'CUST-7' });
      await row.waitFor();
      assert.equal(await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr').first().textContent(), await row.textContent(), 'the newest alert first');
      assert.match((await row.textContent()) ?? '', /Song Kum Hyok/);
      assert.deepEqual(await seriousViolations(page), [], 'alert queue');
      await shot(page, '6-alert-queue');

      // j selects the first row, Enter opens it.
      await page.locator('body').press('j');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: /^Alert \d+$/, level: 1 }).waitFor();
      const alertId = Number(/\d+/.exec((await page.getByRole('heading', { level: 1 }).textContent()) ?? '')![0]);
      assert.deepEqual(await seriousViolations(page), [], 'alert page');
      await page.getByRole('radio', { name: 'False positive' }).check();
      await page.getByLabel('Rationale').fill('Different date of birth on the passport copy');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.getByText('Different date of birth on the passport copy').first().waitFor();
      await shot(page, '7-alert-decided');

      const decided = (await auditRecords(store)).filter((r) => r.subject === `alert:${alertId}` && r.action === 'alert.decision');
      assert.deepEqual(decided.map((r) => [r.actor, (r.details as { to?: string }).to]), [['user:alice', 'false_positive']]);

      // The same decision on the Audit page, with the chain verified.
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
      const record = page.getByRole('table', { name: 'Audit records' }).getByRole('row').filter({ hasText: 'alert.decision' }).filter({ hasText: `alert:${alertId}` });
      await record.waitFor();
      assert.match((await record.textContent()) ?? '', /alice/);
      assert.match((await page.locator('main').textContent()) ?? '', /intact/i);
      assert.deepEqual(await seriousViolations(page), [], 'audit page');
      await shot(page, '8-audit');
    } finally {
      await page.close();
    }
  });

  it('pages through 10,000 alerts on the server, to the last page and back', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${base}/#/alerts`);
      await signIn(page);
      const paging = page.getByRole('navigation', { name: 'Alert list paging' });
      await paging.getByText(/Page 1 of 201/).waitFor();
      assert.match((await paging.textContent()) ?? '', /Alerts 1–50 of 10,001/);
      await paging.getByRole('button', { name: 'Next page' }).click();
      await paging.getByText(/Alerts 51–100 of 10,001/).waitFor();
      await paging.getByLabel('Go to page').fill('201');
      await paging.getByRole('button', { name: 'Go' }).click();
      await paging.getByText(/Alerts 10,001–10,001 of 10,001/).waitFor();
      // The oldest alert of the queue (newest first): the first one written.
      await page.getByRole('row').filter({ hasText: 'S-0 (customer)' }).waitFor();
      assert.equal(await page.getByRole('table', { name: 'Alerts' }).locator('tbody tr').count(), 1);
      await paging.getByRole('button', { name: 'Previous page' }).click();
      await paging.getByText(/Alerts 9,951–10,000 of 10,001/).waitFor();
      await shot(page, '9-alerts-page-200');
    } finally {
      await page.close();
    }
  });

  it('submits a batch job, shows its progress to the end, and downloads its results', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    try {
      await page.goto(`${base}/#/jobs`);
      await signIn(page);
      await page.getByRole('heading', { name: 'Batch jobs', level: 1 }).waitFor();
      const lines = ['Song Kum Hyok', 'Maria Garcia', 'Kim Jong Un'].map((name, i) => JSON.stringify({ id: `q${i + 1}`, schema: 'Person', properties: { name: [name] } }));
      await page.getByLabel('File (CSV or JSON lines)').setInputFiles({ name: 'book.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
      await page.getByRole('button', { name: 'Submit job' }).click();
      const link = page.getByRole('link', { name: 'Download results (JSON lines)' });
      await link.waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('progress').first().getAttribute('value'), '3');
      assert.deepEqual(await seriousViolations(page), [], 'batch jobs page');
      await shot(page, '10-batch-job-done');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      const results = readFileSync((await download.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; results: { caption: string; match: boolean }[] });
      assert.deepEqual(results.map((r) => r.id), ['q1', 'q2', 'q3']);
      assert.deepEqual([results[0]!.results[0]?.caption, results[0]!.results[0]?.match], ['Song Kum Hyok', true]);
    } finally {
      await page.close();
    }
  });
});
