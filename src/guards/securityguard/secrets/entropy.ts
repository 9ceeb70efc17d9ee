/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Values people paste instead of a real secret. */
const PLACEHOLDER =
  /^(?:x{3,}|\*{3,}|\.{3,}|-+|_+|<[^>]{0,60}>|\{\{?[^}]{0,60}\}?\}|\$\{[^}]{0,60}\}|\$[A-Z_][A-Z0-9_]{0,60}|%[A-Z_]{1,40}%|(?:your|my|the|some|insert|enter|put|replace)[-_ ]?\w{0,30}|changeme|change_me|password\d{0,4}|passw0rd|secret\d{0,4}|example\w{0,20}|sample\w{0,20}|dummy\w{0,20}|test\w{0,10}|todo|tbd|none|null|undefined|redacted|hidden|placeholder|foo|bar|baz|foobar|admin|root|1234\d{0,6}|abc\w{0,6}|qwerty\w{0,6}|letmein|true|false)$/i;

const ONE_CHAR = /^(.)\1{0,400}$/;
const MASKED_RUN = /x{4}|X{4}|\*{4}/;
const DOC_EXAMPLE =
  /EXAMPLE|AKIAIOSFODNN7|wJalrXUtnFEMI\/K7MDENG|bPxRfiCY|0123456789abcdef|abcdef0123456789/i;

/** Exported for the ReDoS test. */
export const PLACEHOLDER_PATTERN = PLACEHOLDER;
export const ENTROPY_AUX_PATTERNS: readonly RegExp[] = [ONE_CHAR, MASKED_RUN, DOC_EXAMPLE];

export const isPlaceholder = (value: string): boolean =>
  PLACEHOLDER.test(value) || ONE_CHAR.test(value) || MASKED_RUN.test(value);

/** Known documentation example credentials: reported at low severity. */
export const isDocExample = (value: string): boolean => DOC_EXAMPLE.test(value);

/** Keeps the first and last few characters so a finding identifies a secret without revealing it. */
export function maskSecret(value: string): string {
  if (value.length <= 8) return `${value.slice(0, 1)}${'*'.repeat(Math.max(3, value.length - 1))}`;
  const keep = value.length >= 20 ? 4 : 2;
  return `${value.slice(0, keep)}${'*'.repeat(Math.min(12, value.length - keep * 2))}${value.slice(-keep)}`;
}
