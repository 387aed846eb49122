import { describe, expect, it } from 'vitest';
import { completeFacts, type PartialFacts } from '../../../src/domain/facts.js';
import type { Severity, WarrantyDecision } from '../../../src/domain/contract.js';
import type { Expectation } from '../../../src/triage/eval/expectation.js';
import { disagreements, type EvalCase, evaluate, evalReport, percentile } from '../../../src/triage/eval/stats.js';

/** A line as an extractor answered it: severity, warranty, facts (completed), optional timing. */
function answered(
  line: number,
  expect: Expectation,
  got: { severity?: Severity; warranty?: WarrantyDecision; facts?: PartialFacts } = {},
  extra: Partial<EvalCase> = {},
): EvalCase {
  return {
    line,
    id: `e${line}`,
    text: `text ${line}`,
    expect,
    got: { severity: got.severity ?? 'C', warranty: got.warranty ?? 'in_warranty', facts: completeFacts(got.facts ?? {}) },
    ...extra,
  };
}

describe('percentile (nearest rank)', () => {
  it('is null without values and the only value for one', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
  });
  it('sorts the values and picks the nearest rank', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
  });
  it('p95 of twenty values is the nineteenth', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(19);
  });
});

describe('evaluate: accuracy per field', () => {
  it('counts only the lines that expect a field, and says null for a field nobody expects', () => {
    const f = evaluate('rules', [
      answered(1, { severity: 'C', warranty: 'in_warranty' }),
      answered(2, { severity: 'B' }, { severity: 'C' }),
      answered(3, { warranty: 'excluded' }, { warranty: 'in_warranty' }),
      answered(4, { cause: 'human_damage' }, { facts: { cause: 'human_damage' } }),
    ]);
    expect(f.lines).toBe(4);
    expect(f.accuracy.severity).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
    expect(f.accuracy.warranty).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
    expect(f.accuracy.cause).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(f.accuracy.device).toEqual({ correct: 0, total: 0, accuracy: null });
  });
  it('compares facts with the completed facts: a default counts as what the extractor answered', () => {
    const f = evaluate('rules', [answered(1, { scope: 'single_device', usable: true, majorEvent: false, symptom: 'other' })]);
    expect(f.accuracy.scope.correct).toBe(1);
    expect(f.accuracy.usable.correct).toBe(1);
    expect(f.accuracy.majorEvent.correct).toBe(1);
    expect(f.accuracy.symptom.correct).toBe(1);
    expect(f.misses).toEqual([]);
  });
  it('an expected accessory the answer lacks is a miss whose got is null', () => {
    const f = evaluate('rules', [answered(1, { accessory: 'touch_pen' })]);
    expect(f.accuracy.accessory).toEqual({ correct: 0, total: 1, accuracy: 0 });
    expect(f.misses).toEqual([{ line: 1, id: 'e1', text: 'text 1', expected: { accessory: 'touch_pen' }, got: { accessory: null } }]);
  });
  it('booleans are compared as booleans', () => {
    const f = evaluate('rules', [
      answered(1, { usable: false }, { facts: { usable: true } }),
      answered(2, { majorEvent: true }, { facts: { majorEvent: true } }),
    ]);
    expect(f.accuracy.usable).toEqual({ correct: 0, total: 1, accuracy: 0 });
    expect(f.accuracy.majorEvent).toEqual({ correct: 1, total: 1, accuracy: 1 });
  });
});

describe('evaluate: severity confusion', () => {
  it('counts expected × got over the lines that expect a severity, every cell present', () => {
    const f = evaluate('rules', [
      answered(1, { severity: 'A' }, { severity: 'A' }),
      answered(2, { severity: 'A' }, { severity: 'B' }),
      answered(3, { severity: 'D' }, { severity: 'C' }),
      answered(4, { severity: 'D' }, { severity: 'C' }),
      answered(5, { warranty: 'in_warranty' }, { severity: 'A' }),
    ]);
    expect(f.confusion).toEqual({
      A: { A: 1, B: 1, C: 0, D: 0 },
      B: { A: 0, B: 0, C: 0, D: 0 },
      C: { A: 0, B: 0, C: 0, D: 0 },
      D: { A: 0, B: 0, C: 2, D: 0 },
    });
  });
});

describe('evaluate: misses', () => {
  it('lists each missed line once with only the fields that missed, in file order', () => {
    const f = evaluate('rules', [
      answered(
        1,
        { severity: 'B', warranty: 'excluded', symptom: 'no_display' },
        { severity: 'B', warranty: 'in_warranty', facts: { symptom: 'crash' } },
      ),
      answered(2, { severity: 'C' }),
      answered(3, { severity: 'A' }, { severity: 'D' }),
    ]);
    expect(f.misses).toEqual([
      {
        line: 1,
        id: 'e1',
        text: 'text 1',
        expected: { warranty: 'excluded', symptom: 'no_display' },
        got: { warranty: 'in_warranty', symptom: 'crash' },
      },
      { line: 3, id: 'e3', text: 'text 3', expected: { severity: 'A' }, got: { severity: 'D' } },
    ]);
  });
});

