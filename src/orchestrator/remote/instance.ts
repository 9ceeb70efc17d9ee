/**
 * One running copy of a guard service that the gateway may call, and how instances are written in
 * the configuration (`GUARD_<NAME>_URLS`). Static instances come from the configuration; dynamic
 * ones register themselves with heartbeats (registry.ts).
 */
export interface InstanceRecord {
  /** A guard name from the registry (src/guards/registry.ts). */
  guard: string;
  /** Normalized origin, e.g. http://10.0.0.5:8005 (http/https only, no path/query/userinfo, no trailing slash). */
  url: string;
  /** Integer 1..100, default 1. */
  weight: number;
  source: 'static' | 'dynamic';
  /** A draining instance gets no new calls. */
  draining: boolean;
  /** ISO time of the first registration (dynamic only). */
  registeredAt?: string;
  /** ISO time of the latest heartbeat (dynamic only). */
  lastHeartbeatAt?: string;
}

export const instanceId = (r: Pick<InstanceRecord, 'guard' | 'url'>): string => `${r.guard}@${r.url}`;

export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 100;
export const DEFAULT_WEIGHT = 1;

/** An instance URL or weight that cannot be used; the message says what is wrong. */
export class InstanceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstanceInputError';
  }
}

/**
 * The origin of an instance URL: scheme, host and port, lower-cased, default ports dropped, no
 * trailing slash. A path, query, fragment or credentials are refused rather than silently dropped,
 * since the gateway would otherwise call a different address than the one written.
 */
export function normalizeInstanceUrl(url: string): string {
  const text = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new InstanceInputError(`"${text}" is not a URL (expected http://host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new InstanceInputError(`"${text}" must start with http:// or https://`);
  if (parsed.username || parsed.password)
    throw new InstanceInputError(`"${text}" must not carry credentials (user:password@)`);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || /[?#]/.test(text))
    throw new InstanceInputError(`"${text}" must be an origin only (no path, query or fragment)`);
  if (!parsed.hostname) throw new InstanceInputError(`"${text}" has no host`);
  // URL already lower-cases the scheme and host and drops a default port; origin has no slash.
  return parsed.origin;
}

/** A weight from text or a number: an integer 1..100. */
export function parseWeight(value: string | number): number {
  const weight =
    typeof value === 'number' ? value : /^\d{1,3}$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(weight) || weight < MIN_WEIGHT || weight > MAX_WEIGHT)
    throw new InstanceInputError(
      `weight must be an integer from ${MIN_WEIGHT} to ${MAX_WEIGHT}, got "${value}"`,
    );
  return weight;
}

/** The environment variable that lists a guard's static instances. */
export const urlsVariableOf = (guard: string): string => `GUARD_${guard.toUpperCase()}_URLS`;
/** The environment variable that picks a guard's balancing strategy. */
export const balanceVariableOf = (guard: string): string => `GUARD_${guard.toUpperCase()}_BALANCE`;

/** A bad `GUARD_<NAME>_URLS`: `detail` reads after the variable's name in a ConfigError line. */
export class StaticInstancesError extends InstanceInputError {
  constructor(
    readonly variable: string,
    readonly detail: string,
  ) {
    super(`${variable} ${detail}`);
    this.name = 'StaticInstancesError';
  }
}

/**
 * Parses `GUARD_<NAME>_URLS`: "http://a:8005,http://b:8005;weight=3" (comma separated, each with an
 * optional `;weight=N`). Unset or blank is no instance. A URL listed twice is an error: its weight
 * would be ambiguous.
 */
export function parseStaticInstances(guard: string, value: string | undefined): InstanceRecord[] {
  const variable = urlsVariableOf(guard);
  if (value === undefined || value.trim() === '') return [];
  const out: InstanceRecord[] = [];
  const seen = new Set<string>();
  for (const [index, rawEntry] of value.split(',').entries()) {
    const entry = rawEntry.trim();
    const where = `entry ${index + 1}`;
    if (entry === '') throw new StaticInstancesError(variable, `has an empty ${where} (stray comma?)`);
    const [urlPart = '', ...options] = entry.split(';');
    let weight = DEFAULT_WEIGHT;
    try {
      for (const option of options) {
        const match = /^\s*weight\s*=\s*(.*)$/.exec(option);
        if (!match)
          throw new InstanceInputError(`unknown option "${option.trim()}" (only ;weight=N is allowed)`);
        weight = parseWeight(match[1] ?? '');
      }
      const url = normalizeInstanceUrl(urlPart);
      if (seen.has(url)) throw new InstanceInputError(`lists ${url} twice`);
      seen.add(url);
      out.push({ guard, url, weight, source: 'static', draining: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StaticInstancesError(variable, `${where} "${entry}": ${message}`);
    }
  }
  return out;
}
