import { type HiddenRun, hiddenTextRisk } from '../../../text/hidden.js';
import type { Finding } from '../../contract.js';
import type { Detector } from '../detector.js';
import { normalizeCached } from '../normalize/normalize.js';

/**
 * Hidden-text smuggling: zero-width, bidi-control and Unicode tag characters. Their presence is a
 * finding in itself; tag characters can carry invisible ASCII, which we decode and show.
 */

const MESSAGES: Record<HiddenRun['kind'], string> = {
  zero_width: 'contains invisible zero-width characters',
  bidi: 'contains bidirectional control characters that can reorder what is displayed',
  tag: 'smuggles invisible text in Unicode tag characters',
  variation_selector: 'hides data in variation selector characters',
};

const MAX_FINDINGS = 20;

export const hiddenTextDetector: Detector & {
  analyze(text: string): { score: number; findings: Finding[] };
} = {
  name: 'hidden_text',
  detect(text) {
    return this.analyze(text).findings;
  },
  analyze(text) {
    const runs = normalizeCached(text).hidden;
    if (runs.length === 0) return { score: 0, findings: [] };
    const score = hiddenTextRisk(runs);
    const findings: Finding[] = runs.slice(0, MAX_FINDINGS).map((r) => ({
      type: 'hidden_text',
      category: r.kind,
      severity: r.kind === 'tag' ? 'high' : score >= 0.5 ? 'medium' : 'low',
      confidence: 0.99,
      message: MESSAGES[r.kind],
      span: { start: r.start, end: r.end },
      data: { count: r.count, ...(r.decoded !== undefined ? { decoded: r.decoded } : {}) },
    }));
    return { score, findings };
  },
};
