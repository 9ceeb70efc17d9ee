import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { CallIdentity } from '../guards/contract.js';
import { type AnswerShape, objectsAt, type ProxyCore, type ProxyOutcome } from './core.js';
import { openAiStream } from './openai-stream.js';

/** The chat completions request, as loose as OpenAI's: fields the gateway does not know pass through. */
const contentPart = z.looseObject({ type: z.string().min(1).max(64), text: z.string().optional() });
const chatMessage = z.looseObject({
  role: z.string().min(1).max(64),
  content: z.union([z.string(), z.array(contentPart).max(1000), z.null()]).optional(),
});
export const chatBody = z.looseObject({
  model: z.string().min(1).max(200),
  messages: z.array(chatMessage).min(1).max(10_000),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
});
export type ChatBody = z.output<typeof chatBody>;

export const embeddingsBody = z.looseObject({
  model: z.string().min(1).max(200),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number()),
    z.array(z.array(z.number())),
  ]),
});
export type EmbeddingsBody = z.output<typeof embeddingsBody>;

/** One text of a chat message: the message's string content, or one text part of it. */
interface TextSlot {
  message: number;
  part: number | null;
  text: string;
}

function textSlots(messages: ChatBody['messages']): TextSlot[] {
  const slots: TextSlot[] = [];
  messages.forEach((m, i) => {
    if (typeof m.content === 'string') {
      if (m.content.length > 0) slots.push({ message: i, part: null, text: m.content });
    } else if (Array.isArray(m.content)) {
      m.content.forEach((p, j) => {
        if (typeof p.text === 'string' && p.text.length > 0)
          slots.push({ message: i, part: j, text: p.text });
      });
    }
  });
  return slots;
}

/**
 * The OpenAI-compatible proxy: input guards before the upstream is called, output guards on the
 * answer (on sliding windows while it streams), the organization's policy deciding what runs and
 * what a finding does, TokenGuard counting tokens against budgets and quotas.
 */
export class ChatProxy {
  constructor(private readonly core: ProxyCore) {}

  async chat(
    request: FastifyRequest,
    body: ChatBody,
    reply: FastifyReply,
    identityOf: (r: FastifyRequest) => CallIdentity,
  ): Promise<unknown> {
    const started = performance.now();
    const ctx = await this.core.context(request, identityOf, 'chat');
    const timingsMs: NonNullable<ProxyOutcome['timingsMs']> = { context: performance.now() - started };
    let mark = performance.now();
    const lap = (name: keyof typeof timingsMs) => {
      const now = performance.now();
      timingsMs[name] = now - mark;
      mark = now;
    };
    const stream = body.stream === true;
    const base = { ...ctx.outcome(stream), timingsMs };

    const slots = textSlots(body.messages);
    const input = await this.core.guardInput(
      slots.map((s) => ({ text: s.text, role: body.messages[s.message]?.role })),
      ctx.policy,
      ctx.inputGuards,
      ctx.identity,
    );
    lap('input');
    if (input.decision === 'block') throw this.core.refuseInput(base, started, input.evaluations, 'prompt');
    // Redaction rewrites the texts of the messages; everything else goes up as it came.
    let messages = body.messages;
    const redacted = input.decision === 'redact';
    if (redacted) {
      messages = structuredClone(body.messages);
      slots.forEach((slot, i) => {
        const text = input.evaluations[i]?.text ?? slot.text;
        const message = messages[slot.message];
        if (!message) return;
        if (slot.part === null) message.content = text;
        else if (Array.isArray(message.content)) {
          const part = message.content[slot.part];
          if (part) part.text = text;
        }
      });
    }
    await this.core.countTokens(
      ctx.tokenGuard,
      {
        messages: messages.map((m) => ({
          role: m.role,
          content:
            typeof m.content === 'string'
              ? m.content
              : textSlots([m])
                  .map((s) => s.text)
                  .join('\n'),
        })),
        model: body.model,
        ...(body.max_completion_tokens || body.max_tokens
          ? { max_output_tokens: body.max_completion_tokens ?? body.max_tokens }
          : {}),
      },
      ctx.identity,
    );
    lap('tokens');
    return this.core.exchange({
      request,
      reply,
      ctx,
      started,
      base,
      input: input.decision,
      model: body.model,
      upstream: { path: '/chat/completions', body: { ...body, messages } },
      shape: chatAnswer(request.id, body.model),
    });
  }

  /** Embeddings: input guards on the texts, then the upstream's answer as it came. */
  async embeddings(
    request: FastifyRequest,
    body: EmbeddingsBody,
    reply: FastifyReply,
    identityOf: (r: FastifyRequest) => CallIdentity,
  ): Promise<unknown> {
    const started = performance.now();
    const ctx = await this.core.context(request, identityOf, 'embeddings');
    // Embeddings run input guards only.
    const base = { ...ctx.outcome(false), guards: ctx.inputGuards };
    const { decision, value: rewritten } = await this.core.guardStrings(
      body.input,
      ctx,
      base,
      started,
      'input',
    );
    const overheadMs = performance.now() - started;
    const res = await this.core.callUpstream(
      ctx.upstream,
      '/embeddings',
      { ...body, input: rewritten },
      new AbortController().signal,
    );
    const raw = await res.body.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.core.record({
        ...base,
        status: 'upstream_error',
        input: decision,
        output: null,
        overheadMs,
      });
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        `the upstream answered ${res.statusCode} with a body that is not JSON`,
      );
    }
    this.core.record({
      ...base,
      status: res.statusCode >= 400 ? 'upstream_error' : 'passed',
      input: decision,
      output: null,
      overheadMs,
    });
    this.core.headers(reply, ctx.inputGuards, ctx.version, overheadMs);
    return reply.code(res.statusCode).type('application/json').send(json);
  }
}

/** Chat completions' answer: `choices[].message.content`, and `chat.completion.chunk` events. */
const chatAnswer = (requestId: string, model: string): AnswerShape => ({
  texts: (answer) =>
    objectsAt(answer, 'choices').flatMap((c) => {
      const message = c.message as { content?: unknown } | null | undefined;
      return typeof message === 'object' && message !== null && typeof message.content === 'string'
        ? [{ text: message.content, set: (text: string) => (message.content = text) }]
        : [];
    }),
  stream: () =>
    openAiStream({
      requestId,
      model,
      idPrefix: 'chatcmpl',
      object: 'chat.completion.chunk',
      textOf: (choice) => (choice.delta as { content?: unknown } | undefined)?.content,
      choice: (text, first, finishReason) => ({
        index: 0,
        delta: text === null ? {} : first ? { role: 'assistant', content: text } : { content: text },
        finish_reason: finishReason,
      }),
    }),
});
