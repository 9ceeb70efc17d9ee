import type { Capabilities } from '../capabilities.js';

/**
 * How ContextGuard scores a window of recent user turns for prompt injection: SecurityGuard's
 * model, injected by the registry (module.ts declares the need).
 */
export type InjectionScorer = Capabilities['injectionScorer'];
