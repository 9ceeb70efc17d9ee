import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, sleep } from './private-redis.js';

const ROOT = resolve(import.meta.dirname, '../..');

export interface GatewayProcess {
  /** For example http://127.0.0.1:41234 */
  baseUrl: string;
  child: ChildProcess;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

/**
 * The gateway as `npm start` runs it (`tsx src/cli.ts serve`), a separate process on its own
 * port and embedded database in a folder of its own, with a clean environment plus `env`.
 * Resolves once /health/live answers; its output goes to gateway.log in that folder, shown when
 * it does not come up.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const work = mkdtempSync(join(tmpdir(), 'cg-gateway-process-'));
  const port = await freePort();
  const log = join(work, 'gateway.log');
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli.ts'), 'serve'], {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: work,
      NODE_ENV: 'development',
      MODE: 'all',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: join(work, 'data'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  };
  // Generous: two cores shared with other test runs.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const output = readFileSync(log, 'utf8');
      await stop();
      throw new Error(`the gateway exited early:\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return { baseUrl, child, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  const output = readFileSync(log, 'utf8');
  await stop();
  throw new Error(`the gateway was not live in 150 s:\n${output}`);
}
