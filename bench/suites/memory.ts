import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateSchema } from '../../test/helpers/postgres.js';
import { freePort, sleep } from '../../test/helpers/private-redis.js';

export const name = 'memory';

/** Resident memory of a process in MB, from /proc (threads, such as pool workers, included). */
const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
};

const KEY = `cg_${'m'.repeat(40)}`;

/**
 * Idle RSS after start-up and one health probe, then again after one check large enough for the
 * worker pool (whose threads start with the first such check).
 */
async function idleRss(
  args: string[],
  env: Record<string, string | undefined>,
  settleMs: number,
): Promise<{ idle: number; warm: number }> {
  const port = await freePort();
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    BOOTSTRAP_API_KEY: KEY,
    RATE_LIMIT_ENABLED: 'false',
    ...env,
  };
  // A variable set to undefined is removed, not inherited from this process.
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: merged,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    child.stdout?.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 180_000);
      child.stdout?.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('Gateway ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    // One request, so lazily loaded parts that every deployment uses are in the figure.
    await fetch(`http://127.0.0.1:${port}/health/live`);
    await sleep(settleMs);
    const idle = rssMb(child.pid ?? 0);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/guards/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: JSON.stringify({
        service_type: 'securityguard',
        payload: { text: 'Reach me at a@b.example.com. '.repeat(2000) },
        // A cold pool loads the guards first; this check only warms it.
        timeout: 120,
      }),
    });
    if (!res.ok) throw new Error(`the large check answered ${res.status}: ${await res.text()}`);
    await sleep(settleMs);
    return { idle, warm: rssMb(child.pid ?? 0) };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

/**
 * Idle RSS of the gateway as people start it: `npm start` (scripts/start.mjs: the sources compiled to
 * JavaScript and run in that process, embedded PGlite and memory store) on a data folder that already
 * exists (the first start also runs initdb, which is printed separately), and the built server
 * (`node dist/cli.js serve`) on PostgreSQL and Redis. Targets: < 250 MB and < 150 MB.
 */
export async function run(): Promise<void> {
  const settleMs = Number(process.env.BENCH_SETTLE_MS ?? 5000);
  const dataDir = mkdtempSync(join(tmpdir(), 'cg-bench-mem-'));
  const startArgs = ['scripts/start.mjs', 'serve'];
  // Embedded defaults even where this shell points at PostgreSQL, Redis or S3 (as CI's does).
  const embedded = { DATA_DIR: dataDir, DATABASE_URL: undefined, REDIS_URL: undefined, S3_BUCKET: undefined };
  try {
    const first = await idleRss(startArgs, embedded, settleMs);
    console.log(`npm start, embedded, first start (runs initdb)    idle ${first.idle.toFixed(0)} MB`);
    const again = await idleRss(startArgs, embedded, settleMs);
    console.log(
      `npm start, embedded, restart                      idle ${again.idle.toFixed(0)} MB (target < 250); with the pool warm ${again.warm.toFixed(0)} MB`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!existsSync('dist/cli.js')) {
    console.log('built server: dist/cli.js is missing, run `npm run build` first');
    return;
  }
  const schema = await privateSchema(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  try {
    const built = await idleRss(
      ['dist/cli.js', 'serve'],
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(48),
        DATABASE_URL: schema.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      },
      settleMs,
    );
    console.log(
      `node dist/cli.js, PostgreSQL + Redis              idle ${built.idle.toFixed(0)} MB (target < 150); with the pool warm ${built.warm.toFixed(0)} MB`,
    );
  } finally {
    await schema.dispose();
  }
}
