import { describe, expect, it } from 'vitest';
import { completeFacts } from '../../../src/domain/facts.js';
import { formatEvalReport } from '../../../src/triage/eval/format.js';
import { type EvalCase, evalReport } from '../../../src/triage/eval/stats.js';

const at = (line: number, text: string, extra: Partial<EvalCase> = {}): EvalCase => ({
  line,
  id: `e${line}`,
  text,
  expect: { severity: 'C', warranty: 'excluded' },
  got: { severity: 'C', warranty: 'in_warranty', facts: completeFacts({ symptom: 'physical_damage' }) },
  ...extra,
});

describe('formatEvalReport', () => {
  it('prints each extractor, its misses with the text, latency, tokens and the disagreements', () => {
    const report = evalReport('cases.jsonl', [
      { extractor: 'rules', cases: [at(1, '屏幕划了', { ms: 3 }), at(2, '')] },
      {
        extractor: 'llm',
        cases: [
          at(1, '屏幕划了', {
            ms: 812,
            usage: { model: 'm', promptTokens: 50, completionTokens: 5 },
            got: { severity: 'C', warranty: 'excluded', facts: completeFacts({ symptom: 'physical_damage', cause: 'human_damage' }) },
          }),
          at(2, ''),
        ],
      },
    ]);
    const text = formatEvalReport(report);
    expect(text).toContain('evaluating cases.jsonl');
    expect(text).toContain('rules extractor: 2 lines');
    expect(text).toMatch(/^ {4}warranty +0\/2 +0\.0%$/m);
    expect(text).toMatch(/^ {4}warranty +1\/2 +50\.0%$/m);
    expect(text).not.toMatch(/^ {4}cause/m);
    expect(text).toContain('    e1 (line 1) "屏幕划了"\n      warranty: expected excluded, got in_warranty');
    expect(text).toContain('    e2 (line 2) (no text: explicit facts)');
    expect(text).toContain('latency: p50 3.00 ms, p95 3.00 ms over 1 extractor call\n');
    expect(text).toContain('latency: p50 812 ms, p95 812 ms over 1 extractor call\n');
    expect(text).toContain('tokens: none reported');
    expect(text).toContain('tokens: 50 prompt + 5 completion over 1 call (m)');
    expect(text).toContain(
      'disagreements between rules and llm: 1 (cause 1)\n  e1 (line 1) cause: rules none_known, llm human_damage  "屏幕划了"',
    );
  });
  it('says — for a latency nothing measured and 0 disagreements when the two agree', () => {
    const cases = [at(1, '')];
    const text = formatEvalReport(
      evalReport('f', [
        { extractor: 'a', cases },
        { extractor: 'b', cases },
      ]),
    );
    expect(text).toContain('latency: p50 —, p95 — over 0 extractor calls');
    expect(text).toContain('disagreements between a and b: 0\n');
  });
});
