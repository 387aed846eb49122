import { describe, expect, it } from 'vitest';
import { ConfigError, llmSettings, parseConfig, parseLlmSettings } from '../../../src/config.js';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadLlmPrompts } from '../../../src/catalog/load-llm-prompts.js';
import { DataFileError } from '../../../src/domain/data-files.js';
import { createExtractor } from '../../../src/llm/index.js';
import { parseLlmPrompts, promptMessages } from '../../../src/triage/llm/prompts.js';
import { RulesExtractor } from '../../../src/triage/rules-extractor.js';

describe('the LLM settings', () => {
  it('none of the three: the word lists alone, as before', () => {
    expect(llmSettings(parseConfig({}))).toBeNull();
    expect(parseLlmSettings({})).toBeNull();
  });

  it('all three: on, with the defaults for the rest', () => {
    const settings = llmSettings(
      parseConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1', LLM_API_KEY: 'ollama', LLM_MODEL: 'qwen2.5:7b' }),
    );
    expect(settings).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      apiKey: 'ollama',
      model: 'qwen2.5:7b',
      timeoutMs: 4000,
      maxConcurrency: 4,
      minConfidence: 0.7,
    });
  });

  it('some but not all: a start-up error naming what is missing', () => {
    expect(() => parseConfig({ LLM_MODEL: 'gpt-4o-mini' })).toThrow(ConfigError);
    expect(() => parseConfig({ LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: 'sk-x' })).toThrow(/LLM_BASE_URL: the LLM triage needs/);
    expect(() => parseLlmSettings({ LLM_BASE_URL: 'https://api.openai.com/v1' })).toThrow(/LLM_API_KEY, LLM_MODEL/);
  });

  it('bad values are refused by name, and the key is never shown', () => {
    expect(() => parseConfig({ LLM_BASE_URL: 'ftp://x', LLM_API_KEY: 'k', LLM_MODEL: 'm' })).toThrow(/LLM_BASE_URL/);
    expect(() => parseConfig({ LLM_MIN_CONFIDENCE: '1.5' })).toThrow(/LLM_MIN_CONFIDENCE/);
    expect(() => parseConfig({ LLM_TIMEOUT_MS: 'soon' })).toThrow(/LLM_TIMEOUT_MS="soon"/);
    expect(() => parseLlmSettings({ LLM_API_KEY: 'sk-secret-123' })).toThrow(ConfigError);
    expect(() => parseLlmSettings({ LLM_API_KEY: 'sk-secret-123' })).not.toThrow(/sk-secret-123/);
  });

  it('photos are sent only with LLM_SEND_PHOTOS=true', () => {
    const trio = { LLM_BASE_URL: 'https://llm.example/v1', LLM_API_KEY: 'sk-1', LLM_MODEL: 'm' };
    expect(parseLlmSettings(trio)?.sendPhotos).toBeUndefined();
    expect(parseLlmSettings({ ...trio, LLM_SEND_PHOTOS: 'false' })?.sendPhotos).toBeUndefined();
    expect(parseLlmSettings({ ...trio, LLM_SEND_PHOTOS: 'true' })?.sendPhotos).toBe(true);
    expect(() => parseConfig({ LLM_SEND_PHOTOS: 'maybe' })).toThrow(/LLM_SEND_PHOTOS/);
  });
});

describe('the prompt files', () => {
  const file = (lang: string, extra: object = {}) => ({
    file: `${lang}.yaml`,
    data: { lang, version: `${lang}-1`, instructions: 'Read the facts. {vocabulary}', schemaDescription: 'Answer in JSON.', ...extra },
  });

  it('need one per language, with a version', () => {
    expect(parseLlmPrompts([file('en'), file('zh-CN')], 'llm').problems).toEqual([]);
    expect(parseLlmPrompts([file('en')], 'llm').problems).toEqual([{ file: 'llm', message: 'no LLM prompt for zh-CN' }]);
    expect(parseLlmPrompts([file('en', { version: '' }), file('zh-CN')], 'llm').problems[0]).toMatchObject({
      file: 'en.yaml',
      where: 'version',
    });
  });

  it('may be absent while the LLM is off; turning it on without them is refused', async () => {
    const none = await loadLlmPrompts(path.join(os.tmpdir(), 'fixline-no-such-llm-folder'));
    expect(none).toEqual({ prompts: new Map(), problems: [] });
    const deps = { log: pino({ level: 'silent' }), counters: { inc: () => {} } };
    expect(createExtractor(null, { lexicons: new Map(), llmPrompts: none.prompts }, deps)).toBeInstanceOf(RulesExtractor);
    const on = { baseUrl: 'http://127.0.0.1:1/v1', apiKey: 'k', model: 'm', timeoutMs: 100, maxConcurrency: 1, minConfidence: 0.7 };
    expect(() => createExtractor(on, { lexicons: new Map(), llmPrompts: none.prompts }, deps)).toThrow(DataFileError);
  });

  it('refuse an example whose answer leaves the vocabulary', () => {
    const bad = file('en', { examples: [{ text: 'x', answer: { cause: { value: 'vandalism', confidence: 1, quote: null } } }] });
    expect(parseLlmPrompts([bad, file('zh-CN')], 'llm').problems[0]).toMatchObject({
      file: 'en.yaml',
      where: 'examples.0.answer.cause.value',
    });
  });

  it('become messages: instructions with the vocabulary, the examples as turns, the text last', () => {
    const parsed = parseLlmPrompts(
      [
        file('en', { examples: [{ text: 'no sound', answer: { symptom: { value: 'no_sound', confidence: 0.9, quote: 'no sound' } } }] }),
        file('zh-CN'),
      ],
      'llm',
    );
    const messages = promptMessages(parsed.prompts.get('en')!, 'the panel is dead');
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[0]?.content).toMatch(/symptom: no_power \| wont_boot/);
    expect(JSON.parse(messages[2]?.content as string)).toMatchObject({ symptom: { value: 'no_sound' }, cause: { value: null } });
    expect(messages[3]?.content).toBe('the panel is dead');
  });

  it('a photo goes after the text as a data: URL in the same user message', () => {
    const parsed = parseLlmPrompts([file('zh-CN'), file('en')], 'llm');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    const messages = promptMessages(parsed.prompts.get('en')!, 'the panel is cracked', [{ mime: 'image/jpeg', data: jpeg }]);
    expect(messages.at(-1)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'the panel is cracked' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4A==' } },
      ],
    });
  });
});
