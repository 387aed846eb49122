import { type Device, FACT_KEYS, type FactKey, type Facts, type PartialFacts } from '../domain/facts.js';
import type { FactProvenance } from '../domain/triage-record.js';
import type { Extraction, FactOrigin } from './extractor.js';

/** What was read from the report's text: its facts and, per fact, where each came from. */
export interface ReadFacts {
  readonly facts: PartialFacts;
  readonly origins?: Partial<Record<FactKey, FactOrigin | FactProvenance>>;
}

/**
 * Where each of a report's final facts came from. A fact the flow holds explicitly came from the
 * text when the text gave that same value (the flow skipped the question), else from the teacher
 * (a button or typed answer); a fact only the text gave is the text's (LLM, word lists, or a
 * default the desk assumed and the teacher confirmed); a device kind nobody named is the asset's;
 * the rest are the policy's defaults. Pure.
 */
export function factProvenance(
  final: Facts,
  explicit: PartialFacts,
  read: ReadFacts,
  assetKind?: Device,
): Partial<Record<FactKey, FactProvenance>> {
  const out: Partial<Record<FactKey, FactProvenance>> = {};
  const fromText = (key: FactKey): FactProvenance => {
    const origin = read.origins?.[key];
    if (!origin) return { source: 'rules' };
    return {
      source: origin.source,
      ...(origin.quote ? { quote: origin.quote } : {}),
      ...(origin.confidence !== undefined ? { confidence: origin.confidence } : {}),
    };
  };
  for (const key of FACT_KEYS) {
    const value = final[key];
    if (value === undefined) continue;
    const chosen = explicit[key];
    const said = read.facts[key];
    if (chosen !== undefined) out[key] = said === chosen ? fromText(key) : { source: 'teacher' };
    else if (said !== undefined && said === value) out[key] = fromText(key);
    else if (key === 'device' && assetKind === value) out[key] = { source: 'asset' };
    else out[key] = { source: 'default' };
  }
  return out;
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
