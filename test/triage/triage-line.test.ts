import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractSet, parseContracts } from '../../src/catalog/contracts.js';
import { readYamlDir } from '../../src/catalog/yaml-file.js';
import type { RulesExtractor } from '../../src/triage/rules-extractor.js';
import {
  answerTriageLine,
  answerTriageText,
  isTriageLineError,
  type TriageLineAnswer,
  type TriageLineContext,
  type TriageLineResult,
} from '../../src/cli/triage-line.js';
import { FLOWS_DIR } from '../support/contracts.js';
import { TRIAGE_EXAMPLES } from '../support/fixtures.js';
import { shippedExtractor } from './lexicons.js';

let contracts: ContractSet;
let extractor: RulesExtractor;
let ctx: TriageLineContext;
beforeAll(async () => {
  const { files, problems } = await readYamlDir(path.join(FLOWS_DIR, 'contracts'));
  const parsed = parseContracts(files);
  expect([...problems, ...parsed.problems]).toEqual([]);
  contracts = parsed.contracts;
  extractor = await shippedExtractor();
  ctx = { contracts, extractor, lang: 'en' };
});

const base = {
  id: 'x1',
  contract: 'GX-EDU',
  reportedAt: '2026-10-12T14:10:00+08:00',
  asset: { kind: 'interactive_panel', acceptedAt: '2026-05-20' },
  text: '',
};
const line = (over: Record<string, unknown> = {}) => JSON.stringify({ ...base, ...over });
const answer = async (text: string, c: TriageLineContext = ctx): Promise<TriageLineResult> => {
  const result = await answerTriageLine(text, c);
  if (!result) throw new Error('no answer');
  return result;
};
const ok = async (text: string, c: TriageLineContext = ctx): Promise<TriageLineAnswer> => {
  const result = await answer(text, c);
  if (isTriageLineError(result)) throw new Error(result.error);
  return result;
};

describe('triage line: the shared examples', () => {
  const lines = readFileSync(TRIAGE_EXAMPLES, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

  it('has the 12 examples', () => expect(lines).toHaveLength(12));

  it.each(lines.map((l) => [JSON.parse(l).id as string, l]))('%s gives the expected severity and warranty', async (id, text) => {
    const { expect: want } = JSON.parse(text) as { expect: { severity?: string; warranty?: string } };
    const result = await ok(text);
    expect(result.id).toBe(id);
    if (want.severity) expect(result.severity).toBe(want.severity);
    if (want.warranty) expect(result.warranty).toBe(want.warranty);
    expect(result.billable).toBe(result.warranty === 'excluded' || result.warranty === 'out_of_warranty');
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const r of result.reasons)
      expect(r).toEqual({ contract: expect.any(String), clause: expect.any(String), text: expect.any(String) });
  });
});

describe('triage line answers', () => {
  it('answers with the completed facts and the reasons, each naming contract and clause', async () => {
    const result = await ok(line({ text: '一体机被学生推倒了，屏幕碎了' }));
    expect(Object.keys(result)).toEqual(['id', 'severity', 'warranty', 'billable', 'facts', 'reasons']);
    expect(result).toMatchObject({ id: 'x1', severity: 'C', warranty: 'excluded', billable: true });
    expect(result.facts).toEqual({
      device: 'interactive_panel',
      symptom: 'physical_damage',
      cause: 'human_damage',
      scope: 'single_device',
      usable: true,
      majorEvent: false,
    });
    expect(result.reasons.map((r) => r.clause)).toEqual(['5.14', '5.21.3', '5.3', '5.22']);
    expect(result.reasons[1]?.text).toMatch(/human damage/);
  });

  it('writes the reasons in the language asked for', async () => {
    const zh = await ok(line({ text: '一体机没有声音了' }), { ...ctx, lang: 'zh-CN' });
    expect(zh.reasons[0]?.text).toMatch(/单一部件/);
    const en = await ok(line({ text: '一体机没有声音了' }));
    expect(en.reasons[0]?.text).toMatch(/one component/);
  });

  it('lets explicit facts override what the text suggests', async () => {
    const text = '一体机被学生推倒了，屏幕碎了，完全用不了';
    expect(await ok(line({ text }))).toMatchObject({ severity: 'B', warranty: 'excluded' });
    const overridden = await ok(line({ text, facts: { cause: 'none_known', usable: true, symptom: 'display_abnormal' } }));
    expect(overridden).toMatchObject({ severity: 'C', warranty: 'in_warranty', billable: false });
    expect(overridden.facts).toMatchObject({ cause: 'none_known', usable: true, symptom: 'display_abnormal', device: 'interactive_panel' });
    const major = await ok(line({ text: '一体机没声音', facts: { majorEvent: true } }));
    expect(major).toMatchObject({ severity: 'A', facts: { symptom: 'no_sound', majorEvent: true } });
  });

  it('keeps ids as given, numbers too, and ignores other keys', async () => {
    expect((await ok(line({ id: 42, text: '一体机黑屏', expect: { severity: 'Z' }, note: 'x' }))).id).toBe(42);
    expect((await ok(line({ id: 'ticket-7' }))).id).toBe('ticket-7');
  });

  it('gives nothing for a blank line', async () => {
    expect(await answerTriageLine('', ctx)).toBeNull();
    expect(await answerTriageLine('   \t', ctx)).toBeNull();
  });
});

