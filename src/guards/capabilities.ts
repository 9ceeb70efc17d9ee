import type { KeyValueStore } from '../storage/kv/types.js';
import type { CallIdentity, Finding } from './contract.js';

/**
 * What one guard offers the others. A guard module declares the capabilities it provides and the
 * ones it needs; the registry injects them, so no guard folder imports a sibling folder.
 * Capabilities are plain functions over text, available even when the providing guard is not
 * built in this process (MODE=contextguard still gets SecurityGuard's injection model).
 */
export interface Capabilities {
  /** Scores a text for prompt injection (SecurityGuard's model). */
  injectionScorer: (text: string) => { score: number; findings: Finding[] };
  /** Scans a training row for injected instructions, secrets, PII and hidden text (SecurityGuard). */
  threatScanner: (text: string) => { score: number; types: string[] };
  /**
   * The module a worker thread imports to get `threatScanner` (functions cannot cross threads):
   * a file URL whose module exports `threatScanner`.
   */
  threatScannerModule: string;
  /**
   * What the main thread hands each such worker (structured-cloneable), for the module's
   * `adoptThreatScannerModels`: SecurityGuard's decoded models, their weights on shared memory, so
   * a worker reads the main thread's copy instead of loading its own.
   */
  threatScannerModels: () => unknown;
  /**
   * Puts back the originals of the redaction placeholders (`[EMAIL_1]`) that SecurityGuard wrote
   * into the vault of this caller's session (the identity the redacting guard call had).
   */
  placeholderRestorer: (
    kv: KeyValueStore,
  ) => (
    text: string,
    identity: Pick<CallIdentity, 'organizationId' | 'callerId' | 'sessionId' | 'userId'>,
  ) => Promise<string>;
}

export type CapabilityName = keyof Capabilities;
