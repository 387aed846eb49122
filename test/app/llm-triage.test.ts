import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/app/metrics.js';
import { createExtractor } from '../../src/llm/index.js';
import { type TestDesk, testDesk, shippedCatalog } from '../support/desk.js';
import { FakeOpenAi, llmAnswer } from '../support/fake-openai.js';
import { reportByTyping, type TypedAnswers } from '../support/typed-report.js';

/**
 * A whole web-chat report on the full desk with the LLM triage on, against a fake OpenAI-compatible
 * server: the LLM supplies a fact the word lists miss, and when the LLM fails the word lists carry
 * the report; the teacher sees no difference but the ticket's facts.
 */
const TIMEOUT_MS = 500;
const FIRST = '三年级二班的一体机，学生用圆规在屏幕上划了好多道';

/** Typed answers to the questions, by what the question says. */
const ANSWERS: TypedAnswers = [
  // First: the summary to confirm says "保修范围", which the scope question's /范围/ would take.
  [/确认提交吗/, '确认'],
  // What the LLM understood of the first message, confirmed in one message.
  [/了解到/, '对'],
  [/有几个选项都符合|符合好几个选项/, '1'],
  [/怎么称呼/, '周老师'],
  [/还是在.*吗/, '是的'],
  [/怎么发生/, '不清楚'],
  [/还能用吗/, '还能用'],
  [/范围/, '就这一台'],
  [/重大活动/, '不影响'],
  [/照片/, '跳过'],
  [/问题解决了吗/, '没有解决'],
  [/已有未完成的工单/, '新故障'],
];

describe('LLM triage in a whole web-chat report (full desk, PGlite, fake LLM)', () => {
  let fake: FakeOpenAi;
  let desk: TestDesk;
  let metrics: Metrics;
  let n = 0;

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    metrics = new Metrics();
    const catalog = await shippedCatalog();
    const extractor = createExtractor(
      { baseUrl: fake.baseUrl, apiKey: 'sk-desk', model: 'fake-model', timeoutMs: TIMEOUT_MS, maxConcurrency: 4, minConfidence: 0.7 },
      catalog,
      { log: pino({ level: 'silent' }), counters: metrics, breaker: { breakerThreshold: 100, breakerCoolDownMs: 1 } },
    );
    desk = await testDesk('pglite', { extractor });
  });
  afterAll(async () => {
    await desk?.close();
    await fake?.stop();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const report = (first: string) => reportByTyping(desk, `llm-teacher-${++n}`, first, ANSWERS);

  it('the LLM reads the compass scratches as human damage: the warranty is excluded', async () => {
    fake.answer({
      content: llmAnswer({
        device: { value: 'interactive_panel', quote: '一体机' },
        symptom: { value: 'physical_damage', quote: '划了好多道' },
        cause: { value: 'human_damage', confidence: 0.92, quote: '学生用圆规在屏幕上划' },
      }),
    });
    const { all, ticket } = await report(`周老师这里，手机13912345678。${FIRST}`);
    expect(all).toMatch(/不在保修范围内/);
    // Sent once, at triage, masked: the name the teacher gave the desk and the phone number never leave.
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.body.messages.at(-1)?.content).toBe(`[NAME]这里，手机[PHONE]。${FIRST}`);
    expect(ticket.facts).toMatchObject({ cause: 'human_damage', symptom: 'physical_damage' });
    expect(ticket.warranty).toBe('excluded');
  });

  it('when the LLM fails, the word lists carry the report to a ticket, no error shown', async () => {
    fake.answer({ status: 500, message: 'upstream exploded' });
    const { all, ticket } = await report(FIRST);
    expect(fake.requests).toHaveLength(1);
    expect(all).not.toMatch(/出错|错误|error/i);
    expect(ticket.facts).toMatchObject({ cause: 'none_known', symptom: 'physical_damage' });
    expect(ticket.warranty).not.toBe('excluded');
    expect(metrics.get('fixline_llm_calls_total', { outcome: 'server_error' })).toBeGreaterThanOrEqual(1);
  });

  it('a slow LLM: the report still reaches its ticket, each answer within the timeout', async () => {
    fake.answer({ content: llmAnswer({ cause: { value: 'human_damage' } }), delayMs: 5_000 });
    const started = performance.now();
    // Another text than the failed report's above: a failure is remembered for 30 s (a retried turn does not ask again).
    const { ticket } = await report(`${FIRST}。`);
    expect(ticket.facts).toMatchObject({ cause: 'none_known' });
    expect(metrics.get('fixline_llm_calls_total', { outcome: 'timeout' })).toBe(1);
    // The LLM is asked once per report; the report waits for it at most TIMEOUT_MS, not the 5 s it takes.
    expect(fake.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(4_500);
  });
});
