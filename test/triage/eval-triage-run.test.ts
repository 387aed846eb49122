import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractSet, parseContracts } from '../../src/catalog/contracts.js';
import { readYamlDir } from '../../src/catalog/yaml-file.js';
import { type EvalLine, readEvalLines, runExtractor } from '../../src/cli/eval-triage-run.js';
import type { PartialFacts } from '../../src/domain/facts.js';
import type { Extraction, LlmUsage, FactExtractor } from '../../src/triage/extractor.js';
import { evalReport } from '../../src/triage/eval/stats.js';
import { FLOWS_DIR } from '../support/contracts.js';

let contracts: ContractSet;
beforeAll(async () => {
  const { files } = await readYamlDir(path.join(FLOWS_DIR, 'contracts'));
  contracts = parseContracts(files).contracts;
});

const line = (id: string, text: string, expect: Record<string, unknown>) =>
  JSON.stringify({
    id,
    contract: 'GX-EDU',
    reportedAt: '2026-10-12T14:10:00+08:00',
    asset: { kind: 'interactive_panel', acceptedAt: '2026-05-20' },
    text,
    expect,
  });

/** A fake extractor that answers from a table by text, optionally reporting usage. */
function fake(table: Record<string, PartialFacts>, usage?: LlmUsage): FactExtractor & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    extract: async (text): Promise<Extraction> => {
      texts.push(text);
      return { facts: table[text] ?? {}, evidence: [], lang: 'zh-CN', ...(usage ? { usage } : {}) };
    },
  };
}

async function lines(input: string): Promise<EvalLine[]> {
  const read = await readEvalLines(input, contracts);
  if ('problems' in read) throw new Error(JSON.stringify(read.problems));
  return read.lines;
}

describe('two fake extractors through the triage path (both)', () => {
  it('the contract decides severity and warranty from each extractor’s facts; figures, tokens and disagreements follow', async () => {
    const input = [
      line('a', '屏幕坏了', { severity: 'B', warranty: 'excluded', symptom: 'no_display' }),
      line('b', '没声音', { severity: 'C' }),
    ].join('\n');
    const evalLines = await lines(input);
    const first = fake({ 屏幕坏了: { symptom: 'no_display' }, 没声音: { symptom: 'no_sound' } });
    const second = fake(
      { 屏幕坏了: { symptom: 'no_display', cause: 'human_damage' }, 没声音: { symptom: 'no_sound' } },
      { model: 'fake-2', promptVersion: 'test-1', outcome: 'ok', latencyMs: 800, promptTokens: 90, completionTokens: 15 },
    );
    let t = 0;
    const now = () => (t += 2);
    const runs = [
      await runExtractor('one', first, evalLines, contracts, now),
      await runExtractor('two', second, evalLines, contracts, now),
    ];
    expect(first.texts).toEqual(['屏幕坏了', '没声音']);
    expect(second.texts).toEqual(['屏幕坏了', '没声音']);
    expect(runs[0]?.cases.map((c) => [c.got.severity, c.got.warranty])).toEqual([
      ['B', 'in_warranty'],
      ['C', 'in_warranty'],
    ]);
    expect(runs[1]?.cases.map((c) => [c.got.severity, c.got.warranty])).toEqual([
      ['B', 'excluded'],
      ['C', 'in_warranty'],
    ]);
    const report = evalReport('x.jsonl', runs);
    const [one, two] = report.extractors;
    expect(one?.accuracy.warranty).toEqual({ correct: 0, total: 1, accuracy: 0 });
    expect(two?.accuracy.warranty).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(one?.accuracy.symptom).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(one?.tokens).toBeNull();
    expect(two?.tokens).toEqual({ calls: 2, promptTokens: 180, completionTokens: 30, models: ['fake-2'] });
    expect(one?.latency).toEqual({ calls: 2, p50: 2, p95: 2 });
    expect(report.disagreements?.lines).toEqual([
      { line: 1, id: 'a', text: '屏幕坏了', fact: 'cause', values: { one: 'none_known', two: 'human_damage' } },
    ]);
  });

  it('a line without text asks no extractor and has no latency', async () => {
    const input = JSON.stringify({
      id: 'f',
      contract: 'GX-EDU',
      reportedAt: '2026-10-12T14:10:00+08:00',
      asset: null,
      text: '',
      facts: { symptom: 'no_display' },
      expect: { severity: 'B' },
    });
    const extractor = fake({});
    const run = await runExtractor('one', extractor, await lines(input), contracts, () => 0);
    expect(extractor.texts).toEqual([]);
    expect(run.cases[0]).not.toHaveProperty('ms');
    expect(run.cases[0]?.got.severity).toBe('B');
  });
});
