import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triageCommand } from '../../src/cli/triage-command.js';
import { FakeOpenAi, llmAnswer } from '../support/fake-openai.js';

/** `npm run triage` with the LLM settings, in this process, against a fake OpenAI-compatible server. */
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await new FakeOpenAi().start();
});
afterAll(() => fake.stop());

async function run(env: Record<string, string>, input: string) {
  let stdout = '';
  let stderr = '';
  const code = await triageCommand(['-', '--lang', 'zh-CN'], {
    stdin: Readable.from([input]),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env,
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, lines, stderr };
}

const compass = JSON.stringify({
  id: 'c1',
  contract: 'GX-EDU',
  reportedAt: '2026-10-12T14:10:00+08:00',
  asset: { kind: 'interactive_panel', acceptedAt: '2026-05-20' },
  text: '学生用圆规在屏幕上划了好多道',
});

describe('triage CLI with the LLM settings', () => {
  const env = () => ({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-cli', LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: '400' });

  it('uses the LLM facts over the word lists and says where each fact came from', async () => {
    fake.answer({
      content: llmAnswer({ cause: { value: 'human_damage', confidence: 0.9, quote: '学生用圆规' } }),
      promptTokens: 200,
      completionTokens: 30,
    });
    const { code, lines, stderr } = await run(env(), `${compass}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({
      id: 'c1',
      warranty: 'excluded',
      facts: { cause: 'human_damage', symptom: 'physical_damage' },
      origins: { cause: { source: 'llm', confidence: 0.9, quote: '学生用圆规' }, symptom: { source: 'rules' } },
      llm: { model: 'fake-model', outcome: 'ok', promptTokens: 200, completionTokens: 30 },
    });
  });

  it('falls back to the word lists when the LLM fails, says so on stderr, and still exits 0', async () => {
    fake.answer({ reset: true });
    const { code, lines, stderr } = await run(env(), `${compass}\n`);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ facts: { cause: 'none_known' }, llm: { outcome: 'connection' } });
    expect(lines[0]?.warranty).not.toBe('excluded');
    expect(stderr).toMatch(/LLM triage failed/);
  });

  it('without LLM settings the output is what it always was (no origins, no llm)', async () => {
    const { lines } = await run({}, `${compass}\n`);
    expect(lines[0]).not.toHaveProperty('origins');
    expect(lines[0]).not.toHaveProperty('llm');
    expect(lines[0]).toMatchObject({ facts: { cause: 'none_known' } });
  });

  it('some but not all of the three settings: exit 2 naming the missing ones', async () => {
    const { code, stderr } = await run({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'm' }, `${compass}\n`);
    expect(code).toBe(2);
    expect(stderr).toMatch(/LLM_API_KEY/);
  });
});
