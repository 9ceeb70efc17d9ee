import { describe, expect, it } from 'vitest';
import type { Finding } from '../contract.js';
import type { DetectorContext } from './detector.js';
import { runDetector, type ScoredDetector } from './detectors.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A detector that counts its runs and finds one low-severity item. */
function counting(): ScoredDetector & { runs: number } {
  const d = {
    name: 'secrets' as const,
    runs: 0,
    detect(text: string): Finding[] {
      d.runs++;
      return [
        { type: 'secret', category: 'token', severity: 'low', confidence: 1, message: text.slice(0, 10) },
      ];
    },
  };
  return d;
}

const input: DetectorContext = { mode: 'input', canaries: [] };

describe('runDetector within one event-loop turn', () => {
  it('runs a detector once per text and mode, and again at the next turn', async () => {
    const d = counting();
    await nextTurn();
    const first = runDetector(d, 'some text', input);
    first.findings.length = 0; // a caller changing its copy does not change the next caller's
    const second = runDetector(d, 'some text', input);
    expect(second.findings).toHaveLength(1);
    expect(second.score).toBeCloseTo(0.3);
    expect(d.runs).toBe(1);
    runDetector(d, 'some text', { mode: 'output', canaries: [] });
    runDetector(d, 'other text', input);
    expect(d.runs).toBe(3);
    await nextTurn();
    runDetector(d, 'some text', input);
    expect(d.runs).toBe(4);
  });

  it('does not share results between two detectors of one name (other settings) or calls with canaries', async () => {
    const a = counting();
    const b = counting();
    await nextTurn();
    runDetector(a, 'some text', input);
    runDetector(b, 'some text', input);
    const withCanary: DetectorContext = { mode: 'output', canaries: ['CANARY-1'] };
    runDetector(a, 'some text', withCanary);
    runDetector(a, 'some text', withCanary);
    expect([a.runs, b.runs]).toEqual([3, 1]);
  });
});
