/**
 * The case-management API, a thin layer over the application (src/app: `vigil.subjects`, `alerts`,
 * `audit`, `webhooks`, `monitor`): each route parses the request, calls one use case, shapes the answer.
 *
 *   /v1/subjects          upsert (JSON, CSV or JSON lines; bad rows reported, the rest kept) and
 *                         screen at once; list, show (with screenings and alerts), stop
 *                         monitoring, rescreen                                      analyst
 *   /v1/alerts            list with counts, detail with events and explanation, review, assign,
 *                         comment, decide (a rationale with visible text is mandatory); reversing
 *                         a confirmed match takes two analysts: the decision answers 202 with
 *                         the pending request, another key approves or rejects it     analyst
 *   /v1/audit             the trail as JSON, JSON lines or CSV; chain verification   analyst
 *   /v1/audit/checkpoint  signed checkpoints of the trail, made and checked           admin
 *   /v1/webhooks          endpoints, deliveries, redelivery                          admin
 *   /v1/monitor           start a run (admin), list runs (analyst)
 *
 * Every change is made by a use case, which audits it in the same transaction; the actor is
 * the API key (`key:<id>`). A CaseError answers with the status of its code (400, 404, 409; src/errors.ts) and its message.
 */
import type { FastifyInstance } from 'fastify';
import type { Vigil } from '../app/index.js';
import { checkpointFrom, publicKeyFromPem } from '../cases/audit-anchor.js';
import { formatAudit } from '../cases/audit.js';
import { CaseError } from '../cases/errors.js';
import { ALERT_STATUSES, DECISIONS, type AlertStatus, type AlertUpdate, type Decision } from '../cases/alerts.js';
import { emptyTally, type ScreeningRecord } from '../cases/screening.js';
import { SUBJECT_KINDS, SubjectInputError, parseSubjectRecord, readSubjects, type SubjectKind, type SubjectRow } from '../cases/subject-input.js';
import type { UpsertResult } from '../cases/subjects.js';
import {
  DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  WebhookInputError,
  type DeliveryStatus,
} from '../cases/webhooks.js';
import { TimeSlices } from '../io/turns.js';
import { afterCursor, errorResponse, rowId, threshold } from './schemas.js';
import { isDateOrDateTime } from './strict-input.js';
import { HttpError, actorOf } from './routes.js';
import { requireReviewer } from './sessions.js';

/** Most subject rows in one request (the body limit caps it too); bigger books go in several requests. */
export const MAX_SUBJECT_ROWS = 10_000;
/** Subjects screened per transaction. */
/** Screenings shown with a subject. */
const RECENT_SCREENINGS = 10;

const SUBJECT_TYPES: Record<string, 'csv' | 'jsonl'> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/jsonlines': 'jsonl',
};

// ---- schemas ----

const nullable = (type: string) => ({ type: [type, 'null'] });
const isoTime = { type: 'string', description: 'ISO 8601 date-time' };
const anyObject = { type: 'object', additionalProperties: true };
const versionMap = { type: 'object', additionalProperties: { type: 'integer' }, description: 'dataset -> list version id' };
const idParams = { type: 'object', required: ['id'], properties: { id: rowId } };
const refParams = { type: 'object', required: ['ref'], properties: { ref: { type: 'string', minLength: 1, maxLength: 200, description: "the firm's reference" } } };
const pageLimit = { type: 'integer', minimum: 1, maximum: 1000, default: 100 };
const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse, 503: errorResponse };

const subjectSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ref: { type: 'string' },
    kind: { type: 'string', enum: [...SUBJECT_KINDS] },
    schema: { type: 'string' },
    properties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
    hash: { type: 'string' },
    version: { type: 'integer' },
    screenedVersion: nullable('integer'),
    screenedAt: nullable('string'),
    createdAt: isoTime,
    updatedAt: isoTime,
    deletedAt: nullable('string'),
  },
};

const screeningSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    subjectId: { type: 'integer' },
    subjectRef: { type: 'string' },
    subjectVersion: { type: 'integer' },
    listVersions: versionMap,
    threshold: { type: 'number' },
    trigger: { type: 'string' },
    actor: { type: 'string' },
    runId: nullable('integer'),
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          caption: { type: 'string' },
          schema: { type: 'string' },
          datasets: { type: 'array', items: { type: 'string' } },
          score: { type: 'number' },
          match: { type: 'boolean' },
          summary: { type: 'string' },
          alert: nullable('integer'),
          outcome: { type: 'string', enum: ['opened', 'updated', 'reopened', 'suppressed', 'confirmed', 'below-threshold'] },
        },
      },
    },
    at: isoTime,
  },
};

const tallySchema = {
  type: 'object',
  properties: Object.fromEntries(Object.keys(emptyTally()).map((k) => [k, { type: 'integer' }])),
};

