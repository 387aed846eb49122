import type { ExtractHints, Extraction, FactExtractor } from '../extractor.js';
import type { CallUsage } from './stats.js';

/** One call of the wrapped extractor: how long it took and what it reported. */
export interface TimedCall {
  readonly ms: number;
  readonly usage?: CallUsage;
}

/**
 * Wraps an extractor to time each call with the given clock (milliseconds) and keep the usage
 * the extractor reports, if it reports any. The evaluation reads the calls after each line.
 */
export class TimedExtractor implements FactExtractor {
  private calls: TimedCall[] = [];

  constructor(
    private readonly inner: FactExtractor,
    private readonly now: () => number,
  ) {}

  async extract(text: string, hints?: ExtractHints): Promise<Extraction> {
    const start = this.now();
    const extraction = await this.inner.extract(text, hints);
    const usage = usageOf(extraction);
    this.calls.push({ ms: this.now() - start, ...(usage ? { usage } : {}) });
    return extraction;
  }

  /** The calls since the last take, and forgets them. */
  take(): TimedCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The usage an extraction reports (an LLM extractor's `usage`), read defensively: the field is
 * optional and older extractors have none.
 */
export function usageOf(extraction: Extraction): CallUsage | undefined {
  const usage = (extraction as { usage?: unknown }).usage;
  if (typeof usage !== 'object' || usage === null) return undefined;
  const u = usage as Record<string, unknown>;
  const model = typeof u.model === 'string' ? u.model : undefined;
  const promptTokens = count(u.promptTokens);
  const completionTokens = count(u.completionTokens);
  return {
    ...(model !== undefined ? { model } : {}),
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(completionTokens !== undefined ? { completionTokens } : {}),
  };
}
