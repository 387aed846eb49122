import { accessSync, constants } from 'node:fs';

/** Where the browser tests look for Chromium unless FIXLINE_CHROMIUM says otherwise (Debian's package). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Whether the browser tests (test/browser/) run, and with which Chromium. */
export interface BrowserTests {
  readonly chromium: string;
  readonly run: boolean;
  /** Set when they are skipped: the one line that says why and how to run them. */
  readonly notice?: string;
}

/**
 * The browser tests run when Chromium is there, or when FIXLINE_BROWSER_TESTS=1 (CI) requires
 * them: then a missing Chromium fails them instead of skipping them. They never download one.
 */
export function browserTests(
  env: Readonly<Record<string, string | undefined>>,
  executable: (file: string) => boolean = isExecutable,
): BrowserTests {
  const chromium = env.FIXLINE_CHROMIUM || DEFAULT_CHROMIUM;
  if (env.FIXLINE_BROWSER_TESTS === '1' || executable(chromium)) return { chromium, run: true };
  return {
    chromium,
    run: false,
    notice:
      `browser tests skipped: no Chromium at ${chromium}; ` +
      'apt-get install chromium (or set FIXLINE_CHROMIUM to one), or set FIXLINE_BROWSER_TESTS=1 to make this a failure',
  };
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
