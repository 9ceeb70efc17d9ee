import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CallIdentity } from '../guards/contract.js';
import { type AnswerShape, blockedFindings, describeBlock, objectsAt, type ProxyCore } from './core.js';
import { sseNamedEvent } from './sse.js';

/** Anthropic's Messages request, as loose as Anthropic's: fields the gateway does not know pass through. */
const block = z.looseObject({ type: z.string().min(1).max(64), text: z.string().optional() });
const content = z.union([z.string(), z.array(block).max(1000)]);
export const messagesBody = z.looseObject({
  model: z.string().min(1).max(200),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(z.looseObject({ role: z.string().min(1).max(64), content }))
    .min(1)
    .max(10_000),
  system: content.optional(),
  stream: z.boolean().optional(),
});
export type MessagesBody = z.output<typeof messagesBody>;
type Content = z.output<typeof content>;

/** The API version sent up when the client names none (Anthropic requires the header). */
const DEFAULT_VERSION = '2023-06-01';

/** A tool_result block's content, when it has the shape of a content. */
const toolContent = (v: unknown): Content | undefined => {
  const parsed = content.safeParse(v);
  return parsed.success ? parsed.data : undefined;
};

/**
 * The texts of a content with the role each is read under: the string itself or its text blocks
 * under the message's role, and the texts of a tool_result block (what a tool returned, external
 * content) under `tool`.
 */
const slotsOf = (c: Content | undefined, role: string): { text: string; role: string }[] =>
  c === undefined
    ? []
    : typeof c === 'string'
      ? c.length > 0
        ? [{ text: c, role }]
        : []
      : c.flatMap((b) =>
          typeof b.text === 'string' && b.text.length > 0
            ? [{ text: b.text, role }]
            : b.type === 'tool_result'
              ? slotsOf(toolContent(b.content), 'tool')
              : [],
        );

const textOf = (c: Content | undefined): string =>
  slotsOf(c, '')
    .map((s) => s.text)
    .join('\n');

/** The same content with its texts replaced, in the order {@link slotsOf} lists them, by `next()`. */
const rewrite = (c: Content, next: () => string): Content =>
  typeof c === 'string'
    ? c.length > 0
      ? next()
      : c
    : c.map((b) => {
        if (typeof b.text === 'string' && b.text.length > 0) return { ...b, text: next() };
        const inner = b.type === 'tool_result' ? toolContent(b.content) : undefined;
        return inner === undefined ? b : { ...b, content: rewrite(inner, next) };
      });

/**
 * Anthropic's Messages API (`POST /v1/messages`) in front of the organization's Anthropic
 * upstream, with the same policy as the OpenAI routes: input guards on the system prompt and
 * every text block of the messages, output guards on the answer's text (on sliding windows while
 * it streams), placeholders restored, TokenGuard counting. Streams are re-emitted as Anthropic's
 * events (`message_start`, `content_block_delta`, ..., `message_stop`); a blocked window ends the
 * stream with an `error` event, which Anthropic's clients throw.
 */
export class AnthropicProxy {
  constructor(private readonly core: ProxyCore) {}

