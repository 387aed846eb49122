import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/app/metrics.js';
import { loadLlmPrompts } from '../../src/catalog/load-llm-prompts.js';
import type { LlmSettings } from '../../src/config.js';
import type { FactExtractor } from '../../src/triage/extractor.js';
import { createExtractor } from '../../src/llm/index.js';
import type { LlmPromptSet } from '../../src/triage/llm/prompts.js';
import type { LexiconSet } from '../../src/triage/lexicon.js';
import { FakeOpenAi, llmAnswer } from '../support/fake-openai.js';
import { shippedLexicons } from '../triage/lexicons.js';

/**
 * The LLM extractor driven through the real `openai` client against a fake OpenAI-compatible
 * server on loopback: a good answer is merged; every failure gives the word lists' facts in time.
 */
const TIMEOUT_MS = 400;
const COMPASS = '学生用圆规在屏幕上划了好多道';
const RULES_FACTS = { symptom: 'physical_damage' };

let fake: FakeOpenAi;
let lexicons: LexiconSet;
let prompts: LlmPromptSet;
let metrics: Metrics;

beforeAll(async () => {
  fake = await new FakeOpenAi().start();
  lexicons = await shippedLexicons();
  const loaded = await loadLlmPrompts(path.resolve(import.meta.dirname, '../../flows/llm'));
  expect(loaded.problems).toEqual([]);
  prompts = loaded.prompts;
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
  metrics = new Metrics();
});

function extractor(options: { threshold?: number; coolDownMs?: number; now?: () => number } = {}): FactExtractor {
  const settings: LlmSettings = {
    baseUrl: fake.baseUrl,
    apiKey: 'sk-test-key',
    model: 'fake-model',
    timeoutMs: TIMEOUT_MS,
    maxConcurrency: 2,
    minConfidence: 0.7,
  };
  return createExtractor(
    settings,
    { lexicons, llmPrompts: prompts },
    {
      log: pino({ level: 'silent' }),
      counters: metrics,
      ...(options.now ? { now: options.now } : {}),
      breaker: { breakerThreshold: options.threshold ?? 5, breakerCoolDownMs: options.coolDownMs ?? 60_000 },
    },
  );
}

