import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { LlmCallLog } from '../ports/llm-calls.js';
import type { FactKey } from '../domain/facts.js';
import { DEFAULT_LANG } from '../domain/i18n.js';
import type { Counters } from '../ports/counters.js';
import type { ExtractHints, Extraction, FactExtractor, LlmOutcome, LlmUsage } from '../triage/extractor.js';
import type { RulesExtractor } from '../triage/rules-extractor.js';
import { CircuitBreaker } from '../triage/llm/breaker.js';
import { callError, type LlmCallResult } from './client.js';
import { ConcurrencyLimiter } from '../triage/llm/limiter.js';
import { maskPersonalData } from '../triage/llm/mask.js';
import { mergeFacts } from '../triage/llm/merge.js';
import { rulesOrigins } from '../triage/provenance.js';
import type { LlmAnswer } from '../triage/llm/answer.js';
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
  /** Send the report's images with its text (LLM_SEND_PHOTOS); without it they never leave. */
  readonly sendPhotos?: boolean;
  readonly breakerCoolDownMs?: number;
}

export interface LlmExtractorDeps {
  readonly log: Logger;
  readonly counters: Counters;
  /** Milliseconds now (tests move it); default Date.now. */
  readonly now?: () => number;
  /** Where every call is kept for audit (llm_calls); none: calls are only logged and counted. */
  readonly callLog?: LlmCallLog;
}

/**
 * How long, and how many, answers are remembered: a turn taken again under its lock reads the same
 * text again. A failure is remembered only long enough for that retry (the next report asks anew).
 */
const MEMO_MS = 10 * 60_000;
const FAILURE_MEMO_MS = 30_000;
const MEMO_SIZE = 256;

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
  readonly takesImages: boolean;
  /** Recent answers by language, hints and text: the same text is not sent twice in a row (see MEMO_MS). */
  private readonly memo = new Map<string, { at: number; extraction: Promise<Extraction>; failed?: boolean }>();

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
    this.takesImages = options.sendPhotos === true;
  }

  /**
   * The same text read again soon (a turn retried under its lock, the report's triage after its
   * first message was understood) gets the answer already given, not a second call.
   */
  extract(text: string, hints: ExtractHints = {}): Promise<Extraction> {
    const now = this.now();
    const images = this.takesImages ? (hints.images ?? []).map((i) => createHash('sha256').update(i.data).digest('hex')) : [];
    const key = JSON.stringify([hints.lang ?? null, hints.assetKind ?? null, hints.names ?? [], text, images]);
    const known = this.memo.get(key);
    if (known && now - known.at < (known.failed ? FAILURE_MEMO_MS : MEMO_MS)) return known.extraction;
    const extraction = this.read(text, hints);
    const entry: { at: number; extraction: Promise<Extraction>; failed?: boolean } = { at: now, extraction };
    this.memo.delete(key);
    this.memo.set(key, entry);
    for (const oldest of this.memo.keys()) {
      if (this.memo.size <= MEMO_SIZE) break;
      this.memo.delete(oldest);
    }
    void extraction.then((x) => {
      if (x.usage?.outcome !== 'ok') entry.failed = true;
    });
    return extraction;
  }

  private async read(text: string, hints: ExtractHints): Promise<Extraction> {
    const base = this.rules.extractSync(text, hints);
    const prompt = this.prompts.get(base.lang) ?? this.prompts.get(DEFAULT_LANG);
    if (!prompt) return base;
    const started = this.now();
    const callId = this.deps.callLog ? randomUUID() : undefined;
    const usageOf = (outcome: LlmOutcome, extra: Partial<LlmUsage> = {}): LlmUsage => ({
      model: this.options.model,
      promptVersion: prompt.version,
      outcome,
      latencyMs: this.now() - started,
      ...(callId ? { callId } : {}),
      ...extra,
    });
    const record = (usage: LlmUsage, answer: LlmAnswer | null, changed: readonly FactKey[]) => {
      if (!callId) return;
      this.deps.callLog?.record({
        id: callId,
        at: new Date(started),
        conversationId: hints.conversationId ?? null,
        model: usage.model,
        promptVersion: usage.promptVersion,
        outcome: usage.outcome,
        latencyMs: usage.latencyMs,
        promptTokens: usage.promptTokens ?? null,
        completionTokens: usage.completionTokens ?? null,
        answer: answer ? { ...answer } : null,
        error: usage.error ?? null,
        changed,
      });
    };
    const fallback = (usage: LlmUsage): Extraction => ({ ...base, origins: rulesOrigins(base), usage });

    if (!this.breaker.allow(started)) {
      this.deps.counters.inc('fixline_llm_calls_total', { outcome: 'skipped_breaker_open' });
      const usage = usageOf('skipped_breaker_open');
      record(usage, null, []);
      return fallback(usage);
    }
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const images = this.takesImages ? (hints.images ?? []) : [];
    const messages = promptMessages(prompt, maskPersonalData(text, hints.names ?? []), images);
    try {
      const result = await this.limiter.run(() => this.client.complete(messages, signal), signal);
      this.breaker.success();
      const merged = mergeFacts(base, result.answer, this.options.minConfidence);
      const usage = usageOf('ok', {
        ...(result.promptTokens !== undefined ? { promptTokens: result.promptTokens } : {}),
        ...(result.completionTokens !== undefined ? { completionTokens: result.completionTokens } : {}),
      });
      this.count(usage);
      record(usage, result.answer, merged.changed);
      this.deps.log.debug({ llm: usage, disagreements: merged.disagreements }, 'LLM triage answered');
      const { place, summary } = result.answer;
      return {
        facts: merged.facts,
        evidence: merged.evidence,
        origins: merged.origins,
        disagreements: merged.disagreements,
        lang: base.lang,
        usage,
        ...(place ? { place } : {}),
        ...(summary ? { summary } : {}),
      };
    } catch (error) {
      const failure = callError(error, signal);
      const usage = usageOf(failure.kind, { error: failure.message });
      this.count(usage);
      record(usage, null, []);
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
