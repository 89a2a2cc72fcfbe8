import { defineConfig } from 'vitest/config';

// Three projects: unit tests beside the code, API tests through app.inject (run once per
// database by test/run.ts, which sets TADRIB_TEST_DB), and browser journeys.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'cli/**/*.test.ts', 'web/src/**/*.test.ts'],
          environment: 'node',
          // The browser journeys run beside the unit tests (test/run.ts): on a loaded machine a test
          // of a few hundred milliseconds can take seconds, which is not a failure.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['test/api/**/*.test.ts'],
          globalSetup: ['test/api/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
