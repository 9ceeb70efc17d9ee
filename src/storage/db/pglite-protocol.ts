/**
 * Messages between the gateway and the thread that owns its embedded database (pglite-worker.ts).
 * Only data crosses: statements, parameters, rows, and errors as plain fields.
 */

export interface PgliteWorkerData {
  /** A folder, or undefined for an in-memory database. */
  dataDir: string | undefined;
  settings: string[];
}

export type ToDbThread =
  | {
      id: number;
      op: 'query';
      sql: string;
      params: unknown[];
      rowMode: 'array' | 'object' | undefined;
      /** Type OIDs returned as PostgreSQL's text, unparsed (what Drizzle asks for dates and intervals). */
      rawTypes: number[];
    }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'close' };

/** An error as fields: its class name, message, stack and every primitive property (code, detail...). */
export interface WireDbError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, string | number | boolean | null>;
}

export interface WireResults {
  rows: unknown[];
  affectedRows: number | undefined;
  fields: { name: string; dataTypeID: number }[];
}

export type FromDbThread =
  | { type: 'ready' }
  | { type: 'open-failed'; error: WireDbError }
  | { type: 'done'; id: number; results: WireResults[] }
  | { type: 'failed'; id: number; error: WireDbError };

export function toWireError(err: unknown): WireDbError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), stack: undefined, fields: {} };
  const fields: WireDbError['fields'] = {};
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value as string | number | boolean | null;
  }
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

export function fromWireError(wire: WireDbError): Error {
  const err = Object.assign(new Error(wire.message), wire.fields);
  err.name = wire.name;
  if (wire.stack) err.stack = wire.stack;
  return err;
}
