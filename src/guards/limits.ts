import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { GuardName, GuardOutcome } from './contract.js';

/**
 * Input caps and output bounds of every guard, enforced in one place (the in-process guard client)
 * so no guard can be handed more work than its deployment allows, and no answer grows to megabytes.
 * A payload over a cap is a 413 naming the cap and its setting; findings and long lists in `data`
 * past GUARD_MAX_FINDINGS are cut, and the envelope says so with `truncated: true` and the counts.
 */
export interface GuardLimits {
  /** Characters in all the payload's strings together. */
  maxChars: number;
  /** The variable that sets `maxChars`, named in the 413. */
  charsSetting: string;
  /** TrustGuard: sources given. */
  maxSources: number;
  /** TrustGuard: claims, counted as sentences of the answer. */
  maxClaims: number;
  /** Findings, and items of any list in `data`, per response. */
  maxFindings: number;
}

export function limitsFor(name: GuardName, config: Config): GuardLimits {
  // Each guard module may declare <GUARD>_MAX_CHARS in its own config section.
  const setting = `${name.toUpperCase()}_MAX_CHARS`;
  const own = (config as Record<string, unknown>)[setting];
  const settings = config as Record<string, unknown>;
  const number = (key: string, fallback: number) =>
    typeof settings[key] === 'number' ? (settings[key] as number) : fallback;
  return {
    maxChars: typeof own === 'number' ? own : config.GUARD_MAX_CHARS,
    charsSetting: typeof own === 'number' ? setting : 'GUARD_MAX_CHARS',
    maxSources: number('TRUSTGUARD_MAX_SOURCES', Number.POSITIVE_INFINITY),
    maxClaims: number('TRUSTGUARD_MAX_CLAIMS', Number.POSITIVE_INFINITY),
    maxFindings: config.GUARD_MAX_FINDINGS,
  };
}

/** Characters in every string of `value`; iterative, and stops counting once past `stopAt`. */
export function payloadChars(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= stopAt) {
    const node = stack.pop();
    if (typeof node === 'string') total += node.length;
    else if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        total += key.length;
        stack.push(item);
      }
    }
  }
  return total;
}

const tooLarge = (
  guard: GuardName,
  what: string,
  actual: number,
  max: number,
  setting: string,
  exact = true,
): AppError =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `${guard} accepts at most ${max.toLocaleString('en-US')} ${what} per request; this payload has ${exact ? '' : 'more than '}${actual.toLocaleString('en-US')} (${setting})`,
    { limit: { name: what, max, actual, setting } },
  );

const SENTENCE_END = /[.!?。！？]+(?=\s|$)/g;

/**
 * Sentences of `text` as TrustGuard's claims are counted here: by their end marks, with the last
 * unterminated one, stopping one past `stopAt`. A single regex pass, cheap enough for the main thread.
 */
export function countSentences(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let last = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m !== null; m = SENTENCE_END.exec(text)) {
    if (/[\p{L}\p{N}]/u.test(text.slice(last, m.index))) n++;
    last = m.index + m[0].length;
    if (n > stopAt) return n;
  }
  if (/[\p{L}\p{N}]/u.test(text.slice(last))) n++;
  return n;
}

/**
 * Throws PAYLOAD_TOO_LARGE (413) when the raw payload exceeds a cap; returns its character count,
 * which also decides whether the work runs inline or in the worker pool.
 */
export function enforceInputLimits(name: GuardName, payload: unknown, limits: GuardLimits): number {
  const chars = payloadChars(payload, limits.maxChars);
  if (chars > limits.maxChars) {
    throw tooLarge(name, 'characters', chars, limits.maxChars, limits.charsSetting, false);
  }
  if (name === 'trustguard' && payload !== null && typeof payload === 'object') {
    const { sources, text } = payload as { sources?: unknown; text?: unknown };
    if (Array.isArray(sources) && sources.length > limits.maxSources) {
      throw tooLarge(name, 'sources', sources.length, limits.maxSources, 'TRUSTGUARD_MAX_SOURCES');
    }
    if (typeof text === 'string') {
      const claims = countSentences(text, limits.maxClaims);
      if (claims > limits.maxClaims) {
        throw tooLarge(name, 'claims', claims, limits.maxClaims, 'TRUSTGUARD_MAX_CLAIMS');
      }
    }
  }
  return chars;
}

/** How many items a list had and how many the response keeps, by where the list sits. */
export type Truncation = Record<string, { total: number; returned: number }>;

export type BoundedResult<R> = R & { truncated?: true; truncation?: Truncation };

/** The longest evidence or message a finding keeps, in characters. */
export const MAX_FINDING_TEXT = 1000;

const clip = (s: string | undefined): string | undefined =>
  s !== undefined && s.length > MAX_FINDING_TEXT ? `${s.slice(0, MAX_FINDING_TEXT)}…` : s;

/**
 * Cuts the findings and every list in `data` (two levels deep) to `maxFindings` items and clips
 * long finding texts, so a response stays a bounded multiple of its request.
 */
export function boundResult<R extends GuardOutcome<Record<string, unknown>>>(
  result: R,
  maxFindings: number,
): BoundedResult<R> {
  const truncation: Truncation = {};
  let findings = result.findings;
  if (findings.length > maxFindings) {
    truncation.findings = { total: findings.length, returned: maxFindings };
    findings = findings.slice(0, maxFindings);
  }
  let clipped = false;
  const bounded = findings.map((f) => {
    if ((f.evidence?.length ?? 0) <= MAX_FINDING_TEXT && f.message.length <= MAX_FINDING_TEXT) return f;
    clipped = true;
    const evidence = clip(f.evidence);
    return { ...f, message: clip(f.message) ?? '', ...(evidence !== undefined ? { evidence } : {}) };
  });
  const data = boundLists(result.data, maxFindings, 'data', truncation, 2);
  if (Object.keys(truncation).length === 0 && !clipped) return result;
  const out: BoundedResult<R> = { ...result, findings: bounded, data };
  if (Object.keys(truncation).length > 0) {
    out.truncated = true;
    out.truncation = truncation;
  }
  return out;
}

function boundLists(
  value: Record<string, unknown>,
  max: number,
  path: string,
  truncation: Truncation,
  depth: number,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    let next: unknown = item;
    if (Array.isArray(item) && item.length > max) {
      truncation[`${path}.${key}`] = { total: item.length, returned: max };
      next = item.slice(0, max);
    } else if (depth > 1 && item !== null && typeof item === 'object' && !Array.isArray(item)) {
      next = boundLists(item as Record<string, unknown>, max, `${path}.${key}`, truncation, depth - 1);
    }
    if (next !== item) {
      copy ??= { ...value };
      copy[key] = next;
    }
  }
  return copy ?? value;
}