describe('LLM extractor against a fake OpenAI-compatible server', () => {
  it('takes a structured answer: the LLM supplies the cause the word lists missed', async () => {
    fake.answer({
      content: llmAnswer({
        symptom: { value: 'physical_damage', quote: '划了好多道' },
        cause: { value: 'human_damage', confidence: 0.92, quote: '学生用圆规' },
      }),
      promptTokens: 321,
      completionTokens: 54,
    });
    const result = await extractor().extract(`${COMPASS}，王小明老师，电话13812345678`, { names: ['王小明'] });
    expect(result.facts).toEqual({ symptom: 'physical_damage', cause: 'human_damage' });
    expect(result.origins?.cause).toEqual({ source: 'llm', confidence: 0.92, quote: '学生用圆规' });
    expect(result.usage).toMatchObject({
      model: 'fake-model',
      promptVersion: 'zh-CN-2',
      outcome: 'ok',
      promptTokens: 321,
      completionTokens: 54,
    });

    const request = fake.requests[0];
    expect(request?.authorization).toBe('Bearer sk-test-key');
    expect(request?.body.model).toBe('fake-model');
    expect(request?.body.response_format?.type).toBe('json_schema');
    const sent = request?.body.messages.at(-1)?.content;
    expect(sent).toBe(`${COMPASS}，[NAME]老师，电话[PHONE]`);
    expect(JSON.stringify(request?.body)).not.toMatch(/13812345678|王小明/);
    expect(metrics.get('fixline_llm_calls_total', { outcome: 'ok' })).toBe(1);
    expect(metrics.get('fixline_llm_tokens_total', { kind: 'prompt' })).toBe(321);
  });

  it.each([
    ['malformed JSON', { content: '{"device": {"value": "server", ' }, 'malformed'],
    ['a value outside the vocabulary', { content: llmAnswer({ cause: { value: 'vandalism' } }) }, 'vocabulary'],
    ['a severity it was never asked for', { content: JSON.stringify({ ...JSON.parse(llmAnswer({})), severity: 'A' }) }, 'vocabulary'],
    ['429 with retry-after', { status: 429, message: 'slow down', headers: { 'retry-after': '1' } }, 'rate_limited'],
    ['500', { status: 500, message: 'upstream exploded' }, 'server_error'],
    ['a refusal', { refusal: "I can't help with that." }, 'refusal'],
    ['a connection reset', { reset: true }, 'connection'],
    ['a slow answer past the timeout', { content: llmAnswer({ cause: { value: 'human_damage' } }), delayMs: 5_000 }, 'timeout'],
  ] as const)('%s → the word lists’ facts within the timeout', async (_name, answer, outcome) => {
    fake.answer(answer);
    const started = performance.now();
    const result = await extractor().extract(COMPASS);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 100);
    expect(result.facts).toEqual(RULES_FACTS);
    expect(result.origins).toEqual({ symptom: { source: 'rules', quote: '划了好多道' } });
    expect(result.usage?.outcome).toBe(outcome);
    expect(metrics.get('fixline_llm_calls_total', { outcome })).toBe(1);
  });

  it('a provider that rejects json_schema (400) is asked again in JSON mode, and from then on only in JSON mode', async () => {
    fake.answer({ rejectJsonSchema: true, then: { content: llmAnswer({ cause: { value: 'human_damage', quote: '学生用圆规' } }) } });
    const llm = extractor();
    const first = await llm.extract(COMPASS);
    expect(first.facts.cause).toBe('human_damage');
    expect(fake.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
    const second = await llm.extract(`${COMPASS}，屏幕也花了`);
    expect(second.usage?.outcome).toBe('ok');
    expect(fake.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
    // JSON mode needs the word "JSON" in the messages.
    expect(fake.requests[1]?.body.messages[0]?.content).toContain('JSON');
  });

  it('the same text read again soon gets the answer already given (a retried turn makes no second call); after a failure, only for 30 s', async () => {
    fake.answer({ status: 500, message: 'boom' }, { content: llmAnswer({ cause: { value: 'human_damage', quote: '学生用圆规' } }) });
    let now = 1_000_000;
    const llm = extractor({ now: () => now });
    expect((await llm.extract(COMPASS)).usage?.outcome).toBe('server_error');
    expect((await llm.extract(COMPASS)).usage?.outcome).toBe('server_error');
    expect(fake.requests).toHaveLength(1);
    now += 31_000;
    const [a, b] = await Promise.all([llm.extract(COMPASS), llm.extract(COMPASS)]);
    expect(a.facts.cause).toBe('human_damage');
    expect(b).toBe(a);
    now += 9 * 60_000;
    expect(await llm.extract(COMPASS)).toBe(a);
    expect(fake.requests).toHaveLength(2);
  });

  it('after repeated failures the breaker skips the LLM (no request), counted in /metrics', async () => {
    fake.answer({ status: 503, message: 'overloaded' });
    const llm = extractor({ threshold: 2 });
    await llm.extract(COMPASS);
    await llm.extract(`${COMPASS}。`);
    expect(fake.requests).toHaveLength(2);
    const skipped = await llm.extract(`${COMPASS}！`);
    expect(fake.requests).toHaveLength(2);
    expect(skipped.facts).toEqual(RULES_FACTS);
    expect(skipped.usage?.outcome).toBe('skipped_breaker_open');
    expect(metrics.get('fixline_llm_breaker_opened_total')).toBe(1);
    expect(metrics.get('fixline_llm_calls_total', { outcome: 'skipped_breaker_open' })).toBe(1);
    expect(metrics.render()).toContain('fixline_llm_breaker_opened_total 1');
  });

  it("a 429's retry-after holds the LLM back at once", async () => {
    fake.answer({ status: 429, headers: { 'retry-after': '30' } }, { content: llmAnswer({}) });
    const llm = extractor();
    await llm.extract(COMPASS);
    expect((await llm.extract(`${COMPASS}。`)).usage?.outcome).toBe('skipped_breaker_open');
    expect(fake.requests).toHaveLength(1);
  });

  it('an English report is asked with the English prompt', async () => {
    fake.answer({ content: llmAnswer({ symptom: { value: 'display_abnormal', quote: 'reddish' } }) });
    const result = await extractor().extract('The colours look reddish when casting to the panel');
    expect(result.usage?.promptVersion).toBe('en-2');
    expect(result.facts.symptom).toBe('display_abnormal');
    expect(fake.requests[0]?.body.messages[0]?.content).toContain('You triage fault reports');
  });
});
