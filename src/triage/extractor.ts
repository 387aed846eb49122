import type { Device, FactKey, PartialFacts } from '../domain/facts.js';
import type { Lang } from '../domain/i18n.js';

/** One piece of evidence: which words of the text gave which fact. */
export interface Evidence {
  readonly fact: FactKey;
  readonly value: string | boolean;
  readonly matched: string;
}

export interface Extraction {
  readonly facts: PartialFacts;
  readonly evidence: readonly Evidence[];
  /** The language the text appears to be written in. */
  readonly lang: Lang;
}

export interface ExtractHints {
  readonly lang?: Lang;
  /** The kind of the asset the report is about, when known. */
  readonly assetKind?: Device;
}

/**
 * Turns a teacher's free text into facts. The rules extractor implements it with word lists; an
 * LLM extractor plugs in behind the same interface. Extractors only read: they never decide
 * severity or warranty — the contract policy does.
 */
export interface FactExtractor {
  extract(text: string, hints?: ExtractHints): Promise<Extraction>;
}
