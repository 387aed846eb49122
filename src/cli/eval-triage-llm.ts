import path from 'node:path';
import pino from 'pino';
import { loadLlmPrompts } from '../catalog/load-llm-prompts.js';
import { ConfigError, parseLlmSettings } from '../config.js';
import { formatProblem } from '../domain/data-files.js';
import { createExtractor } from '../llm/index.js';
import type { LlmExtractorFactory } from './eval-triage-command.js';

/**
 * The LLM extractor `npm run eval:triage -- --extractor llm|both` measures: built from the same
 * settings (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_TIMEOUT_MS…) and prompts (flows/llm/) as
 * the desk's, by the same factory. A string says why it cannot be built (the command exits 2).
 */
export function llmExtractorFromEnv(env: Readonly<Record<string, string | undefined>>): LlmExtractorFactory {
  return async ({ lexicons, flows }) => {
    let settings: ReturnType<typeof parseLlmSettings>;
    try {
      settings = parseLlmSettings(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    if (!settings) return 'set LLM_BASE_URL, LLM_API_KEY and LLM_MODEL';
    const loaded = await loadLlmPrompts(path.join(flows, 'llm'));
    if (loaded.problems.length > 0) return `the LLM prompts are invalid: ${loaded.problems.map(formatProblem).join('; ')}`;
    // Its failures and breaker are logged (warnings) to standard error, apart from the figures.
    const log = pino({ level: 'warn', base: null }, { write: (line: string) => process.stderr.write(line) });
    return createExtractor(settings, { lexicons, llmPrompts: loaded.prompts }, { log, counters: { inc: () => {} } });
  };
}
