import { describe, expect, it } from 'vitest';
import { FACT_KEYS, type PartialFacts } from '../../../src/domain/facts.js';
import type { Evidence } from '../../../src/triage/extractor.js';
import { completeAnswer, type LlmExampleAnswer } from '../../../src/triage/llm/answer.js';
import { mergeFacts } from '../../../src/triage/llm/merge.js';

const rules = (facts: PartialFacts, evidence: Evidence[] = []) => ({ facts, evidence });
const llm = (answer: LlmExampleAnswer) => completeAnswer(answer);

describe('mergeFacts: LLM facts at or above the threshold, else the word lists', () => {
  it('an LLM fact the word lists missed is taken, with its origin and quote', () => {
    const merged = mergeFacts(
      rules({ symptom: 'physical_damage' }, [{ fact: 'symptom', value: 'physical_damage', matched: '划了好多道' }]),
      llm({ cause: { value: 'human_damage', confidence: 0.9, quote: '学生用圆规' } }),
      0.7,
    );
    expect(merged.facts).toEqual({ symptom: 'physical_damage', cause: 'human_damage' });
    expect(merged.origins).toEqual({
      symptom: { source: 'rules', quote: '划了好多道' },
      cause: { source: 'llm', confidence: 0.9, quote: '学生用圆规' },
    });
    expect(merged.disagreements).toEqual([]);
    expect(merged.evidence).toContainEqual({ fact: 'cause', value: 'human_damage', matched: '学生用圆规' });
  });

  it('a confident LLM beats the word lists, and the disagreement is recorded', () => {
    const merged = mergeFacts(
      rules({ device: 'accessory', accessory: 'wireless_casting' }),
      llm({ device: { value: 'projector', confidence: 0.8, quote: '投屏' } }),
      0.7,
    );
    expect(merged.facts.device).toBe('projector');
    expect(merged.facts.accessory).toBe('wireless_casting');
    expect(merged.disagreements).toEqual([{ fact: 'device', llm: 'projector', rules: 'accessory', confidence: 0.8, chosen: 'llm' }]);
  });

  it('below the threshold the word lists keep their value, and the disagreement says so', () => {
    const merged = mergeFacts(rules({ usable: true }), llm({ usable: { value: false, confidence: 0.69, quote: null } }), 0.7);
    expect(merged.facts).toEqual({ usable: true });
    expect(merged.origins.usable).toEqual({ source: 'rules' });
    expect(merged.disagreements).toEqual([{ fact: 'usable', llm: false, rules: true, confidence: 0.69, chosen: 'rules' }]);
  });

  it('exactly at the threshold the LLM wins', () => {
    expect(
      mergeFacts(rules({ scope: 'single_device' }), llm({ scope: { value: 'platform', confidence: 0.7, quote: null } }), 0.7).facts.scope,
    ).toBe('platform');
  });

  it('a low-confidence LLM fact the word lists do not know is left out (the defaults apply)', () => {
    const merged = mergeFacts(rules({}), llm({ majorEvent: { value: true, confidence: 0.3, quote: '检查' } }), 0.7);
    expect(merged.facts).toEqual({});
    expect(merged.origins).toEqual({});
    expect(merged.disagreements).toEqual([]);
  });

  it('an LLM null never removes a word-list fact and is no disagreement', () => {
    const facts: PartialFacts = {
      device: 'server',
      symptom: 'wont_boot',
      cause: 'environment',
      scope: 'whole_site',
      usable: false,
      majorEvent: true,
    };
    const merged = mergeFacts(rules(facts), llm({}), 0.7);
    expect(merged.facts).toEqual(facts);
    expect(merged.disagreements).toEqual([]);
  });

  it('agreement is not a disagreement, and the LLM is named as the origin when confident', () => {
    const merged = mergeFacts(
      rules({ symptom: 'no_power' }),
      llm({ symptom: { value: 'no_power', confidence: 0.95, quote: '没电' } }),
      0.7,
    );
    expect(merged.disagreements).toEqual([]);
    expect(merged.origins.symptom?.source).toBe('llm');
  });

  it('every fact key follows the same rule (threshold 0: any LLM value wins; threshold 1: only certainty)', () => {
    const all = llm({
      device: { value: 'computer', confidence: 0.5, quote: null },
      accessory: { value: 'touch_pen', confidence: 0.5, quote: null },
      symptom: { value: 'slow', confidence: 0.5, quote: null },
      cause: { value: 'misuse', confidence: 0.5, quote: null },
      scope: { value: 'multi_site', confidence: 0.5, quote: null },
      usable: { value: true, confidence: 0.5, quote: null },
      majorEvent: { value: false, confidence: 0.5, quote: null },
    });
    const base: PartialFacts = {
      device: 'server',
      accessory: 'gift',
      symptom: 'crash',
      cause: 'liquid',
      scope: 'platform',
      usable: false,
      majorEvent: true,
    };
    expect(mergeFacts(rules(base), all, 0).facts).toEqual({
      device: 'computer',
      accessory: 'touch_pen',
      symptom: 'slow',
      cause: 'misuse',
      scope: 'multi_site',
      usable: true,
      majorEvent: false,
    });
    const strict = mergeFacts(rules(base), all, 1);
    expect(strict.facts).toEqual(base);
    expect(strict.disagreements.map((d) => d.fact)).toEqual([...FACT_KEYS]);
    expect(strict.disagreements.every((d) => d.chosen === 'rules')).toBe(true);
  });
});
