import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 *  - unit: pure packages (core, demo, dcc) and the benchmarks' load generator, no database;
 *        files share a worker's imports.
 *  - web: web components (jsdom), each file isolated.
 *  - db: everything that touches the database; run once on PGlite and once on PostgreSQL
 *        (DATABASE_URL set) by scripts/test.mjs.
 *  - e2e: real Chromium against a real server.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/{core,demo,dcc}/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          // vitest's default is one worker fewer than the cores (one on CI's two): use both.
          maxWorkers: 2,
          // Pure code without I/O or globals: a worker imports the packages once for all its files
          // (isolated, the imports were 58 s of CPU for 72 files; shared, 18 s; same 691 tests).
          isolate: false,
        },
      },
      {
        test: {
          name: 'web',
          include: ['packages/web/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
          environment: 'node',
          // jsdom screens on two shared cores can take seconds to settle; a hang still fails.
          testTimeout: 30_000,
          maxWorkers: 2,
          // Screens keep module state (i18n language, stubs of fetch and EventSource): each file
          // stays isolated.
        },
      },
      {
        test: {
          name: 'db',
          include: ['packages/server/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.e2e.test.ts'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 2,
          // Each worker imports the server once for all its files (not once per file: the import
          // was a third of the suite's time). Every file gets a database in the template's state: the worker's,
          // reset between files (packages/server/test/db-pool.ts).
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['packages/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          // It runs beside the PostgreSQL run (scripts/test.mjs): room for a slower step; a hang
          // still fails.
          testTimeout: 240_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 1,
          // As for the db project: the server is imported once for all files (69 s of imports
          // when each of the 25 files imported it again); each file starts its own server, on the
          // worker's pooled database reset to the seeded province, with its own browser contexts
          // in the worker's one Chromium (test/e2e/browser.ts).
          isolate: false,
        },
      },
    ],
  },
});
