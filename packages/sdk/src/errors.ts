/**
 * What the gateway answers when it refuses a request: RFC 9457 problem details with `code` (the
 * gateway's error catalogue: `UNAUTHORIZED`, `VALIDATION_ERROR`, `QUOTA_EXCEEDED`, ...) and
 * `request_id`. The OpenAI-compatible routes add OpenAI's `error` object beside them.
 */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  [extension: string]: unknown;
}

/** A refused request: its HTTP status, the gateway's error `code` and the `requestId` to quote in a report. */
export class GuardError extends Error {
  override readonly name = 'GuardError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly requestId: string | undefined,
    readonly problem: ProblemDetails,
  ) {
    super(problem.detail ?? problem.title ?? `the gateway answered ${status}`);
  }

  /** Reads a refused response (the body is read from a clone, so the response stays readable). */
  static async from(response: Response): Promise<GuardError> {
    let problem: ProblemDetails = {};
    try {
      const body: unknown = await response.clone().json();
      if (body && typeof body === 'object' && !Array.isArray(body)) problem = body as ProblemDetails;
    } catch {
      // Not JSON (a proxy in front of the gateway, say): the status is all there is.
    }
    const code = typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`;
    const requestId =
      typeof problem.request_id === 'string'
        ? problem.request_id
        : (response.headers.get('x-request-id') ?? undefined);
    return new GuardError(response.status, code, requestId, problem);
  }
}
