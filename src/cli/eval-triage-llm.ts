import type { LlmExtractorFactory } from './eval-triage-command.js';

/** The three settings that turn the LLM extractor on (issue 13): all three, or none. */
export const LLM_SETTINGS = ['LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODEL'] as const;

/**
 * The LLM extractor factory `npm run eval:triage` uses. This version of fixline has no LLM
 * extractor yet: without the settings it says which to set; with them it says the extractor is
 * missing from this version. The LLM extractor's factory replaces this one when it lands.
 */
export function llmExtractorFromEnv(env: Readonly<Record<string, string | undefined>>): LlmExtractorFactory {
  return () => {
    const missing = LLM_SETTINGS.filter((name) => !env[name]?.trim());
    if (missing.length > 0) {
      return `set LLM_BASE_URL, LLM_API_KEY and LLM_MODEL (missing: ${missing.join(', ')})`;
    }
    return 'this version of fixline has no LLM extractor yet (the LLM settings are set, but nothing reads them); use --extractor rules';
  };
}
