import type { GuardCallObserver } from '../guards/contract.js';
import type { OperationRecorder } from '../storage/operations.js';

/** Feeds every guard call into the guard_operations table (batched, off the request path). */
export const operationsObserver =
  (recorder: OperationRecorder): GuardCallObserver =>
  (call) =>
    recorder.record(call);
