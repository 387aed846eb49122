import type { AssetFacts } from '../domain/asset.js';
import type { Contract } from '../domain/contract.js';
import { completeFacts, type FactKey, type Facts, overlayFacts, type PartialFacts } from '../domain/facts.js';
import type { FactProvenance } from '../domain/triage-record.js';
import { factProvenance } from './provenance.js';
import { type Assessment, assess } from '../domain/policy.js';
import type { DeclaredEvent } from '../domain/severity.js';
import type { Evidence, ExtractHints, Extraction, FactExtractor, ReportImage } from './extractor.js';

export interface TriageInput {
  readonly contract: Contract;
  readonly asset: AssetFacts | null;
  readonly reportedAt: Date;
  readonly text: string;
  /** Facts the flow asked for explicitly: they override whatever the text suggests. */
  readonly facts?: PartialFacts;
  /** The reporter's name, masked before the text goes to an LLM. */
  readonly reporter?: string;
  /** The conversation the report came from: recorded with an LLM call. */
  readonly conversationId?: string;
  /** The report's photos, for an extractor that takes images. */
  readonly images?: readonly ReportImage[];
  /** The major event declared for the report's site at `reportedAt` (the roster's events), if any. */
  readonly event?: DeclaredEvent | null;
}

export interface TriageResult extends Assessment {
  readonly facts: Facts;
  readonly evidence: readonly Evidence[];
  /** What the extractor adds beyond the facts: origins, disagreements, the LLM call (when one was made). */
  readonly extraction?: Pick<Extraction, 'origins' | 'disagreements' | 'usage' | 'summary'>;
  /** Per final fact, where it came from (the teacher, the LLM, the word lists, the asset, a default). */
  readonly provenance: Partial<Record<FactKey, FactProvenance>>;
}

/** Free text + explicit facts → complete facts → the contract's assessment. */
export async function triage(input: TriageInput, extractor: FactExtractor): Promise<TriageResult> {
  const text = input.text.trim();
  const hints: ExtractHints = {
    ...(input.asset ? { assetKind: input.asset.kind } : {}),
    ...(input.reporter?.trim() ? { names: [input.reporter.trim()] } : {}),
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
    ...(input.images?.length ? { images: input.images } : {}),
  };
  const extraction: Partial<Extraction> & Pick<Extraction, 'facts' | 'evidence'> = text
    ? await extractor.extract(text, hints)
    : { facts: {}, evidence: [] };
  // What the teacher chose on a button beats whatever the text suggests (to the word lists or the LLM).
  const facts = completeFacts(overlayFacts(extraction.facts, input.facts ?? {}), input.asset?.kind);
  const extra = {
    ...(extraction.origins ? { origins: extraction.origins } : {}),
    ...(extraction.disagreements ? { disagreements: extraction.disagreements } : {}),
    ...(extraction.usage ? { usage: extraction.usage } : {}),
    ...(extraction.summary ? { summary: extraction.summary } : {}),
  };
  return {
    ...assess(facts, input.asset, input.contract, input.reportedAt, input.event),
    facts,
    evidence: extraction.evidence,
    provenance: factProvenance(facts, input.facts ?? {}, extraction, input.asset?.kind),
    ...(Object.keys(extra).length > 0 ? { extraction: extra } : {}),
  };
}
