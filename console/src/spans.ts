import type { Finding, Severity } from './api';

export interface LocatedFinding extends Finding {
  guard: string;
}

/** A run of the text, with the findings whose span covers all of it (none for plain text). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  findings: LocatedFinding[];
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export const worstSeverity = (findings: Finding[]): Severity =>
  findings.reduce<Severity>((worst, f) => (RANK[f.severity] > RANK[worst] ? f.severity : worst), 'info');

/**
 * Cuts the text at every span boundary, so overlapping findings (two guards on one phrase, a name
 * inside an injection) each show on exactly the characters they cover. Spans outside the text
 * are clipped; empty or inverted ones are left out.
 */
export function segment(text: string, findings: LocatedFinding[]): Segment[] {
  const located = findings
    .filter((f) => f.span)
    .map((f) => ({
      finding: f,
      start: Math.max(0, Math.min(text.length, f.span!.start)),
      end: Math.max(0, Math.min(text.length, f.span!.end)),
    }))
    .filter((f) => f.end > f.start);
  const cuts = new Set<number>([0, text.length]);
  for (const f of located) {
    cuts.add(f.start);
    cuts.add(f.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = located.filter((f) => f.start <= start && f.end >= end).map((f) => f.finding);
    const last = out[out.length - 1];
    if (covering.length === 0 && last && last.findings.length === 0) {
      last.end = end;
      last.text = text.slice(last.start, end);
    } else out.push({ start, end, text: text.slice(start, end), findings: covering });
  }
  return out;
}
