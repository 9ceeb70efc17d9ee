import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The environment, with ./.env (or the file ENV_FILE names) under it when present: a variable set
 * in the real environment wins. So `cp .env.example .env` is a working first start.
 */
export function environment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): NodeJS.ProcessEnv {
  const file = env.ENV_FILE ?? join(cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}
