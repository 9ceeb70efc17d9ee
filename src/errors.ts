/**
 * The closed catalogue of error codes. Every error the API returns carries one of these codes,
 * and the HTTP status is derived from the code alone so clients can branch on `code`.
 */
export const ERROR_CATALOGUE = {
  INVALID_JSON: { status: 400, title: 'Request body is not valid JSON' },
  JSON_TOO_DEEP: { status: 400, title: 'JSON nesting exceeds the configured depth limit' },
  VALIDATION_ERROR: { status: 400, title: 'Request does not match the expected schema' },
  UNKNOWN_SERVICE_TYPE: { status: 400, title: 'Unknown guard service type' },
  EMPTY_PAYLOAD: { status: 400, title: 'Payload is empty' },
  INVALID_PAYLOAD: { status: 400, title: "Payload does not fit the guard's schema" },
  UNKNOWN_MODEL: { status: 400, title: 'Unknown model' },
  INVALID_FILE: { status: 400, title: 'File could not be read' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  TOKEN_EXPIRED: { status: 401, title: 'Token expired' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_FOUND: { status: 404, title: 'Resource not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  STATIC_INSTANCE: { status: 409, title: 'The instance is set in the configuration' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body exceeds the size limit' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  ACCOUNT_LOCKED: { status: 423, title: 'Account temporarily locked' },
  RATE_LIMITED: { status: 429, title: 'Rate limit exceeded' },
  QUOTA_EXCEEDED: { status: 429, title: 'Monthly quota exceeded' },
  CONTENT_BLOCKED: { status: 400, title: 'Blocked by the guard policy' },
  UPSTREAM_NOT_CONFIGURED: { status: 409, title: 'No upstream model server is configured' },
  INTERNAL: { status: 500, title: 'Internal error' },
  UPSTREAM_UNAVAILABLE: { status: 502, title: 'The upstream model server did not answer' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not available in this deployment' },
  GUARD_UNAVAILABLE: { status: 503, title: 'Guard service unavailable' },
  NOT_READY: { status: 503, title: 'Service not ready' },
  GUARD_TIMEOUT: { status: 504, title: 'Guard did not answer before the deadline' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);

/** An error that is safe to show to the client: its detail is written for users. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  /** Extra problem-detail members (for example `valid_service_types`), sent to the client. */
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    const entry = ERROR_CATALOGUE[code];
    super(detail ?? entry.title, options);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.detail = detail ?? entry.title;
    this.extra = extra;
  }

  /**
   * Normalizes anything thrown into an AppError. Unknown errors become INTERNAL with a generic
   * detail; the original is kept as `cause` for the logs only.
   */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    return new AppError('INTERNAL', ERROR_CATALOGUE.INTERNAL.title, {}, { cause: error });
  }
}

/** RFC 9457 problem details with the two extension members every response carries. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  request_id: string;
  [extension: string]: unknown;
}

export const toProblem = (error: AppError, requestId: string, instance?: string): ProblemDetails => ({
  ...error.extra,
  type: `https://codeguardians.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
  title: ERROR_CATALOGUE[error.code].title,
  status: error.status,
  detail: error.detail,
  ...(instance ? { instance } : {}),
  code: error.code,
  request_id: requestId,
});
