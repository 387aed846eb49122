import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The pure suites: no database, no server, no browser, no child process. `npm run test:unit`
 * runs them in a few seconds; `npm test` runs them too, with everything else.
 */
const PURE = [
  'test/domain/**/*.test.ts',
  'test/flows/**/*.test.ts',
  'test/triage/**/*.test.ts',
  'test/channels/line/units.test.ts',
  'test/channels/telegram/{decode,render}.test.ts',
  'test/channels/webchat/page/*.test.ts',
  'test/web/errors.test.ts',
  'test/storage/group-commit.test.ts',
  'test/support/browser-tests.test.ts',
];

/**
 * Test files at once. vitest's default (one fewer than the cores) would run them one by one on two
 * cores, although much of the suite waits (on Chromium, timers, child processes) rather than
 * computes, so that three at once finish sooner even on 2 cores.
 */
const WORKERS = Math.max(3, os.availableParallelism() - 1);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts', 'test/support/browser-setup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
          // A worker's test files share its loaded modules instead of each loading the whole app
          // again (the tests keep no state in modules and mock none).
          isolate: false,
          maxWorkers: WORKERS,
        },
      },
      {
        test: {
          name: 'pure',
          include: PURE,
          // The command-line tests start a process each.
          exclude: [...configDefaults.exclude, '**/*-cli.test.ts'],
          // One worker loading the modules once beats several loading them each (they only compute).
          isolate: false,
          maxWorkers: 1,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test/**/*.pg.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
