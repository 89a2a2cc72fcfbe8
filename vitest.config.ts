import { defineConfig } from 'vitest/config';

// Unit tests beside the code, API tests through app.inject and browser journeys.

/** The API tests through app.inject, run once per database by test/run.ts (projects api and api-mocked). */
const apiTests = {
  include: ['test/api/**/*.test.ts'],
  globalSetup: ['test/api/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
};
/** API test files that replace a module of the server with vi.mock. */
const mockingApiTests = ['test/api/rls-requests.test.ts'];

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
          ...apiTests,
          exclude: mockingApiTests,
          // Each file opens its own database and app, so the server's modules are loaded once per
          // worker, not once per file: loading them for each of 67 files took 768 s of the suite's
          // time (about 6 of its 10 minutes on two cores). A file that replaces a module (vi.mock)
          // runs in the isolated project below: sharing modules, its mock could leak into the files
          // after it, or not take hold of a module a file before it loaded.
          isolate: false,
        },
      },
      {
        test: { name: 'api-mocked', ...apiTests, include: mockingApiTests },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // What a journey waits for on screen (a row after a click) may take seconds on a loaded
          // machine; vitest's default for expect.poll is one second. Playwright's own waits give 15 s.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
