/**
 * The hash-chained audit trail, on SQLite and PostgreSQL: an intact chain verifies; a record
 * edited, deleted or reordered directly in the database is detected and named; exports carry the
 * hashes; the CLI records list imports and key creation and verifies the chain.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { GENESIS_HASH, appendAudit, auditHash, auditRecords, formatAudit, verifyAudit } from '../src/cases/index.js';
import { main } from '../src/cli/main.js';
import { openStore, type Store } from '../src/store/index.js';
import { rawDatabaseOf } from '../src/store/testing.js';
import { PG_SKIP, PG_URL, listFile, pgSchemas, tempDir } from './helpers.js';

const tmp = tempDir();
after(() => tmp.cleanup());
const schemas = pgSchemas('audit');
after(() => schemas.dropAll());

async function withChain(open: () => Promise<Store>, n: number, body: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    for (let i = 1; i <= n; i++) {
      await appendAudit(store, { actor: `key:k${i % 3}`, action: i % 2 ? 'list.import' : 'key.create', subject: `s${i}`, details: { i } });
    }
    await body(store);
  } finally {
    await store.close();
  }
}

function auditSuite(name: string, open: () => Promise<Store>, skip?: string) {
  describe(`audit trail (${name})`, { skip }, () => {
    it('chains every record to the one before and verifies', async () => {
      await withChain(open, 20, async (store) => {
        const records = await auditRecords(store);
        assert.equal(records.length, 20);
        assert.equal(records[0]!.prev_hash, GENESIS_HASH);
        for (let i = 1; i < records.length; i++) assert.equal(records[i]!.prev_hash, records[i - 1]!.hash);
        for (const r of records) assert.equal(auditHash({ ...r, details: JSON.stringify(r.details) }), r.hash);
        const v = await verifyAudit(store);
        const { anchor, ...chain } = v;
        assert.deepEqual(chain, { records: 20, ok: true, problems: [], lastHash: records[19]!.hash });
        // No audit key given to this store: said plainly, `ok` speaking for the hash chain alone.
        assert.equal(anchor.status, 'none');
        assert.match(anchor.note, /not anchored/);
      });
    });

    it('names a record edited in the database', async () => {
      await withChain(open, 20, async (store) => {
        await sql`update audit_log set details = '{"i":700}' where seq = 7`.execute(rawDatabaseOf(store));
        const v = await verifyAudit(store);
        assert.equal(v.ok, false);
        assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[7, 'edited']]);
      });
    });

    it('names a record deleted from the database', async () => {
      await withChain(open, 20, async (store) => {
        await sql`delete from audit_log where seq = 12`.execute(rawDatabaseOf(store));
        const v = await verifyAudit(store);
        assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [[12, 'deleted']]);
        assert.match(v.problems[0]!.detail, /record 12 is missing/);
      });
    });

    it('names records reordered in the database', async () => {
      await withChain(open, 20, async (store) => {
        await sql`update audit_log set seq = 1000 where seq = 3`.execute(rawDatabaseOf(store));
        await sql`update audit_log set seq = 3 where seq = 4`.execute(rawDatabaseOf(store));
        await sql`update audit_log set seq = 4 where seq = 1000`.execute(rawDatabaseOf(store));
        const v = await verifyAudit(store);
        assert.equal(v.ok, false);
        assert.deepEqual(v.problems.map((p) => [p.seq, p.problem]), [
          [3, 'reordered'],
          [4, 'reordered'],
        ]);
        assert.match(v.problems[0]!.detail, /record 3 .* was record 4/);
      });
    });

    it('exports records with their hashes, as CSV and JSON lines', async () => {
      await withChain(open, 5, async (store) => {
        const records = await auditRecords(store);
        const csv = formatAudit(records, 'csv').trim().split('\n');
        assert.equal(csv[0], 'seq,at,actor,action,subject,details,prev_hash,hash');
        assert.equal(csv.length, 6);
        assert.ok(csv[1]!.endsWith(records[0]!.hash));
        const jsonl = formatAudit(records, 'jsonl').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; details: { i: number } });
        assert.deepEqual(jsonl.map((r) => r.seq), [1, 2, 3, 4, 5]);
        assert.deepEqual(jsonl[2]!.details, { i: 3 });
        const none = await auditRecords(store, '2999-01-01');
        assert.equal(none.length, 0);
      });
    });
  });
}

auditSuite('sqlite', () => openStore({ kind: 'sqlite', file: join(tmp.dir, `audit-${randomBytes(4).toString('hex')}.sqlite`) }));
auditSuite('postgres', () => openStore({ kind: 'postgres', url: PG_URL!, schema: schemas.next() }), PG_SKIP);

describe('vigil audit (CLI)', () => {
  it('records list imports and key creation, verifies, and reports tampering by record', async () => {
    const dataDir = join(tmp.dir, 'cli');
    let out = '';
    let err = '';
    const run = (args: string[]) => {
      out = '';
      err = '';
      return main(['--data-dir', dataDir, ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { VIGIL_STORE: 'sqlite' } });
    };
    assert.equal(await run(['lists', 'import', '--dataset', 'un_sc_sanctions', '--file', listFile('un', 'un_consolidated_2026-02-27.xml')]), 0, err);
    assert.equal(await run(['keys', 'create', '--name', 'auditor', '--scopes', 'screen']), 0, err);
    assert.equal(await run(['audit', 'verify']), 0, err);
    assert.match(out, /audit trail intact: 3 records/);
    assert.equal(await run(['audit', 'export', '--format', 'jsonl']), 0, err);
    const records = out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; subject: string; actor: string; details: Record<string, unknown> });
    // The import is followed by a monitoring run (no subjects yet: it records the version as monitored).
    assert.deepEqual(records.map((r) => r.action), ['list.import', 'monitor.run', 'key.create']);
    assert.equal(records[0]!.subject, 'un_sc_sanctions');
    assert.equal(records[0]!.details.publishedAt, '2026-02-27T00:00:09.554Z');
    assert.match(records[0]!.actor, /^cli/);

    const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'vigil.sqlite') });
    await sql`update audit_log set actor = 'someone else' where seq = 1`.execute(rawDatabaseOf(store));
    await store.close();
    assert.equal(await run(['audit', 'verify']), 1);
    assert.match(err, /record 1: edited: record 1 \(list\.import un_sc_sanctions\) does not match its hash/);
    assert.match(err, /the audit trail is broken: 1 problem\(s\) in 3 records/);
  });
});