describe('malformed lines', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['bad JSON', '{"id": "m1", "contract": ', { error: expect.stringMatching(/^invalid JSON/) }],
    ['not an object', '[1, 2]', { error: 'the line is not a JSON object' }],
    [
      'a missing field',
      JSON.stringify({ id: 'm2', contract: 'GX-EDU', reportedAt: base.reportedAt, text: '' }),
      { id: 'm2', error: expect.stringMatching(/missing field: asset.*null/) },
    ],
    [
      'two missing fields',
      JSON.stringify({ id: 'm3', asset: null }),
      { id: 'm3', error: expect.stringMatching(/missing fields: contract, reportedAt, text/) },
    ],
    ['a missing id', JSON.stringify({ ...base, id: undefined }), { error: 'missing field: id' }],
    [
      'an unknown contract',
      line({ id: 'm4', contract: 'NOPE' }),
      { id: 'm4', error: expect.stringMatching(/^contract: unknown contract "NOPE" \(known: .*GX-EDU/) },
    ],
    [
      'a reportedAt that is not a timestamp',
      line({ id: 'm5', reportedAt: 'yesterday' }),
      { id: 'm5', error: expect.stringMatching(/^reportedAt: "yesterday" is not a timestamp/) },
    ],
    ['a bare date as reportedAt', line({ id: 'm6', reportedAt: '2026-10-12' }), { id: 'm6', error: expect.stringMatching(/^reportedAt:/) }],
    [
      'an acceptedAt that is not a date',
      line({ id: 'm7', asset: { kind: 'interactive_panel', acceptedAt: 'last spring' } }),
      { id: 'm7', error: 'asset.acceptedAt: "last spring" is not a date' },
    ],
    [
      'a replacedAt that is not a date',
      line({
        id: 'm8',
        asset: { kind: 'interactive_panel', acceptedAt: '2025-01-01', replacedParts: [{ part: 'touch_frame', replacedAt: '2026-02-30' }] },
      }),
      { id: 'm8', error: 'asset.replacedParts.0.replacedAt: "2026-02-30" is not a date' },
    ],
    [
      'an unknown asset kind',
      line({ id: 'm9', asset: { kind: 'toaster', acceptedAt: '2025-01-01' } }),
      { id: 'm9', error: expect.stringMatching(/^asset\.kind: /) },
    ],
    [
      'an unknown fact value',
      line({ id: 'm10', facts: { symptom: 'melted' } }),
      { id: 'm10', error: expect.stringMatching(/^facts\.symptom: /) },
    ],
    ['an unknown fact', line({ id: 'm11', facts: { colour: 'red' } }), { id: 'm11', error: expect.stringMatching(/^facts: .*colour/) }],
    ['a text that is not a string', line({ id: 'm12', text: 5 }), { id: 'm12', error: expect.stringMatching(/^text: /) }],
    ['an id that is an object', line({ id: { a: 1 } }), { error: expect.stringMatching(/^id: /) }],
  ];

  it.each(cases)('%s gives an error naming the field', async (_, text, want) => {
    const result = await answer(text);
    expect(result).toEqual(want);
    if (!('id' in want)) expect('id' in result).toBe(false);
  });

  it('does not stop the batch: the other lines are answered, in order', async () => {
    const input = [line({ id: 'a', text: '一体机黑屏' }), '', '{oops', line({ id: 'c', text: 'no sound' }), '  '].join('\n');
    const { results, failed } = await answerTriageText(input, ctx);
    expect(failed).toBe(1);
    expect(results.map((r) => ('error' in r ? 'error' : r.id))).toEqual(['a', 'error', 'c']);
    expect(results[0]).toMatchObject({ severity: 'B' });
  });
});
