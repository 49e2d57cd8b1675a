/**
 * The candidate-vetting API (analyst scope), a thin layer over the application (`vigil.candidates`):
 *
 *   POST /v1/candidates                     create or update profiles (bad records reported, the
 *                                           rest kept), then assess every candidate
 *   GET  /v1/candidates                     candidates with their latest level
 *   GET  /v1/candidates/{ref}               the profile and its latest assessment
 *   GET  /v1/candidates/{ref}/assessment    the latest assessment; POST assesses this candidate now
 *                                           against the stored link graph (not the whole pool)
 *   GET  /v1/clusters                       linked identities with the evidence on each link
 *   GET  /v1/reports/flag-rates             high/block and review rates by claimed country, the
 *                                           largest gap; POST adds the caller's labels {ref: group}
 *
 * The built-in rules can be extended with YAML files named in VIGIL_HIRING_RULES (comma-separated).
 * After each background monitor run (the lists changed) every candidate is assessed again.
 */
import type { FastifyInstance } from 'fastify';
import type { Vigil } from '../app/index.js';
import { CandidateInputError, parseCandidate } from '../hiring/candidates.js';
import { TimeSlices } from '../io/turns.js';
import type { CandidateProfile } from '../hiring/profile.js';
import { actorOf } from './routes.js';
import { afterCursor } from './schemas.js';

const analyst = { scope: 'analyst' as const };
const MAX_CANDIDATES = 5_000;
const refParams = { type: 'object', required: ['ref'], properties: { ref: { type: 'string', minLength: 1, maxLength: 200 } } };
const anyObject = { type: 'object', additionalProperties: true };