const alertProperties = {
  id: { type: 'integer' },
  status: { type: 'string', enum: [...ALERT_STATUSES] },
  subject: { type: 'object', properties: { id: { type: 'integer' }, ref: { type: 'string' }, kind: { type: 'string' } } },
  entity: {
    type: 'object',
    properties: { id: { type: 'string' }, caption: { type: 'string' }, schema: { type: 'string' }, datasets: { type: 'array', items: { type: 'string' } } },
  },
  score: { type: 'number' },
  summary: { type: 'string' },
  subjectVersion: { type: 'integer' },
  assignee: nullable('string'),
  rationale: nullable('string'),
  decidedBy: nullable('string'),
  decidedAt: nullable('string'),
  openedAt: isoTime,
  updatedAt: isoTime,
  lastScreeningId: { type: 'integer' },
  reopened: { type: 'integer', description: 'times reopened after a false-positive decision' },
  suppressed: { type: 'integer', description: 'screenings suppressed by the current false-positive decision' },
};
const alertSchema = { type: 'object', properties: alertProperties };
const pendingReversalSchema = {
  type: ['object', 'null'],
  description: "a request to take this confirmed match away from confirmed, waiting for a second analyst's approval",
  properties: {
    decision: { type: 'string', enum: [...DECISIONS] },
    rationale: { type: 'string' },
    requestedBy: { type: 'string' },
    requestedAt: isoTime,
    requestEvent: { type: 'integer', description: 'the alert event that recorded the request' },
    needs: { type: 'string' },
  },
};
const alertDetailSchema = {
  type: 'object',
  properties: {
    ...alertProperties,
    explanation: { ...anyObject, description: 'why the subject matched: the score explained feature by feature' },
    entityState: anyObject,
    events: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          at: isoTime,
          actor: { type: 'string' },
          kind: { type: 'string' },
          fromStatus: nullable('string'),
          toStatus: nullable('string'),
          text: nullable('string'),
          details: anyObject,
        },
      },
    },
    pendingReversal: pendingReversalSchema,
    approvedBy: { ...nullable('string'), description: 'who approved the decision in force, when it took two people (a reversed confirmed match)' },
  },
};
/** A decision that did not take effect alone: the alert (still confirmed) and what it waits for. */
const pendingDecisionSchema = {
  type: 'object',
  properties: { ...alertDetailSchema.properties, message: { type: 'string', description: 'what happened, in words' } },
};
const alertCountsSchema = { type: 'object', properties: Object.fromEntries(ALERT_STATUSES.map((s) => [s, { type: 'integer' }])) };

const runSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    status: { type: 'string' },
    trigger: { type: 'string' },
    actor: { type: 'string' },
    fromVersions: versionMap,
    toVersions: versionMap,
    subjectsTotal: { type: 'integer' },
    subjectsDone: { type: 'integer' },
    stats: anyObject,
    error: nullable('string'),
    startedAt: isoTime,
    heartbeatAt: isoTime,
    finishedAt: nullable('string'),
  },
};

const webhookProperties = {
  id: { type: 'string' },
  url: { type: 'string' },
  events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
  maxAttempts: { type: 'integer' },
  active: { type: 'boolean' },
  createdAt: isoTime,
};
const webhookSchema = { type: 'object', properties: webhookProperties };
const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    webhookId: { type: 'string' },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    payload: anyObject,
    status: { type: 'string', enum: [...DELIVERY_STATUSES] },
    attempts: { type: 'integer' },
    nextAttemptAt: isoTime,
    lockedUntil: nullable('string'),
    lastStatus: nullable('integer'),
    lastError: nullable('string'),
    createdAt: isoTime,
    deliveredAt: nullable('string'),
  },
};

const auditRecordSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    at: isoTime,
    actor: { type: 'string' },
    action: { type: 'string' },
    subject: { type: 'string' },
    details: anyObject,
    prev_hash: { type: 'string' },
    hash: { type: 'string' },
    mac: { type: ['string', 'null'], description: 'HMAC-SHA256 of `hash` under the audit key (VIGIL_AUDIT_KEY); null: written without one' },
  },
};

// ---- helpers ----

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

interface RowResult {
  row: number;
  ref: string | null;
  id?: number;
  version?: number;
  outcome: UpsertResult['outcome'] | 'error';
  error?: string;
}

interface ScreeningSummary {
  ref: string;
  subject: number;
  screening: number;
  matches: number;
  alerts: { alert: number; entity: string; caption: string; score: number; outcome: string }[];
}

function summarise(record: ScreeningRecord): ScreeningSummary {
  return {
    ref: record.subjectRef,
    subject: record.subjectId,
    screening: record.id,
    matches: record.results.filter((r) => r.match).length,
    alerts: record.results
      .filter((r) => r.alert !== null)
      .map((r) => ({ alert: r.alert!, entity: r.id, caption: r.caption, score: r.score, outcome: r.outcome })),
  };
}

/** A `from`/`to` bound of the audit export as an ISO string; a bare date covers its whole day. (The schema's format checked it already.) */
function auditBound(name: 'from' | 'to', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isDateOrDateTime(value)) throw new HttpError('invalid_input', `${name}: "${value}" is not an ISO 8601 date or date-time`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return name === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  return new Date(Date.parse(value)).toISOString();
}

