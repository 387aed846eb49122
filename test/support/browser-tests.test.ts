import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM, browserTests } from './browser-tests.js';

const there = () => true;
const missing = () => false;

describe('whether the browser tests run', () => {
  it('run with Debian’s Chromium, or the one FIXLINE_CHROMIUM names', () => {
    expect(browserTests({}, there)).toEqual({ chromium: DEFAULT_CHROMIUM, run: true });
    expect(browserTests({ FIXLINE_CHROMIUM: '/opt/chromium/chrome' }, (f) => f === '/opt/chromium/chrome')).toEqual({
      chromium: '/opt/chromium/chrome',
      run: true,
    });
  });

  it('without Chromium are skipped, with one line saying where it was looked for and how to run them', () => {
    const decision = browserTests({ FIXLINE_CHROMIUM: '/nowhere/chromium' }, missing);
    expect(decision.run).toBe(false);
    expect(decision.notice).toBe(
      'browser tests skipped: no Chromium at /nowhere/chromium; apt-get install chromium (or set FIXLINE_CHROMIUM to one), or set FIXLINE_BROWSER_TESTS=1 to make this a failure',
    );
  });

  it('with FIXLINE_BROWSER_TESTS=1 run anyway, so that a missing Chromium fails them (CI)', () => {
    expect(browserTests({ FIXLINE_BROWSER_TESTS: '1' }, missing)).toEqual({ chromium: DEFAULT_CHROMIUM, run: true });
  });
});
