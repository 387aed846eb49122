import type { Device, FactKey, PartialFacts } from '../domain/facts.js';
import type { Lang } from '../domain/i18n.js';

/** One piece of evidence: which words of the text gave which fact. */
export interface Evidence {
  readonly fact: FactKey;
  readonly value: string | boolean;
  readonly matched: string;
}

/** Where a fact came from: the LLM (with its confidence) or the word lists; the quote is the evidence. */
export interface FactOrigin {
  readonly source: 'llm' | 'rules';
  readonly confidence?: number;
  readonly quote?: string;
}

/** The LLM and the word lists gave different values for one fact; `chosen` says which one was kept. */
export interface Disagreement {
  readonly fact: FactKey;
  readonly llm: string | boolean;
  readonly rules: string | boolean;
  readonly confidence: number;
  readonly chosen: 'llm' | 'rules';
}

/** How an LLM call went: `ok`, or why its facts were not used (the word lists' were). */
export type LlmOutcome =
  | 'ok'
  | 'skipped_breaker_open'
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'bad_request'
  | 'connection'
  | 'refusal'
  | 'malformed'
  | 'vocabulary'
  | 'error';

/** One LLM call behind an extraction: for audit and the evaluation harness. */
export interface LlmUsage {
  readonly model: string;
  readonly promptVersion: string;
  readonly outcome: LlmOutcome;
  readonly latencyMs: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** What went wrong, when the outcome is not `ok`. */
  readonly error?: string;
  /** The stored call (llm_calls.id), when the desk keeps them. */
  readonly callId?: string;
}

export interface Extraction {
  readonly facts: PartialFacts;
  readonly evidence: readonly Evidence[];
  /** The language the text appears to be written in. */
  readonly lang: Lang;
  /** Per fact, where it came from (the LLM extractor sets it; the rules extractor leaves it out). */
  readonly origins?: Partial<Record<FactKey, FactOrigin>>;
  /** Facts the LLM and the word lists disagreed on. */
  readonly disagreements?: readonly Disagreement[];
  /** The LLM call, when one was made or skipped. */
  readonly usage?: LlmUsage;
  /** The room or place the text names as the LLM read it (the desk looks it up among its places). */
  readonly place?: string;
  /** The report in two lines for an agent, as the LLM wrote it. */
  readonly summary?: string;
}

export interface ExtractHints {
  readonly lang?: Lang;
  /** The kind of the asset the report is about, when known. */
  readonly assetKind?: Device;
  /** Personal names the desk knows (the reporter's): masked before the text leaves the machine. */
  readonly names?: readonly string[];
  /** The conversation the text came from: recorded with the LLM call. */
  readonly conversationId?: string;
  /** The report's photos: sent with the text to an extractor that takes images (LLM_SEND_PHOTOS). */
  readonly images?: readonly ReportImage[];
}

export interface ReportImage {
  readonly mime: string;
  readonly data: Uint8Array;
}

/**
 * Turns a teacher's free text into facts. The rules extractor implements it with word lists; an
 * LLM extractor plugs in behind the same interface. Extractors only read: they never decide
 * severity or warranty — the contract policy does.
 */
export interface FactExtractor {
  /** Whether it reads the report's photos (hints.images): only then are they loaded for it. */
  readonly takesImages?: boolean;
  extract(text: string, hints?: ExtractHints): Promise<Extraction>;
}
