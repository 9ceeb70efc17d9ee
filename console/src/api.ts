// The gateway's JSON API, called with the signed-in user's access token; a 401 refreshes the
// token once (the refresh token rotates) and retries. Tokens: the access token in memory, the
// refresh token in sessionStorage so a reload of the tab stays signed in.

const REFRESH_KEY = 'cg.refresh';

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  session_id: string;
  organization_id: string | null;
}

/** A field the API named in a validation error (`policy.input.guards.0`) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** An error as the user reads it: a 403 says which permission is missing, not just "Forbidden". */
export const messageOf = (err: unknown): string => {
  if (err instanceof ApiError && err.status === 403)
    return `Not allowed with your role: ${err.message}. Ask an owner or admin of the organization.`;
  return err instanceof Error ? err.message : String(err);
};

let access: string | null = null;
let onSignedOut: () => void = () => {};

export const setSignedOutHandler = (handler: () => void): void => {
  onSignedOut = handler;
};

let renewal: ReturnType<typeof setTimeout> | undefined;

const keep = (tokens: Tokens): void => {
  access = tokens.access_token;
  sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  // Renewed before it expires (at 80% of its life), so calls do not meet a 401 first.
  clearTimeout(renewal);
  renewal = setTimeout(() => void refresh(), Math.max(5, tokens.expires_in * 0.8) * 1000);
};

export const hasRefreshToken = (): boolean => sessionStorage.getItem(REFRESH_KEY) !== null;

const clear = (): void => {
  clearTimeout(renewal);
  access = null;
  sessionStorage.removeItem(REFRESH_KEY);
};

async function raw(method: string, path: string, body?: unknown, token?: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A form (a file upload) sets its own multipart content type; anything else goes as JSON.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const payload = body === undefined ? {} : { body: form ? body : JSON.stringify(body) };
  return fetch(path, { method, headers, ...payload });
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; title?: string; errors?: unknown };
    throw new ApiError(
      res.status,
      problem.code ?? 'ERROR',
      problem.detail ?? problem.title ?? res.statusText,
      Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [],
    );
  }
  return data as T;
}

let refreshing: Promise<boolean> | null = null;

/** Rotates the refresh token; false (and signed out) when the session is over. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const token = sessionStorage.getItem(REFRESH_KEY);
    if (!token) return false;
    try {
      keep(await parse<Tokens>(await raw('POST', '/api/v1/auth/refresh', { refresh_token: token })));
      return true;
    } catch {
      clear();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function login(email: string, password: string): Promise<void> {
  keep(await parse<Tokens>(await raw('POST', '/api/v1/auth/login', { email, password })));
}

export async function logout(): Promise<void> {
  try {
    if (access) await parse<void>(await raw('POST', '/api/v1/auth/logout', undefined, access));
  } finally {
    clear();
  }
}

/** An authenticated call. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await raw(method, path, body, access);
  if (res.status === 401 && (await refresh())) res = await raw(method, path, body, access);
  if (res.status === 401) {
    clear();
    onSignedOut();
  }
  return parse<T>(res);
}

// ---- shapes of the answers the console reads ----

export type Verdict = 'allow' | 'flag' | 'block' | 'error';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export interface Finding {
  type: string;
  category?: string;
  severity: Severity;
  confidence: number;
  message: string;
  span?: { start: number; end: number };
  evidence?: string;
}

export interface GuardResult {
  guard: string;
  verdict: Verdict;
  score: number;
  findings: Finding[];
  transformed?: { text: string };
  timing_ms: number;
}

export interface CheckResponse {
  request_id: string;
  verdict: Verdict;
  blocked: boolean;
  score: number;
  guards: Record<string, GuardResult | { guard: string; error: { code: string; message: string } }>;
  errors: { guard: string; code: string; message: string }[];
  processing_time: number;
}

export interface Me {
  user: { id: string; email: string; name: string | null; is_superuser: boolean };
  organization_id: string | null;
  role: string | null;
  organizations: { id: string; name: string; role: string }[];
}

/** Whether the signed-in user's role carries the admin scope (owner, admin, or a superuser). */
export const isAdmin = (me: Me): boolean =>
  me.user.is_superuser || me.role === 'owner' || me.role === 'admin';
/** Whether the role may run guards and upload files (every role but viewer). */
export const canRun = (me: Me): boolean => isAdmin(me) || me.role === 'member';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  created_at: string;
}

export interface GuardStats {
  guard: string;
  requests: number;
  verdicts: Record<Verdict, number>;
  findings: number;
  block_rate: number;
  latency_ms: { p50: number; p95: number; p99: number };
}

export interface Stats {
  range: string;
  bucket_seconds: number;
  from: string;
  to: string;
  totals: { requests: number; blocked: number; block_rate: number };
  guards: GuardStats[];
  series: { t: string; guard: string; verdict: Verdict; count: number }[];
  top_finding_types: { type: string; calls: number }[];
}

export type Enforcement = 'block' | 'review' | 'flag';

export interface BiasPolicy {
  id: string;
  name: string;
  description: string | null;
  categories: string[];
  threshold: number;
  enforcement: Enforcement;
  priority: number;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface BiasViolation {
  id: number;
  policy_id: string;
  request_id: string;
  violation_type: string;
  category: string;
  severity: Severity;
  impact_score: number;
  details: { policy_name?: string; enforcement?: string };
  resolved: boolean;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_notes: string | null;
  created_at: string;
}

export interface GuardPolicyVersion {
  version: number;
  policy: Record<string, unknown>;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  comment: string | null;
  created_at: string | null;
}

export type PolicyDecision = 'allow' | 'flag' | 'redact' | 'block';

export interface DryRun {
  stage: 'input' | 'output';
  decision: PolicyDecision;
  would: PolicyDecision;
  shadow: boolean;
  guards: string[];
  findings: {
    guard: string;
    type: string;
    category?: string;
    severity: Severity;
    message: string;
    action: string;
  }[];
  errors: { guard: string; code: string; message: string }[];
  text?: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface FileJob {
  id: string;
  file_key: string;
  format: 'jsonl' | 'csv';
  status: JobStatus;
  progress_percent: number;
  rows_done: number;
  bytes_done: number;
  bytes_total: number;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  summary: {
    total_rows: number;
    kept_rows: number;
    poisoned_count: number;
    cross_chunk_duplicates: number;
    counts_by_reason: Record<string, number>;
    trigger_phrases: number;
  } | null;
}

export interface PresignedLink {
  url: string;
  expires_at: string;
}

export interface Usage {
  month: { month: string; calls: number; tokens: number };
  quota: { tier: string; monthly_calls: number | null; monthly_tokens: number | null };
}