  async messages(
    request: FastifyRequest,
    body: MessagesBody,
    reply: FastifyReply,
    identityOf: (r: FastifyRequest) => CallIdentity,
  ): Promise<unknown> {
    const started = performance.now();
    const ctx = await this.core.context(request, identityOf, 'messages', 'anthropic');
    const stream = body.stream === true;
    const base = ctx.outcome(stream);

    // System prompt first, then the messages in order: the order `rewrite` walks them in.
    const texts = [
      ...slotsOf(body.system, 'system'),
      ...body.messages.flatMap((m) => slotsOf(m.content, m.role)),
    ];
    const input = await this.core.guardInput(texts, ctx.policy, ctx.inputGuards, ctx.identity);
    if (input.decision === 'block') throw this.core.refuseInput(base, started, input.evaluations, 'prompt');
    const redacted = input.decision === 'redact';
    let system = body.system;
    let messages = body.messages;
    if (redacted) {
      // The rewritten texts, in the order they were collected.
      let i = 0;
      const next = () => {
        const text = input.evaluations[i]?.text ?? texts[i]?.text ?? '';
        i++;
        return text;
      };
      system = body.system === undefined ? undefined : rewrite(body.system, next);
      messages = body.messages.map((m) => ({ ...m, content: rewrite(m.content, next) }));
    }
    await this.core.countTokens(
      ctx.tokenGuard,
      {
        messages: [
          ...(system !== undefined ? [{ role: 'system', content: textOf(system) }] : []),
          ...messages.map((m) => ({ role: m.role, content: textOf(m.content) })),
        ],
        model: body.model,
        max_output_tokens: body.max_tokens,
      },
      ctx.identity,
    );
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
    };
    const version = header('anthropic-version') ?? DEFAULT_VERSION;
    const beta = header('anthropic-beta');
    return this.core.exchange({
      request,
      reply,
      ctx,
      started,
      base,
      input: input.decision,
      model: body.model,
      upstream: {
        path: '/messages',
        body: { ...body, messages, ...(system !== undefined ? { system } : {}) },
        auth: (apiKey) => ({
          'anthropic-version': version,
          ...(beta ? { 'anthropic-beta': beta } : {}),
          ...(apiKey ? { 'x-api-key': apiKey } : {}),
        }),
      },
      shape: messagesAnswer(request.id),
    });
  }
}

/**
 * The Messages API's answer: its `text` content blocks; a stream re-emitted as one text block of our
 * own (`content_block_start`, deltas, `content_block_stop`), the upstream's `message_start` and
 * `message_delta` passed on; a blocked window ends it with an `error` event, which Anthropic's
 * clients throw.
 */
const messagesAnswer = (requestId: string): AnswerShape => ({
  texts: (answer) =>
    objectsAt(answer, 'content').flatMap((b) =>
      b.type === 'text' && typeof b.text === 'string'
        ? [{ text: b.text, set: (text: string) => (b.text = text) }]
        : [],
    ),
  stream: () => {
    let blockOpen = false;
    // Our content_block_start, once, before the first text (or the end).
    const open = () => {
      if (blockOpen) return '';
      blockOpen = true;
      return sseNamedEvent('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      });
    };
    let messageDelta: unknown;
    return {
      read: (data) => {
        let event: { type?: string; delta?: { type?: string; text?: unknown } };
        try {
          event = JSON.parse(data);
        } catch {
          return {};
        }
        switch (event.type) {
          case 'error':
            return { error: sseNamedEvent('error', event) };
          case 'message_start':
            return { write: sseNamedEvent('message_start', event) + open() };
          case 'content_block_delta':
            return event.delta?.type === 'text_delta' && typeof event.delta.text === 'string'
              ? { text: event.delta.text }
              : {};
          case 'message_delta':
            messageDelta = event;
            return {};
          case 'message_stop':
            return { end: true };
          default:
            // content_block_start/stop are ours to send; ping and non-text blocks are not forwarded.
            return {};
        }
      },
      frames: {
        text: (text) =>
          open() +
          sseNamedEvent('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text },
          }),
        end: () =>
          open() +
          sseNamedEvent('content_block_stop', { type: 'content_block_stop', index: 0 }) +
          sseNamedEvent(
            'message_delta',
            messageDelta ?? {
              type: 'message_delta',
              delta: { stop_reason: 'end_turn', stop_sequence: null },
              usage: { output_tokens: 0 },
            },
          ) +
          sseNamedEvent('message_stop', { type: 'message_stop' }),
        blocked: (evaluation) =>
          sseNamedEvent('error', {
            type: 'error',
            error: {
              type: 'content_blocked',
              message: `the answer was blocked by the guard policy (${describeBlock([evaluation])}); the stream ends here`,
              code: 'CONTENT_BLOCKED',
              findings: blockedFindings([evaluation]),
              request_id: requestId,
            },
          }),
        failed: () =>
          sseNamedEvent('error', {
            type: 'error',
            error: { type: 'api_error', message: 'the upstream stream failed', code: 'UPSTREAM_UNAVAILABLE' },
          }),
      },
    };
  },
});
