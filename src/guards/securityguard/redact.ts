import { createHash } from 'node:crypto';
import type { Finding } from '../contract.js';
import { resolveOverlaps } from './pii/detect.js';

/**
 * Redaction of detected entities. `mask` writes the type (`[EMAIL]`); `placeholder` writes numbered
 * placeholders (`[EMAIL_1]`, the same value always gets the same one) that vault.ts can reverse;
 * `hash` writes a salted, truncated SHA-256 so equal values stay linkable without being readable;
 * `partial` keeps the last four letters or digits.
 */
export type RedactionMode = 'mask' | 'placeholder' | 'hash' | 'partial';
export const REDACTION_MODES: readonly RedactionMode[] = ['mask', 'placeholder', 'hash', 'partial'];

export interface RedactableEntity {
  /** Upper-case type used in the replacement (EMAIL, PHONE, SECRET ...). */
  type: string;
  start: number;
  end: number;
  /** Confidence, used to choose between overlapping spans. */
  score?: number;
}

export interface Replacement {
  type: string;
  start: number;
  end: number;
  replacement: string;
}

export interface RedactionResult {
  text: string;
  replacements: Replacement[];
}

/** Placeholder allocation state; vault.ts persists it per session. */
export interface PlaceholderState {
  counters: Record<string, number>;
  /** Placeholder -> original value. */
  values: Record<string, string>;
}

export const emptyPlaceholderState = (): PlaceholderState => ({ counters: {}, values: {} });

export interface RedactOptions {
  mode: RedactionMode;
  /** Deployment salt for `hash` (SECURITYGUARD_HASH_SALT). */
  salt?: string;
  /** Placeholder state for `placeholder`; updated in place. A fresh one is used when absent. */
  state?: PlaceholderState;
}

/** Matches the placeholders this module writes; exported for the ReDoS test and de-anonymization. */
export const PLACEHOLDER_RE = /\[([A-Z][A-Z0-9_]{0,30})_(\d{1,6})\]/g;

const typeTag = (type: string): string =>
  type
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .slice(0, 31) || 'PII';

function partial(value: string): string {
  let keep = 4;
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] ?? '';
    if (!/[\p{L}\p{N}]/u.test(c)) continue;
    if (keep > 0) keep--;
    else chars[i] = '*';
  }
  return chars.join('');
}

/**
 * Placeholder lookups for one redaction, built once so each entity costs O(1) instead of a scan of
 * every stored value and of the whole text (30,000 emails took minutes that way).
 */
interface PlaceholderIndex {
  /** `TAG\0value` -> placeholder already given to that value. */
  byValue: Map<string, string>;
  /** Placeholders that occur in the caller's text, which new numbers must skip. */
  inText: Set<string>;
}

const ONE_PLACEHOLDER_RE = /^\[([A-Z][A-Z0-9_]{0,30})_(\d{1,6})\]$/;

function indexPlaceholders(state: PlaceholderState, text: string): PlaceholderIndex {
  const byValue = new Map<string, string>();
  for (const [ph, value] of Object.entries(state.values)) {
    const tag = ONE_PLACEHOLDER_RE.exec(ph)?.[1];
    const key = `${tag}\u0000${value}`;
    if (tag !== undefined && !byValue.has(key)) byValue.set(key, ph);
  }
  const inText = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER_RE)) inText.add(match[0]);
  return { byValue, inText };
}

function placeholderFor(
  type: string,
  value: string,
  state: PlaceholderState,
  index: PlaceholderIndex,
): string {
  const tag = typeTag(type);
  const key = `${tag}\u0000${value}`;
  const known = index.byValue.get(key);
  if (known !== undefined) return known;
  let n = state.counters[tag] ?? 0;
  let ph: string;
  // Skip numbers whose placeholder already occurs in the caller's text, so reversal stays exact.
  do {
    n++;
    ph = `[${tag}_${n}]`;
  } while (index.inText.has(ph) || state.values[ph] !== undefined);
  state.counters[tag] = n;
  state.values[ph] = value;
  index.byValue.set(key, ph);
  return ph;
}

/** Replaces the entities' spans in `text`; overlapping spans keep the higher-confidence, longer one. */
export function redact(
  text: string,
  entities: readonly RedactableEntity[],
  options: RedactOptions,
): RedactionResult {
  const chosen = resolveOverlaps(
    entities
      .filter((e) => e.start >= 0 && e.end <= text.length && e.end > e.start)
      .map((e) => ({ ...e, score: e.score ?? 1 })),
  );
  const state = options.state ?? emptyPlaceholderState();
  const index = options.mode === 'placeholder' ? indexPlaceholders(state, text) : undefined;
  const replacements: Replacement[] = [];
  let out = '';
  let cursor = 0;
  for (const e of chosen) {
    const value = text.slice(e.start, e.end);
    let replacement: string;
    switch (options.mode) {
      case 'mask':
        replacement = `[${typeTag(e.type)}]`;
        break;
      case 'placeholder':
        replacement = placeholderFor(e.type, value, state, index ?? indexPlaceholders(state, text));
        break;
      case 'hash':
        replacement = `[${typeTag(e.type)}:${createHash('sha256')
          .update(`${options.salt ?? ''}\u0000${value}`)
          .digest('hex')
          .slice(0, 12)}]`;
        break;
      case 'partial':
        replacement = partial(value);
        break;
    }
    out += text.slice(cursor, e.start) + replacement;
    cursor = e.end;
    replacements.push({ type: e.type, start: e.start, end: e.end, replacement });
  }
  out += text.slice(cursor);
  return { text: out, replacements };
}

/** Puts the original values back for every placeholder known to `state`; unknown ones stay. */
export function restorePlaceholders(text: string, state: PlaceholderState): string {
  return text.replace(PLACEHOLDER_RE, (ph) => state.values[ph] ?? ph);
}

/**
 * Turns detector findings into redactable entities: PII findings by their entity category, secrets
 * as SECRET, and (when asked) malicious URLs as URL. Findings without a span are skipped.
 */
export function entitiesFromFindings(
  findings: readonly Finding[],
  types: readonly string[] = ['pii', 'secret'],
): RedactableEntity[] {
  const out: RedactableEntity[] = [];
  for (const f of findings) {
    if (!f.span || !types.includes(f.type)) continue;
    const type =
      f.type === 'pii'
        ? (f.category ?? 'PII')
        : f.type === 'secret'
          ? 'SECRET'
          : f.type === 'malicious_url'
            ? 'URL'
            : f.type.toUpperCase();
    out.push({ type, start: f.span.start, end: f.span.end, score: f.confidence });
  }
  return out;
}
