// Typed calls to the Vigil server (same origin). The session is an httpOnly cookie the server sets;
// every request other than a GET repeats the session's CSRF token in `x-csrf-token`. An answer that
// is not 2xx throws an ApiError carrying the server's status, code and message.
import type {
  AddressResponse,
  AlertDetail,
  AlertList,
  AlertQuery,
  AlertUpdate,
  AuditCheckpoint,
  AuditExportFormat,
  AuditList,
  AuditVerification,
  Decision,
  DecisionAnswer,
  ErrorBody,
  JobFormat,
  JobInfo,
  ListedParty,
  ScreenRequest,
  ScreenResponse,
  Session,
  SubjectAnswer,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** The session has ended (or never began): the server answered 401. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** A request cancelled by its AbortController (a newer one replaced it). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The message to show for any error a call threw. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Call {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A file sent as it is, with its content type, instead of a JSON body. */
  file?: { content: Blob; type: string };
  csrfToken?: string;
  signal?: AbortSignal;
}

async function call(path: string, { method = 'GET', body, file, csrfToken, signal }: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (file !== undefined) headers['content-type'] = file.type;
  if (method !== 'GET' && csrfToken !== undefined) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: file?.content ?? (body === undefined ? undefined : JSON.stringify(body)),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, 'network', 'Could not reach the Vigil server. Check your connection and try again.');
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim() + '.';
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return new ApiError(response.status, body.code ?? 'unknown', body.message ?? fallback);
  } catch {
    return new ApiError(response.status, 'unknown', fallback);
  }
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export async function getSession(): Promise<Session> {
  return json<Session>(await call('/api/session'));
}

/** Signing in is the one unsafe request made before there is a session, hence without a CSRF token. */
export async function signIn(name: string, password: string): Promise<Session> {
  return json<Session>(await call('/api/session', { method: 'POST', body: { name, password } }));
}

export async function signOut(csrfToken: string): Promise<void> {
  await call('/api/session', { method: 'DELETE', csrfToken });
}

export async function screen(request: ScreenRequest, csrfToken: string, signal: AbortSignal): Promise<ScreenResponse> {
  return json<ScreenResponse>(await call('/v1/screen', { method: 'POST', body: request, csrfToken, signal }));
}

export async function checkAddress(address: string, signal: AbortSignal): Promise<AddressResponse> {
  return json<AddressResponse>(await call(`/v1/addresses/${encodeURIComponent(address)}`, { signal }));
}

/** A page of alerts with the counts by status over all alerts. */
export async function listAlerts(query: AlertQuery, signal?: AbortSignal): Promise<AlertList> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return json<AlertList>(await call(`/v1/alerts?${params}`, { signal }));
}

export async function getAlert(id: number, signal: AbortSignal): Promise<AlertDetail> {
  return json<AlertDetail>(await call(`/v1/alerts/${id}`, { signal }));
}

/** Takes an alert into review (or back to open), assigns it, or comments on it. */
export async function updateAlert(id: number, update: AlertUpdate, csrfToken: string): Promise<AlertDetail> {
  return json<AlertDetail>(await call(`/v1/alerts/${id}`, { method: 'PATCH', body: update, csrfToken }));
}

export async function commentAlert(id: number, text: string, csrfToken: string): Promise<AlertDetail> {
  return json<AlertDetail>(await call(`/v1/alerts/${id}/comments`, { method: 'POST', body: { text }, csrfToken }));
}

/** A decision with its rationale; on a confirmed match, a false positive or an escalation is only a request (202). */
export async function decideAlert(id: number, decision: Decision, rationale: string, csrfToken: string): Promise<DecisionAnswer> {
  const response = await call(`/v1/alerts/${id}/decision`, { method: 'POST', body: { decision, rationale }, csrfToken });
  if (response.status === 202) {
    const { message, ...alert } = await json<AlertDetail & { message: string }>(response);
    return { took: 'request', alert, message };
  }
  return { took: 'effect', alert: await json<AlertDetail>(response) };
}

