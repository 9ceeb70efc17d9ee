import { defineConfig } from 'vitest/config';

// Two projects: unit tests run on the embedded defaults (PGlite, in-memory KV);
// integration tests talk to the machine's real PostgreSQL and Redis.
export default defineConfig({
  test: {
    // Vitest's default on 2 cores is one worker, so files ran one after another while most of the
    // slow ones wait on child processes (gateways, guard services, Chromium). Two workers overlap them.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'console/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // They share the machine's Redis (some infrastructure keys, such as the runtime
          // configuration's, are global), so these files run one at a time.
          poolOptions: { forks: { singleFork: true } },
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The SDK (packages/sdk) against a real gateway process.
        test: {
          name: 'sdk',
          include: ['packages/sdk/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The web console in headless Chromium (Debian's package) against a real gateway process.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
