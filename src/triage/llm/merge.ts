import { FACT_KEYS, type FactKey, type PartialFacts } from '../../domain/facts.js';
import type { Disagreement, Evidence, FactOrigin } from '../extractor.js';
import type { LlmAnswer } from './answer.js';

export interface MergedFacts {
  readonly facts: PartialFacts;
  readonly evidence: readonly Evidence[];
  readonly origins: Partial<Record<FactKey, FactOrigin>>;
  readonly disagreements: readonly Disagreement[];
  /** Facts whose value the LLM set or changed against the word lists. */
  readonly changed: readonly FactKey[];
}

/**
 * The LLM's facts over the word lists' facts. Per fact: an LLM value at or above `minConfidence`
 * wins; else the word lists' value; else nothing. Wherever both gave a value and they differ, the
 * disagreement is recorded with the side that won. (What the teacher chose on a button beats both:
 * triage() overlays it afterwards.) Pure.
 */
export function mergeFacts(
  rules: { readonly facts: PartialFacts; readonly evidence: readonly Evidence[] },
  llm: LlmAnswer,
  minConfidence: number,
): MergedFacts {
  const facts: PartialFacts = {};
  const origins: Partial<Record<FactKey, FactOrigin>> = {};
  const disagreements: Disagreement[] = [];
  const evidence: Evidence[] = [];
  const changed: FactKey[] = [];
  for (const key of FACT_KEYS) {
    const said = llm[key];
    const ruled = rules.facts[key];
    const trusted = said.value !== null && said.confidence >= minConfidence;
    if (trusted && said.value !== null) {
      Object.assign(facts, { [key]: said.value });
      origins[key] = { source: 'llm', confidence: said.confidence, ...(said.quote ? { quote: said.quote } : {}) };
      evidence.push({ fact: key, value: said.value, matched: said.quote ?? '' });
      if (said.value !== ruled) changed.push(key);
    } else if (ruled !== undefined) {
      Object.assign(facts, { [key]: ruled });
      const matched = rules.evidence.find((e) => e.fact === key)?.matched;
      origins[key] = { source: 'rules', ...(matched ? { quote: matched } : {}) };
      evidence.push(...rules.evidence.filter((e) => e.fact === key));
    }
    if (said.value !== null && ruled !== undefined && said.value !== ruled) {
      disagreements.push({ fact: key, llm: said.value, rules: ruled, confidence: said.confidence, chosen: trusted ? 'llm' : 'rules' });
    }
  }
  return { facts, evidence, origins, disagreements, changed };
}
