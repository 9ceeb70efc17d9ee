import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { errorHandler } from '../../src/gateway/error-handler.js';

/**
 * A bare Fastify app with the gateway's zod compilers and its real problem-details error handler,
 * for testing one guard's route plugin without the whole gateway.
 */
export function routeTestApp(): FastifyInstance {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  return app;
}
