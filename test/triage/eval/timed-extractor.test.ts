import { describe, expect, it } from 'vitest';
import type { Extraction, FactExtractor } from '../../../src/triage/extractor.js';
import { TimedExtractor, usageOf } from '../../../src/triage/eval/timed-extractor.js';

const plain: Extraction = { facts: { symptom: 'no_sound' }, evidence: [], lang: 'zh-CN' };

describe('TimedExtractor', () => {
  it('times each call with the clock, passes the extraction through, and forgets the calls once taken', async () => {
    const ticks = [100, 103.5, 200, 250];
    const inner: FactExtractor = { extract: async () => plain };
    const timed = new TimedExtractor(inner, () => ticks.shift() ?? 0);
    expect(await timed.extract('一体机没有声音')).toBe(plain);
    await timed.extract('again');
    expect(timed.take()).toEqual([{ ms: 3.5 }, { ms: 50 }]);
    expect(timed.take()).toEqual([]);
  });
  it('keeps the usage an extractor reports', async () => {
    const withUsage = {
      ...plain,
      usage: { model: 'm1', promptVersion: 'test-1', outcome: 'ok' as const, latencyMs: 900, promptTokens: 120, completionTokens: 30 },
    };
    const timed = new TimedExtractor({ extract: async () => withUsage }, () => 0);
    await timed.extract('x');
    expect(timed.take()).toEqual([{ ms: 0, usage: { model: 'm1', promptTokens: 120, completionTokens: 30 } }]);
  });
});

describe('usageOf', () => {
  it('is undefined without usage', () => {
    expect(usageOf(plain)).toBeUndefined();
    expect(usageOf({ ...plain, usage: null } as unknown as Extraction)).toBeUndefined();
  });
  it('keeps only well-typed fields', () => {
    const odd = { ...plain, usage: { model: 7, promptTokens: '12', completionTokens: Number.NaN } } as unknown as Extraction;
    expect(usageOf(odd)).toEqual({});
    const half = { ...plain, usage: { promptTokens: 12 } } as unknown as Extraction;
    expect(usageOf(half)).toEqual({ promptTokens: 12 });
  });
});
