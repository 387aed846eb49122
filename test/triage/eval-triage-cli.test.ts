import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRIAGE_EXAMPLES } from '../support/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** `npm run eval:triage` as a process, with the environment given and no LLM settings inherited. */
function evalTriage(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LLM_')));
  return spawnSync(TSX, [path.join(ROOT, 'src/cli/eval-triage.ts'), ...args], {
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('eval:triage as a process', () => {
  it('prints the figures of the word lists and exits 0', () => {
    const r = evalTriage([TRIAGE_EXAMPLES]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {4}severity +11\/11 +100\.0%$/m);
  });
  it('--extractor llm without the LLM settings says which to set and exits 2', () => {
    const r = evalTriage([TRIAGE_EXAMPLES, '--extractor', 'llm']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('set LLM_BASE_URL, LLM_API_KEY and LLM_MODEL');
  });
});