/** Recent screenings of a subject, newest first. */
async function recentScreenings(vigil: Vigil, subjectId: number, limit: number) {
  const screenings = await vigil.subjects.screenings(subjectId, limit);
  return screenings.map((s) => ({
    id: s.id,
    subjectId: s.subjectId,
    subjectVersion: s.subjectVersion,
    listVersions: s.listVersions,
    threshold: s.threshold,
    trigger: s.trigger,
    actor: s.actor,
    runId: s.runId,
    results: s.results,
    at: s.at,
  }));
}

// ---- routes ----

export async function registerCaseRoutes(app: FastifyInstance, vigil: Vigil): Promise<void> {
  // In their own context, so that the CSV and JSON lines parsers here (whole bodies, within the
  // body limit) do not clash with the streaming ones of /v1/jobs.
  await app.register(async (scope) => {
    for (const type of Object.keys(SUBJECT_TYPES)) {
      if (scope.hasContentTypeParser(type)) scope.removeContentTypeParser(type);
      scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    }
    registerSubjectRoutes(scope, vigil);
    registerAlertRoutes(scope, vigil);
    registerAuditRoutes(scope, vigil);
    registerWebhookRoutes(scope, vigil);
    registerMonitorRoutes(scope, vigil);
  });
}

const analyst = { scope: 'analyst' as const };
const admin = { scope: 'admin' as const };

