import type { GuardCallObserver } from '../orchestrator/orchestrator.js';
import type { OperationRecorder } from '../storage/operations.js';

/** Feeds every guard call into the guard_operations table (batched, off the request path). */
export const operationsObserver =
  (recorder: OperationRecorder): GuardCallObserver =>
  (call) =>
    recorder.record({
      requestId: call.identity.requestId,
      guard: call.guard,
      verdict: call.verdict,
      score: call.score,
      latencyMs: call.latencyMs,
      findingsCount: call.findingsCount,
      ...(call.errorCode ? { errorCode: call.errorCode } : {}),
      ...(call.identity.userId ? { userId: call.identity.userId } : {}),
      ...(call.identity.sessionId ? { sessionId: call.identity.sessionId } : {}),
      ...(call.identity.organizationId ? { organizationId: call.identity.organizationId } : {}),
      ...(call.text !== undefined ? { inputText: call.text } : {}),
    });
