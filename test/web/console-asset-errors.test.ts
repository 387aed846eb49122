import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApiError, describe as describeError } from '../../src/console/api.js';
import { translator } from '../../src/console/i18n/index.js';

/** The asset register's routes and the services behind them: every code they refuse with. */
const SOURCES = [
  'src/http/console/asset-routes.ts',
  'src/http/console/asset-import-routes.ts',
  'src/http/console/asset-label-routes.ts',
  'src/http/console/pending-asset-routes.ts',
  'src/app/asset-register/register-desk.ts',
  'src/app/asset-register/edit.ts',
  'src/app/pending-assets.ts',
];

function codes(): string[] {
  const found = new Set<string>();
  for (const file of SOURCES) {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    for (const m of text.matchAll(/new (?:Invalid|Conflict|Forbidden)\('([a-z_]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/new HttpError\(\d+,\s*`?'?([a-z_]+)/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe("the console's words for the asset register's refusals", () => {
  it('finds the codes the routes answer', () => {
    expect(codes()).toEqual(
      expect.arrayContaining(['accepted_in_future', 'file_too_large', 'no_selection', 'not_pending', 'tag_taken', 'unreadable_file']),
    );
  });

  it.each(['zh-CN', 'en'] as const)("says each in %s, not the server's English message", (lang) => {
    const t = translator(lang);
    for (const code of codes()) {
      const said = describeError(new ApiError(400, code, `SERVER MESSAGE ${code}`), t);
      expect(said, code).not.toContain('SERVER MESSAGE');
      expect(said, code).not.toBe('');
    }
  });
});
