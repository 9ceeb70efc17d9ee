/**
 * A rough token count of a request payload for quotas and usage: every string in the value counts,
 * about four characters a token. Iterative, so a deep payload cannot overflow the stack.
 */
export function countPayloadTokens(value: unknown): number {
  let chars = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v !== null && typeof v === 'object') for (const item of Object.values(v)) stack.push(item);
  }
  return Math.ceil(chars / 4);
}
