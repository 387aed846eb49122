import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LlmAnswer } from '../../src/triage/llm/answer.js';
import { TRIAGE_EXAMPLES } from '../support/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(ROOT, 'scripts/fake-llm-eval.mjs');
const RECORDED = path.join(ROOT, 'test/fixtures/llm-recorded-answers.json');

const work = mkdtempSync(path.join(tmpdir(), 'fixline-fake-llm-eval-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The script CI runs, as a process, with no LLM settings inherited (it sets its own). */
function fakeLlmEval(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LLM_')));
  return spawnSync(TSX, [SCRIPT, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
}

/** The block of one extractor's figures in the output. */
function block(stdout: string, extractor: string): string {
  const start = stdout.indexOf(`${extractor} extractor:`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf('\n\n', start);
  return stdout.slice(start, end < 0 ? undefined : end);
}

const texts = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .filter((t) => t !== '');

describe('the evaluation against a fake LLM server replaying recorded answers (scripts/fake-llm-eval.mjs)', () => {
  it('has a valid recorded answer for every example text', () => {
    const recorded = JSON.parse(readFileSync(RECORDED, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(recorded).sort()).toEqual(texts(TRIAGE_EXAMPLES).sort());
    for (const answer of Object.values(recorded)) expect(LlmAnswer.safeParse(answer).success).toBe(true);
  });

  it('prints both extractors’ figures, the LLM’s latency and tokens, and exits 0', { timeout: 90_000 }, () => {
    const r = fakeLlmEval([TRIAGE_EXAMPLES]);
    expect(r.status).toBe(0);
    const llm = block(r.stdout, 'llm');
    expect(llm).toMatch(/^llm extractor: 12 lines$/m);
    expect(llm).toMatch(/^ {4}severity +11\/11 +100\.0%$/m);
    expect(llm).toMatch(/^ {4}warranty +11\/11 +100\.0%$/m);
    expect(llm).toMatch(/^ {2}misses: 0$/m);
    expect(llm).toMatch(/^ {2}latency: p50 [\d.]+ ms, p95 [\d.]+ ms over 7 extractor calls$/m);
    expect(llm).toMatch(/^ {2}tokens: \d+ prompt \+ \d+ completion over 7 calls \(fake-recorded-answers\)$/m);
    expect(block(r.stdout, 'rules')).toMatch(/^ {4}severity +11\/11 +100\.0%$/m);
    expect(r.stdout).toMatch(/^disagreements between rules and llm: \d+/m);
    expect(r.stderr).toContain('replaying 7 recorded answers');
    expect(r.stderr).toContain('the fake server answered 7 requests\n');
    expect(r.stderr).not.toContain('LLM triage failed');
  });

  it('answers a text it has no recording for with a 500: that line falls back to the word lists', { timeout: 90_000 }, () => {
    const file = path.join(work, 'with-unrecorded.jsonl');
    const extra = JSON.stringify({
      id: 'x1',
      contract: 'GX-EDU',
      reportedAt: '2026-10-12T14:10:00+08:00',
      asset: { kind: 'interactive_panel', acceptedAt: '2026-05-20' },
      text: '三年级二班的一体机黑屏了',
      expect: { severity: 'B' },
    });
    writeFileSync(file, `${readFileSync(TRIAGE_EXAMPLES, 'utf8').trimEnd()}\n${extra}\n`);
    const r = fakeLlmEval([file, '--extractor', 'llm']);
    expect(r.status).toBe(0);
    const llm = block(r.stdout, 'llm');
    expect(llm).toMatch(/^llm extractor: 13 lines$/m);
    // Eight calls timed, seven answered with tokens: the eighth fell back.
    expect(llm).toMatch(/over 8 extractor calls$/m);
    expect(llm).toMatch(/over 7 calls \(fake-recorded-answers\)$/m);
    expect(r.stdout).not.toContain('rules extractor');
    expect(r.stderr).toContain("LLM triage failed: the word lists' facts are used");
    expect(r.stderr).toContain('8 requests, 1 of them with a 500');
  });

  it('exits 2 on a malformed evaluation file, as eval:triage does', { timeout: 90_000 }, () => {
    const file = path.join(work, 'malformed.jsonl');
    writeFileSync(file, '{"id": "m1"}\n');
    const r = fakeLlmEval([file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is not an evaluation file');
  });
});
