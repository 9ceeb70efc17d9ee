import { retext } from 'retext';
import retextEquality from 'retext-equality';
import type { Finding } from '../contract.js';

/**
 * The thorough inclusive-language pass (retext-equality). It costs about 20 ms per KB, far above
 * the verdict budget, so it runs only when the caller asks for rewrite suggestions
 * (`deep_language_check`) and under a deadline; its findings never change the verdict.
 */
const processor = retext().use(retextEquality);

interface Place {
  start?: { offset?: number };
  end?: { offset?: number };
}

export async function equalitySuggestions(text: string, timeoutMs: number): Promise<Finding[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const file = await Promise.race([processor.process(text), deadline]);
    if (!file) return [];
    return file.messages.flatMap((m): Finding[] => {
      const place = m.place as Place | undefined;
      const start = place?.start?.offset;
      const end = place?.end?.offset;
      if (start === undefined || end === undefined) return [];
      const expected = (m as unknown as { expected?: string[] }).expected ?? [];
      return [
        {
          type: 'exclusionary_language',
          severity: 'info',
          confidence: 0.6,
          message: m.reason,
          span: { start, end },
          evidence: text.slice(start, end),
          data: { alternatives: expected, rewrite: expected[0], rule: m.ruleId, source: 'retext-equality' },
        },
      ];
    });
  } finally {
    clearTimeout(timer);
  }
}