export async function registerHiringRoutes(app: FastifyInstance, vigil: Vigil): Promise<void> {
  // Every use case here reads the lists first, so it waits for them (503 while they load): a
  // sanctions signal must not go unseen.

  app.post<{ Body: { candidates: unknown[] } }>(
    '/v1/candidates',
    {
      config: analyst,
      schema: {
        tags: ['candidates'],
        summary: 'Create or update candidate profiles, then assess every candidate (links across candidates can change)',
        body: { type: 'object', required: ['candidates'], properties: { candidates: { type: 'array', maxItems: MAX_CANDIDATES, items: {} } } },
      },
    },
    async (req) => {
      await vigil.inForce.loaded(); // 503 while the lists load, before a record is even parsed
      const results: { row: number; ref?: string; outcome: string; error?: string; version?: number }[] = [];
      const profiles: CandidateProfile[] = [];
      const slices = new TimeSlices(); // 2,500 profiles are checked with turns of the event loop between
      for (const [i, value] of req.body.candidates.entries()) {
        await slices.due();
        try {
          profiles.push(parseCandidate(value));
        } catch (err) {
          if (!(err instanceof CandidateInputError)) throw err;
          const ref = (value as { ref?: unknown } | null)?.ref;
          results.push({ row: i + 1, ...(typeof ref === 'string' ? { ref } : {}), outcome: 'error', error: `item ${i + 1}: ${err.message}` });
        }
      }
      const { upserted, assessed: run } = await vigil.candidates.import(profiles, { actor: actorOf(req) });
      for (const u of upserted) results.push({ row: 0, ref: u.ref, outcome: u.outcome, version: u.version });
      const assessments = Object.fromEntries(upserted.map((u) => [u.ref, run.assessments.get(u.ref)]));
      return {
        results,
        counts: { created: upserted.filter((u) => u.outcome === 'created').length, updated: upserted.filter((u) => u.outcome === 'updated').length, errors: results.filter((r) => r.outcome === 'error').length },
        assessments,
        levels: run.levels,
      };
    },
  );

  app.get<{ Querystring: { after?: number; limit?: number } }>(
    '/v1/candidates',
    {
      config: analyst,
      schema: {
        tags: ['candidates'],
        summary: 'Candidates, with their latest assessment level',
        querystring: { type: 'object', properties: { after: afterCursor, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      },
    },
    async (req) => {
      const list = await vigil.candidates.list({ after: req.query.after, limit: req.query.limit ?? 100 });
      const latest = await vigil.candidates.levels(list.map((c) => c.id));
      const out = list.map((c) => {
        const a = latest.get(c.id);
        return { id: c.id, ref: c.ref, kind: c.kind, version: c.version, names: c.profile.names, level: a?.level ?? null, score: a?.score ?? null, cluster: a?.cluster ?? null };
      });
      return { candidates: out, next: list.length === (req.query.limit ?? 100) ? list[list.length - 1]!.id : null };
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/v1/candidates/:ref',
    { config: analyst, schema: { tags: ['candidates'], summary: 'A candidate profile and its latest assessment', params: refParams } },
    async (req) => {
      const c = await vigil.candidates.get(req.params.ref);
      return { ...c, assessment: (await vigil.candidates.assessment(c.id)) ?? null };
    },
  );

  app.get<{ Params: { ref: string } }>(
    '/v1/candidates/:ref/assessment',
    { config: analyst, schema: { tags: ['candidates'], summary: 'The latest assessment: score, level, every fired signal with its evidence and citation, the cluster', params: refParams } },
    async (req) => {
      const c = await vigil.candidates.get(req.params.ref);
      const stored = await vigil.candidates.assessment(c.id);
      if (stored) return stored;
      return (await vigil.candidates.assess(c.ref, { actor: actorOf(req) })).assessment;
    },
  );

  app.post<{ Params: { ref: string } }>(
    '/v1/candidates/:ref/assessment',
    {
      config: analyst,
      schema: { tags: ['candidates'], summary: 'Assess this candidate now, against its part of the stored link graph (the candidates linked to it), and return the assessment', params: refParams },
    },
    async (req) => (await vigil.candidates.assess(req.params.ref, { actor: actorOf(req) })).assessment,
  );

  const minGroupQuery = { type: 'object', properties: { minGroup: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 50 } } };
  const flagRatesSummary =
    'Flag rates of the stored assessments (high or block; review or above) by claimed country, with the largest gap between groups of minGroup candidates or more: a check that vetting flags conduct, not origin';
  app.get<{ Querystring: { minGroup?: number } }>(
    '/v1/reports/flag-rates',
    { config: analyst, schema: { tags: ['candidates'], summary: flagRatesSummary, querystring: minGroupQuery } },
    async (req) => ({ reports: await vigil.candidates.flagRates({ minGroup: req.query.minGroup ?? 50 }) }),
  );
  app.post<{ Querystring: { minGroup?: number }; Body: { name?: string; labels: Record<string, string> } }>(
    '/v1/reports/flag-rates',
    {
      config: analyst,
      schema: {
        tags: ['candidates'],
        summary: `${flagRatesSummary}; and by the labels given (a group per candidate reference, e.g. voluntary self-identification data; candidates without one are left out of that dimension)`,
        querystring: minGroupQuery,
        body: {
          type: 'object',
          required: ['labels'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            labels: { type: 'object', maxProperties: 1_000_000, additionalProperties: { type: 'string', minLength: 1, maxLength: 100 } },
          },
        },
      },
    },
    async (req) => ({
      reports: await vigil.candidates.flagRates({
        minGroup: req.query.minGroup ?? 50,
        labels: { name: req.body.name ?? 'labels', byRef: new Map(Object.entries(req.body.labels).map(([ref, group]) => [ref, group.trim()])) },
      }),
    }),
  );

  app.get<{ Querystring: { all?: boolean } }>(
    '/v1/clusters',
    {
      config: analyst,
      schema: {
        tags: ['candidates'],
        summary: 'Identities linked by shared identifiers or near-duplicate resumes; operator clusters only unless all=true',
        querystring: { type: 'object', properties: { all: { type: 'boolean', default: false } } },
        response: { 200: { type: 'object', properties: { clusters: { type: 'array', items: anyObject }, stats: anyObject } } },
      },
    },
    async (req) => {
      const links = await vigil.candidates.clusters();
      return { clusters: links.clusters.filter((c) => req.query.all || c.operator), stats: links.stats };
    },
  );
}
