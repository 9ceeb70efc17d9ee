import { AppError } from '../errors.js';

/**
 * Depth of a parsed JSON value (a scalar is 0, `{}` and `[]` are 1). Iterative, so a hostile
 * document cannot overflow the stack; stops as soon as `limit` is exceeded.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, level]);
  }
  return false;
}

/**
 * Parses a JSON body. Keys that could pollute prototypes are dropped (as Fastify's own parser
 * does); malformed JSON is INVALID_JSON and nesting past `maxDepth` is JSON_TOO_DEEP.
 */
export function parseJsonBody(body: string, maxDepth: number): unknown {
  if (body.length === 0) throw new AppError('INVALID_JSON', 'the request body is empty');
  let parsed: unknown;
  try {
    // A reviver slows parsing several times over, so it only runs when the body could need it.
    parsed = body.includes('__proto__')
      ? JSON.parse(body, (key, value: unknown) => (key === '__proto__' ? undefined : value))
      : JSON.parse(body);
  } catch (err) {
    throw new AppError('INVALID_JSON', `the request body is not valid JSON: ${(err as Error).message}`);
  }
  if (exceedsDepth(parsed, maxDepth)) {
    throw new AppError('JSON_TOO_DEEP', `JSON nesting is deeper than ${maxDepth} levels`, {
      max_depth: maxDepth,
    });
  }
  return parsed;
}
