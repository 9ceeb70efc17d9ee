import { readFileSync } from 'node:fs';

/** Shortest password accepted, per NIST SP 800-63B's advice for passwords chosen by users. */
export const MIN_PASSWORD_LENGTH = 12;

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#')),
);

/**
 * Why a password is refused, or null when it is acceptable: too short (counted in code points,
 * surrounding whitespace ignored), all whitespace, one repeated character, a common password, or a
 * common password with digits or symbols appended or repeated ("password1234", "qwertyqwerty").
 */
export function passwordProblem(password: string): string | null {
  const trimmed = password.trim();
  if (trimmed.length === 0) return 'must not be only whitespace';
  if ([...trimmed].length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = trimmed.toLowerCase();
  if (new Set(lower).size <= 2) return 'must not repeat one or two characters';
  const stem = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  const squeezed = lower.replace(/[\s\W_]+/gu, '');
  for (const candidate of [lower, stem, squeezed]) {
    if (COMMON.has(candidate)) return 'is a commonly used password';
    // A listed password typed twice or more ("qwertyqwerty").
    for (const size of [candidate.length / 2, candidate.length / 3]) {
      if (
        Number.isInteger(size) &&
        size > 0 &&
        candidate === candidate.slice(0, size).repeat(candidate.length / size) &&
        COMMON.has(candidate.slice(0, size))
      )
        return 'is a commonly used password';
    }
  }
  if (/^\d+$/.test(squeezed)) return 'must not be only digits';
  return null;
}
