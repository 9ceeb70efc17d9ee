/**
 * The verdicts, defined once. A guard answers allow, flag or block; a guard call as observers
 * record it (metrics, guard_operations, the health monitor) may also be an error. Lives at the
 * bottom layer so storage can name it without importing the guards.
 */
export const VERDICTS = ['allow', 'flag', 'block'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CALL_VERDICTS = [...VERDICTS, 'error'] as const;
export type CallVerdict = (typeof CALL_VERDICTS)[number];
