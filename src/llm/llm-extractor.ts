import type { Logger } from 'pino';
import { FACT_KEYS, type FactKey } from '../domain/facts.js';
import { DEFAULT_LANG } from '../domain/i18n.js';
import type { Counters } from '../ports/counters.js';
import type { ExtractHints, Extraction, FactExtractor, FactOrigin, LlmOutcome, LlmUsage } from '../triage/extractor.js';
import type { RulesExtractor } from '../triage/rules-extractor.js';
import { CircuitBreaker } from '../triage/llm/breaker.js';
import { callError, type LlmCallResult } from './client.js';
import { ConcurrencyLimiter } from '../triage/llm/limiter.js';
import { maskPersonalData } from '../triage/llm/mask.js';
import { mergeFacts } from '../triage/llm/merge.js';
import { type ChatMessage, type LlmPromptSet, promptMessages } from '../triage/llm/prompts.js';

/** What the extractor needs of a client (the `openai` one, LlmClient; a test may give another). */
export interface LlmCompleter {
  complete(messages: readonly ChatMessage[], signal: AbortSignal): Promise<LlmCallResult>;
}

export interface LlmExtractorOptions {
  readonly model: string;
  readonly timeoutMs: number;
  readonly maxConcurrency: number;
  readonly minConfidence: number;
  /** Failures in a row that open the breaker (default 5), and how long it stays open (default 30 s). */
  readonly breakerThreshold?: number;
  readonly breakerCoolDownMs?: number;
}

export interface LlmExtractorDeps {
  readonly log: Logger;
  readonly counters: Counters;
  /** Milliseconds now (tests move it); default Date.now. */
  readonly now?: () => number;
}

/**
 * Free text → facts with an LLM over the word lists: the word lists read the text first (at once,
 * no I/O); the LLM reads the masked text within `timeoutMs`; its confident facts win (mergeFacts).
 * Whatever goes wrong — timeout, 429, 5xx, refusal, an answer that does not parse or leaves the
 * vocabulary, a lost connection, the breaker open — the word lists' facts are the answer: never an
 * error to the teacher. Every call is logged and counted in /metrics (fixline_llm_*).
 */
export class LlmExtractor implements FactExtractor {
  private readonly breaker: CircuitBreaker;
  private readonly limiter: ConcurrencyLimiter;
  private readonly now: () => number;

  constructor(
    private readonly rules: RulesExtractor,
    private readonly client: LlmCompleter,
    private readonly prompts: LlmPromptSet,
    private readonly options: LlmExtractorOptions,
    private readonly deps: LlmExtractorDeps,
  ) {
    this.breaker = new CircuitBreaker({ threshold: options.breakerThreshold ?? 5, coolDownMs: options.breakerCoolDownMs ?? 30_000 });
    this.limiter = new ConcurrencyLimiter(options.maxConcurrency);
    this.now = deps.now ?? Date.now;
  }

  async extract(text: string, hints: ExtractHints = {}): Promise<Extraction> {
    const base = this.rules.extractSync(text, hints);
    const prompt = this.prompts.get(base.lang) ?? this.prompts.get(DEFAULT_LANG);
    if (!prompt) return base;
    const started = this.now();
    const usageOf = (outcome: LlmOutcome, extra: Partial<LlmUsage> = {}): LlmUsage => ({
      model: this.options.model,
      promptVersion: prompt.version,
      outcome,
      latencyMs: this.now() - started,
      ...extra,
    });
    const fallback = (usage: LlmUsage): Extraction => ({ ...base, origins: rulesOrigins(base), usage });

    if (!this.breaker.allow(started)) {
      this.deps.counters.inc('fixline_llm_calls_total', { outcome: 'skipped_breaker_open' });
      return fallback(usageOf('skipped_breaker_open'));
    }
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const messages = promptMessages(prompt, maskPersonalData(text, hints.names ?? []));
    try {
      const result = await this.limiter.run(() => this.client.complete(messages, signal), signal);
      this.breaker.success();
      const merged = mergeFacts(base, result.answer, this.options.minConfidence);
      const usage = usageOf('ok', {
        ...(result.promptTokens !== undefined ? { promptTokens: result.promptTokens } : {}),
        ...(result.completionTokens !== undefined ? { completionTokens: result.completionTokens } : {}),
      });
      this.count(usage);
      this.deps.log.debug({ llm: usage, disagreements: merged.disagreements }, 'LLM triage answered');
      return { ...merged, lang: base.lang, usage };
    } catch (error) {
      const failure = callError(error, signal);
      const usage = usageOf(failure.kind, { error: failure.message });
      this.count(usage);
      this.deps.log.warn({ llm: usage }, "LLM triage failed: the word lists' facts are used");
      if (this.breaker.failure(this.now(), failure.retryAfterMs)) {
        this.deps.counters.inc('fixline_llm_breaker_opened_total');
        this.deps.log.warn(
          { coolDownMs: Math.max(this.options.breakerCoolDownMs ?? 30_000, failure.retryAfterMs ?? 0), outcome: failure.kind },
          'LLM triage breaker open: the LLM is skipped for a while, the word lists carry every report',
        );
      }
      return fallback(usage);
    }
  }

  private count(usage: LlmUsage): void {
    const { counters } = this.deps;
    counters.inc('fixline_llm_calls_total', { outcome: usage.outcome });
    counters.inc('fixline_llm_latency_ms_total', {}, usage.latencyMs);
    if (usage.promptTokens) counters.inc('fixline_llm_tokens_total', { kind: 'prompt' }, usage.promptTokens);
    if (usage.completionTokens) counters.inc('fixline_llm_tokens_total', { kind: 'completion' }, usage.completionTokens);
  }
}

/** Every fact of a word-lists extraction marked as theirs, with the words that told it. */
export function rulesOrigins(extraction: Pick<Extraction, 'facts' | 'evidence'>): Partial<Record<FactKey, FactOrigin>> {
  const origins: Partial<Record<FactKey, FactOrigin>> = {};
  for (const key of FACT_KEYS) {
    if (extraction.facts[key] === undefined) continue;
    const matched = extraction.evidence.find((e) => e.fact === key)?.matched;
    origins[key] = { source: 'rules', ...(matched ? { quote: matched } : {}) };
  }
  return origins;
}
