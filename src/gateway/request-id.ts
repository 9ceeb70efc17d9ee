import { randomUUID } from 'node:crypto';

/** A caller's X-Request-ID is kept when it is short and plain; anything else gets a fresh UUID. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED.test(value) ? value : randomUUID();
}