/** A second analyst approves the pending reversal of a confirmed match (the comment is optional). */
export async function approveReversal(id: number, comment: string, csrfToken: string): Promise<AlertDetail> {
  const body = comment.trim() === '' ? {} : { comment };
  return json<AlertDetail>(await call(`/v1/alerts/${id}/reversal/approve`, { method: 'POST', body, csrfToken }));
}

/** Rejects the pending reversal (its requester withdraws it); the reason is required. */
export async function rejectReversal(id: number, reason: string, csrfToken: string): Promise<AlertDetail> {
  return json<AlertDetail>(await call(`/v1/alerts/${id}/reversal/reject`, { method: 'POST', body: { reason }, csrfToken }));
}

export async function getSubject(ref: string, signal: AbortSignal): Promise<SubjectAnswer> {
  return json<SubjectAnswer>(await call(`/v1/subjects/${encodeURIComponent(ref)}`, { signal }));
}

/** A listed party as the lists in force hold it now, with its wallets. */
export async function getListedParty(id: string, signal: AbortSignal): Promise<ListedParty> {
  return json<ListedParty>(await call(`/entities/${encodeURIComponent(id)}`, { signal }));
}

/** The content type POST /v1/jobs reads each format as. */
const JOB_CONTENT_TYPES: Record<JobFormat, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv' };

/** Uploads a batch to screen in the background (202: the job, queued); the threshold is optional. */
export async function submitJob(file: File, format: JobFormat, threshold: number | undefined, csrfToken: string): Promise<JobInfo> {
  const query = threshold === undefined ? '' : `?${new URLSearchParams({ threshold: String(threshold) })}`;
  const upload = { content: file, type: JOB_CONTENT_TYPES[format] };
  return json<JobInfo>(await call(`/v1/jobs${query}`, { method: 'POST', file: upload, csrfToken }));
}

/** A job's state and progress (404 for a job someone else submitted). */
export async function getJob(id: string, signal?: AbortSignal): Promise<JobInfo> {
  return json<JobInfo>(await call(`/v1/jobs/${encodeURIComponent(id)}`, { signal }));
}

/** Where a finished job's results download from (a plain GET: the session cookie goes with it). */
export function jobResultsHref(id: string, format: JobFormat): string {
  return `/v1/jobs/${encodeURIComponent(id)}/results?format=${format}`;
}
/** The audit trail's period: ISO dates (a date covers its whole day); either end may be open. */
export interface AuditPeriod {
  from?: string;
  to?: string;
}

function auditParams(period: AuditPeriod): URLSearchParams {
  const params = new URLSearchParams();
  if (period.from !== undefined) params.set('from', period.from);
  if (period.to !== undefined) params.set('to', period.to);
  return params;
}

/** Every audit record in the period, oldest first (the route does not page). */
export async function listAudit(period: AuditPeriod, signal: AbortSignal): Promise<AuditList> {
  return json<AuditList>(await call(`/v1/audit?${auditParams(period)}`, { signal }));
}

/** Where the browser downloads the period's records as CSV or JSON lines (a GET with the session cookie). */
export function auditExportHref(period: AuditPeriod, format: AuditExportFormat): string {
  const params = auditParams(period);
  params.set('format', format);
  return `/v1/audit?${params}`;
}

/** Walks the whole hash chain (and the MACs, with an audit key). */
export async function verifyAudit(signal: AbortSignal): Promise<AuditVerification> {
  return json<AuditVerification>(await call('/v1/audit/verify', { signal }));
}

/** A checkpoint signed now (admin only; 409 when no signing key is configured or the chain is broken). */
export async function getAuditCheckpoint(signal: AbortSignal): Promise<AuditCheckpoint> {
  return json<AuditCheckpoint>(await call('/v1/audit/checkpoint', { signal }));
}

/** Where the browser downloads a checkpoint signed now, to keep away from the server. */
export const AUDIT_CHECKPOINT_HREF = '/v1/audit/checkpoint';
