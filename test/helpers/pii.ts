import { detectPii } from '../../src/guards/securityguard/pii/index.js';

/** The PERSON values detectPii finds in `text`, in order: what the name tests compare. */
export const persons = (text: string): string[] =>
  detectPii(text)
    .filter((e) => e.type === 'PERSON')
    .map((e) => e.value);
