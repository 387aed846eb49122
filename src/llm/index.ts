/**
 * The optional LLM triage: one factory that the server, the background thread, the triage CLI and
 * the evaluation harness all build their extractor with, from the same settings.
 */
import type { Logger } from 'pino';
import { DataFileError } from '../domain/data-files.js';
import { LANGS } from '../domain/i18n.js';
import type { LlmSettings } from '../config.js';
import type { Counters } from '../ports/counters.js';
import type { LlmCallLog } from '../ports/llm-calls.js';
import type { FactExtractor } from '../triage/extractor.js';
import type { LexiconSet } from '../triage/lexicon.js';
import { RulesExtractor } from '../triage/rules-extractor.js';
import { LlmClient } from './client.js';
import { type LlmCompleter, LlmExtractor, type LlmExtractorOptions } from './llm-extractor.js';
import type { LlmPromptSet } from '../triage/llm/prompts.js';

export { LlmCallError, LlmClient } from './client.js';
export { LlmExtractor } from './llm-extractor.js';
export { rulesOrigins } from '../triage/provenance.js';
export { maskPersonalData } from '../triage/llm/mask.js';
export { mergeFacts } from '../triage/llm/merge.js';

export interface ExtractorData {
  readonly lexicons: LexiconSet;
  readonly llmPrompts: LlmPromptSet;
}

export interface ExtractorDeps {
  readonly log: Logger;
  readonly counters: Counters;
  readonly now?: () => number;
  /** Instead of the `openai` client (tests). */
  readonly client?: LlmCompleter;
  /** Where every LLM call is kept for audit (the desk's llm_calls); none: only logged and counted. */
  readonly callLog?: LlmCallLog;
  /** Breaker tuning (tests). */
  readonly breaker?: Pick<LlmExtractorOptions, 'breakerThreshold' | 'breakerCoolDownMs'>;
}

/**
 * The extractor the settings ask for: the word lists alone when `settings` is null (no LLM_* trio),
 * else the LLM over the word lists. Throws a DataFileError when the LLM is on and flows/llm lacks
 * the prompt of a language.
 */
export function createExtractor(settings: LlmSettings | null, data: ExtractorData, deps: ExtractorDeps): FactExtractor {
  const rules = new RulesExtractor(data.lexicons);
  if (!settings) return rules;
  const missing = LANGS.filter((lang) => !data.llmPrompts.has(lang));
  if (missing.length > 0) {
    throw new DataFileError([
      { file: 'flows/llm', message: `the LLM triage is on (LLM_MODEL) but there is no prompt for ${missing.join(', ')}` },
    ]);
  }
  const client =
    deps.client ??
    new LlmClient({ baseUrl: settings.baseUrl, apiKey: settings.apiKey, model: settings.model, timeoutMs: settings.timeoutMs });
  return new LlmExtractor(
    rules,
    client,
    data.llmPrompts,
    {
      model: settings.model,
      timeoutMs: settings.timeoutMs,
      maxConcurrency: settings.maxConcurrency,
      minConfidence: settings.minConfidence,
      ...(settings.sendPhotos ? { sendPhotos: true } : {}),
      ...deps.breaker,
    },
    { log: deps.log, counters: deps.counters, ...(deps.now ? { now: deps.now } : {}), ...(deps.callLog ? { callLog: deps.callLog } : {}) },
  );
}
