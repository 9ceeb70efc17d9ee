// The gateway with its embedded defaults, listening on a free loopback port.
import type * as Compose from '../../src/app/compose.js';
import type * as ConfigModule from '../../src/config.js';

// BENCH_DIST=true serves the built code (dist/, as `node dist/cli.js` does, pool workers included)
// instead of the TypeScript sources.
const root = process.env.BENCH_DIST === 'true' ? '../../dist' : '../../src';
const ext = process.env.BENCH_DIST === 'true' ? 'js' : 'ts';
const { composeServer } = (await import(`${root}/app/compose.${ext}`)) as typeof Compose;
const { loadConfig } = (await import(`${root}/config.${ext}`)) as typeof ConfigModule;

const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, HOST: '127.0.0.1', PORT: '0' });
const server = await composeServer(config);
if (process.env.BENCH_UNLIMITED_TIER === 'true') {
  // The limiter still runs every window on every request; the limits are only set out of reach,
  // so the benchmark measures its cost instead of its refusals.
  await server.db.query(
    "UPDATE tiers SET requests_per_minute = 1000000000, requests_per_hour = 1000000000, burst = 1000000000, monthly_calls = NULL, monthly_tokens = NULL WHERE name = 'enterprise'",
  );
}
if (process.env.BENCH_TIER) {
  // Puts the bootstrap organization on the named tier, keeping its body limit but not its monthly
  // quota, so a benchmark can send many large requests under that tier's size limit.
  await server.db.query('UPDATE subscriptions SET tier = $1', [process.env.BENCH_TIER]);
  await server.db.query('UPDATE tiers SET monthly_calls = NULL, monthly_tokens = NULL WHERE name = $1', [
    process.env.BENCH_TIER,
  ]);
}
await server.app.listen({ host: '127.0.0.1', port: 0 });
const address = server.app.server.address();
console.log(`LISTENING ${typeof address === 'object' && address ? address.port : 0}`);
// BENCH_PROFILE=file.cpuprofile: a CPU profile of the serving phase only (start-up left out).
const profile = process.env.BENCH_PROFILE;
let stopProfile = async (): Promise<void> => undefined;
if (profile) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  stopProfile = async () => {
    const { profile: data } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(data));
  };
}
// BENCH_LOOP_DELAY=true: the event loop's own delay over the run, printed on exit (the server's
// view, which a probe from another process on a busy machine cannot separate from scheduling).
const { monitorEventLoopDelay } = await import('node:perf_hooks');
const loop = process.env.BENCH_LOOP_DELAY === 'true' ? monitorEventLoopDelay({ resolution: 10 }) : undefined;
loop?.enable();
process.on('SIGTERM', () => {
  if (loop)
    console.error(
      `event loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms, over 100 ms: ${loop.max > 100e6 ? 'yes' : 'no'}`,
    );
  void stopProfile().then(() => server.close().then(() => process.exit(0)));
});
