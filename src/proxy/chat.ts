import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { request as upstreamRequest } from 'undici';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { CallIdentity, GuardName } from '../guards/contract.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { Decision, PolicyEvaluation } from '../policies/evaluate.js';
import type { GuardPolicy } from '../policies/schema.js';
import type { GuardPolicies } from '../policies/service.js';
import { sseData, sseEvent } from './sse.js';
import { PlaceholderCarry, StreamBlocked, WindowGuard } from './stream-guard.js';
import type { Upstream, UpstreamStore } from './upstreams.js';

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

/** What happened to one proxied call; told to the observers once, when it is over. */
export interface ProxyOutcome {
  requestId: string;
  organizationId: string;
  route: 'chat' | 'embeddings';
  stream: boolean;
  /** `passed` only when every character of the answer was checked by the output guards. */
  status: 'passed' | 'blocked_input' | 'blocked_output' | 'incomplete' | 'upstream_error';
  policyVersion: number;
  input: Decision;
  output: Decision | null;
  guards: GuardName[];
  /** Streams: characters received from the upstream, and how many of them the guards checked. */
  receivedChars?: number;
  checkedChars?: number;
  windows?: number;
  overheadMs: number;
  /** Where the time went (ms): context (upstream, policy), input guards, token count, upstream, output guards. */
  timingsMs?: Partial<Record<'context' | 'input' | 'tokens' | 'upstream' | 'output', number>>;
}
export type ProxyObserver = (outcome: ProxyOutcome) => void;

export interface ProxyDeps {
  config: Config;
  logger: Logger;
  orchestrator: Orchestrator;
  policies: GuardPolicies;
  upstreams: UpstreamStore;
  /** SecurityGuard's vault, through its capability: restores input placeholders in answers. */
  restorePlaceholders?: (text: string, identity: CallIdentity) => Promise<string>;
  observers?: ProxyObserver[];
}

const RANK: Record<Decision, number> = { allow: 0, flag: 1, redact: 2, block: 3 };
const worst = (ds: Decision[]): Decision =>
  ds.reduce<Decision>((a, b) => (RANK[b] > RANK[a] ? b : a), 'allow');

const TOKEN_GUARD = 'tokenguard';

/** The findings of blocking evaluations, for the error body (no text of the prompt). */
const blockedFindings = (evaluations: PolicyEvaluation[]) =>
  evaluations.flatMap((e) =>
    e.findings
      .filter((f) => f.action === 'block' || f.action === 'redact')
      .map((f) => ({
        guard: f.guard,
        type: f.type,
        ...(f.category ? { category: f.category } : {}),
        severity: f.severity,
      })),
  );

const blockedErrors = (evaluations: PolicyEvaluation[]) => evaluations.flatMap((e) => e.errors);

