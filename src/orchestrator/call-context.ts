import type { Logger } from 'pino';
import type { CallIdentity, CallSettings, GuardContext } from '../guards/contract.js';
import { DEADLINE, type Deadline } from './deadline.js';

/**
 * The context of one guard call as the orchestrator builds it: the caller's identity and the
 * call's settings, with the deadline's signal and the request's child logger made only when a
 * guard reads them (most calls read neither). A class, not an object literal with getters, a
 * spread and a symbol defined on it afterwards: that literal made every context a dictionary-mode
 * object, slow to build on every guard call and slow for the guards to read.
 */
export class CallContext implements GuardContext {
  readonly requestId: string;
  readonly userId?: string;
  readonly sessionId?: string;
  readonly organizationId?: string;
  readonly callerId?: string;
  readonly apiKeyId?: string;
  readonly settings?: CallSettings;
  readonly [DEADLINE]: Deadline;
  private childLogger: Logger | undefined;

  constructor(
    identity: CallIdentity,
    settings: CallSettings | undefined,
    deadline: Deadline,
    private readonly parentLogger: Logger,
    private readonly guard: string,
  ) {
    this.requestId = identity.requestId;
    this.userId = identity.userId;
    this.sessionId = identity.sessionId;
    this.organizationId = identity.organizationId;
    this.callerId = identity.callerId;
    this.apiKeyId = identity.apiKeyId;
    this.settings = settings;
    this[DEADLINE] = deadline;
  }

  get signal(): AbortSignal {
    return this[DEADLINE].signal;
  }

  get logger(): Logger {
    this.childLogger ??= this.parentLogger.child({ request_id: this.requestId, guard: this.guard });
    return this.childLogger;
  }
}
