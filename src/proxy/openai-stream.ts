import type { PolicyEvaluation } from '../policies/evaluate.js';
import { blockedFindings, describeBlock } from './core.js';
import type { RelayOptions } from './relay.js';
import { sseEvent } from './sse.js';

interface OpenAiChunk {
  id?: string;
  model?: string;
  created?: number;
  error?: unknown;
  usage?: unknown;
  choices?: ({ index?: number; finish_reason?: unknown } & Record<string, unknown>)[];
}

/**
 * OpenAI's streamed answers (chat completions and legacy completions): choice 0's text is read
 * from the upstream's chunks, and the checked text goes out in chunks of our own with the
 * upstream's id, model and creation time, its finish reason and usage at the end, `[DONE]` last.
 */
export function openAiStream(o: {
  requestId: string;
  model: string;
  /** `chatcmpl` or `cmpl`: the id's prefix when the upstream gives none. */
  idPrefix: string;
  /** The chunks' `object`. */
  object: string;
  /** The text a choice of an upstream chunk carries. */
  textOf(choice: Record<string, unknown>): unknown;
  /** Our choice 0 for `text` (null in the closing chunk); `first` for the first text. */
  choice(text: string | null, first: boolean, finishReason: unknown): Record<string, unknown>;
}): Pick<RelayOptions, 'read' | 'frames'> {
  let meta: { id: string; model: string; created: number } | undefined;
  let first = true;
  let finish: unknown = null;
  let usage: unknown;
  const chunk = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    sseEvent({
      id: meta?.id ?? `${o.idPrefix}-${o.requestId}`,
      object: o.object,
      created: meta?.created ?? Math.floor(Date.now() / 1000),
      model: meta?.model ?? o.model,
      choices: [choice],
      ...extra,
    });
  const error = (message: string, type: string, code: string, extra: Record<string, unknown> = {}) =>
    sseEvent({ error: { message, type, code, param: null, ...extra } });
  return {
    read: (data) => {
      if (data === '[DONE]') return { end: true };
      let parsed: OpenAiChunk;
      try {
        parsed = JSON.parse(data);
      } catch {
        return {};
      }
      if (parsed.error) return { error: sseEvent({ error: parsed.error }) };
      meta ??= {
        id: parsed.id ?? `${o.idPrefix}-${o.requestId}`,
        model: parsed.model ?? o.model,
        created: parsed.created ?? Math.floor(Date.now() / 1000),
      };
      if (parsed.usage) usage = parsed.usage;
      let text = '';
      for (const choice of parsed.choices ?? []) {
        if ((choice.index ?? 0) !== 0) continue;
        const piece = o.textOf(choice);
        if (typeof piece === 'string') text += piece;
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      return { text };
    },
    frames: {
      text: (text) => {
        const frame = chunk(o.choice(text, first, null));
        first = false;
        return frame;
      },
      end: () => `${chunk(o.choice(null, false, finish ?? 'stop'), usage ? { usage } : {})}data: [DONE]\n\n`,
      blocked: (evaluation: PolicyEvaluation) =>
        error(
          `the answer was blocked by the guard policy (${describeBlock([evaluation])}); the stream ends here`,
          'content_blocked',
          'CONTENT_BLOCKED',
          { findings: blockedFindings([evaluation]), request_id: o.requestId },
        ),
      failed: () => error('the upstream stream failed', 'upstream_unavailable', 'UPSTREAM_UNAVAILABLE'),
    },
  };
}
