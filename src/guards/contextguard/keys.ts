/**
 * Key layout in the shared key-value store. Everything lives under `contextguard:` and is scoped
 * by a caller namespace (organization or user), so two callers never see each other's data.
 */
const PREFIX = 'contextguard';

const clean = (part: string): string => part.replace(/[^\w.@-]/g, '_').slice(0, 200);

export const memoryPrefix = (namespace: string): string => `${PREFIX}:${clean(namespace)}:memory:`;
export const memoryKey = (namespace: string, key: string): string => `${memoryPrefix(namespace)}${key}`;
export const turnsKey = (namespace: string, session: string): string =>
  `${PREFIX}:${clean(namespace)}:session:${clean(session)}:turns`;
export const stateKey = (namespace: string, session: string): string =>
  `${PREFIX}:${clean(namespace)}:session:${clean(session)}:state`;
