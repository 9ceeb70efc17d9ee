export {
  type CheckOptions,
  type CheckRequest,
  type CheckResult,
  createGuardClient,
  type GuardClient,
  type GuardClientOptions,
  type ProcessOptions,
  type ProcessRequest,
  type ProcessResult,
} from './client.js';
export { GuardError, type ProblemDetails } from './errors.js';
export { proxyBaseUrl } from './proxy.js';
export type { components, operations, paths } from './schema.js';
