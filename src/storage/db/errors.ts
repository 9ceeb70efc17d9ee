/**
 * Database errors as they may be logged and answered: the statement without its parameter values
 * (which can hold password hashes, emails, prompt text), and whether the server was unreachable.
 */

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const CONNECTION_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|the database system is (starting up|shutting down)/i;

function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** True when the error (or one it wraps) says PostgreSQL could not be reached, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e !== 'object' || e === null) continue;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (CONNECTION_CODES.has(code)) return true;
      // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now).
      if (/^08\d{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) return true;
  }
  return false;
}

/**
 * True when the database refused a value the client sent as text it cannot store: U+0000 in a text
 * column (SQLSTATE 22021) or as "\u0000" in jsonb (22P05). The request's fault, not the server's:
 * the routes refuse it in their schemas where they can name the field, and this catches the rest.
 */
export function isUnstorableText(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e !== 'object' || e === null) continue;
    const code = (e as { code?: unknown }).code;
    if (code === '22021' || code === '22P05') return true;
  }
  return false;
}

/**
 * True when an insert or update hit a unique key another request wrote first (SQLSTATE 23505): two
 * registrations of one email that both passed the "already exists?" read. A conflict, not a bug.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (const e of causes(error)) {
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Keys of pg's DatabaseError that can quote row values (`Key (email)=(a@b.c) already exists`). */
const VALUE_FIELDS = ['detail', 'where', 'internalQuery', 'params', 'parameters'];

/**
 * A copy of an error safe to log: Drizzle's "Failed query: ... params: ..." message loses its
 * parameter list, and fields that quote values are dropped, down the cause chain.
 */
export function withoutParameters(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 8) return error;
  const out: Record<string, unknown> = {
    type: error.name === 'Error' ? error.constructor.name : error.name,
    message: error.message.replace(/\nparams: [\s\S]*$/, '\nparams: [not logged]'),
    stack: error.stack?.replace(/\nparams: [\s\S]*?(\n\s+at |$)/, '\nparams: [not logged]$1'),
  };
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || VALUE_FIELDS.includes(key)) continue;
    if (typeof value !== 'object' || value === null) out[key] = value;
  }
  if (error.cause !== undefined) out.cause = withoutParameters(error.cause, depth + 1);
  return out;
}
