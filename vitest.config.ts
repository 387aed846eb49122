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
  'test/http/errors.test.ts',
  'test/storage/group-commit.test.ts',
  'test/support/browser-tests.test.ts',
];

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
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'pure',
          include: PURE,
          // The command-line tests start a process each.
          exclude: [...configDefaults.exclude, '**/*-cli.test.ts'],
          isolate: false,
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