function registerSubjectRoutes(app: FastifyInstance, vigil: Vigil): void {
  const upsertOptions = {
    screen: { type: 'boolean', default: true, description: 'screen new and changed subjects now (default); false leaves them to the monitor' },
    threshold,
    kind: { type: 'string', enum: [...SUBJECT_KINDS], description: 'kind of the rows that give none (default customer)' },
  };

  app.post<{
    Querystring: { screen?: boolean; threshold?: number; kind?: SubjectKind };
    Body: { subjects: unknown[]; screen?: boolean; threshold?: number; kind?: SubjectKind } | Buffer | undefined;
  }>(
    '/v1/subjects',
    {
      config: analyst,
      schema: {
        tags: ['subjects'],
        summary: 'Create or update monitored subjects by reference, and screen the new and changed ones at once',
        description:
          'A JSON body `{subjects: [...]}`, or a CSV file with a header row (`text/csv`), or JSON lines (`application/x-ndjson`), ' +
          `up to ${MAX_SUBJECT_ROWS} rows. A row is \`{ref, kind?, schema?, properties: {...}}\` or flat (\`{ref, name, birthDate, wallet...}\`). ` +
          'Invalid rows are reported and the others kept. For CSV and JSON lines, `screen`, `threshold` and `kind` go in the query string.',
        querystring: { type: 'object', properties: { screen: { type: 'boolean' }, threshold, kind: upsertOptions.kind } },
        body: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['subjects'],
                properties: {
                  subjects: {
                    type: 'array',
                    minItems: 1,
                    maxItems: MAX_SUBJECT_ROWS,
                    items: { description: 'a subject record; an invalid one is reported in its row', examples: [{ ref: 'C-1001', schema: 'Person', properties: { name: ['Kum-hyok Song'], birthDate: ['1987'] } }] },
                  },
                  screen: { type: 'boolean' },
                  threshold,
                  kind: upsertOptions.kind,
                },
              },
            },
            // No type: the body reaches validation as bytes (readSubjects checks it is UTF-8).
            'text/csv': { schema: { description: 'CSV (UTF-8) with a header row: ref, kind, schema and property columns (";" separates values)' } },
            'application/x-ndjson': { schema: { description: 'JSON lines (UTF-8): one subject record per line' } },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    row: { type: 'integer' },
                    ref: nullable('string'),
                    id: { type: 'integer' },
                    version: { type: 'integer' },
                    outcome: { type: 'string', enum: ['created', 'updated', 'unchanged', 'error'] },
                    error: { type: 'string' },
                  },
                },
              },
              counts: { type: 'object', properties: { created: { type: 'integer' }, updated: { type: 'integer' }, unchanged: { type: 'integer' }, error: { type: 'integer' } } },
              screened: { type: 'boolean' },
              tally: tallySchema,
              screenings: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    ref: { type: 'string' },
                    subject: { type: 'integer' },
                    screening: { type: 'integer' },
                    matches: { type: 'integer' },
                    alerts: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: { alert: { type: 'integer' }, entity: { type: 'string' }, caption: { type: 'string' }, score: { type: 'number' }, outcome: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const type = mediaType(req.headers['content-type']);
      const body = req.body;
      const json = body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? body : undefined;
      if (body !== undefined && body !== null && !json && !Buffer.isBuffer(body)) {
        throw new HttpError('unsupported_media_type', `content-type must be one of: application/json, ${Object.keys(SUBJECT_TYPES).join(', ')}`);
      }
      const screenNow = json?.screen ?? req.query.screen ?? true;
      const threshold = json?.threshold ?? req.query.threshold;
      const kind = json?.kind ?? req.query.kind;
      // Screening needs the lists in force: refuse before changing anything.
      const snapshot = screenNow ? await vigil.inForce.forScreening() : undefined;

      const rows: SubjectRow[] = [];
      if (Buffer.isBuffer(body)) {
        const format = SUBJECT_TYPES[type];
        if (!format) throw new HttpError('unsupported_media_type', `content-type must be one of: application/json, ${Object.keys(SUBJECT_TYPES).join(', ')}`);
        try {
          for await (const row of readSubjects(body, { format, kind, maxRows: MAX_SUBJECT_ROWS, name: 'the request body' })) rows.push(row);
        } catch (err) {
          // A bad file as a whole (not UTF-8, unknown column, broken quoting, too many rows).
          throw new HttpError('invalid_input', (err as Error).message);
        }
      } else if (json) {
        const slices = new TimeSlices(); // 10,000 records are checked with turns of the event loop between
        for (const [i, record] of json.subjects.entries()) {
          await slices.due();
          try {
            rows.push({ row: i + 1, subject: parseSubjectRecord(record, kind ? { kind } : {}) });
          } catch (err) {
            if (!(err instanceof SubjectInputError)) throw err;
            rows.push({ row: i + 1, error: `row ${i + 1}: ${err.message}`, ...(err.ref !== undefined ? { ref: err.ref } : {}) });
          }
        }
      } else {
        throw new HttpError('invalid_input', 'body: give {"subjects": [...]} as JSON, a CSV file (text/csv) or JSON lines (application/x-ndjson)');
      }

      const valid = rows.flatMap((r) => ('subject' in r ? [r.subject] : []));
      const actor = actorOf(req);
      const { upserted, screening } = await vigil.subjects.upsertAndScreen(valid, { actor, snapshot, trigger: 'api', threshold, keepRecords: true });
      const byRef = new Map(upserted.map((u) => [u.ref, u]));
      const results: RowResult[] = rows.map((r) => {
        if ('error' in r) return { row: r.row, ref: r.ref ?? null, outcome: 'error', error: r.error };
        const u = byRef.get(r.subject.ref)!;
        return { row: r.row, ref: u.ref, id: u.id, version: u.version, outcome: u.outcome };
      });
      const counts = { created: 0, updated: 0, unchanged: 0, error: rows.length - valid.length };
      for (const u of upserted) counts[u.outcome]++;

      const screenings: ScreeningSummary[] | undefined = screening?.records.map(summarise);
      const tally = screening?.tally ?? emptyTally();
      req.log.info({ rows: rows.length, ...counts, screened: tally.screened, opened: tally.opened }, 'subjects upserted');
      return { results, counts, screened: snapshot !== undefined, ...(screenings ? { tally, screenings } : {}) };
    },
  );

  app.get<{ Querystring: { kind?: SubjectKind; after?: number; limit?: number; deleted?: boolean } }>(
    '/v1/subjects',
    {
      config: analyst,
      schema: {
        tags: ['subjects'],
        summary: 'Monitored subjects, by id; page with `after` (the `next` of the previous page)',
        querystring: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: [...SUBJECT_KINDS] },
            after: afterCursor,
            limit: pageLimit,
            deleted: { type: 'boolean', description: 'include subjects no longer monitored' },
          },
        },
        response: { 200: { type: 'object', properties: { subjects: { type: 'array', items: subjectSchema }, next: nullable('integer') } }, ...errors },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100;
      const subjects = await vigil.subjects.list({ kind: req.query.kind, after: req.query.after, limit, deleted: req.query.deleted });
      return { subjects, next: subjects.length === limit ? subjects[subjects.length - 1]!.id : null };
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/v1/subjects/:ref',
    {
      config: analyst,
      schema: {
        tags: ['subjects'],
        summary: 'A subject with its recent screenings and its alerts',
        params: refParams,
        response: {
          200: {
            type: 'object',
            properties: {
              subject: subjectSchema,
              screenings: { type: 'array', items: screeningSchema },
              alerts: { type: 'array', items: alertSchema },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const subject = await vigil.subjects.get(req.params.ref);
      const [screenings, alerts] = await Promise.all([recentScreenings(vigil, subject.id, RECENT_SCREENINGS), vigil.alerts.list({ subject: subject.id, limit: 1000 })]);
      return { subject, screenings: screenings.map((s) => ({ ...s, subjectRef: subject.ref })), alerts };
    },
  );

  app.delete<{ Params: { ref: string } }>(
    '/v1/subjects/:ref',
    {
      config: analyst,
      schema: {
        tags: ['subjects'],
        summary: 'Stop monitoring a subject (its versions, screenings and alerts are kept)',
        params: refParams,
        response: { 200: { type: 'object', properties: { subject: subjectSchema } }, ...errors },
      },
    },
    async (req) => {
      const subject = await vigil.subjects.delete(req.params.ref, actorOf(req));
      req.log.info({ subject: subject.id }, 'subject no longer monitored');
      return { subject };
    },
  );

  app.post<{ Params: { ref: string }; Body: { threshold?: number } | undefined }>(
    '/v1/subjects/:ref/screen',
    {
      config: analyst,
      schema: {
        tags: ['subjects'],
        summary: 'Screen a subject again now, against the lists in force; returns the screening record',
        params: refParams,
        body: { type: ['object', 'null'], properties: { threshold } },
        response: { 200: { type: 'object', properties: { screening: screeningSchema, tally: tallySchema } }, ...errors },
      },
    },
    async (req) => {
      const { records, tally } = await vigil.subjects.screen(req.params.ref, { actor: actorOf(req), trigger: 'api', threshold: req.body?.threshold });
      return { screening: { ...records[0]!, actor: actorOf(req), runId: null }, tally };
    },
  );
}

/** The orders of the alert queue. */
const ALERT_SORTS = ['id', '-id', 'score', '-score', 'opened', '-opened'];

interface AlertsQuery {
  status?: string;
  assignee?: string;
  subject?: string;
  entity?: string;
  pendingReversal?: boolean;
  subjectKind?: string;
  minScore?: number;
  maxScore?: number;
  openedBefore?: string;
  dataset?: string;
  sort?: string;
  offset?: number;
  after?: number;
  limit?: number;
}

function registerAlertRoutes(app: FastifyInstance, vigil: Vigil): void {

  app.get<{ Querystring: AlertsQuery }>(
    '/v1/alerts',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary:
          'Alerts with the counts by status and how many the filters select (`total`); by id, paged with `after` (the `next` of the previous page), ' +
          'or in another order (`sort`) paged with `offset`',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', maxLength: 200, description: `comma-separated: ${ALERT_STATUSES.join(', ')}` },
            assignee: { type: 'string', maxLength: 200 },
            subject: { type: 'string', maxLength: 200, description: "the subject's reference" },
            entity: { type: 'string', maxLength: 300, description: 'the listed entity id' },
            pendingReversal: { type: 'boolean', description: "true: only confirmed matches whose reversal waits for a second analyst's approval" },
            subjectKind: { type: 'string', enum: [...SUBJECT_KINDS], description: "the subject's kind" },
            minScore: { type: 'number', minimum: 0, maximum: 1, description: 'a score band: at least this' },
            maxScore: { type: 'number', minimum: 0, maximum: 1, description: 'a score band: at most this' },
            openedBefore: { type: 'string', format: 'date-or-date-time', description: 'opened at or before this time: alerts at least this old' },
            dataset: { type: 'string', pattern: '^[a-z0-9_]{1,64}$', description: 'the listed party is on this dataset (us_ofac_sdn, un_sc_sanctions...)' },
            sort: { type: 'string', enum: ALERT_SORTS, description: 'id (default), score or opened; a leading "-" for descending; ties by id' },
            offset: { type: 'integer', minimum: 0, maximum: 10_000_000, description: 'alerts skipped (with `sort`; `after` pages the default order)' },
            after: afterCursor,
            limit: pageLimit,
          },
        },
        response: {
          200: { type: 'object', properties: { alerts: { type: 'array', items: alertSchema }, counts: alertCountsSchema, total: { type: 'integer' }, next: nullable('integer') } },
          ...errors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const status = q.status
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      for (const s of status ?? []) {
        if (!(ALERT_STATUSES as readonly string[]).includes(s)) throw new HttpError('invalid_input', `status: unknown status "${s}"; statuses are: ${ALERT_STATUSES.join(', ')}`);
      }
      const limit = q.limit ?? 100;
      if (q.after !== undefined && q.sort !== undefined && q.sort !== 'id') throw new HttpError('invalid_input', 'after: pages the default order (by id); with sort, page with offset');
      if (q.minScore !== undefined && q.maxScore !== undefined && q.minScore > q.maxScore) throw new HttpError('invalid_input', `minScore: ${q.minScore} is above maxScore ${q.maxScore}`);
      const counts = await vigil.alerts.counts();
      let subjectId: number | undefined;
      if (q.subject !== undefined) {
        const subject = await vigil.subjects.find(q.subject);
        if (!subject) return { alerts: [], counts, total: 0, next: null };
        subjectId = subject.id;
      }
      const filter = {
        status: status as AlertStatus[] | undefined,
        assignee: q.assignee,
        subject: subjectId,
        entity: q.entity,
        pendingReversal: q.pendingReversal,
        subjectKind: q.subjectKind,
        minScore: q.minScore,
        maxScore: q.maxScore,
        openedBefore: q.openedBefore === undefined ? undefined : new Date(q.openedBefore).toISOString(),
        dataset: q.dataset,
      };
      const sort = q.sort === undefined ? undefined : { by: q.sort.replace(/^-/, '') as 'id' | 'score' | 'opened', descending: q.sort.startsWith('-') };
      const [alerts, total] = await Promise.all([vigil.alerts.list({ ...filter, after: q.after, sort, offset: q.offset, limit }), vigil.alerts.count(filter)]);
      // `next` is the cursor of the default order; in another order the next page is offset + limit.
      const byId = sort === undefined || (sort.by === 'id' && !sort.descending);
      return { alerts, counts, total, next: byId && q.offset === undefined && alerts.length === limit ? alerts[alerts.length - 1]!.id : null };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/v1/alerts/:id',
    {
      config: analyst,
      schema: { tags: ['alerts'], summary: 'An alert with its explanation and its history', params: idParams, response: { 200: alertDetailSchema, ...errors } },
    },
    async (req) => vigil.alerts.get(req.params.id),
  );

  app.patch<{ Params: { id: number }; Body: AlertUpdate }>(
    '/v1/alerts/:id',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary: 'Take an alert into review (or back to open), assign it (null unassigns), comment',
        params: idParams,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'in_review'] },
            assignee: { type: ['string', 'null'], maxLength: 200 },
            comment: { type: 'string', maxLength: 20_000 },
          },
        },
        response: { 200: alertDetailSchema, ...errors },
      },
    },
    async (req) => vigil.alerts.update(req.params.id, req.body, actorOf(req)),
  );

  app.post<{ Params: { id: number }; Body: { text: string } }>(
    '/v1/alerts/:id/comments',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary: 'Comment on an alert',
        params: idParams,
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', maxLength: 20_000 } } },
        response: { 201: alertDetailSchema, ...errors },
      },
    },
    async (req, reply) => {
      try {
        return reply.code(201).send(await vigil.alerts.comment(req.params.id, req.body.text, actorOf(req)));
      } catch (err) {
        // The use case speaks of "comment"; this body calls it `text`, which the 400 must name.
        if (err instanceof CaseError && err.code === 'invalid_input') throw new HttpError('invalid_input', `text: ${err.message}`);
        throw err;
      }
    },
  );

  app.post<{ Params: { id: number }; Body: { decision: Decision; rationale: string } }>(
    '/v1/alerts/:id/decision',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary: 'Decide an alert: a confirmed match, a false positive, or escalated; the rationale is mandatory',
        description:
          'A false positive is suppressed on later screenings while the subject and the listed party (with its wallets) stay as they were; ' +
          'when either changes, the alert reopens with what changed. The rationale must show at least 3 letters or digits ' +
          '(spaces and invisible characters such as U+200B do not count). ' +
          'Four eyes: on a confirmed match, a false positive or an escalation needs a second analyst. The answer is then 202: ' +
          'the alert stays confirmed, `pendingReversal` holds the request, and another API key approves it ' +
          '(`POST /v1/alerts/{id}/reversal/approve`) or rejects it (`POST /v1/alerts/{id}/reversal/reject`).',
        params: idParams,
        body: {
          type: 'object',
          required: ['decision', 'rationale'],
          additionalProperties: false,
          properties: { decision: { type: 'string', enum: [...DECISIONS] }, rationale: { type: 'string', maxLength: 20_000 } },
        },
        response: { 200: alertDetailSchema, 202: pendingDecisionSchema, ...errors },
      },
    },
    async (req, reply) => {
      const alert = await vigil.alerts.decide(req.params.id, req.body.decision, req.body.rationale, actorOf(req));
      if (alert.status !== req.body.decision && alert.pendingReversal) {
        const p = alert.pendingReversal;
        req.log.info({ alert: alert.id, decision: p.decision }, 'alert reversal requested');
        return reply.code(202).send({
          ...alert,
          message:
            `alert ${alert.id} stays confirmed: making a confirmed match ${p.decision} needs a second analyst's approval. ` +
            `Requested by ${p.requestedBy}; another analyst approves with POST /v1/alerts/${alert.id}/reversal/approve ` +
            `or rejects with POST /v1/alerts/${alert.id}/reversal/reject.`,
        });
      }
      req.log.info({ alert: alert.id, decision: req.body.decision }, 'alert decided');
      return alert;
    },
  );

  app.post<{ Params: { id: number }; Body: { comment?: string } | undefined }>(
    '/v1/alerts/:id/reversal/approve',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary: "Approve the pending reversal of a confirmed match (four eyes): the requested decision takes effect",
        description:
          'Only another API key or user than the one that requested it may approve (409 otherwise); a user signed in to the web UI ' +
          'needs the reviewer (or admin) role (403 otherwise). The decision event and its audit record ' +
          'name both: `requestedBy` and `approvedBy`. 409 when no request is pending.',
        params: idParams,
        body: { type: ['object', 'null'], additionalProperties: false, properties: { comment: { type: 'string', maxLength: 20_000 } } },
        response: { 200: alertDetailSchema, ...errors },
      },
    },
    async (req) => {
      requireReviewer(req, 'approving the reversal of a confirmed match (four eyes)');
      const alert = await vigil.alerts.approveReversal(req.params.id, actorOf(req), req.body?.comment);
      req.log.info({ alert: alert.id, decision: alert.status }, 'alert reversal approved');
      return alert;
    },
  );

  app.post<{ Params: { id: number }; Body: { reason: string } }>(
    '/v1/alerts/:id/reversal/reject',
    {
      config: analyst,
      schema: {
        tags: ['alerts'],
        summary: 'Reject the pending reversal of a confirmed match (by its requester: withdraw it); the alert stays confirmed',
        params: idParams,
        body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', maxLength: 20_000 } } },
        response: { 200: alertDetailSchema, ...errors },
      },
    },
    async (req) => {
      const alert = await vigil.alerts.rejectReversal(req.params.id, req.body.reason, actorOf(req));
      req.log.info({ alert: alert.id }, 'alert reversal rejected');
      return alert;
    },
  );
}

