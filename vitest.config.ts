import { defineConfig } from 'vitest/config';

// Three projects so `npm test` can run them in order and CI output says which layer failed.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/setup/unit.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file starts its own Dovecot on its own ports; two cores, so keep it modest.
          maxWorkers: 2,
          setupFiles: ['test/setup/unit.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
          fileParallelism: false,
          // A real browser against real servers on 2 shared cores: one retry absorbs a timing
          // hiccup; a genuine failure still fails every attempt.
          retry: 1,
        },
      },
    ],
  },
});
