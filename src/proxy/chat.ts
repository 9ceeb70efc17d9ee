import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { CallIdentity } from '../guards/contract.js';
import {
  blockedFindings,
  describeBlock,
  type ProxyCore,
  type ProxyDeps,
  type ProxyOutcome,
  TOKEN_GUARD,
} from './core.js';
import { relayGuardedStream } from './relay.js';
import { sseEvent } from './sse.js';

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

  private get deps(): ProxyDeps {
    return this.core.deps;
  }

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
    const restore = async (text: string) =>
      redacted && this.deps.restorePlaceholders ? this.deps.restorePlaceholders(text, ctx.identity) : text;
    // Output guards use a session of their own: placeholders they write must not be restored.
    const outputIdentity: CallIdentity = { ...ctx.identity, sessionId: `${ctx.identity.sessionId}:output` };

    const abort = new AbortController();
    // The response closing before it finished means the client went away: stop the upstream.
    const onClose = () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('the client went away'));
    };
    reply.raw.once('close', onClose);
    const beforeUpstream = performance.now() - started;
    const upstreamStarted = performance.now();
    const res = await this.core.callUpstream(
      ctx.upstream,
      '/chat/completions',
      { ...body, messages },
      abort.signal,
    );

    if (res.statusCode >= 400 || !stream) {
      const read = await this.core.readAnswer(res, reply, {
        ...base,
        input: input.decision,
        overheadMs: beforeUpstream,
      });
      const upstreamMs = performance.now() - upstreamStarted;
      timingsMs.upstream = upstreamMs;
      mark = performance.now();
      reply.raw.off('close', onClose);
      if (read.sent) return read.sent;
      const answer = read.json as { choices?: { message?: { content?: unknown } }[] };
      const messages = (answer.choices ?? []).flatMap((c) =>
        typeof c.message?.content === 'string' ? [c.message as { content: string }] : [],
      );
      const sent = await this.core.guardAnswer(
        messages.map((m) => m.content),
        {
          outcome: { ...base, input: input.decision },
          evaluate:
            ctx.outputGuards.length > 0
              ? (text) =>
                  this.deps.policies.evaluate(ctx.policy, 'output', text, outputIdentity, {
                    guards: ctx.outputGuards,
                  })
              : undefined,
          restore,
          afterGuards: () => lap('output'),
          overheadMs: () => performance.now() - started - upstreamMs,
          tokens: ctx.tokenGuard ? { model: body.model, identity: ctx.identity } : undefined,
          reply,
          version: ctx.version,
        },
      );
      for (const [i, m] of messages.entries()) m.content = sent[i] ?? m.content;
      return reply.type('application/json').send(answer);
    }

    // Streaming: our own chunks, each released only once a window holding it was checked.
    this.core.headers(reply, ctx.applied, ctx.version, beforeUpstream);
    let meta: { id: string; model: string; created: number } | undefined;
    let roleSent = false;
    let finish: unknown = null;
    let usage: unknown;
    const chunk = (
      delta: Record<string, unknown>,
      finishReason: unknown,
      extra: Record<string, unknown> = {},
    ) =>
      sseEvent({
        id: meta?.id ?? `chatcmpl-${request.id}`,
        object: 'chat.completion.chunk',
        created: meta?.created ?? Math.floor(Date.now() / 1000),
        model: meta?.model ?? body.model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
        ...extra,
      });
    const relayed = await relayGuardedStream({
      reply,
      upstream: res.body,
      signal: abort.signal,
      evaluate: (window) =>
        this.deps.policies.evaluate(ctx.policy, 'output', window, outputIdentity, {
          guards: ctx.outputGuards,
        }),
      windowChars: ctx.policy.stream.window_chars,
      overlapChars: ctx.policy.stream.overlap_chars,
      ...(redacted ? { restore } : {}),
      logger: this.deps.logger,
      requestId: request.id,
      read: (data) => {
        if (data === '[DONE]') return { end: true };
        let parsed: {
          id?: string;
          model?: string;
          created?: number;
          error?: unknown;
          usage?: unknown;
          choices?: { index?: number; delta?: { content?: unknown }; finish_reason?: unknown }[];
        };
        try {
          parsed = JSON.parse(data);
        } catch {
          return {};
        }
        if (parsed.error) return { error: sseEvent({ error: parsed.error }) };
        meta ??= {
          id: parsed.id ?? `chatcmpl-${request.id}`,
          model: parsed.model ?? body.model,
          created: parsed.created ?? Math.floor(Date.now() / 1000),
        };
        if (parsed.usage) usage = parsed.usage;
        let text = '';
        for (const choice of parsed.choices ?? []) {
          if ((choice.index ?? 0) !== 0) continue;
          if (typeof choice.delta?.content === 'string') text += choice.delta.content;
          if (choice.finish_reason) finish = choice.finish_reason;
        }
        return { text };
      },
      frames: {
        text: (content) => {
          const frame = chunk(roleSent ? { content } : { role: 'assistant', content }, null);
          roleSent = true;
          return frame;
        },
        end: () => `${chunk({}, finish ?? 'stop', usage ? { usage } : {})}data: [DONE]\n\n`,
        blocked: (evaluation) =>
          sseEvent({
            error: {
              message: `the answer was blocked by the guard policy (${describeBlock([evaluation])}); the stream ends here`,
              type: 'content_blocked',
              code: 'CONTENT_BLOCKED',
              param: null,
              findings: blockedFindings([evaluation]),
              request_id: request.id,
            },
          }),
        failed: () =>
          sseEvent({
            error: {
              message: 'the upstream stream failed',
              type: 'upstream_unavailable',
              code: 'UPSTREAM_UNAVAILABLE',
              param: null,
            },
          }),
      },
    });
    reply.raw.off('close', onClose);
    if (relayed.status === 'passed' && ctx.tokenGuard && relayed.receivedText.length > 0) {
      void this.deps.orchestrator
        .run(TOKEN_GUARD, { text: relayed.receivedText, model: body.model }, ctx.identity)
        .catch(() => undefined);
    }
    const { receivedText: _, output, ...counts } = relayed;
    this.core.record({ ...base, ...counts, input: input.decision, output, overheadMs: beforeUpstream });
    return reply;
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
    const texts =
      typeof body.input === 'string'
        ? [body.input]
        : body.input.every((x): x is string => typeof x === 'string')
          ? body.input
          : [];
    const input = await this.core.guardInput(
      texts.map((text) => ({ text })),
      ctx.policy,
      ctx.inputGuards,
      ctx.identity,
    );
    if (input.decision === 'block') throw this.core.refuseInput(base, started, input.evaluations, 'input');
    const rewritten =
      input.decision !== 'redact'
        ? body.input
        : typeof body.input === 'string'
          ? (input.evaluations[0]?.text ?? body.input)
          : texts.map((t, i) => input.evaluations[i]?.text ?? t);
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
        input: input.decision,
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
      input: input.decision,
      output: null,
      overheadMs,
    });
    this.core.headers(reply, ctx.inputGuards, ctx.version, overheadMs);
    return reply.code(res.statusCode).type('application/json').send(json);
  }
}
