import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { CallIdentity } from '../guards/contract.js';
import { ADMIN, READ, RUN_GUARDS, USAGE_PER_GUARD_CALL } from '../http/access.js';
import { type AnthropicProxy, messagesBody } from './anthropic.js';
import { type ChatProxy, chatBody, embeddingsBody } from './chat.js';
import { type CompletionsProxy, completionsBody } from './completions.js';
import { checkBaseUrl, PROVIDERS, type UpstreamStore } from './upstreams.js';

export interface ProxyRoutesDeps {
  proxy: ChatProxy;
  completions: CompletionsProxy;
  anthropic: AnthropicProxy;
  upstreams: UpstreamStore;
  identityOf: (request: FastifyRequest) => CallIdentity;
  allowPrivateUpstreams: boolean;
}

const organizationOf = (request: FastifyRequest): string => {
  const org = request.principal?.organizationId;
  if (!org)
    throw new AppError('FORBIDDEN', 'the proxy upstream belongs to an organization; use its credentials');
  return org;
};

/**
 * The OpenAI-compatible proxy: /v1/chat/completions and /v1/embeddings (errors in OpenAI's shape
 * too), Anthropic's /v1/messages (errors in Anthropic's shape too), and /api/v1/proxy/upstream, where an organization's admin sets its model server.
 */
export function registerProxyRoutes(app: FastifyInstance, deps: ProxyRoutesDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['proxy'];
  const provider = z
    .enum(PROVIDERS)
    .default('openai')
    .describe(
      "Whose API the upstream speaks: 'openai' (OpenAI, Azure OpenAI, vLLM, Ollama, ...) or 'anthropic'",
    );

  r.get(
    '/api/v1/proxy/upstream',
    {
      config: { access: READ },
      schema: {
        tags,
        summary: "The organization's upstream model server (never its key)",
        querystring: z.object({ provider }),
      },
    },
    async (request) => {
      const view = await deps.upstreams.describe(organizationOf(request), request.query.provider);
      if (!view) throw new AppError('NOT_FOUND', 'no upstream is configured for this organization');
      return view;
    },
  );

  r.put(
    '/api/v1/proxy/upstream',
    {
      config: { access: ADMIN, audit: { resourceType: 'proxy_upstream' } },
      schema: {
        tags,
        summary:
          'Set the upstream model server (OpenAI, Azure OpenAI, vLLM, Ollama, ...); the key is stored encrypted',
        body: z.strictObject({
          provider,
          base_url: z
            .string()
            .min(1)
            .max(2000)
            .describe('For example https://api.openai.com/v1 or https://api.anthropic.com/v1'),
          api_key: z
            .string()
            .min(1)
            .max(4000)
            .nullable()
            .optional()
            .describe('Omit to keep the stored key; null removes it'),
        }),
      },
    },
    async (request) => {
      const org = organizationOf(request);
      const baseUrl = checkBaseUrl(request.body.base_url, deps.allowPrivateUpstreams);
      const actor =
        request.principal?.userId ??
        (request.principal?.apiKeyId ? `key:${request.principal.apiKeyId}` : null);
      return deps.upstreams.set(org, baseUrl, request.body.api_key, actor, request.body.provider);
    },
  );

  r.post(
    '/v1/chat/completions',
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL, errorShape: 'openai' },
      schema: {
        tags,
        summary: 'OpenAI-compatible chat completions (streaming too), guarded on the way up and down',
        body: chatBody,
      },
    },
    (request, reply) => deps.proxy.chat(request, request.body, reply, deps.identityOf),
  );

  r.post(
    '/v1/completions',
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL, errorShape: 'openai' },
      schema: {
        tags,
        summary: 'OpenAI-compatible legacy completions (streaming too), guarded on the prompt and the texts',
        body: completionsBody,
      },
    },
    (request, reply) => deps.completions.completions(request, request.body, reply, deps.identityOf),
  );

  r.post(
    '/v1/embeddings',
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL, errorShape: 'openai' },
      schema: { tags, summary: 'OpenAI-compatible embeddings, with input guards', body: embeddingsBody },
    },
    (request, reply) => deps.proxy.embeddings(request, request.body, reply, deps.identityOf),
  );

  r.post(
    '/v1/messages',
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL, errorShape: 'anthropic' },
      schema: {
        tags,
        summary: 'Anthropic-compatible messages (streaming too), guarded on the way up and down',
        body: messagesBody,
      },
    },
    (request, reply) => deps.anthropic.messages(request, request.body, reply, deps.identityOf),
  );
}
