import type { Severity } from '../contract.js';

/** The original ContextGuard's comparison of two versions of code, line by line. */
export interface CodeDrift {
  added: string[];
  removed: string[];
  common: number;
  /** Changed lines over all distinct lines, 0..1. */
  drift_ratio: number;
  severity: Severity;
  baseline: 'previous_code' | 'session';
}

const MAX_LISTED = 50;

const lines = (code: string): Set<string> =>
  new Set(
    code
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0),
  );

export function codeDrift(previous: string, current: string, baseline: CodeDrift['baseline']): CodeDrift {
  const before = lines(previous);
  const after = lines(current);
  const added = [...after].filter((l) => !before.has(l));
  const removed = [...before].filter((l) => !after.has(l));
  const common = after.size - added.length;
  const union = after.size + removed.length;
  const ratio = union === 0 ? 0 : (added.length + removed.length) / union;
  const severity: Severity = ratio >= 0.8 ? 'high' : ratio >= 0.5 ? 'medium' : ratio > 0 ? 'low' : 'info';
  return {
    added: added.slice(0, MAX_LISTED),
    removed: removed.slice(0, MAX_LISTED),
    common,
    drift_ratio: Math.round(ratio * 1000) / 1000,
    severity,
    baseline,
  };
}
