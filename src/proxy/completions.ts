import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CallIdentity } from '../guards/contract.js';
import { blockedFindings, describeBlock, type ProxyCore, type ProxyDeps, TOKEN_GUARD } from './core.js';
import { relayGuardedStream } from './relay.js';
import { sseEvent } from './sse.js';

/** OpenAI's legacy completions request; fields the gateway does not know pass through. */
export const completionsBody = z.looseObject({
  model: z.string().min(1).max(200),
  prompt: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number()),
    z.array(z.array(z.number())),
  ]),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().optional(),
});
export type CompletionsBody = z.output<typeof completionsBody>;

/**
 * OpenAI's legacy `POST /v1/completions`: input guards on the prompt (token-id prompts are not
 * text and go up unchecked), output guards on `choices[].text` (on sliding windows while it
 * streams; only choice 0 is streamed), placeholders restored, TokenGuard counting.
 */
export class CompletionsProxy {
  constructor(private readonly core: ProxyCore) {}

  private get deps(): ProxyDeps {
    return this.core.deps;
  }

  async completions(
    request: FastifyRequest,
    body: CompletionsBody,
    reply: FastifyReply,
    identityOf: (r: FastifyRequest) => CallIdentity,
  ): Promise<unknown> {
    const started = performance.now();
    const ctx = await this.core.context(request, identityOf, 'completions');
    const stream = body.stream === true;
    const base = ctx.outcome(stream);
    const texts =
      typeof body.prompt === 'string'
        ? [body.prompt]
        : body.prompt.every((x): x is string => typeof x === 'string')
          ? body.prompt
          : [];
    const input = await this.core.guardInput(
      texts.map((text) => ({ text })),
      ctx.policy,
      ctx.inputGuards,
      ctx.identity,
    );
    if (input.decision === 'block') throw this.core.refuseInput(base, started, input.evaluations, 'prompt');
    const redacted = input.decision === 'redact';
    const prompt = !redacted
      ? body.prompt
      : typeof body.prompt === 'string'
        ? (input.evaluations[0]?.text ?? body.prompt)
        : texts.map((t, i) => input.evaluations[i]?.text ?? t);
    await this.core.countTokens(
      ctx.tokenGuard && texts.length > 0,
      {
        text: (typeof prompt === 'string' ? [prompt] : (prompt as string[])).join('\n'),
        model: body.model,
      },
      ctx.identity,
    );
    const restore = async (text: string) =>
      redacted && this.deps.restorePlaceholders ? this.deps.restorePlaceholders(text, ctx.identity) : text;
    const outputIdentity: CallIdentity = { ...ctx.identity, sessionId: `${ctx.identity.sessionId}:output` };
    const evaluateOutput = (text: string) =>
      this.deps.policies.evaluate(ctx.policy, 'output', text, outputIdentity, { guards: ctx.outputGuards });

    const abort = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) abort.abort(new Error('the client went away'));
    };
    reply.raw.once('close', onClose);
    const beforeUpstream = performance.now() - started;
    const upstreamStarted = performance.now();
    const res = await this.core.callUpstream(ctx.upstream, '/completions', { ...body, prompt }, abort.signal);

    if (res.statusCode >= 400 || !stream) {
      const read = await this.core.readAnswer(res, reply, {
        ...base,
        input: input.decision,
        overheadMs: beforeUpstream,
      });
      const upstreamMs = performance.now() - upstreamStarted;
      reply.raw.off('close', onClose);
      if (read.sent) return read.sent;
      const answer = read.json as { choices?: { text?: unknown }[] };
      const choices = (answer.choices ?? []).filter((c): c is { text: string } => typeof c.text === 'string');
      const sent = await this.core.guardAnswer(
        choices.map((c) => c.text),
        {
          outcome: { ...base, input: input.decision },
          evaluate: ctx.outputGuards.length > 0 ? evaluateOutput : undefined,
          restore,
          overheadMs: () => performance.now() - started - upstreamMs,
          tokens: ctx.tokenGuard ? { model: body.model, identity: ctx.identity } : undefined,
          reply,
          version: ctx.version,
        },
      );
      for (const [i, c] of choices.entries()) c.text = sent[i] ?? c.text;
      return reply.type('application/json').send(answer);
    }

    this.core.headers(reply, ctx.applied, ctx.version, beforeUpstream);
    let meta: { id: string; model: string; created: number } | undefined;
    let finish: unknown = null;
    let usage: unknown;
    const chunk = (text: string, finishReason: unknown, extra: Record<string, unknown> = {}) =>
      sseEvent({
        id: meta?.id ?? `cmpl-${request.id}`,
        object: 'text_completion',
        created: meta?.created ?? Math.floor(Date.now() / 1000),
        model: meta?.model ?? body.model,
        choices: [{ index: 0, text, logprobs: null, finish_reason: finishReason }],
        ...extra,
      });
    const errorEvent = (message: string, type: string, code: string, extra: Record<string, unknown> = {}) =>
      sseEvent({ error: { message, type, code, param: null, ...extra } });
    const relayed = await relayGuardedStream({
      reply,
      upstream: res.body,
      signal: abort.signal,
      evaluate: evaluateOutput,
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
          choices?: { index?: number; text?: unknown; finish_reason?: unknown }[];
        };
        try {
          parsed = JSON.parse(data);
        } catch {
          return {};
        }
        if (parsed.error) return { error: sseEvent({ error: parsed.error }) };
        meta ??= {
          id: parsed.id ?? `cmpl-${request.id}`,
          model: parsed.model ?? body.model,
          created: parsed.created ?? Math.floor(Date.now() / 1000),
        };
        if (parsed.usage) usage = parsed.usage;
        let text = '';
        for (const choice of parsed.choices ?? []) {
          if ((choice.index ?? 0) !== 0) continue;
          if (typeof choice.text === 'string') text += choice.text;
          if (choice.finish_reason) finish = choice.finish_reason;
        }
        return { text };
      },
      frames: {
        text: (text) => chunk(text, null),
        end: () => `${chunk('', finish ?? 'stop', usage ? { usage } : {})}data: [DONE]\n\n`,
        blocked: (evaluation) =>
          errorEvent(
            `the answer was blocked by the guard policy (${describeBlock([evaluation])}); the stream ends here`,
            'content_blocked',
            'CONTENT_BLOCKED',
            { findings: blockedFindings([evaluation]), request_id: request.id },
          ),
        failed: () =>
          errorEvent('the upstream stream failed', 'upstream_unavailable', 'UPSTREAM_UNAVAILABLE'),
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
}
