import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixline } from '../../src/server.js';
import { llmCalls, tickets } from '../../src/storage/schema.js';
import { FakeOpenAi, llmAnswer } from '../support/fake-openai.js';
import { ChatClient, startTestServer } from '../support/server.js';

/**
 * fixline started as `npm start` would be, with LLM_BASE_URL, LLM_API_KEY and LLM_MODEL pointing at
 * a fake OpenAI-compatible server: the composition root builds the LLM extractor, a whole web-chat
 * report uses its facts, and /metrics counts the call.
 */
const METRICS_TOKEN = 'webchat-llm-metrics-token';
let fake: FakeOpenAi;
let fixline: Fixline;

beforeAll(async () => {
  fake = await new FakeOpenAi().start();
  fixline = await startTestServer({
    METRICS_TOKEN,
    LLM_BASE_URL: fake.baseUrl,
    LLM_API_KEY: 'sk-webchat',
    LLM_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: '1000',
  });
});
afterAll(async () => {
  await fixline?.stop();
  await fake?.stop();
});

/** Typed answers, by what the bot asks; the confirmation first (its summary mentions 保修范围). */
const ANSWERS: readonly (readonly [RegExp, string])[] = [
  [/确认提交吗/, '确认'],
  [/怎么称呼/, '周老师'],
  [/怎么发生/, '不清楚'],
  [/还能用吗/, '还能用'],
  [/范围/, '就这一台'],
  [/重大活动/, '不影响'],
  [/照片/, '跳过'],
  [/问题解决了吗/, '没有解决'],
  [/已有未完成的工单/, '新故障'],
  [/描述一下故障/, '学生用圆规在屏幕上划了好多道'],
];

describe('web chat with the LLM triage on (fake provider)', () => {
  it('a whole report from a device link: the LLM supplies the human damage, the ticket is excluded from warranty', async () => {
    fake.answer({
      content: llmAnswer({ symptom: { value: 'physical_damage' }, cause: { value: 'human_damage', confidence: 0.9, quote: '学生用圆规' } }),
    });
    const chat = new ChatClient(fixline.url);
    await chat.open({ asset: 'FX-PNL-0002' });
    let answered = 0;
    for (let i = 0; i < 20; i++) {
      const { messages } = await chat.messages();
      if (messages.some((m) => m.from !== 'user' && m.text.includes('工单号'))) break;
      const last = messages.at(-1);
      const question = last && last.from !== 'user' ? last.text : undefined;
      const answer = question === undefined ? undefined : ANSWERS.find(([q]) => q.test(question))?.[1];
      if (answer === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      answered += 1;
      expect((await chat.post({ text: answer })).status).toBe(202);
      // Wait for the bot's answer to this message before reading the next question.
      for (let w = 0; w < 100; w++) {
        const now = await chat.messages();
        if (now.messages.at(-1)?.from !== 'user') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await chat.waitFor(/工单号/);
    expect(answered).toBeGreaterThan(2);

    const [ticket] = await fixline.database.db.select().from(tickets).orderBy(desc(tickets.createdAt)).limit(1);
    expect(ticket?.facts).toMatchObject({ cause: 'human_damage', symptom: 'physical_damage' });
    expect(ticket?.warranty).toBe('excluded');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.authorization).toBe('Bearer sk-webchat');

    const metrics = await (await fetch(`${fixline.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/fixline_llm_calls_total\{outcome="ok"\} 1/);

    // The call is kept for audit (llm_calls), written on its own after the turn.
    let kept = await fixline.database.db.select().from(llmCalls);
    for (let w = 0; w < 40 && kept.length === 0; w++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      kept = await fixline.database.db.select().from(llmCalls);
    }
    expect(kept).toEqual([expect.objectContaining({ model: 'fake-model', outcome: 'ok', error: null })]);
    expect(kept[0]?.changed).toEqual(expect.arrayContaining(['cause']));
  });
});
