import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { request as upstreamRequest } from 'undici';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { CallIdentity, GuardName } from '../guards/contract.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import { type Decision, type PolicyEvaluation, worst } from '../policies/evaluate.js';
import { type GuardPolicy, type PolicyRoute, policyForCall } from '../policies/schema.js';
import type { GuardPolicies } from '../policies/service.js';
import { type RelayOptions, relayGuardedStream } from './relay.js';
import type { Provider, Upstream, UpstreamStore } from './upstreams.js';

/*
 * What every proxied API shares (OpenAI's chat, completions and embeddings, Anthropic's messages):
 * the organization's context, input guards, the token count, the upstream call, the outcome.
 */

/** What happened to one proxied call; told to the observers once, when it is over. */
export interface ProxyOutcome {
  requestId: string;
  organizationId: string;
  route: PolicyRoute;
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

export const TOKEN_GUARD = 'tokenguard';

/** The findings of blocking evaluations, for the error body (no text of the prompt). */
export const blockedFindings = (evaluations: PolicyEvaluation[]) =>
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

export const blockedErrors = (evaluations: PolicyEvaluation[]) => evaluations.flatMap((e) => e.errors);

export const describeBlock = (evaluations: PolicyEvaluation[]): string => {
  const types = [...new Set(blockedFindings(evaluations).map((f) => f.type))];
  const failed = [...new Set(blockedErrors(evaluations).map((e) => e.guard))];
  return [
    types.length > 0 ? `findings: ${types.join(', ')}` : '',
    failed.length > 0 ? `guards failed (fail-closed): ${failed.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
};

/** OpenAI's credential header (Azure OpenAI's OpenAI-compatible endpoint, vLLM and Ollama take it too). */
const bearer = (apiKey: string | null): Record<string, string> =>
  apiKey ? { authorization: `Bearer ${apiKey}` } : {};

/** The call context `ProxyCore.context` builds: upstream, policy, identity, the guards allowed. */
export type CallContext = Awaited<ReturnType<ProxyCore['context']>>;

/**
 * Where an API keeps the answer's text: the text parts of a JSON answer (each with a setter for the
 * text sent back), and how its stream's events are read and written (relay.ts).
 */
export interface AnswerShape {
  texts(answer: unknown): { text: string; set(text: string): void }[];
  stream(): Pick<RelayOptions, 'read' | 'frames'>;
}

/**
 * The objects in `answer[key]`, for reading an upstream answer: an answer of another shape ("choices"
 * a string, null entries, a bare number) has no texts to guard, where reading it blindly was a 500.
 */
export function objectsAt(answer: unknown, key: string): Record<string, unknown>[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const list = (answer as Record<string, unknown>)[key];
  return Array.isArray(list)
    ? list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null)
    : [];
}

/** The steps every proxied call goes through; the API handlers (chat.ts, anthropic.ts) compose them. */
export class ProxyCore {
  constructor(readonly deps: ProxyDeps) {}

  record(outcome: ProxyOutcome): void {
    this.deps.logger.info({ request_id: outcome.requestId, proxy: outcome }, 'proxy call');
    for (const observer of this.deps.observers ?? []) {
      try {
        observer(outcome);
      } catch (err) {
        this.deps.logger.warn({ err }, 'proxy observer failed');
      }
    }
  }

  /** The organization's upstream (of `provider`), policy, identity and the guards its tier allows. */
  async context(
    request: FastifyRequest,
    identityOf: (r: FastifyRequest) => CallIdentity,
    route: PolicyRoute,
    provider: Provider = 'openai',
  ) {
    const organizationId = request.principal?.organizationId;
    if (!organizationId) {
      throw new AppError(
        'FORBIDDEN',
        'the proxy works for an organization; use its API key or a token for it',
      );
    }
    const upstream = await this.deps.upstreams.get(organizationId, provider);
    if (!upstream) {
      throw new AppError(
        'UPSTREAM_NOT_CONFIGURED',
        `no ${provider} upstream is configured for this organization; PUT /api/v1/proxy/upstream {provider: '${provider}', base_url, api_key}`,
      );
    }
    const stored = await this.deps.policies.store.current(organizationId);
    const { version } = stored;
    // The caller's API key's and the route's overrides, if the policy has any, over the organization's.
    const policy = policyForCall(stored.policy, {
      route,
      apiKeyId: request.principal?.apiKeyId ?? undefined,
    });
    const allowed = (g: string) =>
      this.deps.orchestrator.has(g) && (!request.tier || request.tier.guards_allowed.includes(g));
    const header = request.headers['x-session-id'];
    const sessionId =
      typeof header === 'string' && header.length > 0 && header.length <= 256 ? header : request.id;
    const identity: CallIdentity = { ...identityOf(request), organizationId, sessionId };
    const inputGuards = policy.input.guards.filter(allowed);
    const outputGuards = policy.output.guards.filter(allowed);
    const tokenGuard = allowed(TOKEN_GUARD);
    // Every guard this call may run, for the x-guards-applied header and the outcome.
    const applied = [...new Set([...inputGuards, ...outputGuards, ...(tokenGuard ? [TOKEN_GUARD] : [])])];
    return {
      organizationId,
      upstream,
      version,
      policy,
      identity,
      inputGuards,
      outputGuards,
      tokenGuard,
      applied,
      /** The fields every outcome record of this call shares. */
      outcome: (stream: boolean) => ({
        requestId: request.id,
        organizationId,
        route,
        stream,
        policyVersion: version,
        guards: applied,
      }),
    };
  }

  /** POSTs JSON to the upstream; `auth` makes its credential headers (OpenAI's bearer by default). */
  async callUpstream(
    upstream: Upstream,
    path: string,
    body: unknown,
    signal: AbortSignal,
    auth: (apiKey: string | null) => Record<string, string> = bearer,
  ) {
    try {
      return await upstreamRequest(`${upstream.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...auth(upstream.apiKey),
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
  async guardInput(
    texts: { text: string; role?: string }[],
    policy: GuardPolicy,
    guards: GuardName[],
    identity: CallIdentity,
  ): Promise<{ decision: Decision; evaluations: PolicyEvaluation[] }> {
    if (guards.length === 0) return { decision: 'allow', evaluations: [] };
    const evaluations = await Promise.all(
      texts.map(({ text, role }) =>
        this.deps.policies.evaluate(policy, 'input', text, identity, {
          guards,
          ...(role !== undefined ? { role } : {}),
        }),
      ),
    );
    return { decision: worst(evaluations.map((e) => e.decision)), evaluations };
  }

  /**
   * Input guards over a request field that is a string or a list (a completions prompt, an
   * embeddings input): a list of token ids is not text and goes up unchecked. A block is recorded
   * and thrown; otherwise the field comes back with the redactions applied, and its texts.
   */
  async guardStrings<V extends string | readonly unknown[]>(
    value: V,
    ctx: CallContext,
    base: Omit<ProxyOutcome, 'status' | 'input' | 'output' | 'overheadMs'>,
    started: number,
    what: 'prompt' | 'input',
  ): Promise<{ decision: Decision; texts: string[]; value: V | string | string[] }> {
    const texts =
      typeof value === 'string'
        ? [value]
        : value.every((x): x is string => typeof x === 'string')
          ? [...value]
          : [];
    const input = await this.guardInput(
      texts.map((text) => ({ text })),
      ctx.policy,
      ctx.inputGuards,
      ctx.identity,
    );
    if (input.decision === 'block') throw this.refuseInput(base, started, input.evaluations, what);
    const rewritten =
      input.decision !== 'redact'
        ? value
        : typeof value === 'string'
          ? (input.evaluations[0]?.text ?? value)
          : texts.map((t, i) => input.evaluations[i]?.text ?? t);
    return { decision: input.decision, texts, value: rewritten };
  }

  /** Records a call the input guards blocked and returns the error its caller throws. */
  refuseInput(
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
  async countTokens(
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

  /**
   * Reads a non-streamed upstream answer. An error status or a body that is not JSON is recorded as
   * `upstream_error`: the upstream's own error goes back as it came (already in its API's shape,
   * `sent`); a body that is not JSON is UPSTREAM_UNAVAILABLE.
   */
  async readAnswer(
    res: { statusCode: number; body: { text(): Promise<string> } },
    reply: FastifyReply,
    failed: Omit<ProxyOutcome, 'status' | 'output'>,
  ): Promise<{ json: unknown; sent?: undefined } | { sent: FastifyReply }> {
    const raw = await res.body.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    if (res.statusCode < 400 && json !== undefined) return { json };
    this.record({ ...failed, status: 'upstream_error', output: null });
    if (json === undefined) {
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        `the upstream answered ${res.statusCode} with a body that is not JSON`,
      );
    }
    return { sent: reply.code(res.statusCode).type('application/json').send(json) };
  }

  /**
   * Output guards over the texts of a non-streamed answer, then what follows from their decision:
   * a block is recorded and thrown; otherwise redacted texts come back with the input's
   * placeholders restored, TokenGuard counts the answer (nobody waits for it), the call is recorded
   * as passed and the headers are set. Returns the texts to send, in order.
   */
  async guardAnswer(
    texts: string[],
    o: {
      outcome: Omit<ProxyOutcome, 'status' | 'output' | 'overheadMs'>;
      /** The output evaluation of one text; absent when the policy runs no output guard. */
      evaluate: ((text: string) => Promise<PolicyEvaluation>) | undefined;
      restore: (text: string) => Promise<string>;
      /** Time spent in the gateway so far, read once the guards are done. */
      overheadMs: () => number;
      afterGuards?: () => void;
      /** TokenGuard counts the answer when given. */
      tokens: { model: string; identity: CallIdentity } | undefined;
      reply: FastifyReply;
      version: number;
    },
  ): Promise<string[]> {
    const { evaluate } = o;
    const evaluations = evaluate ? await Promise.all(texts.map((t) => evaluate(t))) : [];
    const output = worst(evaluations.map((e) => e.decision));
    o.afterGuards?.();
    const overheadMs = o.overheadMs();
    if (output === 'block') {
      this.record({ ...o.outcome, status: 'blocked_output', output, overheadMs });
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
    const sent = await Promise.all(
      texts.map((t, i) =>
        o.restore(evaluations[i]?.decision === 'redact' ? (evaluations[i]?.text ?? '') : t),
      ),
    );
    if (o.tokens && sent.length > 0) {
      void this.deps.orchestrator
        .run(TOKEN_GUARD, { text: sent.join('\n'), model: o.tokens.model }, o.tokens.identity)
        .catch(() => undefined);
    }
    this.record({ ...o.outcome, status: 'passed', output, overheadMs });
    this.headers(o.reply, o.outcome.guards, o.version, overheadMs);
    return sent;
  }

  /**
   * The part of a call after its input guards, the same for every API: the upstream call (stopped
   * when the client goes away), then the answer's output guards, placeholders restored, TokenGuard
   * counting the answer and the call recorded; a streamed answer through relay.ts. `shape` says
   * where the API keeps the answer's text.
   */
  async exchange(o: {
    request: FastifyRequest;
    reply: FastifyReply;
    ctx: CallContext;
    /** performance.now() when the call arrived. */
    started: number;
    /** The outcome's shared fields; with `timingsMs`, the upstream and output laps are added. */
    base: Omit<ProxyOutcome, 'status' | 'input' | 'output' | 'overheadMs'>;
    input: Decision;
    model: string;
    upstream: { path: string; body: unknown; auth?: (apiKey: string | null) => Record<string, string> };
    shape: AnswerShape;
  }): Promise<unknown> {
    const { request, reply, ctx, started, base, input, model, shape } = o;
    const redacted = input === 'redact';
    const restore = async (text: string) =>
      redacted && this.deps.restorePlaceholders ? this.deps.restorePlaceholders(text, ctx.identity) : text;
    // Output guards use a session of their own: placeholders they write must not be restored.
    const outputIdentity: CallIdentity = { ...ctx.identity, sessionId: `${ctx.identity.sessionId}:output` };
    const evaluateOutput = (text: string) =>
      this.deps.policies.evaluate(ctx.policy, 'output', text, outputIdentity, { guards: ctx.outputGuards });
    const countAnswer = (text: string) => {
      void this.deps.orchestrator.run(TOKEN_GUARD, { text, model }, ctx.identity).catch(() => undefined);
    };

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
      o.upstream.path,
      o.upstream.body,
      abort.signal,
      o.upstream.auth,
    );

    if (res.statusCode >= 400 || !base.stream) {
      const read = await this.readAnswer(res, reply, { ...base, input, overheadMs: beforeUpstream });
      const upstreamMs = performance.now() - upstreamStarted;
      if (base.timingsMs) base.timingsMs.upstream = upstreamMs;
      const guardsStarted = performance.now();
      reply.raw.off('close', onClose);
      if (read.sent) return read.sent;
      const parts = shape.texts(read.json);
      const sent = await this.guardAnswer(
        parts.map((p) => p.text),
        {
          outcome: { ...base, input },
          evaluate: ctx.outputGuards.length > 0 ? evaluateOutput : undefined,
          restore,
          afterGuards: () => {
            if (base.timingsMs) base.timingsMs.output = performance.now() - guardsStarted;
          },
          overheadMs: () => performance.now() - started - upstreamMs,
          tokens: ctx.tokenGuard ? { model, identity: ctx.identity } : undefined,
          reply,
          version: ctx.version,
        },
      );
      for (const [i, p] of parts.entries()) p.set(sent[i] ?? p.text);
      return reply.type('application/json').send(read.json);
    }

    // An upstream that answers a streaming request with a whole JSON or HTML body sends no events:
    // relayed, it read as an empty answer that passed. It is a failed call.
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type && type !== 'text/event-stream') {
      await res.body.text().catch(() => '');
      reply.raw.off('close', onClose);
      this.record({ ...base, input, status: 'upstream_error', output: null, overheadMs: beforeUpstream });
      throw new AppError(
        'UPSTREAM_UNAVAILABLE',
        `the upstream answered a streaming request with ${type}, not an event stream`,
      );
    }

    // Streaming: the API's own events, each piece of text released once a window holding it was checked.
    this.headers(reply, ctx.applied, ctx.version, beforeUpstream);
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
      ...shape.stream(),
    });
    reply.raw.off('close', onClose);
    if (relayed.status === 'passed' && ctx.tokenGuard && relayed.receivedText.length > 0) {
      countAnswer(relayed.receivedText);
    }
    const { receivedText: _, output, ...counts } = relayed;
    this.record({ ...base, ...counts, input, output, overheadMs: beforeUpstream });
    return reply;
  }

  headers(reply: FastifyReply, guards: GuardName[], version: number, overheadMs: number): void {
    void reply.headers({
      'x-guard-overhead-ms': overheadMs.toFixed(3),
      'x-guards-applied': guards.join(','),
      'x-guard-policy-version': String(version),
    });
  }
}
