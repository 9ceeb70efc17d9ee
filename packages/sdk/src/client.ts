import createClient, { type Client } from 'openapi-fetch';
import { GuardError } from './errors.js';
import type { paths } from './schema.js';

type JsonBody<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type JsonOk<Op> = Op extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

type CheckOperation = paths['/api/v1/guards/check']['post'];
type ProcessOperation = paths['/api/v1/guards/process']['post'];

/** `POST /api/v1/guards/check`: several guards on one text. */
export type CheckRequest = JsonBody<CheckOperation>;
export type CheckResult = JsonOk<CheckOperation>;
/** `POST /api/v1/guards/process`: one guard, with its own payload. */
export type ProcessRequest = JsonBody<ProcessOperation>;
export type ProcessResult = JsonOk<ProcessOperation>;

export interface GuardClientOptions {
  /** Where the gateway answers, for example `http://localhost:8000`. */
  baseUrl: string;
  /** An API key of the organization (`cg_...`) or a JWT access token; sent as a bearer token. */
  apiKey: string;
  /** Another fetch (tests, proxies, retries). */
  fetch?: typeof fetch;
  /** More headers for every request. */
  headers?: Record<string, string>;
}

/** Per-call options: everything the route takes besides the text (or the payload), and a signal. */
export type CheckOptions = Omit<CheckRequest, 'text'> & { signal?: AbortSignal };
export type ProcessOptions = Omit<ProcessRequest, 'service_type' | 'payload'> & { signal?: AbortSignal };

export interface GuardClient {
  /** Runs the organization's input guards (or the `guards` named) on a text; the aggregated verdict. */
  check(text: string, options?: CheckOptions): Promise<CheckResult>;
  /** Runs one guard (`securityguard`, `tokenguard`, ...) on its payload; the guard's result envelope. */
  process(
    serviceType: string,
    payload: Record<string, unknown>,
    options?: ProcessOptions,
  ): Promise<ProcessResult>;
  /** The typed openapi-fetch client for every other route; a refused request throws {@link GuardError} too. */
  raw: Client<paths>;
}

/** The base URL without its trailing slashes. */
export const trimBaseUrl = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');

/** A client of the gateway; a refused request (4xx, 5xx) rejects with a {@link GuardError}. */
export function createGuardClient(options: GuardClientOptions): GuardClient {
  const raw = createClient<paths>({
    baseUrl: trimBaseUrl(options.baseUrl),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  raw.use({
    async onResponse({ response }) {
      if (!response.ok) throw await GuardError.from(response);
      return undefined;
    },
  });

  return {
    raw,
    async check(text, { signal, ...rest } = {}) {
      const { data } = await raw.POST('/api/v1/guards/check', {
        body: { ...rest, text },
        ...(signal ? { signal } : {}),
      });
      return data as CheckResult;
    },
    async process(serviceType, payload, { signal, ...rest } = {}) {
      const { data } = await raw.POST('/api/v1/guards/process', {
        body: { ...rest, service_type: serviceType, payload },
        ...(signal ? { signal } : {}),
      });
      return data as ProcessResult;
    },
  };
}