describe('evaluate: latency and tokens', () => {
  it('takes p50 and p95 over the timed calls only (a line without text asks no extractor)', () => {
    const cases = [1, 2, 3, 4].map((n) => answered(n, { severity: 'C' }, {}, { ms: n * 10 }));
    const f = evaluate('rules', [...cases, answered(5, { severity: 'C' })]);
    expect(f.latency).toEqual({ calls: 4, p50: 20, p95: 40 });
  });
  it('says null latency when nothing was timed', () => {
    expect(evaluate('rules', [answered(1, { severity: 'C' })]).latency).toEqual({ calls: 0, p50: null, p95: null });
  });
  it('says null tokens when no call reports usage, as the rules extractor never does', () => {
    expect(evaluate('rules', [answered(1, { severity: 'C' }, {}, { ms: 1 })]).tokens).toBeNull();
    expect(evaluate('rules', [answered(1, { severity: 'C' }, {}, { usage: { model: 'm' } })]).tokens).toBeNull();
  });
  it('sums the tokens of the calls that report them, with the models used', () => {
    const f = evaluate('llm', [
      answered(1, { severity: 'C' }, {}, { ms: 5, usage: { model: 'qwen-plus', promptTokens: 300, completionTokens: 40 } }),
      answered(2, { severity: 'C' }, {}, { ms: 6, usage: { model: 'deepseek-chat', promptTokens: 200 } }),
      answered(3, { severity: 'C' }, {}, { ms: 7, usage: { model: 'qwen-plus', promptTokens: 100, completionTokens: 10 } }),
      answered(4, { severity: 'C' }, {}, { ms: 8 }),
    ]);
    expect(f.tokens).toEqual({ calls: 3, promptTokens: 600, completionTokens: 50, models: ['deepseek-chat', 'qwen-plus'] });
  });
});

describe('disagreements between two extractors', () => {
  it('counts per fact the lines whose completed facts differ, matching lines by number', () => {
    const rules = {
      extractor: 'rules',
      cases: [
        answered(1, { severity: 'C' }, { facts: { symptom: 'physical_damage' } }),
        answered(2, { severity: 'C' }, { facts: { symptom: 'no_sound' } }),
        answered(3, { severity: 'C' }, { facts: { device: 'accessory', accessory: 'touch_pen' } }),
      ],
    };
    const llm = {
      extractor: 'llm',
      cases: [
        answered(2, { severity: 'C' }, { facts: { symptom: 'no_sound' } }),
        answered(1, { severity: 'C' }, { facts: { symptom: 'physical_damage', cause: 'human_damage' } }),
        answered(3, { severity: 'C' }, { facts: { device: 'interactive_panel' } }),
      ],
    };
    const d = disagreements(rules, llm);
    expect(d.byFact).toEqual({ device: 1, accessory: 1, symptom: 0, cause: 1, scope: 0, usable: 0, majorEvent: 0 });
    expect(d.lines).toEqual([
      { line: 1, id: 'e1', text: 'text 1', fact: 'cause', values: { rules: 'none_known', llm: 'human_damage' } },
      { line: 3, id: 'e3', text: 'text 3', fact: 'device', values: { rules: 'accessory', llm: 'interactive_panel' } },
      { line: 3, id: 'e3', text: 'text 3', fact: 'accessory', values: { rules: 'touch_pen', llm: null } },
    ]);
  });
  it('agreeing extractors have none', () => {
    const cases = [answered(1, { severity: 'C' })];
    const d = disagreements({ extractor: 'a', cases }, { extractor: 'b', cases });
    expect(d.lines).toEqual([]);
    expect(Object.values(d.byFact).every((n) => n === 0)).toBe(true);
  });
});

describe('evalReport', () => {
  it('one extractor: its figures and no disagreements', () => {
    const r = evalReport('f.jsonl', [{ extractor: 'rules', cases: [answered(1, { severity: 'C' })] }]);
    expect(r.file).toBe('f.jsonl');
    expect(r.extractors.map((f) => f.extractor)).toEqual(['rules']);
    expect(r).not.toHaveProperty('disagreements');
  });
  it('two extractors: the figures of each, in order, and their disagreements', () => {
    const r = evalReport('f.jsonl', [
      { extractor: 'rules', cases: [answered(1, { severity: 'C' }, { facts: { cause: 'none_known' } })] },
      { extractor: 'llm', cases: [answered(1, { severity: 'C' }, { facts: { cause: 'liquid' } })] },
    ]);
    expect(r.extractors.map((f) => f.extractor)).toEqual(['rules', 'llm']);
    expect(r.disagreements?.byFact.cause).toBe(1);
  });
});
