import type { AssetFacts } from '../domain/asset.js';
import type { Contract } from '../domain/contract.js';
import { completeFacts, type Facts, overlayFacts, type PartialFacts } from '../domain/facts.js';
import { type Assessment, assess } from '../domain/policy.js';
import type { Evidence, FactExtractor } from './extractor.js';

export interface TriageInput {
  readonly contract: Contract;
  readonly asset: AssetFacts | null;
  readonly reportedAt: Date;
  readonly text: string;
  /** Facts the flow asked for explicitly: they override whatever the text suggests. */
  readonly facts?: PartialFacts;
}

export interface TriageResult extends Assessment {
  readonly facts: Facts;
  readonly evidence: readonly Evidence[];
}

/** Free text + explicit facts → complete facts → the contract's assessment. */
export async function triage(input: TriageInput, extractor: FactExtractor): Promise<TriageResult> {
  const text = input.text.trim();
  const extraction = text ? await extractor.extract(text, input.asset ? { assetKind: input.asset.kind } : {}) : { facts: {}, evidence: [] };
  const facts = completeFacts(overlayFacts(extraction.facts, input.facts ?? {}), input.asset?.kind);
  return { ...assess(facts, input.asset, input.contract, input.reportedAt), facts, evidence: extraction.evidence };
}