const describeBlock = (evaluations: PolicyEvaluation[]): string => {
  const types = [...new Set(blockedFindings(evaluations).map((f) => f.type))];
  const failed = [...new Set(blockedErrors(evaluations).map((e) => e.guard))];
  return [
    types.length > 0 ? `findings: ${types.join(', ')}` : '',
    failed.length > 0 ? `guards failed (fail-closed): ${failed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
};

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
  constructor(private readonly deps: ProxyDeps) {}

  private record(outcome: ProxyOutcome): void {
    this.deps.logger.info({ request_id: outcome.requestId, proxy: outcome }, 'proxy call');
    for (const observer of this.deps.observers ?? []) {
      try {
        observer(outcome);
      } catch (err) {
        this.deps.logger.warn({ err }, 'proxy observer failed');
      }
    }
  }

  private async context(request: FastifyRequest, identityOf: (r: FastifyRequest) => CallIdentity) {
    const organizationId = request.principal?.organizationId;
    if (!organizationId) {
      throw new AppError(
        'FORBIDDEN',
        'the proxy works for an organization; use its API key or a token for it',
      );
    }
    const upstream = await this.deps.upstreams.get(organizationId);
    if (!upstream) {
      throw new AppError(
        'UPSTREAM_NOT_CONFIGURED',
        'no upstream is configured for this organization; PUT /api/v1/proxy/upstream {base_url, api_key}',
      );
    }
    const { version, policy } = await this.deps.policies.store.current(organizationId);
    const allowed = (g: string) =>
      this.deps.orchestrator.has(g) && (!request.tier || request.tier.guards_allowed.includes(g));
    const header = request.headers['x-session-id'];
    const sessionId =
      typeof header === 'string' && header.length > 0 && header.length <= 256 ? header : request.id;
    const identity: CallIdentity = { ...identityOf(request), organizationId, sessionId };
    return {
      organizationId,
      upstream,
      version,
      policy,
      identity,
      inputGuards: policy.input.guards.filter(allowed),
      outputGuards: policy.output.guards.filter(allowed),
      tokenGuard: allowed(TOKEN_GUARD),
    };
  }

  private async callUpstream(upstream: Upstream, path: string, body: unknown, signal: AbortSignal) {
    try {
      return await upstreamRequest(`${upstream.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(upstream.apiKey ? { authorization: `Bearer ${upstream.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
        headersTimeout: this.deps.config.PROXY_UPSTREAM_TIMEOUT_MS,
        bodyTimeout: this.deps.config.PROXY_UPSTREAM_TIMEOUT_MS,
      });
    } catch (err) {
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        `the upstream at ${new URL(upstream.baseUrl).host} did not answer: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
  }

  /** Input guards over every text of the request; the policy's decision, with rewritten texts. */
  private async guardInput(
    texts: string[],
    policy: GuardPolicy,
    guards: GuardName[],
    identity: CallIdentity,
  ): Promise<{ decision: Decision; evaluations: PolicyEvaluation[] }> {
    if (guards.length === 0) return { decision: 'allow', evaluations: [] };
    const evaluations = await Promise.all(
      texts.map((text) => this.deps.policies.evaluate(policy, 'input', text, identity, { guards })),
    );
    return { decision: worst(evaluations.map((e) => e.decision)), evaluations };
  }

  /** Records a call the input guards blocked and returns the error its caller throws. */
  private refuseInput(
    base: Omit<ProxyOutcome, 'status' | 'input' | 'output' | 'overheadMs'>,
    started: number,
    evaluations: PolicyEvaluation[],
    what: 'prompt' | 'input',
  ): AppError {
    this.record({
      ...base,
      status: 'blocked_input',
      input: 'block',
      output: null,
      overheadMs: performance.now() - started,
    });
    return new AppError(
      'CONTENT_BLOCKED',
      `the ${what} was blocked by the guard policy (${describeBlock(evaluations)})`,
      {
        stage: 'input',
        findings: blockedFindings(evaluations),
        guard_errors: blockedErrors(evaluations),
      },
    );
  }

  /** TokenGuard over the prompt: counts it (usage, budgets) and refuses what exceeds a budget or the model. */
  private async countTokens(
    enabled: boolean,
    payload: Record<string, unknown>,
    identity: CallIdentity,
  ): Promise<void> {
    if (!enabled) return;
    let result: Awaited<ReturnType<Orchestrator['run']>>;
    try {
      result = await this.deps.orchestrator.run(TOKEN_GUARD, payload, identity);
    } catch (err) {
      // Counting is best effort (an unknown model, a payload it cannot read); the call is not refused for it.
      this.deps.logger.debug({ err, request_id: identity.requestId }, 'proxy: token count failed');
      return;
    }
    if (result.verdict !== 'block') return;
    const budget = result.findings.find((f) => f.type === 'budget_exceeded');
    if (budget) throw new AppError('QUOTA_EXCEEDED', budget.message);
    throw new AppError('CONTENT_BLOCKED', result.findings[0]?.message ?? 'TokenGuard refused the request');
  }

  private headers(reply: FastifyReply, guards: GuardName[], version: number, overheadMs: number): void {
    void reply.headers({
      'x-guard-overhead-ms': overheadMs.toFixed(3),
      'x-guards-applied': guards.join(','),
      'x-guard-policy-version': String(version),
    });
  }

  async chat(
    request: FastifyRequest,
    body: ChatBody,
    reply: FastifyReply,
    identityOf: (r: FastifyRequest) => CallIdentity,
  ): Promise<unknown> {
    const started = performance.now();
    const ctx = await this.context(request, identityOf);
    const timingsMs: NonNullable<ProxyOutcome['timingsMs']> = { context: performance.now() - started };
    let mark = performance.now();
    const lap = (name: keyof typeof timingsMs) => {
      const now = performance.now();
      timingsMs[name] = now - mark;
      mark = now;
    };
    const stream = body.stream === true;
    const applied = [
      ...new Set([...ctx.inputGuards, ...ctx.outputGuards, ...(ctx.tokenGuard ? [TOKEN_GUARD] : [])]),
    ];
    const base = {
      requestId: request.id,
      organizationId: ctx.organizationId,
      route: 'chat' as const,
      stream,
      policyVersion: ctx.version,
      guards: applied,
      timingsMs,
    };

    const slots = textSlots(body.messages);
    const input = await this.guardInput(
      slots.map((s) => s.text),
      ctx.policy,
      ctx.inputGuards,
      ctx.identity,
    );
    lap('input');
    if (input.decision === 'block') throw this.refuseInput(base, started, input.evaluations, 'prompt');
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
    await this.countTokens(
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
    const res = await this.callUpstream(
      ctx.upstream,
      '/chat/completions',
      { ...body, messages },
      abort.signal,
    );

    if (res.statusCode >= 400 || !stream) {
      const raw = await res.body.text().catch(() => '');
      const upstreamMs = performance.now() - upstreamStarted;
      timingsMs.upstream = upstreamMs;
      mark = performance.now();
      reply.raw.off('close', onClose);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      if (res.statusCode >= 400 || json === undefined) {
        this.record({
          ...base,
          status: 'upstream_error',
          input: input.decision,
          output: null,
          overheadMs: beforeUpstream,
        });
        if (json === undefined) {
          throw new AppError(
            'UPSTREAM_UNAVAILABLE',
            `the upstream answered ${res.statusCode} with a body that is not JSON`,
          );
        }
        // The upstream's own error, as it sent it (already OpenAI-shaped).
        return reply.code(res.statusCode).type('application/json').send(json);
      }
      const answer = json as { choices?: { message?: { content?: unknown } }[] };
      const choices = (answer.choices ?? []).filter((c) => typeof c.message?.content === 'string');
      const evaluations =
        ctx.outputGuards.length === 0
          ? []
          : await Promise.all(
              choices.map((c) =>
                this.deps.policies.evaluate(
                  ctx.policy,
                  'output',
                  String(c.message?.content),
                  outputIdentity,
                  {
                    guards: ctx.outputGuards,
                  },
                ),
              ),
            );
      const output = worst(evaluations.map((e) => e.decision));
      lap('output');
      const overheadMs = performance.now() - started - upstreamMs;
      if (output === 'block') {
        this.record({ ...base, status: 'blocked_output', input: input.decision, output, overheadMs });
        throw new AppError(
          'CONTENT_BLOCKED',
          `the answer was blocked by the guard policy (${describeBlock(evaluations)})`,
          {
            stage: 'output',
            findings: blockedFindings(evaluations),
            guard_errors: blockedErrors(evaluations),
          },
        );
      }
      for (const [i, choice] of choices.entries()) {
        const message = choice.message as { content: string };
        message.content = await restore(
          evaluations[i]?.decision === 'redact' ? (evaluations[i]?.text ?? '') : message.content,
        );
      }
      if (ctx.tokenGuard) {
        // The answer's tokens count too (usage per guard call); nobody waits for it.
        const text = choices.map((c) => String(c.message?.content)).join('\n');
        void this.deps.orchestrator
          .run(TOKEN_GUARD, { text, model: body.model }, ctx.identity)
          .catch(() => undefined);
      }
      this.record({ ...base, status: 'passed', input: input.decision, output, overheadMs });
      this.headers(reply, applied, ctx.version, overheadMs);
      return reply.type('application/json').send(answer);
    }

    // Streaming: our own chunks, each released only once a window holding it was checked.
    this.headers(reply, applied, ctx.version, beforeUpstream);
    const out = new PassThrough();
    // A client that went away destroys the stream; later writes are dropped, never a crash.
    out.on('error', () => undefined);
    void reply
      .type('text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no')
      .send(out);
    const guard = new WindowGuard(
      (window) =>
        this.deps.policies.evaluate(ctx.policy, 'output', window, outputIdentity, {
          guards: ctx.outputGuards,
        }),
      ctx.policy.stream.window_chars,
      ctx.policy.stream.overlap_chars,
    );
    const carry = new PlaceholderCarry();
    let meta: { id: string; model: string; created: number } | undefined;
    let roleSent = false;
    let finish: unknown = null;
    let usage: unknown;
    // `last`: the end of the answer, where a held-back partial placeholder goes out as it is.
    const emit = async (text: string, last = false) => {
      const content = redacted
        ? await restore(last ? carry.push(text) + carry.flush() : carry.push(text))
        : text;
      if (content.length === 0) return;
      out.write(
        sseEvent({
          id: meta?.id ?? `chatcmpl-${request.id}`,
          object: 'chat.completion.chunk',
          created: meta?.created ?? Math.floor(Date.now() / 1000),
          model: meta?.model ?? body.model,
          choices: [
            { index: 0, delta: roleSent ? { content } : { role: 'assistant', content }, finish_reason: null },
          ],
        }),
      );
      roleSent = true;
    };
    let status: ProxyOutcome['status'] = 'incomplete';
    let outputDecision: Decision | null = null;
    try {
      for await (const data of sseData(res.body)) {
        if (data === '[DONE]') break;
        let chunk: {
          id?: string;
          model?: string;
          created?: number;
          error?: unknown;
          usage?: unknown;
          choices?: { index?: number; delta?: { content?: unknown }; finish_reason?: unknown }[];
        };
        try {
          chunk = JSON.parse(data);
        } catch {
          continue;
        }
        if (chunk.error) {
          status = 'upstream_error';
          out.write(sseEvent({ error: chunk.error }));
          return reply;
        }
        meta ??= {
          id: chunk.id ?? `chatcmpl-${request.id}`,
          model: chunk.model ?? body.model,
          created: chunk.created ?? Math.floor(Date.now() / 1000),
        };
        if (chunk.usage) usage = chunk.usage;
        for (const choice of chunk.choices ?? []) {
          if ((choice.index ?? 0) !== 0) continue;
          if (typeof choice.delta?.content === 'string' && choice.delta.content.length > 0) {
            await emit(await guard.feed(choice.delta.content));
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
      }
      await emit(await guard.finish(), true);
      outputDecision = worst(guard.evaluations.map((e) => e.decision));
      out.write(
        sseEvent({
          id: meta?.id ?? `chatcmpl-${request.id}`,
          object: 'chat.completion.chunk',
          created: meta?.created ?? Math.floor(Date.now() / 1000),
          model: meta?.model ?? body.model,
          choices: [{ index: 0, delta: {}, finish_reason: finish ?? 'stop' }],
          ...(usage ? { usage } : {}),
        }),
      );
      out.write('data: [DONE]\n\n');
      // Passed only when every character received went through the output guards.
      status = guard.complete ? 'passed' : 'incomplete';
      if (ctx.tokenGuard && guard.receivedChars > 0) {
        void this.deps.orchestrator
          .run(TOKEN_GUARD, { text: guard.receivedText, model: body.model }, ctx.identity)
          .catch(() => undefined);
      }
    } catch (err) {
      if (err instanceof StreamBlocked) {
        status = 'blocked_output';
        outputDecision = 'block';
        out.write(
          sseEvent({
            error: {
              message: `the answer was blocked by the guard policy (${describeBlock([err.evaluation])}); the stream ends here`,
              type: 'content_blocked',
              code: 'CONTENT_BLOCKED',
              param: null,
              findings: blockedFindings([err.evaluation]),
              request_id: request.id,
            },
          }),
        );
      } else {
        status = abort.signal.aborted ? 'incomplete' : 'upstream_error';
        this.deps.logger.warn({ err, request_id: request.id }, 'proxy: stream ended early');
        if (!abort.signal.aborted) {
          out.write(
            sseEvent({
              error: {
                message: 'the upstream stream failed',
                type: 'upstream_unavailable',
                code: 'UPSTREAM_UNAVAILABLE',
                param: null,
              },
            }),
          );
        }
      }
    } finally {
      reply.raw.off('close', onClose);
      out.end();
      this.record({
        ...base,
        status,
        input: input.decision,
        output: outputDecision,
        receivedChars: guard.receivedChars,
        checkedChars: guard.checkedChars,
        windows: guard.windows,
        overheadMs: beforeUpstream,
      });
    }
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
    const ctx = await this.context(request, identityOf);
    const base = {
      requestId: request.id,
      organizationId: ctx.organizationId,
      route: 'embeddings' as const,
      stream: false,
      policyVersion: ctx.version,
      guards: ctx.inputGuards,
    };
    const texts =
      typeof body.input === 'string'
        ? [body.input]
        : body.input.every((x): x is string => typeof x === 'string')
          ? body.input
          : [];
    const input = await this.guardInput(texts, ctx.policy, ctx.inputGuards, ctx.identity);
    if (input.decision === 'block') throw this.refuseInput(base, started, input.evaluations, 'input');
    const rewritten =
      input.decision !== 'redact'
        ? body.input
        : typeof body.input === 'string'
          ? (input.evaluations[0]?.text ?? body.input)
          : texts.map((t, i) => input.evaluations[i]?.text ?? t);
    const overheadMs = performance.now() - started;
    const res = await this.callUpstream(
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
      this.record({ ...base, status: 'upstream_error', input: input.decision, output: null, overheadMs });
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        `the upstream answered ${res.statusCode} with a body that is not JSON`,
      );
    }
    this.record({
      ...base,
      status: res.statusCode >= 400 ? 'upstream_error' : 'passed',
      input: input.decision,
      output: null,
      overheadMs,
    });
    this.headers(reply, ctx.inputGuards, ctx.version, overheadMs);
    return reply.code(res.statusCode).type('application/json').send(json);
  }
}
