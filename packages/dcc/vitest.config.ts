import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Local config to run this package's tests on their own
 * (`npx vitest run --config packages/dcc/vitest.config.ts`).
 * The root `unit` project should include `packages/dcc/**` too.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
  },
});
