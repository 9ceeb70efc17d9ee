import { type HiddenTextFinding, hiddenTextSummary, stripHidden } from '../../text/hidden.js';
import type { TextThreatScanner } from './threats.js';

/**
 * The original PoisonGuard sample API: each sample is run through a few plugins (threat scanner,
 * unusual Unicode, structure) and judged poisoned when the combined score reaches the threshold.
 */

export type Mitigation = 'flag' | 'sanitize' | 'redact' | 'drop';

export interface Sample {
  id: string;
  content: string;
  metadata?: Record<string, unknown> | undefined;
}

export interface SampleResult {
  id: string;
  is_poisoned: boolean;
  confidence: number;
  score: number;
  details: { reasons: string[] };
  plugin_results: {
    threats: { score: number; types: string[] };
    unicode: HiddenTextFinding[];
    structure: { length: number; symbol_share: number; repeated_char_run: number };
  };
  /** The content after mitigation; absent when the sample was dropped. */
  content?: string;
  dropped?: boolean;
}

export interface SampleReport {
  total_samples: number;
  poisoned_samples: number;
  clean_samples: number;
  dropped_samples: number;
  mitigation: Mitigation;
  by_reason: Record<string, number>;
}

const LONG_RUN = /(.)\1{49,}/su;
const SENTENCE = /[^.!?\n]+[.!?\n]*/g;

function structure(text: string): SampleResult['plugin_results']['structure'] {
  let symbols = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum =
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 32 || c > 127;
    if (!alnum) symbols++;
  }
  const run = LONG_RUN.exec(text);
  return {
    length: text.length,
    symbol_share: Math.round((symbols / Math.max(1, text.length)) * 1000) / 1000,
    repeated_char_run: run ? run[0].length : 0,
  };
}

/** Removes hidden characters and the sentences the scanner finds hostile (injections, secrets). */
function sanitize(text: string, scanner: TextThreatScanner): string {
  const visible = stripHidden(text);
  const kept: string[] = [];
  for (const m of visible.matchAll(SENTENCE)) {
    const types = scanner(m[0]).types;
    if (types.includes('injection') || types.includes('secret')) continue;
    kept.push(m[0]);
  }
  return kept.join('').trim();
}

export function analyzeSample(
  sample: Sample,
  scanner: TextThreatScanner,
  threshold: number,
  mitigation: Mitigation,
): SampleResult {
  const threats = scanner(sample.content);
  const unicode = hiddenTextSummary(sample.content);
  const struct = structure(sample.content);
  const reasons: string[] = [];
  const parts: number[] = [];
  for (const t of threats.types) reasons.push(`${t} detected`);
  if (threats.score > 0) parts.push(threats.score);
  for (const u of unicode) {
    reasons.push(`${u.kind.replaceAll('_', ' ')} (${u.count})`);
    parts.push(u.score);
  }
  if (struct.repeated_char_run > 0) {
    reasons.push(`a run of ${struct.repeated_char_run} repeated characters`);
    parts.push(0.4);
  }
  if (struct.length > 20 && struct.symbol_share > 0.5) {
    reasons.push(`mostly symbols (${Math.round(struct.symbol_share * 100)}%)`);
    parts.push(0.4);
  }
  const score = Math.round((1 - parts.reduce((p, x) => p * (1 - x), 1)) * 1000) / 1000;
  const poisoned = score >= threshold;
  const result: SampleResult = {
    id: sample.id,
    is_poisoned: poisoned,
    score,
    // Confidence in the decision: how far the score sits from the threshold, either way.
    confidence: Math.round(Math.min(1, 0.5 + Math.abs(score - threshold)) * 1000) / 1000,
    details: { reasons },
    plugin_results: { threats, unicode, structure: struct },
  };
  if (!poisoned || mitigation === 'flag') result.content = sample.content;
  else if (mitigation === 'sanitize') result.content = sanitize(sample.content, scanner);
  else if (mitigation === 'redact') result.content = '[REDACTED]';
  else result.dropped = true;
  return result;
}

export function analyzeSamples(
  samples: Sample[],
  scanner: TextThreatScanner,
  threshold: number,
  mitigation: Mitigation,
): { results: SampleResult[]; report: SampleReport } {
  const results = samples.map((s) => analyzeSample(s, scanner, threshold, mitigation));
  const byReason: Record<string, number> = {};
  for (const r of results) {
    if (!r.is_poisoned) continue;
    for (const t of r.plugin_results.threats.types) byReason[t] = (byReason[t] ?? 0) + 1;
    for (const u of r.plugin_results.unicode) byReason[u.kind] = (byReason[u.kind] ?? 0) + 1;
  }
  const poisoned = results.filter((r) => r.is_poisoned).length;
  return {
    results,
    report: {
      total_samples: results.length,
      poisoned_samples: poisoned,
      clean_samples: results.length - poisoned,
      dropped_samples: results.filter((r) => r.dropped).length,
      mitigation,
      by_reason: byReason,
    },
  };
}
