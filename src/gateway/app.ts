import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { registerPolicyRoutes } from '../policies/routes.js';
import { registerProxyRoutes } from '../proxy/routes.js';
import { auditDeclaredChanges, PUBLIC, registerAuth } from './auth.js';
import { errorHandler, sendProblem } from './error-handler.js';
import { JsonParseThread, OFF_THREAD_JSON_BYTES, parseJsonBody } from './json-parser.js';
import { requestIdFrom } from './request-id.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerBillingRoutes } from './routes/billing.js';
import { registerConsoleRoutes } from './routes/console.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { registerExperimentRoutes } from './routes/experiments.js';
import { registerFileRoutes } from './routes/files.js';
import { registerGuardForwards } from './routes/guard-forward.js';
import { registerGuardServiceRoutes } from './routes/guard-service.js';
import { identityOf, registerGuardRoutes } from './routes/guards.js';
import { registerOrganizationRoutes } from './routes/organizations.js';
import { registerRuntimeConfigRoutes } from './routes/runtime-config.js';
import { registerStatsRoutes } from './routes/stats.js';
import { registerSystemRoutes } from './routes/system.js';
import { SECURITY_HEADERS } from './security-headers.js';
import type { App, AppDeps } from './types.js';

/** Builds the HTTP app; it does not listen, so tests drive it with `inject`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, metrics } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // One log line per request is written by the onResponse hook below, with the fields we want.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  // Requests are validated with zod; responses are plain JSON.stringify (schemas document them).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // JSON only: any other body type is a 415, not a confusing validation error.
  app.removeAllContentTypeParsers();
  // Large bodies are parsed on a worker thread, so they do not stall the event loop.
  const jsonThread = new JsonParseThread();
  app.addHook('onClose', async () => jsonThread.close());
  app.addContentTypeParser(
    ['application/json', 'application/problem+json'],
    { parseAs: 'buffer' },
    (_request, body, done) => {
      const bytes = body as Buffer;
      if (bytes.length >= OFF_THREAD_JSON_BYTES) {
        jsonThread.parse(bytes, config.JSON_MAX_DEPTH).then(
          (value) => done(null, value),
          (err: unknown) => done(err as Error, undefined),
        );
        return;
      }
      try {
        done(null, parseJsonBody(bytes.toString('utf8'), config.JSON_MAX_DEPTH));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
  });
  const logRequests = deps.logger.isLevelEnabled('info');
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    if (logRequests) {
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request',
      );
    }
  });

  // Without configured origins no CORS header is ever sent, so the plugin is not even registered.
  if (config.CORS_ORIGINS.length > 0) {
    await app.register(cors, {
      origin: config.CORS_ORIGINS.includes('*') ? true : config.CORS_ORIGINS,
      exposedHeaders: [
        'x-request-id',
        'retry-after',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
      ],
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CodeGuardians Gateway',
        version: deps.version,
        description: 'One API to screen LLM prompts, outputs and datasets with six guards.',
      },
      tags: [
        { name: 'guards', description: 'Run guards' },
        { name: 'system', description: 'Health, readiness and metrics' },
        { name: 'auth', description: 'Users, tokens and sessions' },
        { name: 'organizations', description: 'Organizations, members and the audit log' },
        { name: 'api-keys', description: 'API keys of your organization' },
        { name: 'billing', description: 'Tiers, subscriptions and usage' },
        { name: 'contextguard', description: 'Conversation memory per organization' },
        { name: 'biasguard', description: 'Bias policies, violations and compliance reports' },
        { name: 'healthguard', description: 'Dataset poisoning jobs and service health' },
        { name: 'securityguard', description: 'De-anonymization of redacted text' },
        { name: 'files', description: 'Uploaded datasets and exports of your organization' },
        { name: 'runtime-config', description: 'Settings that change without a restart' },
        { name: 'discovery', description: 'Guard service instances of the distributed mode' },
        { name: 'experiments', description: 'A/B tests of guard settings' },
        {
          name: 'guard-policy',
          description: 'Which guards run on prompts and answers, and what their findings do',
        },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A JWT access token or an API key (cg_...)',
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: { access: PUBLIC }, schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new AppError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );

  const platform = config.AUTH_ENABLED ? deps.platform : undefined;
  if (platform) {
    registerAuth(app, config, platform);
    auditDeclaredChanges(app, platform);
  }
  registerSystemRoutes(app, deps);
  registerConsoleRoutes(app, deps.consoleDir);
  registerGuardRoutes(app, deps);
  if (platform) {
    registerAuthRoutes(app, platform, { allowRegistration: config.AUTH_ALLOW_REGISTRATION });
    registerOrganizationRoutes(app, platform, deps.db);
    registerBillingRoutes(app, platform);
    if (deps.runtimeConfig) registerRuntimeConfigRoutes(app, { service: deps.runtimeConfig });
    if (deps.discovery) registerDiscoveryRoutes(app, deps.discovery);
    if (deps.policies)
      registerPolicyRoutes(app, { policies: deps.policies, identityOf: (r) => identityOf(r) });
    if (deps.proxy) {
      registerProxyRoutes(app, {
        ...deps.proxy,
        identityOf: (r) => identityOf(r),
        allowPrivateUpstreams: config.PROXY_ALLOW_PRIVATE_UPSTREAMS,
      });
    }
    registerStatsRoutes(app, deps.db);
  }
  // Each built guard module mounts its own endpoints (declaring their access rules); they act for
  // the organization of the authenticated caller.
  const organizationOf = (request: FastifyRequest) => request.principal?.organizationId ?? 'default';
  for (const mount of deps.guardRoutes ?? []) mount(app, { organizationOf });
  if (deps.serviceToken) registerGuardServiceRoutes(app, deps, deps.serviceToken);
  await registerGuardForwards(app, deps.guardForwards ?? []);
  if (deps.experiments) registerExperimentRoutes(app, { experiments: deps.experiments, organizationOf });
  if (deps.files)
    await registerFileRoutes(app, {
      store: deps.files,
      organizationOf,
      urlTtlSeconds: config.FILES_URL_TTL_SECONDS,
    });

  return app;
}
