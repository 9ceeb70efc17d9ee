/**
 * Values bound for PostgreSQL that hold text a client sent. PostgreSQL cannot store U+0000 in text
 * (SQLSTATE 22021) nor as "\u0000" in jsonb (22P05); a write of many rows fails whole for one such
 * character. Request fields are refused at the edge (http/stored-text.ts); what is written later,
 * off the request (usage rows, HealthGuard analysis rows, job reports and checkpoints), drops the
 * character instead.
 */
export const withoutNul = (text: string): string =>
  text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;

/** JSON.stringify for a jsonb parameter: every string, value or key (a count by label), without U+0000. */
export const jsonForPostgres = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return withoutNul(v);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (!keys.some((k) => k.includes('\u0000'))) return v;
    return Object.fromEntries(keys.map((k) => [withoutNul(k), (v as Record<string, unknown>)[k]]));
  });
