import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CallIdentity } from '../guards/contract.js';
import { type AnswerShape, objectsAt, type ProxyCore } from './core.js';
import { openAiStream } from './openai-stream.js';

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
    const {
      decision,
      texts,
      value: prompt,
    } = await this.core.guardStrings(body.prompt, ctx, base, started, 'prompt');
    await this.core.countTokens(
      ctx.tokenGuard && texts.length > 0,
      {
        text: (typeof prompt === 'string' ? [prompt] : (prompt as string[])).join('\n'),
        model: body.model,
      },
      ctx.identity,
    );
    return this.core.exchange({
      request,
      reply,
      ctx,
      started,
      base,
      input: decision,
      model: body.model,
      upstream: { path: '/completions', body: { ...body, prompt } },
      shape: completionsAnswer(request.id, body.model),
    });
  }
}

/** Legacy completions' answer: `choices[].text`, and `text_completion` events. */
const completionsAnswer = (requestId: string, model: string): AnswerShape => ({
  texts: (answer) =>
    objectsAt(answer, 'choices').flatMap((c) =>
      typeof c.text === 'string' ? [{ text: c.text, set: (text: string) => (c.text = text) }] : [],
    ),
  stream: () =>
    openAiStream({
      requestId,
      model,
      idPrefix: 'cmpl',
      object: 'text_completion',
      textOf: (choice) => choice.text,
      choice: (text, _first, finishReason) => ({
        index: 0,
        text: text ?? '',
        logprobs: null,
        finish_reason: finishReason,
      }),
    }),
});