function registerAuditRoutes(app: FastifyInstance, vigil: Vigil): void {
  app.get<{ Querystring: { from?: string; to?: string; format?: 'json' | 'jsonl' | 'csv' } }>(
    '/v1/audit',
    {
      config: analyst,
      schema: {
        tags: ['audit'],
        summary: 'The audit trail between two times: JSON, or a regulator-ready JSON lines or CSV export with the hashes',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', maxLength: 40, format: 'date-or-date-time', description: 'ISO date or date-time (inclusive)' },
            to: { type: 'string', maxLength: 40, format: 'date-or-date-time', description: 'ISO date or date-time (inclusive; a date covers its whole day)' },
            format: { type: 'string', enum: ['json', 'jsonl', 'csv'], default: 'json' },
          },
        },
        response: {
          200: {
            content: {
              'application/json': { schema: { type: 'object', properties: { records: { type: 'array', items: auditRecordSchema }, count: { type: 'integer' } } } },
              'application/x-ndjson': { schema: { type: 'string' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const records = await vigil.audit.records(auditBound('from', req.query.from), auditBound('to', req.query.to));
      const format = req.query.format ?? 'json';
      if (format === 'json') return { records, count: records.length };
      reply.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="vigil-audit.${format}"`);
      return reply.send(formatAudit(records, format));
    },
  );

  app.get(
    '/v1/audit/verify',
    {
      config: analyst,
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain and report every record edited, deleted or moved',
        response: {
          200: {
            type: 'object',
            properties: {
              records: { type: 'integer' },
              ok: { type: 'boolean' },
              problems: { type: 'array', items: auditProblemSchema },
              lastHash: { type: 'string' },
              anchor: auditAnchorSchema,
            },
          },
        },
      },
    },
    async () => vigil.audit.verify(),
  );

  // Signed checkpoints (src/cases/audit-anchor.ts): made with the server's signing key, checked
  // with a public key sent along or else the server's own. Keep checkpoints away from the server.
  app.get(
    '/v1/audit/checkpoint',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: "A checkpoint of the audit trail (record count, head record and hash) signed with the server's Ed25519 key (VIGIL_AUDIT_SIGNING_KEY_FILE)",
        description:
          'Store it where the database cannot reach it (write-once storage); `POST /v1/audit/checkpoint/verify` or `vigil audit verify --checkpoint` later shows ' +
          'records deleted since, or the chain rewritten up to it. 409 when no signing key is configured, or when the chain is broken (nothing is signed over it).',
        response: { 200: checkpointSchema, ...errors },
      },
    },
    async () => vigil.audit.checkpoint(),
  );

  app.post<{ Body: { checkpoint: unknown; publicKey?: string } }>(
    '/v1/audit/checkpoint/verify',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Check the audit trail against a signed checkpoint: its signature, then deleted or rewritten records, then the chain',
        description: "`publicKey` (PEM) is the key to check the signature with; without it, the public half of the server's own signing key.",
        body: {
          type: 'object',
          required: ['checkpoint'],
          additionalProperties: false,
          properties: { checkpoint: { type: 'object' }, publicKey: { type: 'string', maxLength: 10_000 } },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              checkpoint: { type: 'object', properties: { records: { type: 'integer' }, headSeq: { type: 'integer' }, headHash: { type: 'string' }, macFrom: { type: ['integer', 'null'] }, at: { type: 'string' }, keyId: { type: 'string' } } },
              problems: { type: 'array', items: { type: 'object', properties: { problem: { type: 'string' }, detail: { type: 'string' } } } },
              chain: {
                type: 'object',
                properties: { records: { type: 'integer' }, ok: { type: 'boolean' }, problems: { type: 'array', items: auditProblemSchema }, lastHash: { type: 'string' }, anchor: auditAnchorSchema },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => {
      const checkpoint = checkpointFrom(req.body.checkpoint, 'checkpoint');
      const publicKey = req.body.publicKey !== undefined ? publicKeyFromPem(req.body.publicKey, 'publicKey') : undefined;
      return vigil.audit.verifyCheckpoint(checkpoint, publicKey);
    },
  );
}

const auditProblemSchema = { type: 'object', properties: { seq: { type: 'integer' }, problem: { type: 'string' }, detail: { type: 'string' } } };

const auditAnchorSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['anchored', 'partly', 'none'] },
    unanchored: { type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' } } },
    macFrom: { type: ['integer', 'null'] },
    note: { type: 'string' },
  },
};

const checkpointSchema = {
  type: 'object',
  properties: {
    format: { type: 'string' },
    version: { type: 'integer' },
    records: { type: 'integer' },
    headSeq: { type: 'integer' },
    headHash: { type: 'string' },
    macFrom: { type: ['integer', 'null'] },
    at: { type: 'string' },
    keyId: { type: 'string' },
    signature: { type: 'string' },
  },
};

function registerWebhookRoutes(app: FastifyInstance, vigil: Vigil): void {
  const webhookIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 60 } } };
  const inputErrors = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof WebhookInputError) throw new HttpError('invalid_input', err.message);
      throw err;
    }
  };

  app.post<{ Body: { url: string; events?: string[]; maxAttempts?: number; secret?: string } }>(
    '/v1/webhooks',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Register an endpoint for signed case events (the signing secret is shown once)',
        description:
          'Each delivery is a POST with `x-vigil-signature: sha256=<HMAC-SHA256(secret, "<x-vigil-timestamp>.<body>")>`, ' +
          '`x-vigil-event` and `x-vigil-delivery` (the event id, to deduplicate: delivery is at least once). ' +
          'The URL must be http(s) without credentials and reach a public address: a host that is or resolves to a loopback, private, ' +
          'link-local, metadata or reserved address is refused (400, naming it) unless VIGIL_WEBHOOK_ALLOW allows it; every delivery checks again.',
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', minLength: 1, maxLength: 2000 },
            events: { type: 'array', minItems: 1, maxItems: WEBHOOK_EVENTS.length, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
            maxAttempts: { type: 'integer', minimum: 1, maximum: 50 },
            secret: { type: 'string', minLength: 16, maxLength: 500 },
          },
        },
        response: { 201: { type: 'object', properties: { ...webhookProperties, secret: { type: 'string' }, note: { type: 'string' } } }, ...errors },
      },
    },
    async (req, reply) => {
      const { webhook, secret } = await inputErrors(() => vigil.webhooks.create(req.body, actorOf(req)));
      req.log.info({ webhook: webhook.id, events: webhook.events }, 'webhook created');
      return reply.code(201).send({ ...webhook, secret, note: 'store the secret now: it is not shown again' });
    },
  );

  app.get<{ Querystring: { deleted?: boolean } }>(
    '/v1/webhooks',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Registered endpoints (never their secrets)',
        querystring: { type: 'object', properties: { deleted: { type: 'boolean', description: 'include deleted endpoints' } } },
        response: { 200: { type: 'object', properties: { webhooks: { type: 'array', items: webhookSchema } } } },
      },
    },
    async (req) => ({ webhooks: await vigil.webhooks.list({ includeDeleted: req.query.deleted }) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Stop notifying an endpoint: its secret is erased, pending deliveries dropped, history kept',
        params: webhookIdParams,
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, deleted: { type: 'boolean' } } }, ...errors },
      },
    },
    async (req) => {
      if (!(await vigil.webhooks.remove(req.params.id, actorOf(req)))) throw new HttpError('not_found', `no active webhook ${req.params.id}`);
      req.log.info({ webhook: req.params.id }, 'webhook deleted');
      return { id: req.params.id, deleted: true };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { status?: DeliveryStatus; limit?: number } }>(
    '/v1/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: "An endpoint's deliveries, newest first",
        params: webhookIdParams,
        querystring: { type: 'object', properties: { status: { type: 'string', enum: [...DELIVERY_STATUSES] }, limit: pageLimit } },
        response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: deliverySchema } } }, ...errors },
      },
    },
    async (req) => {
      const exists = (await vigil.webhooks.list({ includeDeleted: true })).some((w) => w.id === req.params.id);
      if (!exists) throw new HttpError('not_found', `no webhook ${req.params.id}`);
      return { deliveries: await vigil.webhooks.deliveries({ webhookId: req.params.id, status: req.query.status, limit: req.query.limit ?? 100 }) };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/v1/webhooks/deliveries/:id/redeliver',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again from scratch (attempts reset, due now)',
        params: idParams,
        response: { 200: deliverySchema, ...errors },
      },
    },
    // Not found (404) and a deleted webhook (409) are the use case's errors.
    async (req) => vigil.webhooks.redeliver(req.params.id, actorOf(req)),
  );
}

function registerMonitorRoutes(app: FastifyInstance, vigil: Vigil): void {
  app.post<{ Body: { full?: boolean } | undefined }>(
    '/v1/monitor/run',
    {
      config: admin,
      schema: {
        tags: ['monitor'],
        summary: 'Bring every monitored subject up to date with the lists in force now (or rescreen all with `full`)',
        body: { type: ['object', 'null'], additionalProperties: false, properties: { full: { type: 'boolean' } } },
        response: { 200: { ...runSchema, description: 'the run; or `{"status": "up-to-date"}` when there was nothing to do' }, ...errors },
      },
    },
    async (req) => {
      const run = await vigil.monitor.run({ actor: actorOf(req), full: req.body?.full ?? false });
      if (!run) return { status: 'up-to-date' };
      req.log.info({ run: run.id, subjects: run.subjectsDone }, 'monitor run done');
      return run;
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/v1/monitor/runs',
    {
      config: analyst,
      schema: {
        tags: ['monitor'],
        summary: 'Monitoring runs, newest first',
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } } },
        response: { 200: { type: 'object', properties: { runs: { type: 'array', items: runSchema } } } },
      },
    },
    async (req) => ({ runs: await vigil.monitor.runs(req.query.limit ?? 20) }),
  );
}
