import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './private-redis.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A `codeguardians serve` process on loopback, as an operator would start it. */
export interface ServeProcess {
  url: string;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Kills the process at once (SIGKILL: no deregistration, no goodbye). */
  kill(): Promise<void>;
  /** Stops it as an operator would (SIGTERM) and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts `codeguardians serve` in its own Node process with `env` on a free port (or `port`), and
 * resolves once /health/live answers. The environment is clean: not the test runner's (vitest sets
 * MODE=test), only PATH, HOME and what the caller gives.
 */
export async function startServe(
  env: Record<string, string>,
  options: { port?: number; timeoutMs?: number } = {},
): Promise<ServeProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-proc-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'serve'],
    {
      // From the repository (so `--import tsx` resolves), reading no .env file of a developer.
      cwd: ROOT,
      env: {
        ENV_FILE: join(dataDir, 'no.env'),
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? dataDir,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: join(dataDir, 'data'),
        LOG_LEVEL: 'warn',
        GUARD_WORKERS: '0',
        HEALTHGUARD_WORKERS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  // Generous by default: two cores shared with other test runs.
  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`serve (${env.MODE ?? 'all'}) exited ${child.exitCode}:\n${output}`);
    const live = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve (${env.MODE ?? 'all'}) did not answer on ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  return {
    url,
    port,
    output: () => output,
    kill: () => end('SIGKILL'),
    async stop() {
      await end('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
